import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sim.backtest.horizon import agreed_by_round
from sim.charts.horizon_chart import horizon_chart


def test_agreed_by_round_by_hand():
    rounds = np.array([2.0, np.nan, 3.0, 2.0])
    np.testing.assert_allclose(agreed_by_round(rounds, 4), [0.0, 0.5, 0.75, 0.75])


@given(
    st.lists(st.one_of(st.integers(1, 30).map(float), st.just(np.nan)), min_size=1),
    st.integers(1, 40),
)
def test_agreed_by_round_is_a_distribution_function(rounds, horizon):
    curve = agreed_by_round(np.array(rounds), horizon)
    assert curve.shape == (horizon,)
    assert (np.diff(curve) >= 0).all() and ((curve >= 0) & (curve <= 1)).all()
    never = np.isnan(rounds).mean()
    assert curve[-1] <= 1 - never + 1e-12


def test_horizon_chart_draws_every_scenario_and_variant(tmp_path):
    table = pd.DataFrame(
        [
            {"scenario": s, "variant": v, "round": k, "p_agreed": min(1.0, k / 10)}
            for s in ("a", "b")
            for v in ("seeds", "seeds and assumptions")
            for k in range(1, 11)
        ]
    )
    paths = horizon_chart(table, {"a": 2, "b": 3}, tmp_path / "h")
    assert [p.suffix for p in paths] == [".png", ".svg"]
    svg = paths[1].read_text()
    assert "a, seeds and assumptions" in svg and "b, seeds" in svg
