import numpy as np
import pytest
from hypothesis import given, settings

from sim.core.bargaining import nash_bargaining
from sim.core.zeuthen import (
    concede,
    nash_products,
    risk_limits,
    zeuthen_agreement,
    zeuthen_step,
)
from tests.core.strategies import utility_sets


def test_risk_limits_by_hand():
    # party 0: own offer 0.9, the other's 0.5, breakdown 0.1 -> (0.9 - 0.5) / 0.8 = 0.5
    # party 1: own offer 0.8, the other's 0.2, breakdown 0.2 -> (0.8 - 0.2) / 0.6 = 1
    np.testing.assert_allclose(risk_limits([0.9, 0.8], [0.5, 0.2], [0.1, 0.2]), [0.5, 1.0])
    # an offer no better than breakdown protects nothing; an offer already met risks nothing
    np.testing.assert_allclose(risk_limits([0.1, 0.6], [0.0, 0.7], [0.2, 0.1]), [0.0, 0.0])


def test_nash_products_mark_irrational_rows():
    U = np.array([[0.5, 0.5], [0.9, 0.05], [0.3, 0.7]])
    np.testing.assert_allclose(nash_products(U, [0.1, 0.1]), [0.16, -1.0, 0.12])


def test_the_side_less_willing_to_risk_breakdown_concedes():
    # frontier u1 = 1 - u0 on a grid; d = 0: Nash point (0.5, 0.5)
    x = np.linspace(0, 1, 11)
    U = np.column_stack([x, 1 - x])
    offers = (10, 0)  # each at its ideal
    # both offers have Nash product 0: both concede (Zeuthen's tie rule)
    (a, b), agreed = zeuthen_step(U, [0.0, 0.0], offers)
    assert agreed is None and a < 10 and b > 0
    # against (0.3, 0.7), product 0.21, party 0 moves to its best row with a larger
    # product: (0.6, 0.4), product 0.24; (0.7, 0.3) only ties 0.21
    assert concede(U, np.zeros(2), 0, 3) == 6
    # against its Nash point the other side can only give in
    assert concede(U, np.zeros(2), 1, 5) == 5


def test_no_concession_without_a_zone():
    U = np.array([[0.9, 0.1], [0.1, 0.9], [0.5, 0.4]])
    (a, b), agreed = zeuthen_step(U, [0.6, 0.6], (0, 1))
    assert (a, b) == (0, 1) and agreed is None
    assert zeuthen_agreement(U, [0.6, 0.6])[0] is None


@settings(max_examples=300, deadline=None)
@given(utility_sets(parties=2, max_rows=30))
def test_zeuthen_ends_at_the_nash_product_maximum(U):
    """Harsanyi (1956): Zeuthen's process ends at the Nash bargaining solution."""
    d = np.array([0.2, 0.1])
    agreed, _ = zeuthen_agreement(U, d)
    products = nash_products(U, d)
    if U.shape[0] == 0 or products.max() < 0:
        assert agreed is None
        return
    assert agreed is not None
    assert products[agreed] == pytest.approx(products.max())
    strict = nash_bargaining(U, d)
    if strict is not None:
        assert products[agreed] == pytest.approx(products[strict])
