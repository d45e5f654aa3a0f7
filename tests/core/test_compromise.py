import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.compromise import weighted_mean, weighted_median
from tests.core.strategies import issue_actors


def test_weighted_mean_by_hand():
    assert weighted_mean(np.array([0.0, 100.0]), np.array([1.0, 3.0])) == 75.0
    # (0*1 + 40*1 + 100*2) / 4
    assert weighted_mean(np.array([0.0, 40.0, 100.0]), np.array([1.0, 1.0, 2.0])) == 60.0


@pytest.mark.parametrize(
    ("positions", "weights", "median"),
    [
        ([0.0, 40.0, 100.0], [2.0, 1.0, 2.0], 40.0),  # cumulative 2, 3 >= 2.5
        ([0.0, 40.0, 100.0], [3.0, 1.0, 1.0], 0.0),  # 3 >= 2.5 at once
        ([100.0, 0.0, 40.0], [1.0, 1.0, 3.0], 40.0),  # order of the actors does not matter
        ([0.0, 100.0], [1.0, 1.0], 0.0),  # exactly half: the lower median
        ([0.0, 100.0], [1.0, 1.0 + 1e-9], 100.0),
    ],
)
def test_weighted_median_by_hand(positions, weights, median):
    assert weighted_median(np.array(positions), np.array(weights)) == median


def test_batches_over_issues():
    x = np.array([[0.0, 100.0], [20.0, 40.0]])
    w = np.array([[1.0, 3.0], [1.0, 1.0]])
    np.testing.assert_array_equal(weighted_mean(x, w), [75.0, 30.0])
    np.testing.assert_array_equal(weighted_median(x, w), [100.0, 20.0])


@pytest.mark.parametrize("forecast", [weighted_mean, weighted_median])
@pytest.mark.parametrize(
    ("x", "w"), [([1.0, 2.0], [1.0, -1.0]), ([1.0, 2.0], [0.0, 0.0]), ([1.0], [1.0, 1.0])]
)
def test_bad_weights_are_errors(forecast, x, w):
    with pytest.raises(ValueError):
        forecast(np.array(x), np.array(w))


@given(issue_actors())
@pytest.mark.parametrize("forecast", [weighted_mean, weighted_median])
def test_forecast_lies_within_the_positions(forecast, actors):
    x, s, c = actors
    value = forecast(x, c * s)
    assert x.min() - 1e-9 <= value <= x.max() + 1e-9


@given(issue_actors(), st.floats(0, 100))
@pytest.mark.parametrize("forecast", [weighted_mean, weighted_median])
def test_unanimity_returns_that_position(forecast, actors, p):
    _, s, c = actors
    assert forecast(np.full(s.size, p), c * s) == pytest.approx(p)


@given(issue_actors(), st.floats(0, 100))
@pytest.mark.parametrize("forecast", [weighted_mean, weighted_median])
def test_a_zero_weight_actor_changes_nothing(forecast, actors, p):
    x, s, c = actors
    assert forecast(np.append(x, p), np.append(c * s, 0.0)) == pytest.approx(forecast(x, c * s))


@given(issue_actors(), st.floats(0.01, 100))
def test_median_is_invariant_to_the_scale_of_the_weights(actors, k):
    x, s, c = actors
    assert weighted_median(x, k * c * s) == weighted_median(x, c * s)
