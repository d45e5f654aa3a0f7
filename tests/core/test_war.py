import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.beliefs import beta_update, share_beliefs
from sim.core.war import Shocks, daily_share, war_path


def path(days=60, drift=0.05, rate=0.5, q=0.2, pooling=None, shocks=None, seed=0, cost0=(0.1, 0.2)):
    return war_path(
        days,
        0.5,
        drift,
        rate,
        q,
        np.array([8.0, 2.0]),
        np.array([2.0, 8.0]),
        np.array(cost0),
        np.array([0.001, 0.002]),
        np.zeros(days) if pooling is None else pooling,
        shocks or Shocks.none(),
        np.random.default_rng(seed),
    )


def test_without_calls_beliefs_are_the_prior_plus_what_each_side_saw():
    war = path(q=0.0)
    # No misreading: both see the same engagements, and Bayes is cumulative counts.
    wins, n = war.wins.sum(), war.engagements.sum()
    a, b = beta_update(np.array([8.0, 2.0]), np.array([2.0, 8.0]), wins, n)
    np.testing.assert_allclose(war.a[-1], a)
    np.testing.assert_allclose(war.b[-1], b)


def test_misreading_makes_each_side_read_the_war_its_own_way():
    war = path(days=2000, drift=0.0, rate=2.0, q=0.4, seed=3)
    mean = war.a[-1] / (war.a[-1] + war.b[-1])
    # Russia's estimate of its share above the truth, Ukraine's below (it wins more).
    assert mean[0] > war.theta.mean() + 0.1
    assert mean[1] < war.theta.mean() - 0.1


def test_a_day_of_calls_is_one_degroot_step_after_bayes():
    pooling = np.zeros(5)
    pooling[2] = 0.3
    war = path(days=5, pooling=pooling, q=0.0)
    a1, b1 = war.a[1], war.b[1]
    day2 = (war.wins[2], war.engagements[2])
    a2, b2 = beta_update(a1, b1, day2[0], day2[1])
    expected = share_beliefs(np.asarray(a2), np.asarray(b2), 0.3)
    np.testing.assert_allclose(war.a[2], expected[0])
    np.testing.assert_allclose(war.b[2], expected[1])


def test_shocks_are_public_signals_and_cost_jumps_on_their_day():
    shocks = Shocks(np.array([10]), np.array([[0.0, 5.0]]), np.array([[0.0, -0.05]]))
    calm, shocked = path(shocks=Shocks.none(), q=0.0), path(shocks=shocks, q=0.0)
    # five engagements' worth of evidence for the second party, seen by both
    np.testing.assert_allclose(shocked.b[10] - calm.b[10], [5.0, 5.0])
    np.testing.assert_allclose(shocked.a[10] - calm.a[10], [0.0, 0.0])
    np.testing.assert_allclose(shocked.cost[9], calm.cost[9])
    np.testing.assert_allclose(shocked.cost[10] - calm.cost[10], [0.0, -0.05])


def test_costs_grow_by_the_daily_pain():
    war = path(days=30)
    np.testing.assert_allclose(war.cost[29], [0.1 + 30 * 0.001, 0.2 + 30 * 0.002])


def test_the_path_depends_on_the_seed_only():
    a, b = path(seed=5), path(seed=5)
    for field in ("theta", "engagements", "wins", "a", "b", "cost"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(path(seed=6).engagements, a.engagements)


@given(st.floats(0.0, 1.0), st.floats(0.5, 400.0))
def test_daily_share_compounds_to_the_period_share(share, days):
    daily = daily_share(share, days)
    assert 1.0 - (1.0 - daily) ** days == pytest.approx(share, abs=1e-9)


@given(st.integers(1, 200), st.floats(0.0, 3.0), st.floats(0.0, 0.5), st.integers(0, 10))
def test_beliefs_stay_proper_and_costs_never_negative(days, rate, q, seed):
    war = path(days=days, rate=rate, q=q, seed=seed, cost0=(0.0, 0.0))
    assert (war.a > 0).all() and (war.b > 0).all()
    assert (war.wins <= war.engagements).all()
    assert (war.cost >= 0).all()
    p = np.array([war.win_probability(d) for d in range(days)])
    assert ((p > 0) & (p < 1)).all()
