import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.dominance import dominance_counter, dominance_reporter, ranking


def brute_force(a, b, groups, s, t) -> np.ndarray:
    """``#{k in g : a_k >= s_g and b_k >= t_g}`` by a pass over every point."""
    inside = (a >= s[groups]) & (b >= t[groups])
    return np.bincount(groups[inside], minlength=s.size)


def test_hand_counted_groups():
    # Group 0: (0.1, 0.9) (0.5, 0.5) (0.5, 0.2) (0.9, 0.1); group 1: (0.3, 0.3) twice.
    a = np.array([0.1, 0.5, 0.3, 0.5, 0.9, 0.3])
    b = np.array([0.9, 0.5, 0.3, 0.2, 0.1, 0.3])
    groups = np.array([0, 0, 1, 0, 0, 1])
    counter = dominance_counter(a, b, groups, 2, block=2)
    # a >= 0.5 and b >= 0.2: (0.5, 0.5), (0.5, 0.2); both copies of (0.3, 0.3) reach (0.3, 0.3).
    np.testing.assert_array_equal(counter.count([0.5, 0.3], [0.2, 0.3]), [2, 2])
    # Every point reaches (0, 0); none reaches a threshold above its group's best.
    np.testing.assert_array_equal(counter.count([0.0, 0.31], [0.0, 0.0]), [4, 0])
    np.testing.assert_array_equal(counter.count([-np.inf, 0.3], [np.inf, -np.inf]), [0, 2])


@st.composite
def grouped_points(draw, max_points: int = 120, max_groups: int = 5):
    """Points on a coarse grid (many ties) in groups, some groups empty, and a grid."""
    n = draw(st.integers(0, max_points))
    grid = draw(st.sampled_from([2, 5, 1000]))
    on_grid = st.lists(st.integers(0, grid), min_size=n, max_size=n)
    a, b = (np.array(draw(on_grid), dtype=float) / grid for _ in range(2))
    n_groups = draw(st.integers(1, max_groups))
    groups = np.array(draw(st.lists(st.integers(0, n_groups - 1), min_size=n, max_size=n)))
    return a, b, groups.astype(np.int64), n_groups, grid


@st.composite
def queries(draw, n_groups: int, grid: int):
    """Thresholds on the points' grid, just off it, outside [0, 1], infinite or NaN."""
    one = st.one_of(
        st.integers(-1, grid + 1).map(lambda v: v / grid),
        st.sampled_from([-np.inf, np.inf, np.nan, 0.25000000000000006, 0.49999999999999994]),
    )
    return np.array(draw(st.lists(one, min_size=n_groups, max_size=n_groups)))


@settings(max_examples=200)
@given(grouped_points(), st.one_of(st.none(), st.integers(1, 20)), st.data())
def test_counts_equal_a_pass_over_every_point(points, block, data):
    a, b, groups, n_groups, grid = points
    counter = dominance_counter(a, b, groups, n_groups, block)
    for _ in range(3):
        s, t = data.draw(queries(n_groups, grid)), data.draw(queries(n_groups, grid))
        np.testing.assert_array_equal(counter.count(s, t), brute_force(a, b, groups, s, t))


@settings(max_examples=100)
@given(st.integers(1, 400), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_thresholds_at_the_points_themselves(n, n_groups, seed):
    # Queries placed exactly on points and on the next float either side: the
    # ties and the boundaries a scan decides with >=. Counted and reported alike.
    rng = np.random.default_rng(seed)
    a, b = rng.random(n), rng.integers(0, 7, n) / 7
    groups = rng.integers(0, n_groups, n)
    counter = dominance_counter(a, b, groups, n_groups)
    reporter = dominance_reporter(a, b, groups, n_groups)
    for _ in range(5):
        pick = rng.integers(0, n, size=(2, n_groups))
        s = np.nextafter(a[pick[0]], rng.choice([-np.inf, 0.0, np.inf], n_groups))
        t = np.nextafter(b[pick[1]], rng.choice([-np.inf, 0.0, np.inf], n_groups))
        for u in (b[pick[1]], t):
            np.testing.assert_array_equal(counter.count(s, u), brute_force(a, b, groups, s, u))
            np.testing.assert_array_equal(reporter.members(s, u), brute_members(a, b, groups, s, u))


def test_one_ranking_serves_several_groupings():
    rng = np.random.default_rng(3)
    a, b = rng.integers(0, 9, 300) / 8, rng.integers(0, 9, 300) / 8
    ranked_a, ranked_b = ranking(a), ranking(b)
    for n_groups in (1, 4, 30):
        groups = rng.integers(0, n_groups, 300)
        s, t = rng.random(n_groups), rng.random(n_groups)
        counter = dominance_counter(ranked_a, ranked_b, groups, n_groups)
        np.testing.assert_array_equal(counter.count(s, t), brute_force(a, b, groups, s, t))


def test_no_points_and_empty_groups():
    counter = dominance_counter(np.empty(0), np.empty(0), np.empty(0, dtype=np.int64), 3)
    np.testing.assert_array_equal(counter.count(np.zeros(3), np.zeros(3)), [0, 0, 0])


def test_bad_input():
    with pytest.raises(ValueError, match="without NaN"):
        dominance_counter(np.array([np.nan]), np.zeros(1), np.zeros(1, dtype=int), 1)
    with pytest.raises(ValueError, match="groups must lie"):
        dominance_counter(np.zeros(1), np.zeros(1), np.array([2]), 2)
    with pytest.raises(ValueError, match="same length"):
        dominance_counter(np.zeros(2), np.zeros(1), np.zeros(2, dtype=int), 1)
    counter = dominance_counter(np.zeros(2), np.zeros(2), np.array([0, 1]), 2)
    with pytest.raises(ValueError, match="one threshold per group"):
        counter.count(np.zeros(3), np.zeros(2))


def brute_members(a, b, groups, s, t) -> np.ndarray:
    """Ids of the points reaching their group's thresholds, by a pass over every point."""
    return np.flatnonzero((a >= s[groups]) & (b >= t[groups]))


def test_reporter_lists_the_hand_counted_points():
    # The points of test_hand_counted_groups: ids 1 (0.5, 0.5) and 3 (0.5, 0.2)
    # reach (0.5, 0.2) in group 0; ids 2 and 5, (0.3, 0.3) twice, reach (0.3, 0.3).
    a = np.array([0.1, 0.5, 0.3, 0.5, 0.9, 0.3])
    b = np.array([0.9, 0.5, 0.3, 0.2, 0.1, 0.3])
    reporter = dominance_reporter(a, b, np.array([0, 0, 1, 0, 0, 1]), 2)
    np.testing.assert_array_equal(reporter.members([0.5, 0.3], [0.2, 0.3]), [1, 2, 3, 5])
    np.testing.assert_array_equal(reporter.members([-np.inf, np.nan], [0.0, 0.0]), [0, 1, 3, 4])
    # Group 0's a-walk visits ids 4, 1, 3 and b-walk 0, 1: the shorter is two points.
    assert reporter.members([0.5, np.inf], [0.5, np.inf], most=1) is None
    np.testing.assert_array_equal(reporter.members([0.5, np.inf], [0.5, np.inf], most=2), [1])


@settings(max_examples=200)
@given(grouped_points(), st.data())
def test_reports_equal_a_pass_over_every_point(points, data):
    a, b, groups, n_groups, grid = points
    reporter = dominance_reporter(a, b, groups, n_groups)
    for _ in range(3):
        s, t = data.draw(queries(n_groups, grid)), data.draw(queries(n_groups, grid))
        expected = brute_members(a, b, groups, s, t)
        np.testing.assert_array_equal(reporter.members(s, t), expected)
        walked = reporter.members(s, t, most=data.draw(st.integers(0, a.size)))
        assert walked is None or np.array_equal(walked, expected)


def test_reporter_bad_input():
    with pytest.raises(ValueError, match="groups must lie"):
        dominance_reporter(np.zeros(1), np.zeros(1), np.array([2]), 2)
    with pytest.raises(ValueError, match="same length"):
        dominance_reporter(np.zeros(2), np.zeros(1), np.zeros(2, dtype=int), 1)
    reporter = dominance_reporter(np.zeros(2), np.zeros(2), np.array([0, 1]), 2)
    with pytest.raises(ValueError, match="one threshold per group"):
        reporter.members(np.zeros(3), np.zeros(2))
    empty = dominance_reporter(np.empty(0), np.empty(0), np.empty(0, dtype=np.int64), 2)
    assert empty.members(np.zeros(2), np.zeros(2)).size == 0
