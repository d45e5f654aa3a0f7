import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.alternating_offers import BOULWARE, CONCEDER, alternating_offers
from sim.core.concession import aspiration
from sim.core.offers import trade_off_offer
from tests.core.strategies import utility_sets


def step_by_step(U, exponents, r, n_steps):
    """Reference: the protocol as written, one step at a time, over every outcome."""
    offers = []
    for s in range(n_steps):
        tau = s / (n_steps - 1)
        a = [aspiration(tau, e, U[:, i].max(), r[i]) for i, e in enumerate(exponents)]
        p = s % 2
        offer = trade_off_offer(U[:, p], U[:, 1 - p], a[p])
        offers.append(-1 if offer is None else offer)
        if offer is not None and U[offer, 1 - p] >= a[1 - p]:
            return offers, offer, s
    return offers, None, None


def test_hand_worked_negotiation():
    # Three outcomes on a line; Conceder (party 0) against Boulware, 3 steps.
    U = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    got = alternating_offers(U, (CONCEDER, BOULWARE), np.array([0.0, 0.0]), n_steps=3)
    # Step 0: party 0 asks 1.0 -> outcome 0, party 1's aspiration is 1.0: rejected.
    # Step 1 (tau 0.5): party 1's aspiration 1 - 0.5**4 = 0.9375 -> outcome 2;
    # party 0's aspiration 1 - 0.5**0.25 = 0.159 > 0: rejected.
    # Step 2 (deadline): party 0 asks 0 -> offers outcome 2 (best for the other), accepted.
    np.testing.assert_array_equal(got.offers, [0, 2, 2])
    assert (got.agreement, got.step) == (2, 2)


@settings(max_examples=300, deadline=None)
@given(
    utility_sets(parties=2, max_rows=40).filter(lambda U: U.shape[0] > 0),
    st.sampled_from([BOULWARE, 1.0, CONCEDER]),
    st.sampled_from([BOULWARE, 1.0, CONCEDER]),
    st.sampled_from([0.0, 0.3, 0.6, 1.2]),
    st.integers(2, 12),
)
def test_matches_the_step_by_step_protocol(U, e0, e1, r, n_steps):
    reservation = np.array([r, 0.3])
    offers, agreement, step = step_by_step(U, (e0, e1), reservation, n_steps)
    got = alternating_offers(U, (e0, e1), reservation, n_steps)
    np.testing.assert_array_equal(got.offers, offers)
    assert (got.agreement, got.step) == (agreement, step)


def test_rejects_bad_input():
    with pytest.raises(ValueError, match="n_steps"):
        alternating_offers(np.ones((2, 2)), (1.0, 1.0), np.zeros(2), n_steps=1)
    with pytest.raises(ValueError, match="shape"):
        alternating_offers(np.ones((2, 3)), (1.0, 1.0), np.zeros(2))
