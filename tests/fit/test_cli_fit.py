"""``peacesim fit``, ``backtest --posterior`` and ``run --posterior`` from the command line."""

import json

import pandas as pd
import pytest

from sim.cli import main
from sim.fit.posterior import PARTICLES, SUMMARY

#: A hand-made posterior of three assumptions, two particles.
PRIORS = [
    {"path": "battlefield.theta.2022", "value": 0.5, "low": 0.35, "high": 0.65},
    {"path": "commitment.ukraine.base_risk", "value": 0.5, "low": 0.3, "high": 0.7},
    {"path": "breach.humanitarian_corridors", "value": 0.4, "low": 0.1, "high": 0.7},
]


@pytest.fixture
def posterior(tmp_path):
    folder = tmp_path / "fit"
    folder.mkdir()
    pd.DataFrame(
        {
            "generation": [0, 0],
            "particle": [0, 1],
            "weight": [0.25, 0.75],
            "distance": [0.05, 0.04],
            "battlefield.theta.2022": [0.4, 0.6],
            "commitment.ukraine.base_risk": [0.35, 0.45],
            "breach.humanitarian_corridors": [0.2, 0.6],
        }
    ).to_parquet(folder / PARTICLES)
    about = {"priors": PRIORS, "provenance": {"seed": 0, "record_sha256": "r"}}
    (folder / SUMMARY).write_text(json.dumps(about))
    return folder


def one_line_error(capsys, argv) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_bad_fit_and_posterior_arguments_are_one_line(capsys, tmp_path):
    argv = ["fit", "--out", str(tmp_path), "--runs", "5", "--assumptions", "all"]
    err = one_line_error(capsys, argv)
    assert "more particles than the 37 assumptions" in err
    err = one_line_error(capsys, ["run", "belarus-2022", "--draw", "1", "--out", str(tmp_path)])
    assert "--draw: only with --posterior DIR" in err
    err = one_line_error(capsys, ["backtest", "--posterior", str(tmp_path / "none")])
    assert "expected the folder of a finished `peacesim fit`" in err


def test_a_posterior_value_outside_its_range_never_reaches_a_run(posterior, capsys, tmp_path):
    table = pd.read_parquet(posterior / PARTICLES)
    table.loc[1, "breach.humanitarian_corridors"] = float("nan")
    table.to_parquet(posterior / PARTICLES)
    for command in ("run", "app"):
        argv = [command, "belarus-2022", "--posterior", str(posterior), "--draw", "0"]
        err = one_line_error(capsys, [*argv, *(["--out", str(tmp_path)] * (command == "run"))])
        assert "breach.humanitarian_corridors: expected values in its prior's range" in err


def test_a_posterior_draw_outside_its_domain_is_refused_in_one_line(posterior, capsys, tmp_path):
    # A prior range reaching below 0 (an edited fit.json) lets a particle hold a
    # negative breach rate; the domain check refuses it before any run or the app.
    about = json.loads((posterior / SUMMARY).read_text())
    about["priors"][2]["low"] = -0.5
    (posterior / SUMMARY).write_text(json.dumps(about))
    table = pd.read_parquet(posterior / PARTICLES)
    table.loc[:, "breach.humanitarian_corridors"] = -0.2
    table.to_parquet(posterior / PARTICLES)
    for command in ("run", "app"):
        argv = [command, "istanbul-2022", "--posterior", str(posterior), "--draw", "1"]
        err = one_line_error(capsys, [*argv, *(["--out", str(tmp_path)] * (command == "run"))])
        assert "draw 1: breach.humanitarian_corridors: expected a probability in [0, 1]" in err
        assert "got -0.2" in err


def test_run_starts_from_the_posterior_mean_or_a_draw(posterior, tmp_path):
    plain, mean, draw = tmp_path / "plain", tmp_path / "mean", tmp_path / "draw"
    base = ["run", "belarus-2022", "--no-charts"]
    assert main([*base, "--out", str(plain)]) == 0
    assert main([*base, "--posterior", str(posterior), "--out", str(mean)]) == 0
    assert main([*base, "--posterior", str(posterior), "--draw", "2", "--out", str(draw)]) == 0
    about = json.loads((mean / "provenance.json").read_text())
    assert about["posterior"] == {"fit": {"seed": 0, "record_sha256": "r"}, "draw": "mean"}
    assert "--posterior" in about["command"]
    assert json.loads((draw / "provenance.json").read_text())["posterior"]["draw"] == 2
    plain_hash = json.loads((plain / "provenance.json").read_text())["scenario_sha256"]
    assert about["scenario_sha256"] != plain_hash  # the assumptions changed the scenario


def test_backtest_from_a_posterior_scores_every_forecaster(posterior, tmp_path):
    out = tmp_path / "bt"
    argv = ["backtest", "--posterior", str(posterior), "--runs", "5", "--out", str(out)]
    assert main([*argv, "--workers", "2", "--quiet"]) == 0
    scores = pd.read_csv(out / "posterior-scores.csv")
    assert set(scores["forecaster"]) == {
        "posterior",
        "central calibration",
        "full ranges",
        "always no agreement",
        "issue base rate",
    }
    assert set(scores["scope"]) == {"all", "2022", "2025", "after the documents"}
    assert {"brier", "log_score", "accuracy", "sample"} <= set(scores.columns)
    table = pd.read_csv(out / "posterior-backtest.csv")
    assert (table["runs"] == 5).all()
    horizon = pd.read_csv(out / "posterior-horizon.csv")
    assert set(horizon["variant"]) == {"posterior", "seeds", "seeds and assumptions"}
    for chart in ("reliability", "posterior-horizon"):
        assert (out / f"{chart}.png").is_file() and (out / f"{chart}.svg").is_file()
    assert json.loads((out / "provenance.json").read_text())["fit"]["record_sha256"] == "r"


def test_a_one_generation_fit_from_the_command_line_resumes_as_done(tmp_path, capsys):
    argv = ["fit", "--runs", "40", "--generations", "1", "--workers", "1", "--out", str(tmp_path)]
    argv += ["--assumptions", "all"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "generation 0: threshold" in printed and "Stopped: generation limit (1)" in printed
    for name in ("fit.db", PARTICLES, SUMMARY, "intervals.csv", "posterior-marginals.png"):
        assert (tmp_path / name).is_file(), name
    assert (tmp_path / "width-ratio.svg").is_file()
    first = (tmp_path / PARTICLES).read_bytes()
    assert main(argv) == 0
    assert "generation 0" not in capsys.readouterr().out  # nothing left to run
    assert (tmp_path / PARTICLES).read_bytes() == first
    intervals = pd.read_csv(tmp_path / "intervals.csv")
    assert len(intervals) == 37 and (intervals["width_ratio"] > 0).all()


def test_a_screened_fit_fits_what_its_screen_keeps_and_says_so(tmp_path, capsys):
    argv = ["fit", "--runs", "30", "--generations", "1", "--screen", "2", "--workers", "2"]
    assert main([*argv, "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "Screening 37 assumptions (Morris, 2 trajectories, 304 runs" in printed
    screen = pd.read_csv(tmp_path / "screen.csv")
    kept = sorted(screen.loc[screen["kept"], "path"])
    about = json.loads((tmp_path / SUMMARY).read_text())
    assert sorted(p["path"] for p in about["priors"]) == kept
    assert about["identity"]["chosen_by"].startswith("Morris screen: mu* at least 0.25")
    assert "--screen" in about["provenance"]["command"]
    assert sorted(pd.read_csv(tmp_path / "intervals.csv")["path"]) == kept
    assert (tmp_path / "screen.png").is_file() and (tmp_path / "screen.svg").is_file()
    first = {name: (tmp_path / name).read_bytes() for name in ("screen.csv", PARTICLES)}
    assert main([*argv, "--out", str(tmp_path)]) == 0  # resumed: the screen is not rerun
    printed = capsys.readouterr().out
    assert "Reusing the Morris screen kept in" in printed and "Screening" not in printed
    assert {name: (tmp_path / name).read_bytes() for name in first} == first
