import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.zone import agreement_zone
from tests.core.strategies import utility_sets


def test_zone_is_inclusive_of_the_reservation():
    U = np.array([[0.5, 0.5], [0.49, 0.9], [0.9, 0.3], [0.6, 0.3]])
    np.testing.assert_array_equal(
        agreement_zone(U, np.array([0.5, 0.3])), [True, False, True, True]
    )


@given(utility_sets(), st.floats(0, 1))
def test_zone_matches_definition_row_by_row(U, r):
    reservation = np.full(U.shape[1], r)
    expected = [all(U[i, j] >= r for j in range(U.shape[1])) for i in range(U.shape[0])]
    np.testing.assert_array_equal(agreement_zone(U, reservation), np.array(expected, dtype=bool))


def test_shape_mismatch_is_an_error():
    with pytest.raises(ValueError):
        agreement_zone(np.zeros((3, 2)), np.zeros(3))
