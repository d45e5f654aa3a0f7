import matplotlib.pyplot as plt
import numpy as np
import pytest

from sim.charts.validation_chart import validation_chart, validation_figure
from sim.forecast.validation import score_frame

LABELS = {"compromise": "compromise", "median": "median", "stacked": "stacked"}


@pytest.fixture(scope="module")
def table():
    rng = np.random.default_rng(0)
    outcome = rng.uniform(0, 100, 40)
    forecasts = {
        "compromise": outcome + rng.normal(0, 15, 40),
        "median": outcome + rng.normal(0, 25, 40),
        "stacked": outcome + rng.normal(0, 14, 40),
    }
    return score_frame(forecasts, outcome, np.repeat(np.arange(10), 4), draws=200)


def test_the_points_drawn_are_the_scores(table):
    fig = validation_figure(table, LABELS)
    lines = {line.get_gid(): line for ax in fig.axes for line in ax.get_lines()}
    for row in table.itertuples():
        assert lines[f"mae:{row.forecast}"].get_xdata()[0] == pytest.approx(row.mae)
        assert lines[f"within:{row.forecast}"].get_xdata()[0] == pytest.approx(row.within)
    plt.close(fig)


def test_chart_is_written_as_png_and_stable_svg(table, tmp_path):
    first = validation_chart(table, tmp_path / "a" / "cv", LABELS)
    second = validation_chart(table, tmp_path / "b" / "cv", LABELS)
    assert [p.suffix for p in first] == [".png", ".svg"]
    assert first[0].stat().st_size > 10_000
    assert first[1].read_bytes() == second[1].read_bytes()
    svg = first[1].read_text()
    for forecast in LABELS:  # every forecast's point in both panels, by its gid
        assert f'id="mae:{forecast}"' in svg and f'id="within:{forecast}"' in svg
