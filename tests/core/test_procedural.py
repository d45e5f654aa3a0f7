"""The procedural models against hand-worked cases, and the properties that define them.

Four Council members at 20, 40, 60, 80 with one vote each and a rule that
needs 3 of 4: the up pivot is 40 (40, 60 and 80 make 3 votes), the down pivot
60. From q = 0 the win-set is [0, 80] (a move to x wins those above x/2),
the unanimity set [20, 80]. Under unanimity the up pivot is 20: [0, 40].
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.procedural import codecision, consultation, pivots, win_set

FOUR = np.array([20.0, 40.0, 60.0, 80.0])
EQUAL = np.ones(4)


def test_pivots_and_win_sets_by_hand():
    assert pivots(FOUR, EQUAL, 0.75) == (40.0, 60.0)
    assert pivots(FOUR, EQUAL, 1.0) == (20.0, 80.0)
    assert win_set(0.0, FOUR, EQUAL, 0.75) == (0.0, 80.0)
    assert win_set(100.0, FOUR, EQUAL, 0.75) == (20.0, 100.0)
    assert win_set(50.0, FOUR, EQUAL, 0.75) == (50.0, 50.0)  # q in the core [40, 60]
    assert win_set(0.0, FOUR, EQUAL, 1.0) == (0.0, 40.0)


def test_treaty_weights_decide_the_pivot():
    # 29 + 10 votes at the reference point 0 of 55 block a 73.9% majority (40.65 votes).
    x, votes = np.array([0.0, 0.0, 50.0, 100.0]), np.array([29.0, 10.0, 12.0, 4.0])
    assert pivots(x, votes, 260 / 352) == (0.0, 50.0)
    assert consultation(0.0, 100.0, x, votes, 260 / 352) == 0.0
    # Without the big member a majority needs 19.2 of 26 votes; 12 + 4 above the
    # smallest member are too few, so it stays the up pivot wherever it stands.
    assert pivots(x[1:], votes[1:], 260 / 352) == (0.0, 50.0)
    assert pivots(np.array([10.0, 50.0, 100.0]), votes[1:], 260 / 352) == (10.0, 50.0)


@pytest.mark.parametrize(
    ("commission", "threshold", "expected"),
    [
        (100.0, 0.75, 80.0),  # the edge of the win-set
        (50.0, 0.75, 50.0),  # its own ideal
        (12.0, 0.75, 20.0),  # the unanimity set's edge beats q: 8 < 12
        (10.0, 0.75, 0.0),  # equally near 20 and q: nothing changes
        (100.0, 1.0, 40.0),  # unanimity: the most conservative member's limit
    ],
)
def test_consultation_by_hand(commission, threshold, expected):
    assert consultation(0.0, commission, FOUR, EQUAL, threshold) == expected


def test_consultation_with_q_in_the_core_changes_nothing():
    assert consultation(50.0, 100.0, FOUR, EQUAL, 0.75) == 50.0


def test_codecision_by_hand():
    # EP at 100, the Council's up pivot at 40, q = 0: 2/y = 1/(200 - y) + 1/(80 - y),
    # y^2 - 210 y + 8000 = 0, y = (210 - 110) / 2 = 50.
    assert codecision(0.0, 100.0, FOUR, EQUAL, 0.75) == pytest.approx(50.0)
    # EP at 30, pivot at 40: y^2 - 105 y + 2400 = 0.
    council = np.array([10.0, 40.0, 100.0])
    found = codecision(0.0, 30.0, council, np.ones(3), 2 / 3)
    assert found == pytest.approx((105 - math.sqrt(1425)) / 2)
    # Gridlock: the EP wants up from 50, the Council's up pivot (30) wants down.
    assert codecision(50.0, 80.0, np.array([20.0, 30.0, 90.0]), np.ones(3), 2 / 3) == 50.0
    assert codecision(0.0, 0.0, FOUR, EQUAL, 0.75) == 0.0  # the EP is happy with q


@pytest.mark.parametrize(
    ("x", "votes", "threshold"),
    [
        ([1.0, 2.0], [1.0, 0.0], 0.75),
        ([1.0, 2.0], [1.0, 1.0], 0.5),
        ([1.0, 2.0], [1.0, 1.0], 1.5),
        ([1.0], [1.0, 1.0], 0.75),
        ([np.nan], [1.0], 0.75),
    ],
)
def test_bad_input_is_an_error(x, votes, threshold):
    with pytest.raises(ValueError):
        pivots(np.array(x), np.array(votes), threshold)


@st.composite
def councils(draw):
    n = draw(st.integers(1, 9))
    grid = st.integers(0, 20).map(lambda v: 5.0 * v)
    x = np.array(draw(st.lists(grid, min_size=n, max_size=n)))
    votes = np.array(draw(st.lists(st.integers(1, 29), min_size=n, max_size=n)), dtype=float)
    threshold = draw(st.sampled_from([260 / 352, 0.6, 2 / 3, 1.0]))
    return x, votes, threshold


def _supporters(point: float, q: float, x: np.ndarray, votes: np.ndarray) -> float:
    """Votes of the members who weakly prefer `point` to `q`."""
    return votes[np.abs(x - point) <= np.abs(x - q) + 1e-9].sum()


positions = st.integers(0, 20).map(lambda v: 5.0 * v)


@given(councils(), positions, positions)
def test_consultation_adopts_only_what_a_majority_prefers_and_nobody_can_amend(council, q, c):
    x, votes, threshold = council
    found = consultation(q, c, x, votes, threshold)
    assert abs(found - c) <= abs(q - c) + 1e-9  # never worse for the Commission than q
    if found != q:
        assert _supporters(found, q, x, votes) >= threshold * votes.sum() * (1 - 1e-9)
        assert x.min() - 1e-9 <= found <= x.max() + 1e-9


@given(councils(), positions, positions)
def test_codecision_outcomes_are_in_both_chambers_win_sets(council, q, e):
    x, votes, threshold = council
    found = codecision(q, e, x, votes, threshold)
    if found != pytest.approx(q):
        assert abs(found - e) <= abs(q - e) + 1e-7  # the Parliament gains
        assert _supporters(found, q, x, votes) >= threshold * votes.sum() * (1 - 1e-9)


@given(councils(), positions)
def test_pivots_hold_the_threshold_from_their_side(council, q):
    x, votes, threshold = council
    up, down = pivots(x, votes, threshold)
    need = threshold * votes.sum() * (1 - 1e-9)
    assert votes[x >= up].sum() >= need and votes[x <= down].sum() >= need
    assert up <= down
    low, high = win_set(q, x, votes, threshold)
    assert low <= q <= high
