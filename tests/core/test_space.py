import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.space import OutcomeSpace

radices_st = st.lists(st.integers(1, 5), min_size=1, max_size=5)


def test_enumeration_matches_itertools_product():
    space = OutcomeSpace((2, 3, 4))
    expected = np.array(list(itertools.product(range(2), range(3), range(4))))
    assert space.size == 24
    np.testing.assert_array_equal(space.decode(np.arange(24)), expected)


def test_first_issue_is_most_significant():
    space = OutcomeSpace((3, 10))
    np.testing.assert_array_equal(space.decode(27), [[2, 7]])
    np.testing.assert_array_equal(space.encode([[2, 7]]), [27])


@given(radices_st, st.integers(1, 50))
def test_chunks_cover_the_space_once_in_order(radices, chunk_size):
    space = OutcomeSpace(tuple(radices))
    indices = np.concatenate([index for index, _ in space.chunks(chunk_size)])
    np.testing.assert_array_equal(indices, np.arange(space.size))
    levels = np.vstack([lv for _, lv in space.chunks(chunk_size)])
    np.testing.assert_array_equal(space.encode(levels), indices)
    assert (levels < np.array(radices)).all() and (levels >= 0).all()


@given(radices_st, st.data())
def test_encode_inverts_decode(radices, data):
    space = OutcomeSpace(tuple(radices))
    index = data.draw(st.lists(st.integers(0, space.size - 1), min_size=1, max_size=20))
    np.testing.assert_array_equal(space.encode(space.decode(index)), index)


def test_large_space_is_not_materialised():
    space = OutcomeSpace((10,) * 9)  # 10**9 outcomes
    _index, levels = next(space.chunks(1000))
    assert space.size == 10**9 and levels.shape == (1000, 9)
    np.testing.assert_array_equal(space.decode(10**9 - 1), [[9] * 9])


@pytest.mark.parametrize("bad", [(), (0, 2), (3, -1)])
def test_rejects_empty_issues(bad):
    with pytest.raises(ValueError):
        OutcomeSpace(bad)


def test_decode_rejects_out_of_range():
    with pytest.raises(IndexError):
        OutcomeSpace((2, 2)).decode(4)
