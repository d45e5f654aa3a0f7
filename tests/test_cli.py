import html
import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import PIL.Image
import pytest

import sim.calibration.scenario
import sim.cli.sweep
from sim.calibration.provenance import content_hash
from sim.calibration.scenario import load_scenario
from sim.calibration.seeds import load_issues
from sim.cli import main
from tests.conftest import ROOT
from tests.sweeps.specs import SMALL_SPEC, write_spec


def test_run_writes_tables_and_charts(tmp_path, capsys):
    assert main(["run", "istanbul-2025", "--seed", "3", "--out", str(tmp_path)]) == 0
    for name in (
        "rounds.csv",
        "summary.json",
        "agreement-zone.png",
        "agreement-zone.svg",
        "concessions.png",
        "concessions.svg",
    ):
        assert (tmp_path / name).stat().st_size > 0, name
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert {
        "agreement",
        "agreed_issues",
        "rounds",
        "final_utilities",
        "zone_size",
        "nash_point",
    } <= set(summary)
    assert isinstance(summary["agreement"], bool) and isinstance(summary["rounds"], int)
    out = capsys.readouterr().out
    assert "2025-06-02" in out  # the round table shows each dated round
    assert "prisoners = exchange" in out  # an exchange, not all-for-all (the record)


#: What ``run --no-charts`` has no use for: matplotlib, the sweep stack and what it loads.
NOT_FOR_RUN = (
    "matplotlib",
    "sim.sweeps.runner",
    "sim.sweeps.spec",
    "sim.sweeps.store",
    "dask",
    "distributed",
    "SALib",
)


def test_run_without_charts_loads_neither_matplotlib_nor_the_sweep_stack(tmp_path):
    # A fresh interpreter: this one has imported both already.
    code = (
        "import sys; from sim.cli import main; "
        f"code = main(['run', 'istanbul-2022', '--no-charts', '--out', {str(tmp_path)!r}]); "
        f"print(code, *(m in sys.modules for m in {NOT_FOR_RUN!r}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-1 - len(NOT_FOR_RUN) :] == ["0"] + ["False"] * len(NOT_FOR_RUN)
    assert (tmp_path / "rounds.csv").stat().st_size > 0
    assert not list(tmp_path.glob("*.png")) and not list(tmp_path.glob("*.svg"))


def test_same_scenario_and_seed_give_identical_files(tmp_path):
    for run in ("a", "b"):
        assert main(["run", "belarus-2022", "--seed", "11", "--out", str(tmp_path / run)]) == 0
    for name in ("rounds.csv", "summary.json", "frontier.csv", "density.csv", "agreement-zone.svg"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


BAD = {  # case: (text to replace, replacement, key the error must name)
    "unknown key": ("name =", "colour = 'red'\nname =", "colour"),
    "wrong type": ("[parties.russia]\n", "[parties.russia]\nbelief = 'high'\n", "belief"),
    "negative weight": (
        "[parties.russia]\n",
        "[parties.russia]\nweights = { nato = -0.2 }\n",
        "parties.russia.weights.nato",
    ),
    "unknown level": (
        "[parties.ukraine]\n",
        "[parties.ukraine]\nideal = { nato = 'sometimes' }\n",
        "parties.ukraine.ideal.nato",
    ),
    "belief of certainty": (
        "[parties.russia]\n",
        "[parties.russia]\nbelief = 1.0\n",
        "parties.russia.belief",
    ),
    "unknown assumption": (
        "[parties.russia]\n",
        "[assumptions.actors.russia]\nhope = 0.5\n\n[parties.russia]\n",
        "assumptions.actors.russia.hope",
    ),
    "unknown issue": ('"ceasefire",', '"ceasefires",', "agenda[0]"),
}


def _broken(tmp_path, old: str, new: str):
    base = (ROOT / "scenarios" / "antalya-2022.toml").read_text()
    assert old in base
    path = tmp_path / "broken.toml"
    path.write_text(base.replace(old, new, 1))
    return path


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_scenarios_get_one_line_and_exit_2(tmp_path, case):
    old, new, key = BAD[case]
    path = _broken(tmp_path, old, new)
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "run", str(path), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert str(path) in lines[0] and key in lines[0], lines[0]


def test_missing_file_and_bad_toml(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.toml")]) == 2
    (tmp_path / "bad.toml").write_text("name = [unclosed\n")
    assert main(["run", str(tmp_path / "bad.toml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "nope.toml" in err[0] and "valid TOML" in err[1]


def test_calibrate_prints_sources(capsys):
    assert main(["calibrate", "istanbul-2022"]) == 0
    out = capsys.readouterr().out
    assert "S082" in out and "conduct" in out  # a statement, and what Russia did (S147)


# --- issue 15: bad input is one line and exit 2; degenerate models still run --------------


def _cli(capsys, *argv: str) -> tuple[int, str, list[str]]:
    """Exit status, stdout and stderr lines of one in-process command."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err.strip().splitlines()


def _variant(tmp_path, text: str, name: str = "variant.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


ISTANBUL = (ROOT / "scenarios" / "istanbul-2022.toml").read_text(encoding="utf-8")


def _red_line_everything(text: str) -> str:
    levels = ", ".join(f'"{level}"' for level in load_issues()["nato"].levels)
    for party in ("russia", "ukraine"):
        table = f"[parties.{party}]\n"
        text = text.replace(table, f"{table}red_lines = {{ nato = [{levels}] }}\n")
    return text


EMPTY_ZONES = {
    "the documented rounds (no package beats fighting on)": ISTANBUL,
    "both parties red-line every NATO level": _red_line_everything(ISTANBUL),
}


@pytest.mark.parametrize("case", sorted(EMPTY_ZONES))
def test_an_empty_agreement_zone_is_drawn_and_said(tmp_path, capsys, case):
    path = _variant(tmp_path, EMPTY_ZONES[case])
    code, out, err = _cli(capsys, "run", str(path), "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert "Agreement zone: empty" in out
    assert json.loads((tmp_path / "o" / "summary.json").read_text())["zone_size"] == 0
    assert (tmp_path / "o" / "agreement-zone.png").stat().st_size > 0
    svg = (tmp_path / "o" / "agreement-zone.svg").read_text()
    assert "No agreement zone" in svg  # the legend says so


def test_all_zero_weights_are_a_validation_error(tmp_path, capsys):
    agenda = ISTANBUL.split("agenda = [")[1].split("]")[0].replace('"', "").split(",")
    zeros = ", ".join(f"{issue.strip()} = 0" for issue in agenda if issue.strip())
    text = ISTANBUL.replace("[parties.ukraine]\n", f"[parties.ukraine]\nweights = {{ {zeros} }}\n")
    code, _, err = _cli(capsys, "run", str(_variant(tmp_path, text)), "--out", str(tmp_path))
    assert code == 2 and len(err) == 1 and "parties.ukraine.weights" in err[0], err


def test_out_must_be_a_writable_folder(tmp_path, capsys):
    a_file = tmp_path / "file.txt"
    a_file.write_text("")
    for out in (a_file, a_file / "below"):
        code, _, err = _cli(capsys, "run", "antalya-2022", "--out", str(out))
        assert code == 2 and len(err) == 1 and "--out" in err[0], err
        code, _, err = _cli(capsys, "sweep", "experiments/war-costs.toml", "--out", str(out))
        assert code == 2 and len(err) == 1 and "--out" in err[0], err
    code, _, err = _cli(capsys, "run", "antalya-2022", "--out", "a\x00b")
    assert code == 2 and len(err) == 1 and "--out" in err[0], err


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "antalya-2022"],
        ["sweep", "experiments/war-costs.toml"],
        ["backtest", "--runs", "5"],
        ["plot", "zone", "antalya-2022"],
        ["forecast", "antalya-2022"],
        ["forecast", "--deu", "experiments/data/deu3-train.csv", "--model", "median"],
    ],
)
@pytest.mark.parametrize("out", ["", "  "])
def test_an_empty_out_is_refused_not_read_as_the_default(tmp_path, monkeypatch, capsys, argv, out):
    monkeypatch.chdir(tmp_path)
    argv = [a if not a.startswith("experiments/") else str(ROOT / a) for a in argv]
    code, stdout, err = _cli(capsys, *argv, "--out", out)
    assert code == 2 and len(err) == 1 and "--out" in err[0] and "a file or folder" in err[0], err
    assert stdout == "" and not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("argv", "key"),
    [
        (["run", "antalya-2022", "--rounds", "1001"], "--rounds"),
        (["plot", "zone", "antalya-2022", "--rounds", "1001"], "--rounds"),
        (["sweep", "experiments/war-costs.toml", "--out", "o", "--workers", "1025"], "--workers"),
        (["app", "--port", "65536"], "--port"),
        (["plot", "paths", "antalya-2022", "--seeds", ",".join(map(str, range(11)))], "--seeds"),
    ],
)
def test_numbers_on_the_command_line_have_upper_bounds(tmp_path, monkeypatch, capsys, argv, key):
    monkeypatch.chdir(tmp_path)
    code, _, err = _cli(capsys, *argv)
    assert code == 2 and len(err) == 1 and key in err[0] and "expected " in err[0], err


@pytest.mark.parametrize("command", ["run", "plot", "calibrate", "forecast"])
@pytest.mark.parametrize(
    ("table", "value"),
    [
        ("[assumptions.commitment.ukraine]\nbase_risk = 4.7", "4.7"),
        ("[assumptions.battlefield]\nengagement_rate = 1e30", "1e+30"),
        ("[assumptions.levers]\nshuttle_calls = nan", "nan"),
        ("[assumptions.actors.russia]\npain = -inf", "-inf"),
    ],
)
def test_an_assumption_outside_its_domain_stops_every_command_in_one_line(
    tmp_path, capsys, command, table, value
):
    path = _variant(tmp_path, f"{ISTANBUL}\n{table}\n")
    out = ["--out", str(tmp_path / "o.png")]
    argv = {
        "plot": ["plot", "zone", str(path), *out],
        "calibrate": ["calibrate", str(path)],
    }.get(command, [command, str(path), *out])
    code, _, err = _cli(capsys, *argv)
    assert code == 2 and len(err) == 1, err
    assert str(path) in err[0] and "(domain " in err[0] and f"got {value}" in err[0], err
    assert not (tmp_path / "o.png").exists()


def test_an_unwritable_out_is_refused_before_the_run(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.access(locked, os.W_OK):  # root may write anywhere: try a folder even root cannot
        locked = Path("/proc/1")
        if not locked.is_dir() or os.access(locked, os.W_OK):
            pytest.skip("no folder here that this user cannot write to")
    code, out, err = _cli(capsys, "run", "antalya-2022", "--out", str(locked / "o"))
    assert code == 2 and len(err) == 1 and "--out" in err[0], err
    assert out == ""  # refused before the run


@pytest.mark.parametrize("name", ["../../escaped", "/tmp/escaped", "a\x00b", "x" * 300])
def test_a_scenario_name_never_becomes_a_path(tmp_path, monkeypatch, capsys, name):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    text = ISTANBUL.replace('name = "istanbul-2022"', f"name = {json.dumps(name)}")
    code, _, err = _cli(capsys, "run", str(_variant(tmp_path, text)))
    assert code == 2 and len(err) == 1 and ": name: " in err[0], err
    assert list(work.iterdir()) == [] and not Path("/tmp/escaped").exists()


def test_user_text_is_printed_as_written(tmp_path, capsys):
    title = "[/] [bold]not markup[/bold] http://x.org 1.5"
    text = ISTANBUL.replace('title = "The 15-point plan, March 2022"', f'title = "{title}"')
    code, out, err = _cli(capsys, "run", str(_variant(tmp_path, text)), "--out", str(tmp_path))
    assert code == 0, err
    assert title in out


def test_a_title_too_long_for_a_line_is_refused(tmp_path, capsys):
    text = ISTANBUL.replace('"The 15-point plan, March 2022"', '"' + "x" * 2**20 + '"')
    code, _, err = _cli(capsys, "run", str(_variant(tmp_path, text)), "--out", str(tmp_path))
    assert code == 2 and len(err) == 1 and ": title: " in err[0] and len(err[0]) < 400, err


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "antalya-2022", "--seed", str(2**63)],
        ["run", "antalya-2022", "--seed", "-1"],
        ["run", "antalya-2022", "--rounds", "x"],
        ["run"],
        ["nonsense"],
        ["forecast", "istanbul-2025", "extra.png"],
        ["sweep", "experiments/war-costs.toml", "--out", "o", "--scheduler", "tcp://x"],
        ["sweep", "experiments/war-costs.toml", "--out", "o", "--scheduler", "tcp://x:99999"],
    ],
)
def test_bad_arguments_are_one_line(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    argv = [str(ROOT / a) if a.startswith("experiments/") else a for a in argv]
    code, _, err = _cli(capsys, *argv)
    assert code == 2 and len(err) == 1 and err[0].startswith("peacesim: error: "), err
    assert not err[0].startswith("peacesim: error: peacesim"), err  # said once
    assert list(tmp_path.iterdir()) == []


def test_a_sweep_shows_its_size_and_refuses_too_many_runs(tmp_path, monkeypatch, capsys):
    spec = write_spec(tmp_path, replications=2, count=3)  # 12 runs
    out = tmp_path / "out"
    monkeypatch.setattr(sim.cli.sweep, "MAX_RUNS", 11)
    code, _, err = _cli(capsys, "sweep", str(spec), "--out", str(out), "--quiet", "--workers", "1")
    assert code == 2 and len(err) == 1 and "--yes" in err[0] and not out.exists(), err
    argv = ("sweep", str(spec), "--out", str(out), "--quiet", "--workers", "1", "--yes")
    code, stdout, err = _cli(capsys, *argv)
    assert code == 0, err
    assert "= 12 runs" in stdout.splitlines()[1]


def test_a_bad_scheduler_in_a_spec_is_one_line(tmp_path, capsys):
    spec = write_spec(tmp_path, SMALL_SPEC + '\n[execution]\nscheduler = "tcp:/host:1"\n')
    code, _, err = _cli(capsys, "sweep", str(spec), "--out", str(tmp_path / "o"))
    assert code == 2 and len(err) == 1 and "execution.scheduler" in err[0], err


# --- provenance ------------------------------------------------------------------------


def test_every_output_says_where_it_came_from_and_reruns_are_identical(tmp_path, capsys):
    for run in ("a", "b"):
        argv = ["run", "antalya-2022", "--seed", "5", "--rounds", "2", "--out", str(tmp_path / run)]
        assert main(argv) == 0
    capsys.readouterr()
    expected = {
        "version": importlib.metadata.version("peacesim"),
        "scenario_sha256": content_hash(load_scenario(ROOT / "scenarios" / "antalya-2022.toml")),
        "seed": 5,
        "command": ["peacesim", "run", "antalya-2022", "--seed", "5", "--rounds", "2"],
    }
    folder = tmp_path / "a"
    summary = json.loads((folder / "summary.json").read_text())["provenance"]
    sidecar = json.loads((folder / "provenance.json").read_text())
    png = json.loads(PIL.Image.open(folder / "agreement-zone.png").text["Description"])
    svg = (folder / "concessions.svg").read_text()
    svg = json.loads(html.unescape(svg.split("<dc:description>")[1].split("</dc:description>")[0]))
    for about in (summary, sidecar, png, svg):
        assert expected.items() <= about.items(), about
    assert set(sidecar["files"]) == {p.name for p in folder.glob("*.csv")}
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (folder / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_run_warns_about_settings_that_change_nothing(tmp_path, capsys):
    base = (ROOT / "scenarios" / "istanbul-2025.toml").read_text()
    variant = tmp_path / "with-europe.toml"
    variant.write_text(base + "\n[mediators.france]\n[mediators.germany]\n")
    argv = ["run", str(variant), "--rounds", "1", "--no-charts", "--out", str(tmp_path / "o")]
    assert main(argv) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("peacesim: warning: mediators.france: no levers in 2025")
    assert err[1].startswith("peacesim: warning: mediators.germany: no levers in 2025")
    assert err[2].startswith("peacesim: warning: events.drone_strike: it falls on 2025-06-02")
    assert len(err) == 3
