import subprocess
import sys

import pytest

from sim.cli import build_parser, main
from sim.forecast.models import MODELS
from tests.conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", "forecast", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--deu", "{tmp}/nope.csv", "--model", "eum", "--out", "{tmp}/o.csv"], "nope.csv: (file)"),
        (["--deu", "{bad}", "--model", "median", "--out", "{tmp}/o.csv"], "line 3, column pep"),
        (["--deu", "{small}", "--out", "{tmp}/o.csv"], "--model and --out"),
        ([], "give either a SCENARIO or --deu FILE"),
        (["istanbul-2025", "--deu", "{small}"], "give either a SCENARIO or --deu FILE"),
        (["no-such-scenario"], "no-such-scenario"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(tmp_path, small_deu, args, expected):
    bad = tmp_path / "bad.csv"
    bad.write_text(small_deu.read_text().replace(",0,100,", ",0,170,", 1))
    filled = [a.format(tmp=tmp_path, small=small_deu, bad=bad) for a in args]
    proc = _run(*filled)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert expected in lines[0], lines[0]


@pytest.mark.parametrize("model", MODELS)
def test_deu_forecasts_are_written_and_repeat_byte_for_byte(tmp_path, small_deu, model):
    for name in ("a", "b"):
        out = tmp_path / name / f"{model}.csv"
        assert main(["forecast", "--deu", str(small_deu), "--model", model, "--out", str(out)]) == 0
    text = (tmp_path / "a" / f"{model}.csv").read_text()
    assert text.splitlines()[0] == "isnrnmc,forecast,fallback" and len(text.splitlines()) == 3
    assert text == (tmp_path / "b" / f"{model}.csv").read_text()


def test_fallbacks_to_the_compromise_model_are_reported(tmp_path, small_deu, capsys):
    # The small file has no rp: every Nash forecast is the compromise model's.
    out = tmp_path / "nash.csv"
    assert main(["forecast", "--deu", str(small_deu), "--model", "nash", "--out", str(out)]) == 0
    assert "2 of them are the compromise model's" in capsys.readouterr().out
    assert out.read_text().splitlines()[1].endswith(",True")


def test_scenario_table_and_charts(tmp_path, capsys):
    assert main(["forecast", "istanbul-2025", "--chart", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "prisoners" in out and "Compromise" in out and "exchange" in out
    assert "Status quo" in out and "Procedural" in out and "Stacked" in out
    for name in ("forecast.csv", "forecast-rounds.png", "forecast-rounds.svg"):
        assert (tmp_path / name).stat().st_size > 0, name


def test_model_choices_are_the_models():
    forecast = build_parser()._subparsers._group_actions[0].choices["forecast"]
    (model,) = [a for a in forecast._actions if a.dest == "model"]
    assert tuple(model.choices) == MODELS
