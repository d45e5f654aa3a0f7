"""The package as a user installs it: its data inside the wheel, its version in one place.

The wheel test builds the sdist and, from it, the wheel (as ``python -m build`` does),
then runs the unpacked wheel from a folder outside the clone. ``.ci/run`` goes further:
it installs the wheel into a clean virtual environment.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

import sim.resources
from sim.calibration.seeds import seeds_dir
from sim.cli import main
from sim.resources import SHIPPED, data_folder, find_shipped
from sim.sweeps.runner import prepare
from tests.conftest import ROOT

VERSION = importlib.metadata.version("peacesim")


def test_the_version_is_one_everywhere(capsys):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    latest = re.search(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.MULTILINE)
    assert latest is not None
    assert VERSION == pyproject["project"]["version"] == citation["version"] == latest.group(1)
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out == f"peacesim {VERSION}\n"


def test_the_citation_names_the_software_and_the_data_it_is_validated_on():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "software"
    assert citation["license"] == "MIT" and citation["authors"]
    dois = {ref["type"]: ref["doi"] for ref in citation["references"]}
    assert dois == {"article": "10.1080/13501763.2021.1991983", "data": "10.34810/data53"}


@pytest.mark.parametrize("name", SHIPPED)
def test_a_checkout_reads_the_top_level_folders(name):
    assert data_folder(name) == ROOT / name


def test_an_installed_package_reads_its_own_copy(tmp_path, monkeypatch):
    package = tmp_path / "sim"
    (package / "_data" / "seeds").mkdir(parents=True)
    monkeypatch.setattr(sim.resources.resources, "files", lambda name: package)
    assert data_folder("seeds") == package / "_data" / "seeds"
    assert data_folder("scenarios") == tmp_path / "scenarios"  # no copy: beside the package


def test_only_the_shipped_folders_are_looked_up():
    with pytest.raises(ValueError, match="no shipped folder"):
        data_folder("tests")


def test_peacesim_seeds_overrides_the_shipped_seeds(tmp_path, monkeypatch):
    mine = shutil.copytree(ROOT / "seeds", tmp_path / "my-seeds")
    monkeypatch.setenv("PEACESIM_SEEDS", str(mine))
    assert seeds_dir() == mine
    monkeypatch.setenv("PEACESIM_SEEDS", "")
    assert seeds_dir() == ROOT / "seeds"


def test_files_are_found_by_path_first_then_by_shipped_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shipped = ROOT / "scenarios" / "antalya-2022.toml"
    assert find_shipped("antalya-2022", "scenarios") == shipped
    (tmp_path / "antalya-2022").write_text("a file of that name wins")
    assert find_shipped("antalya-2022", "scenarios") == Path("antalya-2022")
    (tmp_path / "below").mkdir()
    (tmp_path / "below" / "x.toml").write_text("")
    assert find_shipped("x.toml", "scenarios", tmp_path / "below") == tmp_path / "below" / "x.toml"
    assert find_shipped("nowhere", "experiments") == Path("nowhere")


def test_a_shipped_sweep_spec_runs_by_its_bare_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sweep = prepare("war-costs")
    assert sweep.source == str(ROOT / "experiments" / "war-costs.toml")
    assert sweep.spec.scenario == "istanbul-2022" and sweep.size == 245


# --- the wheel ---------------------------------------------------------------------------

#: What of the checkout a build needs (the rest - the venv, outputs, caches - is left out).
NOT_BUILT = shutil.ignore_patterns(
    ".venv", ".git", "out", "build", "dist", "*.egg-info", "__pycache__", ".*cache", "_build"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The sdist and the wheel, built from a copy of the checkout."""
    source = tmp_path_factory.mktemp("source") / "peacesim"
    shutil.copytree(ROOT, source, ignore=NOT_BUILT)
    dist = source / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(source)],
        check=True,
        capture_output=True,
    )
    return next(dist.glob("*.tar.gz")), next(dist.glob("*.whl"))


def _shipped_files() -> set[str]:
    """Every file of the shipped data (``DATA`` of ``setup.py``), as it sits under
    ``sim/_data/`` in the wheel."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    data = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "DATA"
    )
    assert set(data) == set(SHIPPED)
    return {
        f"{folder}/{path.relative_to(ROOT / folder)}"
        for folder, patterns in data.items()
        for pattern in patterns
        for path in (ROOT / folder).glob(pattern)
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_wheel_and_sdist_carry_the_shipped_data(built):
    sdist, wheel = built
    names = zipfile.ZipFile(wheel).namelist()
    data = {n.removeprefix("sim/_data/") for n in names if n.startswith("sim/_data/")}
    assert data == _shipped_files()
    assert f"peacesim-{VERSION}.dist-info/licenses/LICENSE" in names
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    assert _shipped_files() <= members
    assert {"setup.py", "CITATION.cff", "CHANGELOG.md", "schemas/scenario.schema.json"} <= members


def test_the_unpacked_wheel_runs_outside_the_clone(built, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(built[1]).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "tiny.toml").write_text(
        'title = "Four runs"\nscenario = "antalya-2022"\nreplications = 2\n'
        '[parameters.cost]\npath = "parties.russia.war_cost"\nvalues = [0.05, 0.2]\n'
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("PEACESIM_SEEDS", None)
    # One interpreter for every command: imports from an unpacked wheel compile anew.
    script = """
import sys
import sim.resources
from sim.backtest.validation import load_validation
from sim.cli import main
print(sim.resources.data_folder("seeds"))
print(len(load_validation()), "validation rows")
for argv in (
    ["run", "antalya-2022", "--no-charts", "--out", "run"],
    ["calibrate", "antalya-2022"],
    ["sweep", "tiny.toml", "--out", "sweep", "--workers", "1"],
):
    assert main(argv) == 0, argv
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=work, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == str(site / "sim" / "_data" / "seeds")
    assert (work / "run" / "rounds.csv").stat().st_size > 0
    assert "S0" in done.stdout and "= 4 runs" in done.stdout and " validation rows" in done.stdout
    assert sorted(p.name for p in work.iterdir()) == ["run", "sweep", "tiny.toml"]
