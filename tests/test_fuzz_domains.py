"""The numbers fuzz (issue 24): every number, at its domain's edges and beyond, through
the five entry points.

Each input sets one to four numbers that the model reads, drawn from the edges of their
domain (both ends, a hair inside, the middle) and beyond it (a hair outside, 0, negative,
±1e308, NaN, ±inf, booleans, 400-digit integers, strings): every assumption of
``seeds/assumptions.toml`` by its ``[assumptions]`` path, and every scenario key that
overrides one (``parties.X.belief``, ``battlefield.theta``, ...). The property:

* the input runs (exit 0, or a model built) and every number it outputs is finite and
  inside its meaning: utilities, values of fighting on, beliefs and Brier scores in
  [0, 1], forecasts on 0-100; or
* it is refused: exit 2 and exactly one line (a :class:`ScenarioError` for the app's
  model constructor), and a value outside its domain is always refused.

Entry points: ``peacesim run``, ``sweep`` (values, ranges and distributions), ``plot``,
``forecast --deu`` (capabilities, positions, saliences, outcomes, issue numbers) and
the classroom app's model. ``PEACESIM_FUZZ_EXAMPLES`` sets the examples per test as in
``tests/test_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import math
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import tomli_w
from hypothesis import assume, event, given
from hypothesis import strategies as st

from sim.app.classroom import ClassroomModel
from sim.app.controls import _controls, scenario_data
from sim.calibration.domains import Domain
from sim.calibration.scenario import OVERRIDES, ScenarioError, load_scenario, with_overrides
from sim.calibration.seeds import assumption, load_assumptions, valued_assumptions
from sim.charts.kinds import KINDS
from sim.forecast.deu import DEU_ACTORS
from sim.forecast.models import MODELS
from sim.sweeps.store import RunStore
from sim.talks.agents import Party
from tests.conftest import ROOT, SCENARIOS
from tests.test_fuzz import FUZZ, FUZZ_MAX_RUNS, _cli, _in_unit_interval, _sane_run

BASES = {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in SCENARIOS}
ERAS = {p.stem: str(load_scenario(p).as_of.year) for p in SCENARIOS}
DEU = (ROOT / "experiments" / "data" / "deu3-train.csv").read_text(encoding="utf-8")


def _keys(name: str) -> dict[str, Domain]:
    """Every number of a scenario that overrides an assumption, with its domain."""
    base, era = BASES[name], ERAS[name]
    keys = {f"assumptions.{path}": a.domain for path, a in valued_assumptions().items()}
    sized = load_assumptions()["events"]
    for pattern, template in OVERRIDES.items():
        for party in base["parties"]:
            for name in [n for n in base.get("events", {}) if n in sized] or ["-"]:
                path = template.format(party=party, era=era, name=name)
                if path in valued_assumptions():
                    keys[pattern.format(party=party, name=name)] = assumption(path).domain
    return keys


KEYS = {name: _keys(name) for name in BASES}


def values_around(domain: Domain) -> st.SearchStrategy:
    """Values at the domain's edges and beyond (see the module docstring)."""
    low, high = domain.low, domain.high
    inside = [low, high, (low + high) / 2, math.nextafter(low, high), math.nextafter(high, low)]
    outside = [math.nextafter(low, -math.inf), math.nextafter(high, math.inf), low - 1, high + 1]
    outside += [0.0, -1.0, -1e-300, 5e-324, 1e308, -1e308, math.nan, math.inf, -math.inf]
    outside += [True, False, 10**400, -(10**400), 2**63, "0.5"]
    whole = [int(low), int(high), int(high) + 1, 2.5] if domain.whole else []
    return st.one_of(
        st.sampled_from(inside + outside + whole),
        st.floats(low, high),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**20), 10**20),
    )


@st.composite
def overridden(draw) -> tuple[str, dict[str, Any], dict[str, Domain]]:
    """A shipped scenario's name, 1-4 drawn numbers by dotted key, and their domains."""
    name = draw(st.sampled_from(sorted(BASES)))
    keys = draw(st.lists(st.sampled_from(sorted(KEYS[name])), min_size=1, max_size=4, unique=True))
    return name, {k: draw(values_around(KEYS[name][k])) for k in keys}, KEYS[name]


def _scenario_text(name: str, values: dict[str, Any]) -> str:
    try:
        return tomli_w.dumps(with_overrides(BASES[name], values))
    except (TypeError, ValueError):  # not representable in TOML
        assume(False)
        raise


def _outside(values: dict[str, Any], domains: dict[str, Domain]) -> bool:
    found = any(not domains[k].contains(v) for k, v in values.items())
    event("a value outside its domain" if found else "every value inside its domain")
    return found


def _write(folder: Path, text: str, name: str = "input.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- peacesim run, plot ---------------------------------------------------------------------


@FUZZ
@given(overridden(), st.sampled_from([1, 2, 4, 12]))
def test_run_with_numbers_at_and_beyond_their_domains(drawn, rounds):
    name, values, domains = drawn
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), _scenario_text(name, values))
        argv = ["run", str(path), "--no-charts", "--out", "out", "--rounds", str(rounds)]
        code, _ = _cli(argv, Path(folder))
        assert code == 2 or not _outside(values, domains), values
        if code == 0:
            _sane_run(Path(folder) / "out")


@FUZZ
@given(overridden(), st.sampled_from(KINDS), st.sampled_from([1, 3, 6]))
def test_plot_with_numbers_at_and_beyond_their_domains(drawn, kind, rounds):
    name, values, domains = drawn
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), _scenario_text(name, values))
        argv = ["plot", kind, str(path), "--rounds", str(rounds), "--out", "out/chart.png"]
        code, _ = _cli(argv, Path(folder))
        assert code == 2 or not _outside(values, domains), values
        if code == 0:
            assert (Path(folder) / "out" / "chart.png").read_bytes().startswith(b"\x89PNG")


# --- peacesim sweep ---------------------------------------------------------------------------


@st.composite
def swept(draw) -> tuple[dict, dict[str, Any], Domain]:
    """A small spec varying one drawn number by values, a range or a distribution."""
    name = draw(st.sampled_from(sorted(BASES)))
    key = draw(st.sampled_from(sorted(KEYS[name])))
    domain = KEYS[name][key]
    # half the values inside the domain: a sweep runs only if all of its values are
    around = st.one_of(values_around(domain), st.floats(domain.low, domain.high))
    form = draw(st.sampled_from(["values", "range", "uniform", "normal"]))
    parameter: dict[str, Any] = {"path": key}
    if form == "values":
        parameter["values"] = draw(st.lists(around, min_size=1, max_size=2))
        probes = parameter["values"]
    else:
        probes = draw(st.lists(around, min_size=2, max_size=2, unique=True))
        with contextlib.suppress(TypeError):  # mostly low < high: ranges inside the domain run
            probes = sorted(probes)
        low, high = probes
        if form == "range":
            parameter["range"], parameter["count"] = probes, 2
        elif form == "uniform":
            parameter["distribution"] = {"kind": "uniform", "low": low, "high": high}
        else:
            sd = draw(st.one_of(st.floats(1e-3, 1.0), around))
            parameter["distribution"] = {
                "kind": "normal",
                "mean": draw(st.one_of(st.just(low), around)),
                "sd": sd,
                "low": low,
                "high": high,
            }
    design = {"kind": "grid"} if form in ("values", "range") else {"kind": "lhs", "samples": 2}
    spec = {
        "title": "fuzz",
        "scenario": name,
        "rounds": draw(st.integers(1, 3)),
        "replications": 1,
        "design": design,
        "parameters": {"x": parameter},
    }
    return spec, {key: probes}, domain


@FUZZ
@given(swept())
def test_sweep_with_numbers_at_and_beyond_their_domains(drawn):
    spec, probes, domain = drawn
    ((key, values),) = probes.items()
    try:
        text = tomli_w.dumps(spec)
    except (TypeError, ValueError):
        assume(False)
        raise
    with tempfile.TemporaryDirectory() as name, pytest.MonkeyPatch.context() as patch:
        patch.setattr("sim.cli.sweep.MAX_RUNS", FUZZ_MAX_RUNS)
        folder = Path(name)
        path = _write(folder, text)
        code, _ = _cli(["sweep", str(path), "--out", "out", "--workers", "1", "--quiet"], folder)
        outside = any(not domain.contains(v) for v in values)
        event("a value outside its domain" if outside else "every value inside its domain")
        assert code == 2 or not outside, (key, values)
        if code == 0:
            runs = RunStore(folder / "out").load()
            bounded = runs.filter(regex="^(utility|belief|war_value|brier)_").to_numpy(float)
            assert _in_unit_interval(bounded), runs.filter(regex="^(utility|belief|war_value)_")
            assert not np.isinf(runs.select_dtypes("number").to_numpy(float)).any()


# --- peacesim forecast --deu ------------------------------------------------------------------

#: The first issues of the shipped DEU file: its header, capabilities and five issues.
DEU_ROWS = [line.split(",") for line in DEU.splitlines()[:7]]
NUMBER_CELLS = [f"{k}{a}" for k in "ps" for a in DEU_ACTORS] + ["out"]
CELLS = st.one_of(
    st.sampled_from(["", "0", "100", "50", "-0", "1e-300", "0.0001", "99.9999", "1e6"]),
    st.sampled_from(["1e308", "-1", "100.0001", "1000000.1", "nan", "inf"]),
    st.sampled_from(["-inf", "1e-320", "²", "١", "0x10", " 7 ", "1_0", "999999999999999999"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(0.0, 100.0).map(repr),
    st.text(max_size=4),
)


@st.composite
def deu_files(draw) -> str:
    """The DEU file's head with 1-3 cells (capabilities, numbers, issue numbers) replaced."""
    rows = [list(row) for row in DEU_ROWS]
    header = rows[0]
    for _ in range(draw(st.integers(1, 3))):
        line = draw(st.integers(1, len(rows) - 1))
        column = draw(st.sampled_from([*NUMBER_CELLS, "isnrnmc"]))
        if line == 1 and column != "isnrnmc":
            column = f"p{column[1:]}" if column != "out" else "pcom"  # a capability
        rows[line][header.index(column)] = draw(CELLS).replace(",", ";").replace("\n", " ")
    if draw(st.integers(0, 4)) == 0:  # every capability at one value (all 0, all huge, ...)
        value = draw(CELLS).replace(",", ";").replace("\n", " ")
        rows[1] = [
            value if h.startswith("p") and h[1:] in DEU_ACTORS else c
            for h, c in zip(header, rows[1], strict=True)
        ]
    return "\n".join(",".join(row) for row in rows) + "\n"


@FUZZ
@given(deu_files(), st.sampled_from(MODELS))
def test_forecast_deu_with_numbers_at_and_beyond_their_scales(text, model):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = _write(folder, text, "deu.csv")
        argv = ["forecast", "--deu", str(path), "--model", model, "--out", "out/f.csv"]
        code, _ = _cli(argv, folder)
        if code == 0:
            table = pd.read_csv(folder / "out" / "f.csv")
            assert len(table) > 0
            assert table["forecast"].between(0.0, 100.0).all(), table
            assert (table["isnrnmc"] >= 0).all()


# --- the classroom app's model ----------------------------------------------------------------


@st.composite
def controls(draw) -> tuple[str, dict[str, Any], dict[str, Domain]]:
    """A shipped scenario and 1-3 of its app controls at values around their domains."""
    name = draw(st.sampled_from(sorted(BASES)))
    data, era = scenario_data(name)[0], ERAS[name]
    domains = {
        c.name.format(party=p): assumption(c.assumption.format(party=p, era=era)).domain
        for c, p in _controls(data)
    }
    chosen = draw(st.lists(st.sampled_from(sorted(domains)), min_size=1, max_size=3, unique=True))
    values = {k: draw(values_around(domains[k])) for k in chosen}
    values |= {"mediators": draw(st.booleans()), "event": draw(st.booleans())}
    return name, values, domains


@FUZZ
@given(controls(), st.integers(0, 2**32))
def test_the_apps_model_with_controls_at_and_beyond_their_domains(drawn, seed):
    name, values, domains = drawn
    outside = _outside({k: v for k, v in values.items() if k in domains}, domains)
    try:
        model = ClassroomModel(name, seed, **values)
    except ScenarioError as exc:
        assert "\n" not in str(exc)
        return
    assert not outside, values
    for _ in range(3):
        model.step()
    parties = model.agents.select(agent_type=Party)
    numbers = [p.war_value for p in parties] + [p.win_probability for p in parties]
    numbers += [float(x) for x in model.values(model.package).ravel()]
    numbers += [x for x in model.record["text_value"] if x is not None]
    assert all(0.0 <= x <= 1.0 for x in numbers), numbers
