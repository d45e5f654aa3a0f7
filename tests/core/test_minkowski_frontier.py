import numpy as np
from hypothesis import given, settings

from sim.core.bargaining import kalai_smorodinsky, nash_bargaining
from sim.core.minkowski_frontier import minkowski_frontier, unique_front, zone_is_open
from sim.core.pareto import pareto_front
from sim.core.utility import AdditiveUtility, utility_matrix
from sim.core.zone import agreement_zone
from tests.core.strategies import bilateral_domains, domain_parties, enumerated


def _distinct_front(U):
    return np.unique(U[pareto_front(U)], axis=0)


def test_hand_built_frontier_and_packages():
    # Issue 0: A prefers level 0, B level 1; issue 1 is B's red line at level 1.
    a = AdditiveUtility([0.5, 0.5], ([1.0, 0.0], [0.0, 1.0]))
    b = AdditiveUtility([0.5, 0.5], ([0.0, 1.0], [1.0, 0.0]), ([False, False], [False, True]))
    front = minkowski_frontier(a, b)
    # Packages: (0,0) -> (0.5, 0.5), (1,0) -> (0, 1), (0,1) -> (1, 0 red), (1,1) -> (0.5, 0 red).
    np.testing.assert_array_equal(front.U, [[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]])
    np.testing.assert_array_equal(front.levels, [[1, 0], [0, 0], [0, 1]])


def test_unique_front_keeps_one_copy_of_ties_in_ascending_order():
    a = np.array([0.5, 0.5, 1.0, 0.0, 0.2])
    b = np.array([0.5, 0.5, 0.0, 1.0, 0.2])
    np.testing.assert_array_equal(unique_front(a, b), [3, 0, 2])


@settings(max_examples=300, deadline=None)
@given(bilateral_domains())
def test_frontier_equals_enumeration_with_red_lines(domain):
    parties = domain_parties(domain)
    front = minkowski_frontier(*parties)
    np.testing.assert_array_equal(front.U, _distinct_front(enumerated(parties)))
    np.testing.assert_array_equal(utility_matrix(parties, front.levels), front.U)


@settings(max_examples=150, deadline=None)
@given(bilateral_domains(max_issues=6, red_lines=False))
def test_frontier_equals_enumeration_without_red_lines(domain):
    parties = domain_parties(domain)
    front = minkowski_frontier(*parties)
    np.testing.assert_array_equal(front.U, _distinct_front(enumerated(parties)))
    np.testing.assert_array_equal(utility_matrix(parties, front.levels), front.U)


@settings(max_examples=200, deadline=None)
@given(bilateral_domains())
def test_nash_ks_and_zone_from_the_frontier_match_enumeration(domain):
    parties = domain_parties(domain)
    U = enumerated(parties)
    front = minkowski_frontier(*parties)
    d = np.array([0.25, 0.25])
    nash_all, nash_front = nash_bargaining(U, d), nash_bargaining(front.U, d)
    assert (nash_all is None) == (nash_front is None)
    if nash_all is not None:
        assert np.prod(U[nash_all] - d) == np.prod(front.U[nash_front] - d)
    ks_all, ks_front = kalai_smorodinsky(U, d), kalai_smorodinsky(front.U, d)
    assert (ks_all is None) == (ks_front is None)
    if ks_all is not None:
        # Same ideal point, hence the same (score, sum of gains) at the optimum.
        ideal = U[(U >= d).all(axis=1)].max(axis=0)
        np.testing.assert_array_equal(ideal, front.U[(front.U >= d).all(axis=1)].max(axis=0))
        assert _ks_key(U[ks_all], d, ideal) == _ks_key(front.U[ks_front], d, ideal)
    assert zone_is_open(front, d) == bool(agreement_zone(U, d).any())


def _ks_key(point, d, ideal):
    gain, span = point - d, ideal - d
    ratio = np.where(span > 0, gain / np.where(span > 0, span, 1.0), 1.0)
    return ratio.min(), gain.sum()
