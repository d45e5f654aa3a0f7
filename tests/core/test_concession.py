import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.concession import aspiration, concession

e_st = st.floats(0.05, 20)
k_st = st.floats(0, 0.9)
family_st = st.sampled_from(["polynomial", "exponential"])


@given(e_st, k_st, family_st)
def test_concession_is_monotone_and_hits_its_end_points(e, k, family):
    t = np.linspace(0, 1, 201)
    alpha = concession(t, e, k, family)
    assert (np.diff(alpha) >= -1e-12).all()
    assert concession(1.0, e, k, family) == pytest.approx(1.0)
    assert concession(0.0, e, k, family) == pytest.approx(k)


def test_hand_computed_values():
    assert concession(0.25, 0.5) == pytest.approx(0.0625)  # Boulware: t**2
    assert concession(0.25, 1.0) == pytest.approx(0.25)  # linear
    assert concession(0.25, 2.0) == pytest.approx(0.5)  # Conceder: sqrt(t)
    assert concession(0.5, 1.0, k=0.2) == pytest.approx(0.6)
    assert concession(0.5, 1.0, k=0.2, family="exponential") == pytest.approx(
        math.exp(0.5 * math.log(0.2))
    )


def test_boulware_concedes_less_than_conceder_before_the_deadline():
    t = np.linspace(0.01, 0.99, 50)
    assert (concession(t, 0.2) < concession(t, 1.0)).all()
    assert (concession(t, 1.0) < concession(t, 5.0)).all()


def test_exponential_k_zero_limit_is_a_step_at_the_deadline():
    np.testing.assert_array_equal(
        concession(np.array([0.0, 0.5, 0.999, 1.0]), 1.0, 0.0, "exponential"), [0, 0, 0, 1]
    )
    # and it is the limit of small k
    assert concession(0.5, 1.0, 1e-12, "exponential") == pytest.approx(0.0, abs=1e-5)


def test_aspiration_runs_from_ideal_to_reservation():
    assert aspiration(0.0, 1.0, 0.9, 0.4) == pytest.approx(0.9)
    assert aspiration(1.0, 1.0, 0.9, 0.4) == pytest.approx(0.4)
    assert aspiration(0.5, 1.0, 0.9, 0.4) == pytest.approx(0.65)
    assert isinstance(aspiration(0.5, 1.0, 0.9, 0.4), float)
    assert aspiration(np.array([0.0, 1.0]), 1.0, 0.9, 0.4).shape == (2,)


@pytest.mark.parametrize(
    ("t", "e", "k", "family"),
    [
        (0.5, 0.0, 0, "polynomial"),
        (1.5, 1, 0, "polynomial"),
        (0.5, 1, 2, "polynomial"),
        (0.5, 1, 0, "cubic"),
    ],
)
def test_bad_parameters_are_rejected(t, e, k, family):
    with pytest.raises(ValueError):
        concession(t, e, k, family)


def test_aspiration_at_is_the_linear_map_aspiration_uses():
    from sim.core.concession import aspiration_at

    assert aspiration_at(0.25, 0.9, 0.5) == pytest.approx(0.8)
    assert aspiration(0.25, 1.0, 0.9, 0.5) == pytest.approx(aspiration_at(0.25, 0.9, 0.5))
    # By hand: e = 1/2 gives alpha(1/4) = (1/4)^2 = 1/16, so 0.9 - 0.4 / 16 = 0.875.
    assert aspiration(0.25, 0.5, 0.9, 0.5) == pytest.approx(0.875)
