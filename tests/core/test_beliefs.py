import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.beliefs import (
    beta_from_mean,
    beta_update,
    mutual_optimism,
    share_beliefs,
    war_value,
    win_probabilities,
)

unit = st.floats(0.01, 0.99)
weight = st.floats(0.5, 500)


def test_beta_from_mean_by_hand():
    assert beta_from_mean(0.75, 12) == (9.0, 3.0)
    with pytest.raises(ValueError):
        beta_from_mean(1.0, 5)


def test_conjugate_update_by_hand():
    # Beta(9, 3) after 1 win in 2: Beta(10, 4), mean 10/14
    a, b = beta_update(9.0, 3.0, 1, 2)
    assert (a, b) == (10.0, 4.0)
    assert a / (a + b) == pytest.approx(5 / 7)
    with pytest.raises(ValueError):
        beta_update(1, 1, 3, 2)


def test_win_probabilities_read_each_party_from_its_own_belief():
    # party 0 believes theta ~ Beta(8, 2) (mean 0.8); party 1 Beta(3, 7) (mean 0.3: it wins 0.7)
    p = win_probabilities(np.array([8.0, 3.0]), np.array([2.0, 7.0]))
    np.testing.assert_allclose(p, [0.8, 0.7])
    assert mutual_optimism(p) == pytest.approx(0.5)


def test_war_value_is_fearons_lottery_minus_cost():
    # p = 0.7 of imposing its ideal (1), 0.3 of the other's terms worth 0.2 to it, cost 0.1
    assert war_value(0.7, 0.2, 0.1) == pytest.approx(0.7 + 0.3 * 0.2 - 0.1)


def test_war_value_stays_on_the_utility_scale_when_costs_pile_up():
    # p = 0.3, defeat worth 0.1: the lottery is 0.37; a cost of 1.5 would make it -1.13
    assert war_value(0.3, 0.1, 1.5) == 0.0
    assert war_value(0.3, 0.1, 0.37) == pytest.approx(0.0, abs=1e-15)


def test_shared_beliefs_by_hand():
    # means 0.8 and 0.2 with confidence 10 each; a fifth of the way toward each other
    a, b = share_beliefs(np.array([8.0, 2.0]), np.array([2.0, 8.0]), 0.2)
    np.testing.assert_allclose(a / (a + b), [0.68, 0.32])
    np.testing.assert_allclose(a + b, [10.0, 10.0])


@given(unit, weight, st.integers(0, 20), st.integers(0, 20))
def test_update_moves_the_mean_toward_the_evidence(mean, confidence, wins, losses):
    a, b = beta_from_mean(mean, confidence)
    a2, b2 = beta_update(a, b, wins, wins + losses)
    new = a2 / (a2 + b2)
    if wins + losses:
        frequency = wins / (wins + losses)
        assert min(mean, frequency) - 1e-12 <= new <= max(mean, frequency) + 1e-12
    assert a2 + b2 == pytest.approx(confidence + wins + losses)


@given(unit, unit, weight, weight, st.integers(1, 50))
def test_common_evidence_never_widens_the_disagreement(m0, m1, k0, k1, n):
    """Both sides see the same engagements: the gap between their means shrinks."""
    a = np.array(beta_from_mean(m0, k0)[:1] + beta_from_mean(m1, k1)[:1])
    b = np.array(beta_from_mean(m0, k0)[1:] + beta_from_mean(m1, k1)[1:])
    for wins in (0, n // 2, n):
        a2, b2 = beta_update(a, b, wins, n)
        before = abs(m0 - m1)
        means = a2 / (a2 + b2)
        # with equal confidence the gap is exactly scaled by k / (k + n)
        if k0 == k1:
            assert abs(means[0] - means[1]) == pytest.approx(before * k0 / (k0 + n), abs=1e-9)
        assert abs(means[0] - means[1]) <= before + 1e-9 or abs(k0 - k1) > 0


@given(unit, unit, st.floats(0, 1), st.floats(0, 0.5))
def test_more_optimism_or_less_cost_never_lowers_the_war_value(p, q, defeat, cost):
    lo, hi = sorted((p, q))
    assert war_value(hi, defeat, cost) >= war_value(lo, defeat, cost) - 1e-12
    assert war_value(p, defeat, cost) >= war_value(p, defeat, cost + 0.1) - 1e-12
