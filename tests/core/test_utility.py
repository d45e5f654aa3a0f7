import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.space import OutcomeSpace
from sim.core.utility import RED_LINE_UTILITY, AdditiveUtility, exponential_value, utility_matrix
from tests.core.strategies import additive_utilities


def test_hand_computed_additive_utility():
    u = AdditiveUtility(weights=[0.25, 0.75], values=([0.0, 1.0], [1.0, 0.5, 0.0]))
    levels = np.array([[0, 0], [1, 1], [1, 2], [0, 2]])
    np.testing.assert_allclose(u(levels), [0.75, 0.625, 0.25, 0.0])
    assert u.best() == pytest.approx(1.0)


def test_red_line_makes_the_whole_outcome_worthless():
    u = AdditiveUtility(
        weights=[0.5, 0.5],
        values=([1.0, 0.0], [0.0, 1.0]),
        red_lines=([False, False], [False, True]),
    )
    np.testing.assert_allclose(u(np.array([[0, 1], [0, 0], [1, 0]])), [RED_LINE_UTILITY, 0.5, 0.0])
    np.testing.assert_array_equal(u.crosses_red_line(np.array([[0, 1], [1, 0]])), [True, False])
    assert u.best() == pytest.approx(0.5)


@given(additive_utilities())
def test_utilities_stay_in_unit_interval_and_match_brute_force(params):
    radices, weights, values, red_lines = params
    u = AdditiveUtility(
        np.array(weights), tuple(map(np.array, values)), tuple(map(np.array, red_lines))
    )
    levels = OutcomeSpace(tuple(radices)).decode(np.arange(int(np.prod(radices))))
    got = u(levels)
    assert ((got >= 0) & (got <= 1)).all()
    for row, value in zip(levels, got, strict=True):
        crossed = any(red_lines[j][lv] for j, lv in enumerate(row))
        expected = (
            0.0
            if crossed
            else sum(w * values[j][lv] for j, (w, lv) in enumerate(zip(weights, row, strict=True)))
        )
        assert value == pytest.approx(min(expected, 1.0), abs=1e-12)
    # every issue's best allowed level combine into an allowed outcome, so best() is attained
    assert u.best() == pytest.approx(got.max(), abs=1e-12)


@given(additive_utilities())
def test_best_is_attained_when_no_red_line_blocks_an_issue(params):
    radices, weights, values, _ = params
    u = AdditiveUtility(np.array(weights), tuple(map(np.array, values)))
    levels = OutcomeSpace(tuple(radices)).decode(np.arange(int(np.prod(radices))))
    assert u.best() == pytest.approx(u(levels).max(), abs=1e-12)


@pytest.mark.parametrize(
    ("weights", "values"),
    [
        ([0.6, 0.6], ([0, 1], [0, 1])),
        ([-0.5, 1.5], ([0, 1], [0, 1])),
        ([1.0], ([0, 1.5],)),
        ([1.0, 0.0], ([0, 1],)),
    ],
)
def test_invalid_utilities_are_rejected(weights, values):
    with pytest.raises(ValueError):
        AdditiveUtility(weights, values)


@given(st.floats(-8, 8), st.lists(st.floats(0, 1), min_size=2, max_size=20))
def test_exponential_value_is_a_monotone_map_of_the_unit_interval(a, xs):
    x = np.sort(np.array(xs))
    v = exponential_value(x, a)
    assert exponential_value(0.0, a) == pytest.approx(0.0, abs=1e-12)
    assert exponential_value(1.0, a) == pytest.approx(1.0)
    assert (np.diff(v) >= -1e-12).all() and ((v >= -1e-12) & (v <= 1 + 1e-12)).all()


def test_exponential_value_curvature_sign():
    assert exponential_value(0.5, 2.0) > 0.5 > exponential_value(0.5, -2.0)
    # closed form at a = ln 2: (1 - 2**-x) / (1 - 1/2)
    assert exponential_value(0.5, np.log(2)) == pytest.approx(2 * (1 - 2**-0.5))


def test_utility_matrix_stacks_parties():
    a = AdditiveUtility([1.0], ([0.0, 1.0],))
    b = AdditiveUtility([1.0], ([1.0, 0.0],))
    np.testing.assert_allclose(utility_matrix([a, b], np.array([[0], [1]])), [[0, 1], [1, 0]])
