import json
import subprocess
import sys

import pytest

from sim.cli import main
from tests.conftest import ROOT


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
    assert "prisoners = all_for_all" in out


def test_run_without_charts_loads_neither_matplotlib_nor_the_sweep_stack(tmp_path):
    # A fresh interpreter: this one has imported both already.
    code = (
        "import sys; from sim.cli import main; "
        f"code = main(['run', 'istanbul-2022', '--no-charts', '--out', {str(tmp_path)!r}]); "
        "print(code, 'matplotlib' in sys.modules, 'sim.sweeps.runner' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-3:] == ["0", "False", "False"]
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
    assert "S082" in out and "assumption" in out
