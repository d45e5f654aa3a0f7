import pytest

from sim.calibration.scenario import load_scenario
from sim.charts.forecast_chart import actor_name, forecast_chart
from sim.forecast.talks import forecast_scenario
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def istanbul_2025():
    return load_scenario(ROOT / "scenarios" / "istanbul-2025.toml")


def test_actor_names():
    assert [actor_name(a) for a in ("eu", "united_states", "russia")] == [
        "The EU",
        "The United States",
        "Russia",
    ]


def test_chart_is_written_as_png_and_stable_svg(istanbul_2025, tmp_path):
    forecasts = forecast_scenario(istanbul_2025)
    first = forecast_chart(forecasts, istanbul_2025, tmp_path / "a" / "rounds")
    second = forecast_chart(forecasts, istanbul_2025, tmp_path / "b" / "rounds")
    assert [p.suffix for p in first] == [".png", ".svg"]
    assert first[0].stat().st_size > 10_000
    assert first[1].read_bytes() == second[1].read_bytes()
