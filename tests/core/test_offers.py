import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.core.offers import trade_off_offer
from sim.core.pareto import pareto_front
from tests.core.strategies import utility_sets


def test_trade_off_offer_by_hand():
    own = np.array([0.9, 0.7, 0.7, 0.5, 0.3])
    other = np.array([0.1, 0.4, 0.6, 0.6, 0.9])
    assert trade_off_offer(own, other, 0.6) == 2
    assert trade_off_offer(own, other, 0.5) == 2  # ties with index 3 on other; higher own wins
    assert trade_off_offer(own, other, 0.0) == 4
    assert trade_off_offer(own, other, 0.95) is None


@given(utility_sets(parties=2), st.floats(0, 1))
def test_offer_meets_aspiration_is_best_for_the_other_and_on_the_front(U, a):
    i = trade_off_offer(U[:, 0], U[:, 1], a)
    feasible = U[:, 0] >= a
    if not feasible.any():
        assert i is None
        return
    assert U[i, 0] >= a
    assert U[i, 1] == U[feasible, 1].max()
    assert i in pareto_front(U)
