import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.backtest.scoring import accuracy, base_rates, brier_score, rate_forecast


def test_brier_by_hand():
    # (0.9-1)^2 + (0.2-0)^2 + (0.6-0)^2 + (0.5-1)^2 = 0.01 + 0.04 + 0.36 + 0.25 = 0.66
    assert brier_score([0.9, 0.2, 0.6, 0.5], [1, 0, 0, 1]) == pytest.approx(0.66 / 4)
    assert brier_score([0, 0, 0], [1, 0, 0]) == pytest.approx(1 / 3)
    assert brier_score([0.5] * 7, [1, 0, 1, 1, 0, 0, 1]) == pytest.approx(0.25)


def test_accuracy_by_hand():
    # 0.9 -> yes (right), 0.2 -> no (right), 0.6 -> yes (wrong), 0.5 -> yes (right)
    assert accuracy([0.9, 0.2, 0.6, 0.5], [1, 0, 0, 1]) == pytest.approx(0.75)


def test_base_rates_and_their_forecast():
    rates = base_rates(["a", "a", "b", "b", "b"], [1, 0, 0, 0, 1])
    assert rates == pytest.approx({"a": 0.5, "b": 1 / 3, "": 0.4})
    assert rate_forecast(rates, ["b", "c"]).tolist() == pytest.approx([1 / 3, 0.4])


def test_bad_inputs_are_refused():
    for p, y in (([0.5], [1, 0]), ([1.2], [1]), ([0.5], [0.5]), ([], [])):
        with pytest.raises(ValueError):
            brier_score(p, y)


@given(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 1)), min_size=1, max_size=50))
def test_brier_properties(pairs):
    p, y = map(np.array, zip(*pairs, strict=True))
    score = brier_score(p, y)
    assert 0.0 <= score <= 1.0
    assert brier_score(y.astype(float), y) == 0.0  # a certain, right forecast is perfect
    # The outcome's own frequency never scores worse than a constant 1/2 ... or any constant
    assert brier_score(np.full(y.size, y.mean()), y) <= brier_score(np.full(y.size, 0.5), y) + 1e-12
