"""A fuzz of the loaders and the command line: hostile input never gives a traceback.

Inputs are mutations of the shipped scenarios and sweep specs (keys set to
random or nearby values, deleted, added; the text itself cut and spliced)
and random TOML documents. Every input must end one of two ways:

* accepted: the command exits 0 and its outputs are sane (every number finite
  or a documented missing value, utilities in [0, 1], files only inside ``--out``);
* refused: exit 2 and exactly one line on stderr.

Examples per test: ``PEACESIM_FUZZ_EXAMPLES`` (default a few, for CI). The
docs' Reliability page (``docs/explanation/reliability.md``) gives the number run locally.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import math
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import tomli_w
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import sim.cli.common
import sim.cli.sweep
from sim.calibration.scenario import Scenario, ScenarioError, load_scenario
from sim.calibration.seeds import ACTORS, LEVERS, SeedError, load_issues, load_outcomes
from sim.cli import main
from sim.sweeps.runner import prepare
from sim.sweeps.store import RunStore, StoreError
from tests.conftest import ROOT, SCENARIOS

EXAMPLES = int(os.environ.get("PEACESIM_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=EXAMPLES <= 50,  # CI: the same inputs on every run
)
#: Errors a loader may raise for bad input: the ones the command line reports in one line.
USER_ERRORS = (ScenarioError, SeedError, StoreError)
#: Largest sweep the fuzz runs (the limit a user lifts with --yes, lowered for speed).
FUZZ_MAX_RUNS = 12


def _small(spec: dict) -> dict:
    """A shipped sweep spec cut to a few runs (one seed, two levels a parameter)."""
    spec = {**spec, "replications": 1, "rounds": min(spec.get("rounds", 2), 2)}
    for parameter in spec["parameters"].values():
        if "count" in parameter:
            parameter["count"] = 2
        for key in ("values", "choices"):
            if key in parameter:
                kept = list(parameter[key])[:2]
                parameter[key] = kept if key == "values" else {k: parameter[key][k] for k in kept}
    return spec


SPECS = sorted((ROOT / "experiments").glob("*.toml"))
BASES = {p.name: tomllib.loads(p.read_text(encoding="utf-8")) for p in SCENARIOS}
SPEC_BASES = {p.name: _small(tomllib.loads(p.read_text(encoding="utf-8"))) for p in SPECS}
TEXTS = [p.read_text(encoding="utf-8") for p in SCENARIOS]
SPEC_TEXTS = [tomli_w.dumps(spec) for spec in SPEC_BASES.values()]


def _words() -> list[str]:
    """Words a mutation may use: every name the loaders know, so mutants get deep."""
    issues = load_issues()
    words = [*ACTORS, *LEVERS, *issues, "both", "grid", "lhs", "sobol", "uniform", "normal"]
    words += [level for issue in issues.values() for level in issue.levels]
    words += [o.meeting for o in load_outcomes()]
    words += [*Scenario.model_fields, "agreement", "zone_open", "run_id", "seed", "x"]
    words += ["parties.russia.war_cost", "parties.ukraine.belief", "deadline", "../x"]
    return sorted(set(words))


WORDS = _words()
LEAVES = st.one_of(
    st.sampled_from(WORDS),
    st.integers(-3, 20),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(-2.0, 2.0),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31)),
    st.text(max_size=12),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(WORDS), inner, max_size=3)
    ),
    max_leaves=8,
)


def _nodes(node: Any, path: tuple = ()) -> list[tuple]:
    """Paths (keys and indices) to every value in a parsed document."""
    found = [path]
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in items:
        found += _nodes(child, (*path, key))
    return found


@st.composite
def mutants(draw, bases: dict[str, dict]) -> dict:
    """A shipped document with 1-4 random edits: set, delete or add a key."""
    data = copy.deepcopy(bases[draw(st.sampled_from(sorted(bases)))])
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_nodes(data)))
        if not path:
            continue
        *parents, last = path
        node = data
        for key in parents:
            node = node[key]
        action = draw(st.sampled_from(["set", "set", "delete", "add"]))
        if action == "set":
            node[last] = draw(VALUES)
        elif action == "delete":
            del node[last]
        elif isinstance(node[last], dict):
            node[last][draw(st.sampled_from(WORDS))] = draw(VALUES)
    return data


def _toml(data: dict) -> str:
    try:
        return tomli_w.dumps(data)
    except (TypeError, ValueError):  # not representable in TOML: not an input a user can give
        assume(False)
        raise


@st.composite
def spliced(draw, texts: list[str]) -> str:
    """A shipped file's text with a few characters cut, doubled or replaced."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        text = (
            text[:i]
            + draw(st.sampled_from(["", text[i:j] * 2, draw(st.text(max_size=8))]))
            + text[j:]
        )
    return text


DOCUMENTS = st.dictionaries(st.sampled_from(WORDS), VALUES, max_size=6)


def _write(folder: Path, text: str, name: str = "input.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def _load_or_refuse(load, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            load(_write(Path(folder), text))
        except USER_ERRORS as exc:
            event(f"refused: {type(exc).__name__} {getattr(exc, 'key', '')}"[:60])
            assert "\n" not in sim.cli.common.one_line(str(exc))
        else:
            event("accepted")


# --- the loaders --------------------------------------------------------------------------


@FUZZ
@given(st.one_of(mutants(BASES).map(_toml), spliced(TEXTS), DOCUMENTS.map(_toml), st.text()))
def test_the_scenario_loader_accepts_or_refuses(text):
    _load_or_refuse(load_scenario, text)


@FUZZ
@given(
    st.one_of(mutants(SPEC_BASES).map(_toml), spliced(SPEC_TEXTS), DOCUMENTS.map(_toml), st.text())
)
def test_the_spec_loader_accepts_or_refuses(text):
    _load_or_refuse(lambda path: prepare(path, max_runs=FUZZ_MAX_RUNS), text)


# --- the command line ---------------------------------------------------------------------


def _cli(argv: list[str], folder: Path) -> tuple[int, list[str]]:
    """Run the command line in-process in `folder`; exit status and stderr lines.
    Fails on a traceback, on anything but one line for a refusal, on files outside --out."""
    before = set(folder.rglob("*"))
    err, out = io.StringIO(), io.StringIO()
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(argv)
    finally:
        os.chdir(cwd)
    lines = err.getvalue().strip().splitlines()
    event(f"exit {code}")
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("peacesim: error: "), lines
    else:
        assert code == 0, lines
    outside = {
        p for p in set(folder.rglob("*")) - before if "out" not in p.relative_to(folder).parts
    }
    assert not outside, outside
    return code, lines


def _numbers(node: Any) -> list[float]:
    """Every number in a parsed JSON document."""
    if isinstance(node, dict):
        return [x for value in node.values() for x in _numbers(value)]
    if isinstance(node, list):
        return [x for value in node for x in _numbers(value)]
    is_number = isinstance(node, int | float) and not isinstance(node, bool)
    return [float(node)] if is_number else []


def _in_unit_interval(values: np.ndarray) -> bool:
    """All of `values` in [0, 1], a missing value (NaN) aside."""
    values = values[~np.isnan(values)]
    return bool(((values >= 0) & (values <= 1)).all())


#: Columns of the rounds table that are utilities or probabilities.
UNIT_COLUMNS = ("utility_to_", "text_value_", "belief_", "war_value_")
#: Entries of summary.json that are utilities or probabilities, by party.
UNIT_SUMMARY = ("final_utilities", "final_war_values", "final_beliefs")


def _sane_run(out: Path) -> None:
    summary = json.loads((out / "summary.json").read_text())
    assert all(math.isfinite(x) for x in _numbers(summary)), summary
    for key in UNIT_SUMMARY:
        assert _in_unit_interval(np.array(list(summary[key].values()))), summary
    rounds = pd.read_csv(out / "rounds.csv")
    numbers = rounds.select_dtypes("number").to_numpy(dtype=float)
    assert not np.isinf(numbers).any()
    bounded = [c for c in rounds if c.startswith(UNIT_COLUMNS)]
    assert _in_unit_interval(rounds[bounded].to_numpy(dtype=float)), rounds[bounded]
    assert _in_unit_interval(pd.read_csv(out / "frontier.csv").to_numpy(dtype=float))


SEEDS = st.one_of(st.integers(0, 5), st.integers(-3, 2**64).map(str), st.sampled_from(["x", ""]))


@FUZZ
@given(st.one_of(mutants(BASES).map(_toml), spliced(TEXTS)), SEEDS, st.integers(-1, 5))
def test_peacesim_run_exits_0_with_sane_outputs_or_2_with_one_line(text, seed, rounds):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = _write(folder, text)
        argv = ["run", str(path), "--out", "out", "--seed", str(seed), "--rounds", str(rounds)]
        code, _ = _cli(argv, folder)
        if code == 0:
            _sane_run(folder / "out")


@FUZZ
@given(st.one_of(mutants(SPEC_BASES).map(_toml), spliced(SPEC_TEXTS)))
def test_peacesim_sweep_exits_0_with_sane_results_or_2_with_one_line(text):
    with tempfile.TemporaryDirectory() as name, pytest.MonkeyPatch.context() as patch:
        patch.setattr(sim.cli.sweep, "MAX_RUNS", FUZZ_MAX_RUNS)
        folder = Path(name)
        path = _write(folder, text)
        code, _ = _cli(["sweep", str(path), "--out", "out", "--workers", "1", "--quiet"], folder)
        if code == 0:
            runs = RunStore(folder / "out").load()
            bounded = runs.filter(regex="^(utility|belief|war_value|brier)_").to_numpy(dtype=float)
            assert _in_unit_interval(bounded)
            numbers = runs.select_dtypes("number").to_numpy(dtype=float)
            assert not np.isinf(numbers).any()
