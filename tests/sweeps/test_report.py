import json

import numpy as np
import pandas as pd
import PIL.Image
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.cli import main
from sim.sweeps.design import design_points
from sim.sweeps.report import interval, levels_of, morris_effects, outcome_of, sobol_indices
from sim.sweeps.spec import SweepSpec
from sim.sweeps.store import RunStore
from tests.sweeps.specs import write_spec


def test_wilson_interval_matches_hand_computation():
    # p = 0.8, n = 10, z = 1.96: centre = (0.8 + 0.19207) / 1.38415 = 0.716741;
    # half = 1.96 * sqrt(0.016 + 0.0096037) / 1.38415 = 0.226579; the usual
    # table value for 8 of 10 is (0.490, 0.943).
    mean, low, high, n = interval(pd.Series([1.0] * 8 + [0.0] * 2), binary=True)
    assert (mean, n) == (0.8, 10)
    assert low == pytest.approx(0.716741 - 0.226579, abs=1e-5)
    assert high == pytest.approx(0.716741 + 0.226579, abs=1e-5)


@given(st.lists(st.booleans(), min_size=1, max_size=200))
def test_wilson_interval_contains_the_share_and_stays_in_0_1(flags):
    mean, low, high, _ = interval(pd.Series(flags, dtype=float), binary=True)
    assert -1e-12 <= low <= mean + 1e-12 and mean - 1e-12 <= high <= 1 + 1e-12


def test_many_distinct_values_are_binned():
    column = pd.Series(np.linspace(0, 1, 100))
    assert levels_of(column).nunique() == 8
    assert levels_of(pd.Series([0.1, 0.2, 0.1])).tolist() == [0.1, 0.2, 0.1]


def test_sobol_indices_of_a_linear_function():
    # y = 2 x0 + x1 with x uniform on [0, 1]: Var = (4 + 1) / 12, so
    # S1 = ST = 4/5 for x0 and 1/5 for x1 (no interactions).
    spec = SweepSpec.model_validate(
        {
            "title": "t",
            "scenario": "s",
            "design": {"kind": "sobol", "samples": 1024},
            "parameters": {n: {"path": n, "range": [0.0, 1.0]} for n in ("x0", "x1")},
            "report": {"outcome": "rounds"},
        }
    )
    points = design_points(spec)
    runs = points.assign(point=range(len(points)), rounds=2 * points["x0"] + points["x1"])
    indices = sobol_indices(runs, spec, outcome_of(runs, spec), len(points))
    assert indices["S1"].tolist() == pytest.approx([0.8, 0.2], abs=0.03)
    assert indices["ST"].tolist() == pytest.approx([0.8, 0.2], abs=0.03)


def test_morris_effects_of_a_linear_function():
    # y = 2 x0 - x1 + 0 x2 on [0, 1]^3: every elementary effect of x_i is its coefficient
    # (a linear function's difference quotient), so mu* = |b| = (2, 1, 0), mu = b, sigma = 0.
    spec = SweepSpec.model_validate(
        {
            "title": "t",
            "scenario": "s",
            "design": {"kind": "morris", "samples": 10, "seed": 4},
            "parameters": {n: {"path": n, "range": [0.0, 1.0]} for n in ("x0", "x1", "x2")},
            "report": {"outcome": "rounds"},
        }
    )
    points = design_points(spec)
    runs = points.assign(point=range(len(points)), rounds=2 * points["x0"] - points["x1"])
    effects = morris_effects(runs, spec, outcome_of(runs, spec), len(points))
    assert effects["mu_star"].tolist() == pytest.approx([2.0, 1.0, 0.0], abs=1e-6)
    assert effects["mu"].tolist() == pytest.approx([2.0, -1.0, 0.0], abs=1e-6)
    assert effects["sigma"].tolist() == pytest.approx([0.0, 0.0, 0.0], abs=1e-6)
    assert morris_effects(runs.iloc[1:], spec, outcome_of(runs, spec), len(points)) is None


def test_joint_outcome_needs_every_condition():
    spec = SweepSpec.model_validate(
        {
            "title": "t",
            "scenario": "s",
            "parameters": {"a": {"path": "a", "values": [1.0]}},
            "report": {
                "outcome": [
                    {"column": "x", "among": ["yes"]},
                    {"column": "y", "among": ["on", "maybe"]},
                ]
            },
        }
    )
    runs = pd.DataFrame({"x": ["yes", "yes", "no"], "y": ["on", "off", "on"]})
    assert outcome_of(runs, spec).values.tolist() == [1.0, 0.0, 0.0]


def test_report_writes_charts_and_markdown(tmp_path, capsys):
    spec = write_spec(tmp_path, replications=2, count=3)
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    assert main(["report", str(out)]) == 0
    for name in ("heatmap.png", "heatmap.svg", "parameters.png", "parameters.svg", "summary.csv"):
        assert (out / name).stat().st_size > 0, name
    text = (out / "report.md").read_text()
    assert "12 runs" in text and "| russia_war_cost | 0.05 | 4 |" in text
    summary = pd.read_csv(out / "summary.csv")
    assert summary.groupby("parameter")["runs"].sum().tolist() == [12, 12]
    about = RunStore(out).provenance()
    assert about is not None and about["command"][:2] == ["peacesim", "sweep"]
    png = json.loads(PIL.Image.open(out / "heatmap.png").text["Description"])
    assert png == about


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ('{"spec": ', "unreadable JSON"),
        ("[" * 100_000 + "]" * 100_000, "unreadable JSON"),
        ('{"spec": [], "runs": 1, "points": 1}', "not a manifest written by `peacesim sweep`"),
        ('{"spec": {"title": 1}, "runs": 1, "points": 1}', "spec.title: expected"),
    ],
)
def test_a_damaged_sweep_json_is_one_line(tmp_path, capsys, manifest, expected):
    (tmp_path / "runs").mkdir()
    (tmp_path / "sweep.json").write_text(manifest)
    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "sweep.json" in err[0] and expected in err[0], err
