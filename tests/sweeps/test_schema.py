"""The JSON Schemas of the config files: current, valid, true to the loaders, fully referenced."""

from __future__ import annotations

import datetime as dt
import json
import math
import tomllib
from typing import Annotated, Any, get_args, get_origin

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from sim.calibration.scenario import ScenarioError, validate_as
from sim.cli import main
from sim.sweeps.schema import MODELS, json_schema, key_rows, markdown, schema_text
from sim.sweeps.spec import SweepSpec
from tests.conftest import ROOT
from tests.test_fuzz import BASES, FUZZ, SPEC_BASES, mutants

SHIPPED = {
    "scenario": sorted((ROOT / "scenarios").glob("*.toml")),
    "sweep": sorted((ROOT / "experiments").glob("*.toml")),
}


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(
        json_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def as_json(data: Any) -> Any:
    """A parsed TOML document as JSON holds it (dates as ISO strings, as TOML checkers do)."""
    return json.loads(json.dumps(data, default=dt.date.isoformat))


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_the_schema_files_are_current(kind):
    stored = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert stored == schema_text(kind), (
        f"schemas/{kind}.schema.json is stale: peacesim schema {kind} "
        f"--out schemas/{kind}.schema.json"
    )


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_the_schemas_are_valid_json_schemas(kind):
    Draft202012Validator.check_schema(json_schema(kind))


@pytest.mark.parametrize(
    "kind,path", [(kind, path) for kind, paths in SHIPPED.items() for path in paths]
)
def test_every_shipped_file_is_valid(kind, path):
    data = as_json(tomllib.loads(path.read_text(encoding="utf-8")))
    assert [e.message for e in validator(kind).iter_errors(data)] == []


#: Errors a loader refuses and the schema must flag too: (kind, dotted key, bad value).
REFUSED = [
    ("scenario", "colour", "red"),
    ("scenario", "name", "Not A Slug"),
    ("scenario", "parties.russia.belief", 1.0),
    ("scenario", "parties.russia.belief", "0.5"),
    ("scenario", "parties.nato_alliance", {}),
    ("scenario", "agenda", ["ceasefires"]),
    ("scenario", "rounds", []),
    ("scenario", "strategies.russia.kind", "stubborn"),
    ("scenario", "games.n_demands", True),
    ("sweep", "replications", 0),
    ("sweep", "design.kind", "random"),
    ("sweep", "parameters.Bad-Name", {"path": "deadline", "values": [1]}),
    ("sweep", "report.heatmap", ["one"]),
]


def _set(data: dict, dotted: str, value: Any) -> dict:
    node = data
    *parents, leaf = dotted.split(".")
    for key in parents:
        node = node.setdefault(key, {})
    node[leaf] = value
    return data


@pytest.mark.parametrize("kind,key,value", REFUSED)
def test_the_schema_flags_what_the_loader_refuses(kind, key, value):
    base = tomllib.loads(SHIPPED[kind][-1].read_text(encoding="utf-8"))
    data = _set(base, key, value)
    with pytest.raises(ScenarioError):
        validate_as(MODELS[kind], data, kind)
    assert list(validator(kind).iter_errors(as_json(data))), key


def _finite(node: Any) -> bool:
    if isinstance(node, float):
        return math.isfinite(node)
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return all(_finite(child) for child in children)


def _accepted_by_both(kind: str, data: dict) -> None:
    """Never stricter than the loader: a valid file never shows an error in an editor."""
    try:
        validate_as(MODELS[kind], data, kind)
    except ScenarioError:
        return
    assert _finite(data)
    assert [e.message for e in validator(kind).iter_errors(as_json(data))] == []


@FUZZ
@given(mutants(BASES))
def test_the_schema_accepts_every_scenario_the_loader_accepts(data):
    _accepted_by_both("scenario", data)


@FUZZ
@given(mutants(SPEC_BASES))
def test_the_schema_accepts_every_sweep_spec_the_loader_accepts(data):
    _accepted_by_both("sweep", data)


# --- the reference of keys ------------------------------------------------------------


def model_keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every key path of a model, from its fields' types (independent of the schema)."""
    keys = set()
    for name, field in model.model_fields.items():
        keys.add(prefix + name)
        keys |= _nested(field.annotation, prefix + name)
    return keys


def _nested(annotation: Any, path: str) -> set[str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_keys(annotation, f"{path}.")
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is dict:
        return _nested(args[1], f"{path}.NAME")
    if origin is list:
        return _nested(args[0], f"{path}[]")
    if origin is Annotated:
        return _nested(args[0], path)
    return set().union(*(_nested(a, path) for a in args)) if args else set()


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_the_reference_lists_every_key_once_with_a_description(kind):
    rows = key_rows(kind)
    paths = [row.path for row in rows]
    assert len(paths) == len(set(paths))
    assert set(paths) == model_keys(MODELS[kind])
    assert [row.path for row in rows if len(row.description) < 10] == []


def test_the_reference_reads_the_models():
    rows = {row.path: row for row in key_rows("sweep")}
    assert rows["replications"].default == "1" and rows["replications"].allowed.startswith(">= 1")
    assert rows["design.kind"].allowed == "one of `grid`, `lhs`, `sobol`, `morris`"
    assert rows["parameters"].type == "table of tables"
    assert rows["report.outcome"].type == "string or table or list of tables"
    assert rows["rounds"].description == markdown(SweepSpec.model_fields["rounds"].description)
    scenario = {row.path: row for row in key_rows("scenario")}
    assert scenario["rounds[].date"].type == "date"
    assert scenario["parties.NAME.red_lines"].type == "table of lists of strings"
    assert "keys: `russia`" in scenario["parties"].allowed
    assert scenario["parties.NAME.belief"].allowed == ">= 1e-09; <= 0.999999999"  # its domain


def test_markdown_of_a_docstring():
    text = "The ``meeting`` of\n    :mod:`~sim.calibration.seeds` here."
    assert markdown(text) == "The `meeting` of `sim.calibration.seeds` here."


def test_schema_command_prints_and_writes(tmp_path, capsys):
    assert main(["schema", "sweep"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema("sweep")
    out = tmp_path / "scenario.schema.json"
    assert main(["schema", "scenario", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text("scenario")
