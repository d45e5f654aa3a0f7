import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.core.stacking import stacking_weights


def test_an_exact_mixture_is_recovered():
    forecasts = np.array([[0.0, 10.0], [0.0, 20.0], [0.0, 30.0]])
    np.testing.assert_allclose(stacking_weights(forecasts, forecasts @ [0.25, 0.75]), [0.25, 0.75])


def test_absolute_error_follows_the_median_not_the_mean():
    # Forecasts 0 and 100 for outcomes 0, 0, 100: the error is 100 + 100 w, least at w = 0
    # (least squares would take w = 1/3).
    forecasts = np.array([[0.0, 100.0]] * 3)
    np.testing.assert_allclose(stacking_weights(forecasts, np.array([0.0, 0.0, 100.0])), [1, 0])


def test_the_best_single_model_takes_all_the_weight_when_nothing_mixes_better():
    rng = np.random.default_rng(0)
    y = rng.uniform(0, 100, 50)
    forecasts = np.column_stack([y + rng.normal(0, 30, 50), y, y + 40])
    np.testing.assert_allclose(stacking_weights(forecasts, y), [0, 1, 0], atol=1e-9)


@pytest.mark.parametrize(
    ("forecasts", "outcomes"),
    [
        (np.zeros((2, 2)), np.zeros(3)),
        (np.zeros(2), np.zeros(2)),
        (np.zeros((0, 2)), np.zeros(0)),
        (np.array([[np.nan, 1.0]]), np.zeros(1)),
    ],
)
def test_bad_input_is_an_error(forecasts, outcomes):
    with pytest.raises(ValueError):
        stacking_weights(forecasts, outcomes)


@st.composite
def cases(draw):
    n, m = draw(st.integers(1, 25)), draw(st.integers(1, 4))
    values = st.integers(0, 100).map(float)
    return draw(arrays("float64", (n, m), elements=values)), draw(
        arrays("float64", (n,), elements=values)
    )


@given(cases())
def test_weights_are_convex_and_never_worse_than_any_one_model(case):
    forecasts, outcomes = case
    w = stacking_weights(forecasts, outcomes)
    assert (w >= 0).all() and w.sum() == pytest.approx(1.0)
    stacked = np.abs(forecasts @ w - outcomes).mean()
    singles = np.abs(forecasts - outcomes[:, None]).mean(axis=0)
    assert stacked <= singles.min() + 1e-6
