"""Reading the seed data: issues, coded statements, assumptions, the documented record.

Everything that describes the world lives in ``seeds/``; this module turns
those files into plain, immutable Python objects and checks that they are
internally consistent (keys exist, levels exist, each assumption's value and
range lie in its domain). It computes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sim.calibration.domains import DOMAINS, Domain
from sim.resources import data_folder

ACTORS = (
    "russia",
    "ukraine",
    "turkey",
    "france",
    "germany",
    "israel",
    "belarus",
    "united_states",
    "eu",
)
#: The two sides of the war; issues ordered by who gains name one of them.
BELLIGERENTS = ("russia", "ukraine")
LEVERS = (
    "sanctions_pressure",
    "walk_away_threat",
    "host",
    "shuttle_calls",
    "propose_text",
    "broker_deal",
    "guarantee",
)
#: Kinds of coded statement: what an actor demands, signals it could accept, or
#: (``conduct``) what its deeds or others' accounts show where it said nothing;
#: and the levers mediators pull.
KINDS = ("demand", "signal", "conduct", "lever")
#: What the record can say of an issue at a meeting; ``unknown`` rows (the
#: document cannot settle them) are kept but left out of every score.
DOCUMENTED = ("agreed", "partial", "not_agreed", "unknown")
SCORED = DOCUMENTED[:3]


class SeedError(ValueError):
    """A seed file is missing or inconsistent."""


def seeds_dir() -> Path:
    """The seeds folder: ``$PEACESIM_SEEDS``, else the shipped seeds (:mod:`sim.resources`)."""
    path = Path(os.environ.get("PEACESIM_SEEDS") or data_folder("seeds"))
    if not (path / "issues.toml").is_file():
        raise SeedError(f"{path}: no issues.toml here; set PEACESIM_SEEDS to the seeds folder")
    return path


@dataclass(frozen=True)
class Implication:
    """Agreeing on one issue settles another at a given level (e.g. corridors -> local pause)."""

    issue: str
    level: str
    quote: str
    file: str


@dataclass(frozen=True)
class Implementation:
    """Rounds an item must have been on the table before a deal on it can be carried out."""

    rounds: int
    quote: str
    file: str


@dataclass(frozen=True)
class Issue:
    key: str
    label: str
    levels: tuple[str, ...]
    labels: tuple[str, ...]
    status_quo: int
    separable: bool
    implies: Implication | None = None
    implementation: Implementation | None = None
    #: The party that gains as the level rises, where the levels are ordered by
    #: who gains (territory, sanctions, ...): every actor's value is then monotone
    #: along them (:mod:`sim.calibration.positions`). None: not so ordered.
    higher_favours: str | None = None

    @property
    def setup_rounds(self) -> int:
        return self.implementation.rounds if self.implementation else 0

    def level_index(self, level: str) -> int:
        try:
            return self.levels.index(level)
        except ValueError:
            raise SeedError(f"issue {self.key!r} has no level {level!r}") from None


@dataclass(frozen=True)
class Statement:
    id: str
    actor: str
    date: dt.date
    kind: str
    issue: str
    demand: str | None
    acceptable: tuple[str, ...]
    rejects: tuple[str, ...]
    intensity: int
    target: str | None
    quote: str
    file: str
    note: str


@dataclass(frozen=True)
class Assumption:
    """A number the documents do not give: its central value, its documented range
    (what the back-test and sweeps sample), and its domain (where it keeps its meaning)."""

    value: float
    low: float
    high: float
    why: str
    domain: Domain

    def in_range(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Outcome:
    meeting_date: dt.date
    meeting: str
    issue: str
    documented: str
    quote: str
    file: str
    note: str
    #: The level the record names for an agreed issue (e.g. an exchange of
    #: prisoners, not all-for-all); empty where it names none.
    level: str = ""


@cache
def load_issues() -> dict[str, Issue]:
    """The issues in ``seeds/issues.toml``, in file order."""
    path = seeds_dir() / "issues.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    issues = {}
    for key, spec in raw.items():
        levels = tuple(spec["levels"])
        implies = spec.get("implies")
        issues[key] = Issue(
            key=key,
            label=spec["label"],
            levels=levels,
            labels=tuple(spec.get("labels", levels)),
            status_quo=levels.index(spec["status_quo"]),
            separable=bool(spec.get("separable", False)),
            implies=Implication(**implies) if implies else None,
            implementation=Implementation(**spec["implementation"])
            if "implementation" in spec
            else None,
            higher_favours=spec.get("higher_favours"),
        )
    for issue in issues.values():
        if issue.implies and issue.implies.level not in issues[issue.implies.issue].levels:
            raise SeedError(f"{path}: {issue.key}.implies names an unknown level")
        if issue.higher_favours not in (None, *ACTORS):
            raise SeedError(f"{path}: {issue.key}.higher_favours names an unknown actor")
    return issues


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


@cache
def load_statements() -> tuple[Statement, ...]:
    """The coded statements of ``seeds/statements.csv``, checked against the issues."""
    path = seeds_dir() / "statements.csv"
    issues = load_issues()
    statements = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            st = Statement(
                id=row["id"],
                actor=row["actor"],
                date=dt.date.fromisoformat(row["date"]),
                kind=row["kind"],
                issue=row["issue"],
                demand=row["demand"] or None,
                acceptable=_split(row["acceptable"]),
                rejects=_split(row["rejects"]),
                intensity=int(row["intensity"]),
                target=row["target"] or None,
                quote=row["quote"],
                file=row["file"],
                note=row["note"],
            )
            _check_statement(path, st, issues)
            statements.append(st)
    return tuple(statements)


def _check_statement(path: Path, st: Statement, issues: dict[str, Issue]) -> None:
    where = f"{path.name}: {st.id}"
    if st.actor not in ACTORS or st.kind not in KINDS or not 1 <= st.intensity <= 3:
        raise SeedError(f"{where}: bad actor, kind or intensity")
    if st.kind == "lever":
        if st.issue not in LEVERS:
            raise SeedError(f"{where}: unknown lever {st.issue!r}")
        return
    if st.issue not in issues:
        raise SeedError(f"{where}: unknown issue {st.issue!r}")
    for level in (st.demand, *st.acceptable, *st.rejects):
        if level is not None:
            issues[st.issue].level_index(level)


@cache
def load_assumptions() -> dict:
    """``seeds/assumptions.toml`` as nested dicts, valued leaves as :class:`Assumption`.

    A valued entry (a table with ``value``) needs ``range = [low, high]`` with
    ``low <= value <= high``, ``why``, and ``domain``, one of
    :data:`sim.calibration.domains.DOMAINS`, which holds its range; anything
    else is a :class:`SeedError` naming the entry.
    """
    raw = tomllib.loads((seeds_dir() / "assumptions.toml").read_text(encoding="utf-8"))
    return _wrap(raw, "")


def first_statement_date() -> dt.date:
    """The date of the first coded statement (found once per set of statements loaded)."""
    statements = load_statements()
    if _FIRST_DATE[0] is not statements:
        _FIRST_DATE[:] = [statements, min(st.date for st in statements)]
    return _FIRST_DATE[1]


#: The statements last loaded and their first date (a scenario check asks for it).
_FIRST_DATE: list = [None, None]


def assumption(path: str) -> Assumption:
    """The assumption at a dotted path of ``assumptions.toml`` (``actors.russia.war_cost``)."""
    node = load_assumptions()
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise SeedError(f"assumptions.toml has no {path}")
        node = node[part]
    if not isinstance(node, Assumption):
        raise SeedError(f"assumptions.toml: {path} is a table, not a valued assumption")
    return node


def check_in_domain(path: str, value: Any) -> float:
    """`value` as a float if it lies in the domain of the assumption at `path`.

    The one check for every place a value of an assumption comes from outside
    the seeds: a scenario's ``[assumptions]``, a sweep's values and ranges, a
    posterior's draws. Raises :class:`~sim.calibration.domains.DomainError`
    (its ``key`` is `path`) for a value outside the domain, a bool, NaN or
    anything but a number, and :class:`SeedError` for a path with no valued
    assumption.
    """
    return float(assumption(path).domain.check(value, path))


def valued_assumptions() -> dict[str, Assumption]:
    """Every valued assumption, by dotted path (``actors.russia.pain``)."""
    found: dict[str, Assumption] = {}

    def walk(node: dict, prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, Assumption):
                found[prefix + key] = value
            elif isinstance(value, dict):
                walk(value, f"{prefix}{key}.")

    walk(load_assumptions(), "")
    return found


def _wrap(node: dict, prefix: str) -> dict:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if isinstance(value, dict) and "value" in value:
            out[key] = _assumption(f"{prefix}{key}", value)
        elif isinstance(value, dict):
            out[key] = _wrap(value, f"{prefix}{key}.")
        else:
            out[key] = value
    return out


def _assumption(path: str, entry: dict[str, Any]) -> Assumption:
    where = f"assumptions.toml: {path}"
    name = entry.get("domain")
    if not isinstance(name, str) or name not in DOMAINS:
        raise SeedError(
            f'{where}: a domain = "...", one of {", ".join(DOMAINS)} (got {name!r}); '
            "see sim/calibration/domains.py"
        )
    domain = DOMAINS[name]
    bounds = entry.get("range")
    if not isinstance(bounds, list) or len(bounds) != 2 or not isinstance(entry.get("why"), str):
        raise SeedError(f"{where}: a range = [low, high] and a why")
    low, high, value = *bounds, entry["value"]
    if not all(domain.contains(x) for x in (low, value, high)) or not low <= value <= high:
        raise SeedError(
            f"{where}: low <= value <= high, all in {domain.describe()}, "
            f"got value {value!r}, range {bounds!r}"
        )
    return Assumption(float(value), float(low), float(high), entry["why"], domain)


@cache
def load_outcomes() -> tuple[Outcome, ...]:
    """The documented record of ``seeds/outcomes.csv``."""
    path = seeds_dir() / "outcomes.csv"
    issues = load_issues()
    outcomes = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            outcome = Outcome(
                meeting_date=dt.date.fromisoformat(row["meeting_date"]),
                meeting=row["meeting"],
                issue=row["issue"],
                documented=row["documented"],
                quote=row["quote"],
                file=row["file"],
                note=row["note"],
                level=row.get("level") or "",
            )
            if outcome.issue not in issues or outcome.documented not in DOCUMENTED:
                raise SeedError(f"{path.name}: bad issue or documented value in {row}")
            if outcome.level:
                issues[outcome.issue].level_index(outcome.level)
            outcomes.append(outcome)
    return tuple(outcomes)


@cache
def load_document(name: str) -> str:
    """The text of a source document in ``seeds/documents/``."""
    path = seeds_dir() / "documents" / name
    if not path.is_file():
        raise SeedError(f"no source document {name!r} in {path.parent}")
    return path.read_text(encoding="utf-8")


def seeds_fingerprint() -> str:
    """A SHA-256 over the seed files that calibrate a run (not the documents).

    Stored with sweep results, so results computed from other seeds are
    never mixed with these.
    """
    digest = hashlib.sha256()
    for name in ("issues.toml", "statements.csv", "assumptions.toml", "outcomes.csv"):
        digest.update(name.encode())
        digest.update((seeds_dir() / name).read_bytes())
    return digest.hexdigest()
