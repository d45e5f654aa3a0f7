import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.commitment import acceptance_threshold, renege_discounted, renege_risk

unit = st.floats(0, 1)


def test_renege_risk_by_hand():
    # base 0.4, full guarantees remove 75% of it, a full power shift adds 0.2
    assert renege_risk(0.4, 1.0, 0.0, 0.75, 0.2) == pytest.approx(0.1)
    assert renege_risk(0.4, 0.0, 1.0, 0.75, 0.2) == pytest.approx(0.6)
    assert renege_risk(0.9, 0.0, 1.0, 0.0, 0.5) == 1.0  # clipped


def test_discounted_value_by_hand():
    # terms 0.8, war 0.5, risk 0.25, loss 0.2: 0.75 * 0.8 + 0.25 * (0.5 - 0.2)
    assert renege_discounted(np.array([0.8]), 0.5, np.array([0.25]), 0.2)[0] == pytest.approx(0.675)
    # terms below war: betrayal leaves it at the terms minus the loss
    assert renege_discounted(np.array([0.3]), 0.5, np.array([0.5]), 0.2)[0] == pytest.approx(0.2)
    # never below the worst outcome
    assert renege_discounted(np.array([0.0]), 0.5, np.array([1.0]), 0.2)[0] == 0.0


def test_threshold_by_hand():
    # w + r lambda / (1 - r) = 0.5 + 0.25 * 0.2 / 0.75
    assert acceptance_threshold(0.5, np.array([0.25]), 0.2)[0] == pytest.approx(0.5 + 0.2 / 3)
    assert acceptance_threshold(0.5, np.array([1.0]), 0.2)[0] == np.inf
    assert acceptance_threshold(0.5, np.array([1.0]), 0.0)[0] == 0.5


@given(unit, st.floats(0, 0.95), st.floats(0, 0.95), st.floats(0, 0.5), unit)
def test_acceptable_exactly_above_the_threshold(u, w, r, loss, eps):
    value = renege_discounted(np.array([u]), w, np.array([r]), loss)[0]
    threshold = acceptance_threshold(w, np.array([r]), loss)[0]
    if abs(u - threshold) > 1e-9 and w > 0:
        assert (value >= w) == (u >= threshold)


@given(unit, st.floats(0, 0.95), unit, st.floats(0, 0.5), unit, unit, unit, unit)
def test_more_guarantees_never_lower_the_guaranteed_partys_value(
    u, w, base, loss, g, extra, effect, shift
):
    """Guarantees lower the renege risk; lower risk never lowers the value (Walter 1997)."""
    g2 = min(1.0, g + extra)
    r1 = renege_risk(base, g, shift, effect, 0.2)
    r2 = renege_risk(base, g2, shift, effect, 0.2)
    assert r2 <= r1 + 1e-12
    v1 = renege_discounted(np.array([u]), w, np.array([r1]), loss)[0]
    v2 = renege_discounted(np.array([u]), w, np.array([r2]), loss)[0]
    assert v2 >= v1 - 1e-12


@given(unit, st.floats(0, 0.95), unit, st.floats(0, 0.5))
def test_value_never_exceeds_the_terms(u, w, r, loss):
    assert renege_discounted(np.array([u]), w, np.array([r]), loss)[0] <= u + 1e-12
