"""The position-exchange model against hand-worked exchanges, and its properties.

Hand-worked (the module docstring's case): A at 0 and B at 100 on two issues,
saliences A (0.9, 0.3), B (0.3, 0.6), capabilities 1 and 2. Weights A (0.9,
0.3), B (0.6, 1.2); W = (1.5, 1.5); O = (40, 80). A demands issue 0 (0.9 *
0.6 > 0.3 * 0.3). Caps: B may move its vote on issue 0 all the way to 0,
shifting O_0 by 0.6 * 100 / 1.5 = 40 (= |0 - 40|); A may move on issue 1 by 100,
shifting O_1 by 0.3 * 100 / 1.5 = 20 (= |100 - 80|). Rate r = (0.9 + 0.3) /
(0.3 + 0.6) = 4/3, so delta_0 = min(40, 20 / r) = 15 and delta_1 = 20: B's vote
moves 15 * 1.5 / 0.6 = 37.5 to 62.5, A's to 100. Gains 0.9 * 15 - 0.3 * 20 = 7.5
and 0.6 * 20 - 0.3 * 15 = 7.5. Then O = (25, 100) and B stands on O_1.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.core.compromise import weighted_mean
from sim.core.exchange import exchange_model

TWO = np.array([[0.0, 0.0], [100.0, 100.0]])


def test_one_exchange_by_hand():
    result = exchange_model(TWO, np.array([[0.9, 0.3], [0.3, 0.6]]), np.array([1.0, 2.0]))
    np.testing.assert_allclose(result.outcome, [25.0, 100.0])
    np.testing.assert_allclose(result.votes, [[0.0, 100.0], [62.5, 100.0]])
    assert (result.rounds, result.exchanges) == (1, 1)


def test_mirror_saliences_trade_everything():
    # O = (20, 80); both caps are 20 at the rate 1: each gets its salient issue.
    result = exchange_model(TWO, np.array([[0.8, 0.2], [0.2, 0.8]]), np.ones(2))
    np.testing.assert_allclose(result.outcome, [0.0, 100.0])


@pytest.mark.parametrize(
    ("positions", "salience"),
    [
        (TWO, np.array([[0.5, 0.5], [0.5, 0.5]])),  # equal salience ratios: no gain
        (np.array([[0.0, 0.0], [10.0, 10.0], [100.0, 100.0]]), np.full((3, 2), 0.5)),
        (np.array([[0.0], [100.0]]), np.array([[0.9], [0.3]])),  # one issue
        (np.array([[0.0, np.nan], [100.0, 100.0]]), np.array([[0.9, 0.3], [0.3, 0.6]])),
    ],
)
def test_without_a_possible_exchange_the_compromise_model_stands(positions, salience):
    capability = np.ones(positions.shape[0])
    result = exchange_model(positions, salience, capability)
    held = ~np.isnan(positions)
    weight = np.where(held, capability[:, None] * salience, 0.0)
    expected = weighted_mean(np.where(held, positions, 0.0).T, weight.T)
    np.testing.assert_allclose(result.outcome, expected)
    assert result.exchanges == 0


def test_the_round_cap_stops_early():
    result = exchange_model(
        TWO, np.array([[0.9, 0.3], [0.3, 0.6]]), np.array([1.0, 2.0]), max_rounds=0
    )
    np.testing.assert_allclose(result.outcome, [40.0, 80.0])


@pytest.mark.parametrize(
    ("positions", "salience", "capability"),
    [
        (np.zeros((2, 2)), np.full((2, 2), 1.5), np.ones(2)),
        (np.zeros((2, 2)), np.full((2, 2), 0.5), np.array([1.0, -1.0])),
        (np.zeros((2, 2)), np.full((2, 3), 0.5), np.ones(2)),
        (np.zeros(2), np.full(2, 0.5), np.ones(2)),
    ],
)
def test_bad_input_is_an_error(positions, salience, capability):
    with pytest.raises(ValueError):
        exchange_model(positions, salience, capability)


@st.composite
def proposals(draw, actors: int | None = None, issues: int | None = None):
    n = actors or draw(st.integers(2, 6))
    m = issues or draw(st.integers(1, 4))
    grid = st.integers(0, 10).map(lambda v: 10.0 * v)
    x = draw(arrays("float64", (n, m), elements=grid))
    s = draw(arrays("float64", (n, m), elements=st.integers(1, 10).map(lambda v: v / 10)))
    c = draw(arrays("float64", (n,), elements=st.integers(1, 30).map(float)))
    return x, s, c


@given(proposals())
def test_votes_and_outcomes_stay_within_the_positions(proposal):
    x, s, c = proposal
    result = exchange_model(x, s, c)
    low, high = x.min(axis=0) - 1e-9, x.max(axis=0) + 1e-9
    assert ((result.votes >= low) & (result.votes <= high)).all()
    assert ((result.outcome >= low) & (result.outcome <= high)).all()
    np.testing.assert_array_equal(exchange_model(x, s, c).outcome, result.outcome)  # repeatable


@given(proposals(actors=2, issues=2))
def test_two_actors_gain_equally_and_never_lose(proposal):
    x, s, c = proposal
    start = weighted_mean(x.T, (c[:, None] * s).T)
    end = exchange_model(x, s, c).outcome
    loss = (s * np.abs(end - x)).sum(axis=1) - (s * np.abs(start - x)).sum(axis=1)
    assert (loss <= 1e-9).all()
    assert loss[0] == pytest.approx(loss[1], abs=1e-7)
