"""The expected-utility model against hand-derived values, and its properties.

Hand derivations use positions on [0, 1] (spread 1, so d = |x_i - x_j|).
The two-actor case x = (0, 1), s = (1, 1/2), c = (3, 1): weights w = (3, 1/2),
P_01 = 3 / 3.5 = 6/7. Risk-neutral, U_s = 2d, U_f = -2d, U_sq = 0, so
EU_01 = 1/2 (6/7 - 1/7) 2 + 1/2 * 2 = 12/7 and EU_10 = (1/7 - 6/7) 2 = -10/7:
actor 1 compromises the share (10/7) / (12/7) = 5/6 of the way, to 1/6. The
same happens every round (the spread stays 1), so after t rounds x_1 = 6^-t.
"""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.expected_utility import (
    EUParameters,
    Pairs,
    basic_utilities,
    challenge_utility,
    expected_utility_forecast,
    resolve_offers,
    risk_exponents,
    win_probability,
)
from tests.core.strategies import issue_actors

NEUTRAL = EUParameters(risk=False)
X2, S2, C2 = np.array([0.0, 1.0]), np.array([1.0, 0.5]), np.array([3.0, 1.0])


def test_win_probability_three_actors_by_hand():
    # i=0 against j=1: votes 0.5 (actor 0), -0.5 (1), -0.5 (2) -> 0.5 / 1.5
    p = win_probability(np.array([0.0, 0.5, 1.0]), np.ones(3))
    assert p[0, 1] == pytest.approx(1 / 3)
    assert p[1, 0] == pytest.approx(2 / 3)
    assert p[0, 2] == pytest.approx(1 / 2)  # actor 1 is indifferent between 0 and 1


def test_win_probability_two_actors_by_hand():
    p = win_probability(X2, C2 * S2)
    assert p[0, 1] == pytest.approx(6 / 7) and p[1, 0] == pytest.approx(1 / 7)


def test_basic_utilities_by_hand():
    d, d_mu = np.array([[0.5]]), np.array([0.25])
    u_s, u_f, u_b, u_w, u_sq = (u[0, 0] for u in basic_utilities(d, d_mu, np.array([[1.0]])))
    # 2 - 4 * (0.25, 0.75, 0.5 - 0.1875, 0.5 + 0.1875, 0.5)
    assert (u_s, u_f, u_b, u_w, u_sq) == pytest.approx((1.0, -1.0, 0.75, -0.75, 0.0))
    u_s, *_, u_sq = (u[0, 0] for u in basic_utilities(d, d_mu, np.array([[2.0]])))
    assert (u_s, u_sq) == pytest.approx((2 - 4 * 0.25**2, 1.0))


def test_challenge_utility_two_actors_by_hand():
    eu = challenge_utility(Pairs.of(X2, C2 * S2, 1.0), S2, np.ones((2, 1)), NEUTRAL)
    assert eu[0, 1] == pytest.approx(12 / 7) and eu[1, 0] == pytest.approx(-10 / 7)
    assert eu[0, 0] == eu[1, 1] == 0


def test_challenge_utility_with_q_below_one_by_hand():
    # Q = 1/2, T = 1: subtract U_sq/2 + U_b/2. The median is 0 (weight 3 of 3.5), so
    # U_b = 2 - 4 (1/2 - 1/4) = 1 for actor 0 and 2 - 4 (1/2 - 1/2) = 2 for actor 1.
    pairs = Pairs.of(X2, C2 * S2, 1.0)
    eu = challenge_utility(pairs, S2, np.ones((2, 1)), replace(NEUTRAL, q=0.5))
    assert eu[0, 1] == pytest.approx(12 / 7 - 1 / 2) and eu[1, 0] == pytest.approx(-10 / 7 - 1)


def test_risk_exponents_three_actors_by_hand():
    eu = np.array([[0.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    # security (column sums) -1, 0, 2 -> R = -1, -1/3, 1 -> r = 2, (10/9)/(8/9), 1/2
    np.testing.assert_allclose(risk_exponents(eu), [2.0, 1.25, 0.5])
    np.testing.assert_array_equal(risk_exponents(np.zeros((3, 3))), np.ones(3))


RNG = np.random.default_rng(0)


@pytest.mark.parametrize(
    ("eu", "after", "case"),
    [
        ([[0, 2], [1, 0]], [0.0, 0.0], "conflict: 1 expects less, loses, moves to x_0"),
        ([[0, 2], [-1, 0]], [0.0, 0.5], "compromise: 1 moves the share 1/2"),
        ([[0, 1], [-2, 0]], [0.0, 0.0], "capitulation: 1 moves to x_0"),
        ([[0, -1], [-1, 0]], [0.0, 1.0], "no challenge"),
    ],
)
def test_resolution_of_offers_by_hand(eu, after, case):
    eu = np.array(eu, float)
    moved = resolve_offers(np.array([0.0, 1.0]), eu, eu.T, EUParameters(), RNG)
    np.testing.assert_allclose(moved, after, err_msg=case)


def test_offer_choice_strongest_or_nearest():
    # Target 2 (x = 1): actor 0 offers a compromise to 2/3 (EU 3 vs -1), actor 1 one
    # to 3/4 (EU 1 vs -1/2). The strongest is 0's; the nearest to x_2 is 1's.
    x = np.array([0.0, 0.5, 1.0])
    eu = np.array([[0, -1, 3], [-1, 0, 1], [-1, -0.5, 0]], float)
    strongest = resolve_offers(x, eu, eu.T, EUParameters(offer_choice="strongest"), RNG)
    nearest = resolve_offers(x, eu, eu.T, EUParameters(offer_choice="nearest"), RNG)
    np.testing.assert_allclose(strongest, [0.0, 0.5, 2 / 3])
    np.testing.assert_allclose(nearest, [0.0, 0.5, 0.75])


def test_two_actor_rounds_by_hand():
    f = expected_utility_forecast(X2, S2, C2, replace(NEUTRAL, max_rounds=3))
    np.testing.assert_allclose(f.history[:, 1], [1, 1 / 6, 1 / 36, 1 / 216])
    np.testing.assert_array_equal(f.history[:, 0], 0.0)
    assert f.mean == pytest.approx((0.5 * 1 / 216) / 3.5)
    assert f.median == 0.0


def test_two_actor_round_with_risk_by_hand():
    # Two actors: R = -1, +1, so r = 2 for actor 0 and 1/2 for actor 1 (U_s = 2, U_f = -2
    # at d = 1 for any r; U_sq = 2 - 4 (1/2)^r = 1 for r = 2, 2 - 2 sqrt 2 for r = 1/2).
    # Own perspective: EU_01 (r = 2) = 1/2 (10/7) + 1/2 * 2 - 1 = 5/7;
    # EU_10 (r = 1/2) = (2/7 - 12/7) - (2 - 2 sqrt 2) = 2 sqrt 2 - 24/7 < 0: compromise.
    own = expected_utility_forecast(X2, S2, C2, EUParameters(perspective="own", max_rounds=1))
    np.testing.assert_allclose(own.risk, [[2.0, 0.5]])
    share = (24 / 7 - 2 * math.sqrt(2)) / (5 / 7)
    assert own.history[1, 1] == pytest.approx(1 - share)
    # Target's perspective: actor 1 judges EU_01 with its r = 1/2:
    # 5/7 + 1 - (2 - 2 sqrt 2) = 2 sqrt 2 - 2/7; actor 0 judges EU_10 with r = 2:
    # -10/7 - 1 < 0, so it gets no offer.
    target = expected_utility_forecast(X2, S2, C2, EUParameters(max_rounds=1))
    share = (24 / 7 - 2 * math.sqrt(2)) / (2 * math.sqrt(2) - 2 / 7)
    np.testing.assert_allclose(target.history[1], [0.0, 1 - share])


def test_positions_on_any_scale_give_the_same_rounds():
    small = expected_utility_forecast(X2, S2, C2, replace(NEUTRAL, max_rounds=3))
    large = expected_utility_forecast(20 + 50 * X2, S2, C2, replace(NEUTRAL, max_rounds=3))
    np.testing.assert_allclose(large.history, 20 + 50 * small.history)


def test_bad_inputs_are_errors():
    with pytest.raises(ValueError):
        expected_utility_forecast([0.0, 1.0], [0.5], [1.0, 1.0])
    with pytest.raises(ValueError):
        expected_utility_forecast([0.0, 1.0], [0.5, 1.5], [1.0, 1.0])


PROPERTY = settings(max_examples=60, deadline=None)


@PROPERTY
@given(issue_actors(), st.sampled_from(["nearest", "random"]), st.integers(0, 2**16))
def test_positions_and_forecast_stay_within_the_initial_range(actors, tie_break, seed):
    x, s, c = actors
    f = expected_utility_forecast(x, s, c, EUParameters(tie_break=tie_break), seed)
    assert (f.history >= x.min() - 1e-9).all() and (f.history <= x.max() + 1e-9).all()
    assert x.min() - 1e-9 <= f.mean <= x.max() + 1e-9
    assert x.min() - 1e-9 <= f.median <= x.max() + 1e-9


@PROPERTY
@given(issue_actors(), st.floats(0, 100))
def test_unanimity_returns_that_position(actors, p):
    _, s, c = actors
    f = expected_utility_forecast(np.full(s.size, p), s, c)
    assert f.mean == pytest.approx(p) and f.median == p and f.rounds == 0


@PROPERTY
@given(issue_actors(), st.floats(0, 100), st.sampled_from(["salience", "capability"]))
def test_an_actor_without_salience_or_capability_changes_nothing(actors, p, missing):
    x, s, c = actors
    s_more, c_more = np.append(s, 0.0 if missing == "salience" else 0.7), np.append(c, 5.0)
    if missing == "capability":
        s_more[-1], c_more[-1] = 0.7, 0.0
    base = expected_utility_forecast(x, s, c)
    more = expected_utility_forecast(np.append(x, p), s_more, c_more)
    np.testing.assert_allclose(more.history[:, :-1], base.history)
    np.testing.assert_array_equal(more.history[:, -1], p)
    assert more.mean == pytest.approx(base.mean) and more.median == base.median


@PROPERTY
@given(issue_actors(min_actors=3), st.integers(0, 2**16))
def test_deterministic_for_a_seed(actors, seed):
    x, s, c = actors
    params = EUParameters(tie_break="random")
    a, b = (expected_utility_forecast(x, s, c, params, seed) for _ in range(2))
    np.testing.assert_array_equal(a.history, b.history)
    assert a.mean == b.mean


def test_rounding_never_raises_a_negative_base_to_a_power():
    # Thirty actors on continuous positions: compromises land a rounding error
    # outside the initial range, which gave NaN before distances were clipped.
    rng = np.random.default_rng(0)
    with np.errstate(invalid="raise"):
        for _ in range(20):
            x = rng.uniform(0, 100, 30)
            f = expected_utility_forecast(x, rng.uniform(0.1, 1, 30), rng.uniform(0.1, 10, 30))
            assert np.isfinite(f.history).all() and x.min() <= f.mean <= x.max()
