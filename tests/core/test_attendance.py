import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.core.attendance import nearest_text, returns, shortfalls


def test_the_text_a_side_could_get_is_the_nearest_miss_for_both():
    values = np.array([[0.9, 0.2], [0.55, 0.5], [0.2, 0.9]])
    assert nearest_text(values, np.array([0.6, 0.6])) == 1
    np.testing.assert_allclose(shortfalls(values, np.array([0.6, 0.6])), [0.05, 0.1])


def test_in_an_open_zone_nobody_falls_short():
    values = np.array([[0.8, 0.7], [0.6, 0.9]])
    assert (shortfalls(values, np.array([0.5, 0.5])) <= 0).all()


def test_a_side_returns_after_enough_improvement_or_a_zone():
    assert returns(0.19, 0.25, 0.05)
    assert not returns(0.21, 0.25, 0.05)
    assert returns(-0.01, 0.02, 0.05)


unit = st.floats(0.0, 1.0, allow_nan=False)


@given(
    st.integers(1, 30).flatmap(lambda m: arrays("float64", (m, 2), elements=unit)),
    arrays("float64", 2, elements=unit),
    st.floats(0.0, 0.5),
    st.integers(0, 1),
)
def test_a_costlier_war_never_takes_the_text_further_from_a_deal(values, w, cheaper, side):
    """The text maximises the smaller gain: lowering either war value can only raise it,
    so the larger shortfall (the side furthest from a deal) never grows."""
    lower = w.copy()
    lower[side] -= cheaper
    assert shortfalls(values, lower).max() <= shortfalls(values, w).max() + 1e-12
