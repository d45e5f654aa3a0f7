import numpy as np
import pytest

from sim.core.stacking import stacking_weights
from sim.forecast.validation import (
    bootstrap_draws,
    bootstrap_means,
    cv_by_procedure,
    cv_stacked,
    interval,
    score_frame,
)


def test_stacking_weights_never_see_the_held_out_proposal():
    # Model B is exact on proposal 1's three issues, A on proposals 2 and 3. On all
    # issues the weight (on A) w costs 180 w + 140 (1 - w): B wins. Without proposal 1
    # A is exact, so proposal 1 is forecast by A alone.
    forecasts = np.array([[0.0, 50.0], [0.0, 60.0], [0.0, 70.0], [10.0, 90.0], [20.0, 80.0]])
    outcomes = np.array([50.0, 60.0, 70.0, 10.0, 20.0])
    groups = np.array([1, 1, 1, 2, 3])
    assert stacking_weights(forecasts, outcomes)[1] == pytest.approx(1.0)
    np.testing.assert_allclose(cv_stacked(forecasts, outcomes, groups)[:3], 0.0, atol=1e-9)


def test_model_choice_by_kind_uses_the_other_proposals_of_that_kind():
    forecasts = np.array([[0.0, 100.0], [0.0, 100.0], [0.0, 100.0], [0.0, 100.0]])
    outcomes = np.array([0.0, 0.0, 100.0, 100.0])
    kinds = np.array(["COD QMV", "COD QMV", "CNS Unan", "CNS Unan"])
    groups = np.array([1, 2, 3, 4])
    np.testing.assert_array_equal(
        cv_by_procedure(forecasts, outcomes, groups, kinds), [0.0, 0.0, 100.0, 100.0]
    )
    # A kind seen in no other proposal is chosen on all the others: outcomes 0, 100,
    # 100 there favour B.
    alone = np.array(["CNS QMV", "COD QMV", "CNS Unan", "CNS Unan"])
    assert cv_by_procedure(forecasts, outcomes, groups, alone)[0] == 100.0


def test_bootstrap_draws_resample_whole_proposals():
    counts, labels = bootstrap_draws(np.array([5, 5, 7, 9, 9, 9]), draws=200, seed=3)
    np.testing.assert_array_equal(labels, [5, 7, 9])
    assert counts.shape == (200, 3) and (counts.sum(axis=1) == 3).all()
    again, _ = bootstrap_draws(np.array([5, 5, 7, 9, 9, 9]), draws=200, seed=3)
    np.testing.assert_array_equal(counts, again)


def test_bootstrap_means_pool_the_issues_of_the_drawn_proposals():
    values = np.array([[1.0], [3.0], [10.0]])  # proposal 0 has two issues, proposal 1 one
    groups = np.array([0, 0, 1])
    counts = np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    means = bootstrap_means(values, groups, counts, np.array([0, 1]))
    np.testing.assert_allclose(means[:, 0], [2.0, 10.0, 14 / 3])


def test_interval_is_the_central_percentiles():
    low, high = interval(np.arange(101.0)[:, None], level=0.9)
    assert (low[0], high[0]) == pytest.approx((5.0, 95.0))


def test_score_frame_by_hand():
    outcome = np.array([0.0, 10.0, 50.0])
    forecasts = {"compromise": np.array([5.0, 10.0, 20.0]), "other": np.array([0.0, 30.0, 50.0])}
    frame = score_frame(forecasts, outcome, np.array([1, 1, 2]), draws=400).set_index("forecast")
    np.testing.assert_allclose(frame["mae"], [35 / 3, 20 / 3])
    np.testing.assert_allclose(frame["within"], [2 / 3, 2 / 3])
    np.testing.assert_allclose(frame["gap"], [0.0, -5.0])
    assert (frame.loc["compromise", ["gap_low", "gap_high"]] == 0).all()
    # Proposal 1 alone: errors (5, 0) and (0, 20); proposal 2 alone: 30 and 0.
    assert frame.loc["other", "mae_low"] >= 0 and frame.loc["other", "mae_high"] <= 10
    assert frame.loc["compromise", "mae_high"] <= 30 + 1e-9
