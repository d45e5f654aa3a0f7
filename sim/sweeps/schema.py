"""JSON Schemas of the two config files, a scenario and a sweep spec, from their models.

``peacesim schema scenario|sweep`` prints them; ``schemas/*.schema.json`` keeps them in
the repository (a test checks that they are current) for validators such as
``check-jsonschema`` and for TOML editors (Taplo, Even Better TOML), which then
complete keys and flag errors as you type. The docs' reference of every key is
generated from them (:func:`key_rows`).

A schema checks what a file's keys and values look like (types, ranges, names,
patterns); the models' cross-checks (round dates in order, a level of the right
issue, a path into the scenario) need the loaders, so ``peacesim run`` and ``sweep``
remain the last word. TOML has no null: a key that may be left out is optional,
never null, so the schemas drop the null that pydantic gives an optional value.
Descriptions are the keys' docstrings, their reStructuredText literals
(double back-quotes) written as Markdown's (single ones).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from sim.calibration.scenario import Scenario
from sim.sweeps.spec import SweepSpec

#: The config files, by the name ``peacesim schema`` takes.
MODELS: dict[str, type[BaseModel]] = {"scenario": Scenario, "sweep": SweepSpec}
TITLES = {"scenario": "peacesim scenario", "sweep": "peacesim sweep spec"}
DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The pattern of a title or label: some text that is not only white space.
NOT_BLANK = r"\S"


class TomlSchema(GenerateJsonSchema):
    """Pydantic's JSON Schema generator for a TOML file: an optional value is never null."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> dict[str, Any]:
        return self.generate_inner(schema["schema"])


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a config file: ``scenario`` or ``sweep``."""
    generated = MODELS[kind].model_json_schema(schema_generator=TomlSchema)
    generated.pop("title", None)
    return {"$schema": DIALECT, "title": TITLES[kind], **_tidy(generated)}


def schema_text(kind: str) -> str:
    """:func:`json_schema` as the text of ``schemas/KIND.schema.json``."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def _tidy(node: Any) -> Any:
    """A schema without pydantic's titles (the key names say it) and null defaults (nor
    nulls inside defaults), its descriptions as Markdown."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    tidy = {key: _tidy(value) for key, value in node.items() if key != "title"}
    for named in ("properties", "$defs"):  # names of keys and definitions, not keywords
        if named in node:
            tidy[named] = {name: _tidy(value) for name, value in node[named].items()}
    if "default" in node:
        default = _without_nulls(node["default"])
        if default is None:
            del tidy["default"]
        else:
            tidy["default"] = default
    if isinstance(node.get("description"), str):
        tidy["description"] = markdown(node["description"])
    return tidy


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    return value


def markdown(docstring: str) -> str:
    """A docstring as one line of Markdown: ``literal`` -> `literal`, roles dropped."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", docstring)
    return " ".join(text.replace("``", "`").split())


@dataclass(frozen=True)
class Key:
    """One key of a config file, as the reference lists it."""

    path: str  # dotted; NAME for a table's own keys, [] for a list's items
    type: str
    default: str
    allowed: str  # ranges, lengths, choices
    description: str


def key_rows(kind: str) -> list[Key]:
    """Every key of a config file, depth first in the model's order."""
    schema = json_schema(kind)
    rows: list[Key] = []
    _walk(schema, schema, "", rows)
    return rows


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """`node` with a ``$ref`` replaced by its definition (the key's own entries kept)."""
    if "$ref" not in node:
        return node
    target = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}


def _walk(node: dict[str, Any], root: dict[str, Any], prefix: str, rows: list[Key]) -> None:
    for name, entry in node.get("properties", {}).items():
        entry = _resolve(entry, root)
        path = f"{prefix}{name}"
        rows.append(
            Key(
                path,
                _type(entry, root),
                _default(entry),
                _allowed(entry),
                entry.get("description", ""),
            )
        )
        for inner, below in _tables_below(entry, root, path):
            _walk(inner, root, below, rows)


def _tables_below(entry: dict[str, Any], root: dict[str, Any], path: str):
    """The tables whose keys sit below `path`: its own, its named entries', its items'."""
    if "properties" in entry:
        yield entry, f"{path}."
    named = entry.get("additionalProperties")
    if isinstance(named, dict) and "$ref" in named:
        yield _resolve(named, root), f"{path}.NAME."
    items = entry.get("items")
    if isinstance(items, dict) and "$ref" in items:
        yield _resolve(items, root), f"{path}[]."
    for option in entry.get("anyOf", []):
        yield from _tables_below(_resolve(option, root), root, path)


def _type(entry: dict[str, Any], root: dict[str, Any]) -> str:
    """A value's type in TOML's words: float, date, list of strings, table of floats..."""
    if "anyOf" in entry:
        return " or ".join(_type(_resolve(o, root), root) for o in entry["anyOf"])
    kind = entry.get("type")
    if kind == "string" and entry.get("format") == "date":
        return "date"
    if kind == "array":
        return f"list of {_plural(_type(_resolve(entry.get('items', {}), root), root))}"
    if kind == "object" or "properties" in entry:
        values = entry.get("additionalProperties")
        if isinstance(values, dict) and values:
            return f"table of {_plural(_type(_resolve(values, root), root))}"
        return "table"
    return {"number": "float", None: "value"}.get(kind, str(kind))


def _plural(kind: str) -> str:
    first, _, rest = kind.partition(" ")
    return f"{first}s {rest}".strip()


def _default(entry: dict[str, Any]) -> str:
    if "default" not in entry or entry["default"] in ({}, []):
        return ""
    return json.dumps(entry["default"], ensure_ascii=False)


def _allowed(entry: dict[str, Any]) -> str:
    """What a value may be: bounds, lengths, choices, key names."""
    parts = []
    bounds = [
        ("exclusiveMinimum", "> {}"),
        ("minimum", ">= {}"),
        ("exclusiveMaximum", "< {}"),
        ("maximum", "<= {}"),
    ]
    parts += [form.format(entry[key]) for key, form in bounds if key in entry]
    for key, what in (("minItems", "at least {} long"), ("maxItems", "at most {} long")):
        if key in entry:
            parts.append(what.format(entry[key]))
    if "maxLength" in entry:
        parts.append(f"at most {entry['maxLength']:,} characters")
    for options in (entry.get("enum"), entry.get("items", {}).get("enum")):
        if options:
            parts.append("one of " + _names(options))
    if entry.get("pattern") == NOT_BLANK:
        parts.append("not blank")
    elif "pattern" in entry:
        parts.append(f"matches `{entry['pattern']}`")
    names = entry.get("propertyNames", {})
    if "enum" in names:
        parts.append("keys: " + _names(names["enum"]))
    if "pattern" in names:
        parts.append(f"keys match `{names['pattern']}`")
    for option in entry.get("anyOf", []):
        inner = _allowed(option)
        if inner:
            parts.append(inner)
    return "; ".join(parts)


#: Longest list of names spelt out in full; a longer one is named by its ends.
SHOWN_NAMES = 9


def _names(names: list[Any]) -> str:
    shown = [f"`{n}`" for n in names]
    if len(shown) > SHOWN_NAMES:
        shown = [f"{len(shown)} names: {shown[0]}", shown[1], "...", shown[-1]]
    return ", ".join(shown)
