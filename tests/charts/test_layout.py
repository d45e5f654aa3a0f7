"""Every chart the project saves has no overlapping labels and no text below 8 pt.

The checker (:mod:`sim.charts.layout`) compares the rendered text boxes
(``get_window_extent`` after ``canvas.draw()``); it is tested first on
figures with known overlaps, then run on every figure the charts save: each
``Figure.savefig`` in these tests is checked before it writes.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sim.backtest.horizon import MEASURES, VARIANTS, weekly
from sim.backtest.validation import ERA_SCENARIOS, era_horizon, load_validation
from sim.calibration.scenario import find_scenario, load_scenario
from sim.calibration.seeds import load_outcomes
from sim.charts import layout
from sim.charts.backtest_chart import backtest_chart
from sim.charts.forecast_chart import forecast_chart
from sim.charts.horizon_chart import horizon_chart
from sim.charts.sweep_charts import write_report
from sim.cli import main
from sim.forecast.talks import forecast_scenario
from sim.sweeps.runner import SerialBackend, prepare, run_sweep
from sim.talks import NegotiationModel, run_model


@pytest.fixture
def checked(monkeypatch):
    """Every figure saved while the test runs, checked for overlaps and small text."""
    found: dict[str, list[str]] = {}
    save = Figure.savefig

    def savefig(fig, path, *args, **kwargs):
        found[str(path)] = layout.overlap_problems(fig) + layout.small_texts(fig, width=False)
        return save(fig, path, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    yield found
    assert found, "no chart was saved"
    assert {path: p for path, p in found.items() if p} == {}


# --- the checker ------------------------------------------------------------------------


def test_overlapping_labels_are_found_and_apart_ones_are_not():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.text(0.5, 0.5, "first label", transform=ax.transAxes)
    ax.text(0.52, 0.51, "second label", transform=ax.transAxes)
    ax.text(0.1, 0.1, "far away", transform=ax.transAxes)
    assert layout.overlaps(fig) == [("first label", "second label")]
    plt.close(fig)


def test_an_upright_label_run_into_by_a_turned_one_is_found():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.text(
        0.5,
        0.5,
        "a label turned upright",
        rotation=90,
        ha="center",
        va="center",
        transform=ax.transAxes,
    )
    ax.text(0.3, 0.6, "a title across it", transform=ax.transAxes)
    assert layout.overlaps(fig) == [("a label turned upright", "a title across it")]
    plt.close(fig)


def test_slanted_tick_labels_count_as_the_slanted_boxes_they_fill():
    # Slanted at 45 degrees, neighbouring labels' upright boxes overlap, their own do not.
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.set_xticks(range(6), [f"label number {k}" for k in range(6)], rotation=45, ha="right")
    assert layout.overlaps(fig) == []
    ax.set_xticks(range(6), [f"label number {k}" for k in range(6)], rotation=0)
    assert layout.overlaps(fig)
    plt.close(fig)


def test_small_text_and_wide_figures_are_named():
    fig, ax = plt.subplots(figsize=(15, 3))
    ax.text(0.5, 0.5, "tiny", fontsize=6)
    found = layout.small_texts(fig)
    assert "'tiny' at 6 pt" in found and "a figure 15 in wide" in found
    assert layout.small_texts(fig, width=False) == ["'tiny' at 6 pt"]
    plt.close(fig)


def test_ticks_outside_the_view_and_hidden_axes_are_not_text_on_the_chart():
    fig, (ax, hidden) = plt.subplots(1, 2)
    ax.set(xlim=(0.01, 0.99), ylim=(0.01, 0.99))  # ticks at 0 and 1: laid out, not drawn
    hidden.set_axis_off()
    texts = {t.get_text() for t in layout.visible_texts(fig)}
    assert "0.0" not in texts and "1.0" not in texts and "0.2" in texts
    plt.close(fig)


# --- every chart --------------------------------------------------------------------------


def test_the_run_charts(tmp_path, checked):
    argv = ["run", "istanbul-2022", "--rounds", "12", "--out", str(tmp_path)]
    assert main(argv) == 0
    assert {p.rsplit("/", 1)[-1] for p in checked} >= {"agreement-zone.png", "concessions.png"}


def test_the_forecast_chart(tmp_path, checked):
    scenario = load_scenario(find_scenario("istanbul-2025"))
    simulated = run_model(NegotiationModel(scenario, seed=0)).rounds.iloc[-1]
    forecast_chart(forecast_scenario(scenario), scenario, tmp_path / "forecast", simulated)


def test_the_horizon_chart(tmp_path, checked):
    # Each era's weekly dates and the record's, every measure, both variants (shares made up).
    record = load_validation()
    rng = np.random.default_rng(0)
    rows = []
    for era, scenario in ERA_SCENARIOS.items():
        asked = set(record.loc[record["era"] == era, "date"])
        first = load_scenario(find_scenario(scenario)).rounds[0].date
        for date in sorted(set(weekly(first, era_horizon(era))) | asked):
            for variant in VARIANTS:
                for measure in MEASURES:
                    rows.append(
                        {
                            "era": era,
                            "scenario": scenario,
                            "variant": variant,
                            "date": date.isoformat(),
                            "measure": measure,
                            "p": rng.random(),
                        }
                    )
    horizon_chart(pd.DataFrame(rows), record, tmp_path / "horizon")


def test_the_backtest_chart(tmp_path, checked):
    rng = np.random.default_rng(0)
    table = pd.DataFrame(
        {
            "meeting_date": o.meeting_date.isoformat(),
            "meeting": o.meeting,
            "issue": o.issue,
            "predicted_agreement": rng.random(),
            "documented": o.documented,
        }
        for o in load_outcomes()
    )
    backtest_chart(table, tmp_path / "backtest")


SWEEP = """
title = "Which mediators, and how strong a shuttle, bring a deal closer within two rounds?"
scenario = "istanbul-2022"
rounds = 2

[parameters.mediators]
path = "mediators"
[parameters.mediators.choices]
none = {{}}
turkey_and_us = {{ turkey = {{}}, united_states = {{ levers = ["walk_away_threat"] }} }}
france_germany = {{ france = {{}}, germany = {{}} }}

[parameters.shuttle_calls]
path = "assumptions.levers.shuttle_calls"
{values}

[report]
outcome = "zone_size"
label = "Packages in the agreement zone after the last round"
{design}
"""


@pytest.mark.parametrize(
    ("values", "design"),
    [
        ("values = [0.0, 0.01, 0.02]", ""),
        ("range = [0.0, 0.02]", '[design]\nkind = "sobol"\nsamples = 2'),
    ],
    ids=["grid", "sobol"],
)
def test_the_sweep_report_charts(tmp_path, checked, values, design):
    spec = tmp_path / "spec.toml"
    spec.write_text(SWEEP.format(values=values, design=design), encoding="utf-8")
    run_sweep(prepare(spec), tmp_path / "out", SerialBackend(), progress=False)
    written = write_report(tmp_path / "out")
    assert any(p.name == "parameters.png" for p in written)
