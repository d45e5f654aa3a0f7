import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.zone import agreement_zone, class_zone
from tests.core.strategies import utility_sets


def test_zone_is_inclusive_of_the_reservation():
    U = np.array([[0.5, 0.5], [0.49, 0.9], [0.9, 0.3], [0.6, 0.3]])
    np.testing.assert_array_equal(
        agreement_zone(U, np.array([0.5, 0.3])), [True, False, True, True]
    )


@given(utility_sets(), st.floats(0, 1))
def test_zone_matches_definition_row_by_row(U, r):
    reservation = np.full(U.shape[1], r)
    expected = [all(U[i, j] >= r for j in range(U.shape[1])) for i in range(U.shape[0])]
    np.testing.assert_array_equal(agreement_zone(U, reservation), np.array(expected, dtype=bool))


def test_shape_mismatch_is_an_error():
    with pytest.raises(ValueError):
        agreement_zone(np.zeros((3, 2)), np.zeros(3))


@st.composite
def classed_spaces(draw):
    """A small space, its utilities on a coarse grid, class issues and per-class thresholds."""
    radices = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=4)))
    n = int(np.prod(radices))
    grid = draw(st.sampled_from([2, 4, 1000]))
    on_grid = st.lists(st.integers(0, grid), min_size=n, max_size=n)
    u0, u1 = (np.array(draw(on_grid)) / grid for _ in range(2))
    axes = tuple(sorted(draw(st.sets(st.integers(0, len(radices) - 1), max_size=3))))
    n_classes = int(np.prod([radices[j] for j in axes]))
    one = st.one_of(
        st.integers(-1, grid + 1).map(lambda v: v / grid), st.sampled_from([-np.inf, np.inf])
    )
    t = np.array(draw(st.lists(one, min_size=2 * n_classes, max_size=2 * n_classes)))
    return u0, u1, radices, axes, t.reshape(n_classes, 2)


@given(classed_spaces())
def test_class_zone_is_the_zone_outcome_by_outcome(drawn):
    u0, u1, radices, axes, t = drawn
    zone = class_zone(u0, u1, radices, axes, t)
    assert zone.shape == radices
    for x in itertools.product(*map(range, radices)):
        k = np.ravel_multi_index(x, radices)
        c = np.ravel_multi_index([x[j] for j in axes], [radices[j] for j in axes]) if axes else 0
        assert zone[x] == (u0[k] >= t[c, 0] and u1[k] >= t[c, 1])


def test_class_zone_by_hand():
    # Two issues of two levels; classes by the first: thresholds (0.5, 0.5) then (0.2, 0.9).
    u0, u1 = np.array([0.5, 0.4, 0.3, 0.9]), np.array([0.5, 0.9, 0.9, 0.95])
    t = np.array([[0.5, 0.5], [0.2, 0.9]])
    np.testing.assert_array_equal(
        class_zone(u0, u1, (2, 2), (0,), t), [[True, False], [True, True]]
    )
