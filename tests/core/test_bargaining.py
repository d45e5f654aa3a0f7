import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.bargaining import kalai_smorodinsky, nash_bargaining, rubinstein
from sim.core.pareto import pareto_front
from sim.core.zone import agreement_zone
from tests.core.strategies import utility_sets

FINE = np.linspace(0.0, 1.0, 100_001)


def concave_frontier():
    return np.column_stack([FINE, 1.0 - FINE**2])


def linear_frontier():
    u1 = np.arange(1001) / 1000
    return np.column_stack([u1, 1.0 - u1])


# --- Nash (1950) -----------------------------------------------------------


def test_nash_on_concave_frontier_is_one_over_root_three():
    # max u1 (1 - u1^2)  =>  1 - 3 u1^2 = 0
    i = nash_bargaining(concave_frontier(), np.zeros(2))
    assert FINE[i] == pytest.approx(1 / math.sqrt(3), abs=1e-5)


def test_nash_on_linear_frontier_with_disagreement_point():
    # max (u1 - 0.2)(0.9 - u1)  =>  u1 = 0.55
    U = linear_frontier()
    i = nash_bargaining(U, np.array([0.2, 0.1]))
    np.testing.assert_allclose(U[i], [0.55, 0.45])


def brute_nash(U, d):
    best, arg = -np.inf, None
    for i, row in enumerate(U):
        if all(row > d):
            p = float(np.prod(row - d))
            if p > best:
                best, arg = p, i
    return arg


@settings(max_examples=300)
@given(utility_sets(), st.floats(0, 0.6))
def test_nash_matches_brute_force_and_lies_on_front_and_in_zone(U, r):
    d = np.full(U.shape[1], r)
    i = nash_bargaining(U, d)
    assert i == brute_nash(U, d)
    if i is not None:
        assert i in pareto_front(U)
        assert agreement_zone(U, d)[i]


def test_empty_zone_gives_none():
    U = np.array([[0.3, 0.9], [0.9, 0.3]])
    assert nash_bargaining(U, np.array([0.5, 0.5])) is None
    assert kalai_smorodinsky(U, np.array([0.5, 0.5])) is None
    assert nash_bargaining(np.empty((0, 2)), np.zeros(2)) is None


def test_nash_needs_strict_gain_but_ks_does_not():
    U = np.array([[0.5, 0.5]])
    assert nash_bargaining(U, np.array([0.5, 0.2])) is None
    assert kalai_smorodinsky(U, np.array([0.5, 0.2])) == 0


def test_ties_go_to_the_smallest_index():
    U = np.array([[0.2, 0.8], [0.8, 0.2], [0.8, 0.2]])
    assert nash_bargaining(U, np.zeros(2)) == 0
    assert kalai_smorodinsky(U, np.zeros(2)) == 0


@given(st.integers(0, 2**32 - 1), st.floats(0.1, 10), st.floats(0.1, 10), st.floats(-1, 1))
def test_nash_and_ks_are_invariant_to_positive_affine_rescaling(seed, a, b, c):
    U = np.random.default_rng(seed).uniform(size=(40, 2))  # continuous: no exact ties
    d = np.array([0.1, 0.1])
    scale = np.array([a, b])
    for solution in (nash_bargaining, kalai_smorodinsky):
        i, j = solution(U, d), solution(U * scale + c, d * scale + c)
        if i != j:  # only a float-level near-tie may differ
            assert solution is nash_bargaining
            assert np.prod(U[i] - d) == pytest.approx(np.prod(U[j] - d), rel=1e-9)


# --- Kalai & Smorodinsky (1975) ------------------------------------------


def test_ks_on_concave_frontier_is_the_golden_ratio_point():
    # ideal (1, 1): u1 = 1 - u1^2  =>  u1 = (sqrt(5) - 1) / 2
    i = kalai_smorodinsky(concave_frontier(), np.zeros(2))
    assert FINE[i] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-5)


def test_ks_on_linear_frontier_with_disagreement_point():
    # ideal (0.9, 0.8): (u1 - 0.2) / 0.7 = (u2 - 0.1) / 0.7  =>  (0.55, 0.45)
    U = linear_frontier()
    i = kalai_smorodinsky(U, np.array([0.2, 0.1]))
    np.testing.assert_allclose(U[i], [0.55, 0.45])


def test_ks_differs_from_nash_on_an_asymmetric_frontier():
    # frontier u2 = 1 - u1^2 truncated at u1 <= 0.5: ideal (0.5, 1)
    U = concave_frontier()[FINE <= 0.5]
    ks = U[kalai_smorodinsky(U, np.zeros(2))]
    # u1 / 0.5 = 1 - u1^2  =>  u1 = -1 + sqrt(2)
    assert ks[0] == pytest.approx(math.sqrt(2) - 1, abs=1e-5)
    nash = U[nash_bargaining(U, np.zeros(2))]
    assert nash[0] == pytest.approx(0.5, abs=1e-5)


def brute_ks(U, d):
    rows = [i for i in range(len(U)) if all(U[i] >= d)]
    if not rows:
        return None
    ideal = np.array([max(U[i][j] for i in rows) for j in range(U.shape[1])])

    def key(i):
        ratios = [
            1.0 if ideal[j] == d[j] else (U[i][j] - d[j]) / (ideal[j] - d[j])
            for j in range(U.shape[1])
        ]
        return (min(ratios), float(np.sum(U[i] - d)), -i)

    return max(rows, key=key)


@settings(max_examples=300)
@given(utility_sets(), st.floats(0, 0.6))
def test_ks_matches_brute_force_and_lies_on_front(U, r):
    d = np.full(U.shape[1], r)
    i = kalai_smorodinsky(U, d)
    assert i == brute_ks(U, d)
    if i is not None:
        assert i in pareto_front(U)


# --- Rubinstein (1982) -------------------------------------------------------


@pytest.mark.parametrize(
    ("d1", "d2", "x1"),
    [(0.9, 0.9, 1 / 1.9), (0.5, 0.8, 1 / 3), (0.8, 0.5, 5 / 6), (0.0, 0.5, 0.5), (0.95, 0.0, 1.0)],
)
def test_rubinstein_closed_form(d1, d2, x1):
    s1, s2 = rubinstein(d1, d2)
    assert s1 == pytest.approx(x1)
    assert s1 + s2 == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("horizon", "expected"),
    [(1, (1.0, 0.0)), (2, (1 - 0.8, 0.8)), (3, (1 - 0.8 * (1 - 0.6), 0.8 * (1 - 0.6)))],
)
def test_rubinstein_finite_horizon_by_hand(horizon, expected):
    np.testing.assert_allclose(rubinstein(0.6, 0.8, horizon=horizon), expected)


@given(st.floats(0, 0.98), st.floats(0, 0.98))
def test_finite_horizon_converges_to_infinite(d1, d2):
    s_inf = rubinstein(d1, d2)[0]
    for horizon in (2000, 2001):  # both parities
        assert rubinstein(d1, d2, horizon=horizon)[0] == pytest.approx(s_inf, abs=1e-6)


def test_rubinstein_first_mover_advantage_and_patience():
    assert rubinstein(0.9, 0.9)[0] > 0.5
    assert rubinstein(0.99, 0.9)[0] > rubinstein(0.9, 0.9)[0]


@pytest.mark.parametrize("args", [(1.0, 1.0, None), (1.2, 0.5, None), (0.5, 0.5, 0)])
def test_rubinstein_rejects_bad_input(args):
    with pytest.raises(ValueError):
        rubinstein(args[0], args[1], horizon=args[2])
