import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.pareto import pareto_front, pareto_front_streaming
from tests.core.strategies import utility_sets


def brute_force_front(U: np.ndarray) -> np.ndarray:
    """O(n^2) reference: a row survives unless some row is >= everywhere and > somewhere."""
    keep = [
        i
        for i in range(U.shape[0])
        if not any((U[j] >= U[i]).all() and (U[j] > U[i]).any() for j in range(U.shape[0]))
    ]
    return np.array(keep, dtype=np.int64)


@settings(max_examples=300)
@given(utility_sets())
def test_front_matches_brute_force(U):
    np.testing.assert_array_equal(pareto_front(U), brute_force_front(U))


@settings(max_examples=200)
@given(utility_sets(parties=2, max_rows=120))
def test_two_party_front_matches_brute_force(U):
    np.testing.assert_array_equal(pareto_front(U), brute_force_front(U))


@given(utility_sets(), st.integers(1, 17))
def test_streaming_front_equals_front_of_the_whole(U, chunk):
    if U.shape[0] == 0:
        return
    pieces = (
        (np.arange(s, min(s + chunk, len(U))), U[s : s + chunk]) for s in range(0, len(U), chunk)
    )
    index, front_U = pareto_front_streaming(pieces)
    np.testing.assert_array_equal(index, pareto_front(U))
    np.testing.assert_array_equal(front_U, U[index])


def test_duplicates_on_the_front_are_all_kept():
    U = np.array(
        [[1.0, 0.0], [0.5, 0.5], [0.5, 0.5], [0.4, 0.4], [0.0, 1.0], [0.0, 1.0], [0.0, 0.9]]
    )
    np.testing.assert_array_equal(pareto_front(U), [0, 1, 2, 4, 5])


def test_weak_domination_on_one_column_removes_a_row():
    U = np.array([[0.5, 0.5, 0.5], [0.5, 0.5, 0.6], [0.2, 0.9, 0.1]])
    np.testing.assert_array_equal(pareto_front(U), [1, 2])


def test_many_party_front_crosses_blocks(monkeypatch):
    import sim.core.pareto as pareto

    monkeypatch.setattr(pareto, "BLOCK_SIZE", 7)
    U = np.random.default_rng(3).integers(0, 4, size=(200, 3)).astype(float)
    np.testing.assert_array_equal(pareto.pareto_front(U), brute_force_front(U))


def test_edge_cases():
    assert pareto_front(np.empty((0, 2))).size == 0
    np.testing.assert_array_equal(pareto_front(np.array([[1.0], [2.0], [2.0]])), [1, 2])
    with pytest.raises(ValueError):
        pareto_front(np.array([[np.nan, 1.0]]))


@settings(max_examples=200)
@given(utility_sets())
def test_pivot_prefilter_keeps_the_front_exact(U):
    from unittest import mock

    import sim.core.pareto as pareto

    with mock.patch.object(pareto, "PREFILTER_MIN_ROWS", 0):
        np.testing.assert_array_equal(pareto.pareto_front(U), brute_force_front(U))
