"""Scenarios: a TOML file describing one set of talks, validated with pydantic.

A scenario names the two parties and the mediators, the agenda (issue keys
from ``seeds/issues.toml``), the dated rounds, scheduled events, strategies
and any overrides of the calibrated positions. See ``scenarios/*.toml`` and
the docs (``docs/how-to/write-a-scenario.md``, ``docs/reference/scenario-keys.md``).

Every error is one line naming the file, the dotted key and what was expected
(:class:`ScenarioError`); nothing else escapes :func:`load_scenario`. Beyond
types and ranges, a scenario must have: no coercion (``true`` or ``"0.5"`` is
not a number), finite numbers, a slug ``name`` (it names the results folder),
non-empty titles and labels of at most a line, round dates strictly increasing
and not before the first coded statement, events within the rounds, each actor
in one role, and for a party that weights every agenda issue, weights not all
zero (its utility would be 0/0). Every number that stands for an assumption,
under ``[assumptions]`` or as the scenario's own key (:data:`OVERRIDES`), lies in
that assumption's domain (:mod:`sim.calibration.domains`); the parties are
belligerents the seeds calibrate, and every number a run needs is seeded for the
year of the talks or set here. Tables and arrays nest at most :data:`MAX_DEPTH`
deep.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
import tomllib
import types
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.json_schema import JsonDict

from sim.calibration.domains import (
    Concentration,
    Cost,
    Curvature,
    Days,
    DomainError,
    Drift,
    Evidence,
    Exponent,
    InnerProbability,
    Intensity,
    Rate,
    Share,
    SignedCost,
    Utility,
)
from sim.calibration.seeds import (
    ACTORS,
    LEVERS,
    SeedError,
    assumption,
    check_in_domain,
    first_statement_date,
    load_assumptions,
    load_issues,
    load_outcomes,
    valued_assumptions,
)
from sim.resources import data_folder, find_shipped

M = TypeVar("M", bound=BaseModel)


class ScenarioError(ValueError):
    """A scenario that cannot be used: names the file, the key and what was expected."""

    def __init__(self, source: str, key: str, expected: str) -> None:
        self.source, self.key, self.expected = source, key, expected
        super().__init__(f"{source}: {key}: {as_said(expected)}")


def as_said(expected: str) -> str:
    """What was expected at a key, as said after it: ``expected ...``, but a key that does
    not exist is said as such (``no such key (did you mean 'belief'?); allowed here: ...``)."""
    return expected if expected.startswith("no such key") else f"expected {expected}"


class Strict(BaseModel):
    """A table of a TOML file: no unknown keys, no coercion (``true`` or ``"0.5"`` is
    not a number; a whole number is still accepted where a float is), finite numbers.

    Each key's docstring is its description in the JSON Schema and in the docs'
    reference of keys (:mod:`sim.sweeps.schema`)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        allow_inf_nan=False,
        use_attribute_docstrings=True,
    )


#: A file or folder name: lower-case letters and digits, words joined by ``-`` or ``_``
#: (a scenario's name becomes the folder of its results, so it may not be a path).
SLUG = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
#: Longest title or label: a line of a printed table, not a document.
MAX_TITLE = 200
#: Longest free text (descriptions, quotes).
MAX_TEXT = 20_000
Title = Field(min_length=1, max_length=MAX_TITLE, pattern=r"\S")
Text = Field("", max_length=MAX_TEXT)
#: Most rounds a run may ask for (a deadline, ``--rounds``, a sweep's ``rounds``): a
#: thousand rounds of talks is a model run to its end, not a history.
MAX_ROUNDS = 1000
#: Deepest nesting of tables and arrays in a scenario or a sweep spec: the shipped
#: files nest 4 deep; thousands of levels would exhaust Python's stack.
MAX_DEPTH = 32

#: Schema of a table keyed by actors (the JSON Schema lets an editor complete the names).
BY_ACTOR: JsonDict = {"propertyNames": {"enum": list(ACTORS)}}


def _by_issue(schema: JsonDict) -> None:
    """Schema of a table keyed by issues, or a list of issues: names from the seeds."""
    names: JsonDict = {"enum": list(load_issues())}
    if schema.get("type") == "array":
        schema["items"] = {"type": "string", **names}
    else:
        schema["propertyNames"] = names


class Round(Strict):
    """One dated round of talks, a ``[[rounds]]`` table."""

    date: dt.date
    """The round's date, a TOML date (``2022-03-14``); after the previous round's."""
    label: str = Title
    """A one-line label shown in tables and charts (``"Gomel"``)."""
    host: str | None = None
    """The mediator hosting the round: one of the scenario's ``mediators``."""
    meeting: str | None = None
    """The documented meeting (a ``meeting`` of ``seeds/outcomes.csv``) this round
    stands for; the back-test scores the model after this round."""


class PartySettings(Strict):
    """Overrides of a party's calibrated numbers (defaults: ``seeds/assumptions.toml``)."""

    belief: InnerProbability | None = None
    """Its probability of winning the war, the mean of its Beta belief about the
    military balance (default: ``actors.NAME.belief.ERA`` of the assumptions)."""
    confidence: Concentration | None = None
    """How firmly it holds that belief, in pseudo-engagements: the Beta's weight
    (default: ``actors.NAME.confidence.ERA``)."""
    war_cost: Cost | None = None
    """Its cost of fighting on to the end, in utility (default: ``actors.NAME.war_cost.ERA``)."""
    pain: Cost | None = None
    """Growth of that cost per 30 days of war, the pain of a hurting stalemate
    (default: ``actors.NAME.pain``)."""
    weights: dict[str, Share] = Field(default_factory=dict, json_schema_extra=_by_issue)
    """Fixed weights by agenda issue, each in [0, 1], summing to at most 1; the
    issues left out share the rest in proportion to their calibrated weights."""
    ideal: dict[str, str] = Field(default_factory=dict, json_schema_extra=_by_issue)
    """Its ideal level by agenda issue, replacing the one calibrated from its statements."""
    red_lines: dict[str, list[str]] = Field(default_factory=dict, json_schema_extra=_by_issue)
    """Levels it never accepts, by agenda issue: a package with one is worth 0 to it."""

    @model_validator(mode="after")
    def _weights_sum_to_at_most_1(self) -> PartySettings:
        if sum(self.weights.values()) > 1.0 + 1e-9:
            raise KeyProblem("weights", "weights that sum to at most 1")
        return self


#: Strategies that concede by the clock, and so need a deadline.
CLOCK_STRATEGIES = ("time", "battlefield")


class Strategy(Strict):
    """How a party concedes, a ``[strategies.NAME]`` table (Faratin, Sierra & Jennings 1998
    for the clock strategies)."""

    kind: Literal["zeuthen", "time", "tit_for_tat", "battlefield"] | None = None
    """``zeuthen``: the side less willing to risk a breakdown concedes (Zeuthen 1930);
    ``time``: concedes by the clock towards the deadline; ``tit_for_tat``: matches the
    other side's last concession; ``battlefield``: by the clock, faster when the war
    goes badly. Default: ``actors.NAME.strategy.kind`` of the assumptions."""
    e: Exponent | None = None
    """Concession exponent of the clock strategies: below 1 concedes late (Boulware),
    above 1 early (Conceder). Default: ``actors.NAME.concession_e``."""
    family: Literal["polynomial", "exponential"] = "polynomial"
    """Shape of the clock strategies' concession curve."""
    k: Share = 0.0
    """Share of the way from ideal to reservation conceded at the start."""


class Event(Strict):
    """Something that happens on a date: news from the front, a cost, a shift at home.

    When: ``round`` (the date of one of the scenario's ``[[rounds]]``) or
    ``date``. What: ``signal``, engagements' worth of public evidence that the
    war favours the target (both parties update their beliefs on it);
    ``cost``, a change in the target's cost of fighting on; ``talk_cost``, a
    cost at home of sitting at the table with the other side (an audience
    cost: atrocities come to light, a leader's survival is at stake);
    ``aims``, the target's aims and red lines from then on are those its
    statements document up to that date (a documented shift, e.g. Russia's
    claim to four regions in 2025). Each number defaults to
    ``events.NAME.<key>`` of ``seeds/assumptions.toml``, else 0.
    """

    round: int | None = Field(None, ge=1)
    """The round (1 = the first of ``rounds``) on whose date it happens; or give ``date``."""
    date: dt.date | None = None
    """The date it happens, if not a round's."""
    target: str
    """The party it favours or costs: one of the parties, or ``"both"``."""
    signal: Evidence | None = None
    """Engagements' worth of public evidence that the war favours the target."""
    cost: SignedCost | None = None
    """Change in the target's cost of fighting on."""
    talk_cost: Cost | None = None
    """A cost at home of sitting at the table with the other side (an audience cost)."""
    aims: dt.date | None = None
    """From the event on, the target's aims and red lines are those its statements
    document up to this date (a documented shift of aims)."""
    description: str = Text
    """What happened, in words."""
    quote: str | None = Field(None, max_length=MAX_TEXT)
    """The sentence of a source document it rests on."""
    file: str | None = Field(None, max_length=MAX_TITLE)
    """The source document of the quote (a file of ``seeds/documents/``)."""


class MediatorSettings(Strict):
    """A mediator, a ``[mediators.NAME]`` table."""

    levers: list[Literal[LEVERS]] | None = None  # type: ignore[valid-type]
    """The levers it uses; default: those its statements of the era show it using."""
    joins: dt.date | None = None
    """The date the mediator starts to act (default: the first round)."""


class CalendarSettings(Strict):
    """How the talks go on past their dated rounds."""

    until: dt.date | None = None
    """Run to this date: rounds every ``cadence_days`` after the last dated one, the war
    going on between them."""
    cadence_days: Days | None = None
    """Days between those rounds (default: ``calendar.cadence_days.ERA`` of the assumptions)."""


class CalibrationSettings(Strict):
    """Overrides of the calibration's free parameters (``method.*`` of the assumptions;
    :mod:`sim.calibration.positions`)."""

    acceptable_value: Utility | None = None
    """Least value of a level an actor signals it could accept."""
    rejected_cap: Utility | None = None
    """Greatest value of a level an actor rejects."""
    unmentioned_intensity: Intensity | None = None
    """Weight, in intensity units, of an agenda issue an actor never speaks about."""
    opposed_default: Share | None = None
    """On an issue a party never mentions, 1 opposes the other party's demand, 0 is
    indifferent; values between blend the two."""
    curvature: Curvature | None = None
    """Curvature of every value function (exponential form; 0 is linear)."""


class GameSettings(Strict):
    """The games analysed each round."""

    n_demands: int = Field(4, ge=2, le=8)
    """Demands per party in the Nash demand game: points spread evenly along the frontier."""


class BattlefieldSettings(Strict):
    """Overrides of the true military balance, its drift and the engagements (per 30 days)."""

    theta: InnerProbability | None = None
    """The true balance: the first party's chance of winning an engagement
    (default: ``battlefield.theta.ERA``)."""
    drift: Drift | None = None
    """Standard deviation of the true balance's random walk over 30 days, on the
    log-odds scale."""
    engagement_rate: Rate | None = None
    """Engagements per 30 days, which both parties learn from."""


#: A party's numbers that its ``[parties.X]`` table may set, and the assumption each
#: overrides ({party}: the party, {era}: the year the talks are calibrated at).
PARTY_ASSUMPTIONS = {
    "belief": "actors.{party}.belief.{era}",
    "confidence": "actors.{party}.confidence.{era}",
    "war_cost": "actors.{party}.war_cost.{era}",
    "pain": "actors.{party}.pain",
}
#: Every scenario key that overrides an assumption, and the assumption ({name}: an
#: event, sized by the seeds or else 0); a key under ``[assumptions]`` overrides the
#: assumption at its own path. Each key's type names the domain of its assumption.
OVERRIDES = {
    **{f"parties.{{party}}.{key}": path for key, path in PARTY_ASSUMPTIONS.items()},
    "strategies.{party}.e": "actors.{party}.concession_e",
    "battlefield.theta": "battlefield.theta.{era}",
    "battlefield.drift": "battlefield.drift",
    "battlefield.engagement_rate": "battlefield.engagement_rate",
    "calendar.cadence_days": "calendar.cadence_days.{era}",
    "events.{name}.signal": "events.{name}.signal",
    "events.{name}.cost": "events.{name}.cost",
    "events.{name}.talk_cost": "events.{name}.talk_cost",
    **{f"calibration.{key}": f"method.{key}" for key in CalibrationSettings.model_fields},
}


class Scenario(Strict):
    """One set of talks: a scenario file."""

    name: str = Field(max_length=64, pattern=SLUG)
    """Lower-case letters and digits, words joined by ``-`` or ``_``: it names the
    results folder (``out/NAME``)."""
    title: str = Title
    """A one-line title for tables and charts."""
    description: str = Text
    """What the scenario stands for, and its sources."""
    parties: dict[str, PartySettings] = Field(json_schema_extra=BY_ACTOR)
    """Exactly two parties, ``[parties.NAME]`` tables (NAME an actor of the seeds), each
    with optional overrides of its calibrated numbers."""
    mediators: dict[str, MediatorSettings] = Field(default_factory=dict, json_schema_extra=BY_ACTOR)
    """The mediators, ``[mediators.NAME]`` tables."""
    agenda: list[str] = Field(min_length=1, max_length=15, json_schema_extra=_by_issue)
    """The issues on the table: keys of ``seeds/issues.toml``, each once."""
    rounds: list[Round] = Field(min_length=1)
    """The dated rounds, ``[[rounds]]`` tables in date order."""
    deadline: int | None = Field(None, ge=1, le=MAX_ROUNDS)
    """Rounds the parties plan for; only the clock strategies (``time``,
    ``battlefield``) use it, and they need it."""
    calibration_date: dt.date | None = None
    """The date positions are calibrated at (statements up to it); default: the last
    round's date."""
    strategies: dict[str, Strategy] = Field(default_factory=dict, json_schema_extra=BY_ACTOR)
    """Concession strategies by party, ``[strategies.NAME]`` tables."""
    events: dict[str, Event] = Field(default_factory=dict)
    """Scheduled events by name, ``[events.NAME]`` tables."""
    calibration: CalibrationSettings = CalibrationSettings()
    """Overrides of the calibration method's free parameters."""
    games: GameSettings = GameSettings()
    """Settings of the games analysed each round."""
    battlefield: BattlefieldSettings = BattlefieldSettings()
    """Overrides of the true military balance, its drift and the engagements."""
    calendar: CalendarSettings = CalendarSettings()
    """How the talks go on past their dated rounds."""
    assumptions: dict[str, Any] = Field(default_factory=dict)
    """Overrides of ``seeds/assumptions.toml`` values, nested as in that file
    (``[assumptions.commitment.ukraine] base_risk = 0.3``)."""

    @model_validator(mode="after")
    def _cross_checks(self) -> Scenario:
        issues = load_issues()
        meetings = dict.fromkeys(o.meeting for o in load_outcomes())
        if len(self.parties) != 2:
            raise KeyProblem("parties", "exactly two parties (tables [parties.NAME])")
        for role, actors in (("parties", self.parties), ("mediators", self.mediators)):
            for actor in actors:
                if actor not in ACTORS:
                    raise KeyProblem(
                        f"{role}.{actor}", f"an actor{suggest(actor, ACTORS)}: {', '.join(ACTORS)}"
                    )
        for actor in self.mediators:
            if actor in self.parties:
                raise KeyProblem(f"mediators.{actor}", "an actor that is not also a party")
        for i, issue in enumerate(self.agenda):
            if issue not in issues:
                raise KeyProblem(
                    f"agenda[{i}]", f"an issue{suggest(issue, issues)}: {', '.join(issues)}"
                )
        if len(set(self.agenda)) != len(self.agenda):
            raise KeyProblem("agenda", "each issue at most once")
        for name, party in self.parties.items():
            self._check_party(name, party, issues)
        for name, strategy in self.strategies.items():
            if name not in self.parties:
                raise KeyProblem(
                    f"strategies.{name}",
                    f"a strategy for one of the parties{suggest(name, self.parties)}: "
                    + ", ".join(self.parties),
                )
            if strategy.kind in CLOCK_STRATEGIES and self.deadline is None:
                raise KeyProblem("deadline", f"a deadline for the {strategy.kind!r} strategy")
        for path, value in flatten(self.assumptions).items():
            self._check_assumption(path, value)
        self._check_dates()
        self._check_seeded()
        for name, event in self.events.items():
            self._check_event(name, event)
        for i, rnd in enumerate(self.rounds):
            if rnd.host is not None and rnd.host not in self.mediators:
                raise KeyProblem(
                    f"rounds[{i}].host",
                    f"one of the scenario's mediators ({', '.join(self.mediators) or 'none'}): "
                    f"{rnd.host} hosts this round, so keep [mediators.{rnd.host}] or drop the "
                    "round's host",
                )
            if rnd.meeting is not None and rnd.meeting not in meetings:
                raise KeyProblem(
                    f"rounds[{i}].meeting",
                    f"a meeting of seeds/outcomes.csv{suggest(rnd.meeting, meetings)}: "
                    + ", ".join(meetings),
                )
        return self

    def _check_dates(self) -> None:
        """Rounds in strictly increasing date order, none before the first coded statement."""
        era = first_statement_date()
        for i, (before, rnd) in enumerate(zip(self.rounds, self.rounds[1:], strict=False)):
            if not before.date < rnd.date:
                raise KeyProblem(f"rounds[{i + 1}].date", f"a date after {before.date}")
        dated = [(f"rounds[{i}].date", r.date) for i, r in enumerate(self.rounds)]
        for key, date in [*dated, ("calibration_date", self.calibration_date)]:
            if date is not None and date < era:
                raise KeyProblem(key, f"a date on or after {era} (the first coded statement)")
        until = self.calendar.until
        if until is not None and until < self.rounds[0].date:
            raise KeyProblem("calendar.until", f"a date on or after {self.rounds[0].date}")

    def _check_event(self, name: str, event: Event) -> None:
        targets = (*self.parties, "both")
        if event.target not in targets:
            raise KeyProblem(
                f"events.{name}.target",
                f"one of {', '.join(targets)}{suggest(event.target, targets)}",
            )
        if (event.round is None) == (event.date is None):
            raise KeyProblem(f"events.{name}", "either round or date (exactly one)")
        if event.round is not None and event.round > len(self.rounds):
            raise KeyProblem(
                f"events.{name}.round",
                f"a round from 1 to {len(self.rounds)} (one of the scenario's [[rounds]])",
            )
        if event.date is not None and event.date < self.rounds[0].date:
            raise KeyProblem(f"events.{name}.date", f"a date on or after {self.rounds[0].date}")
        if event.aims is not None and event.target == "both":
            raise KeyProblem(f"events.{name}.aims", "an event whose target is one party")

    def event_date(self, name: str) -> dt.date:
        """The date of an event: its own, or that of its round."""
        event = self.events[name]
        if event.date is not None:
            return event.date
        return self.rounds[event.round - 1].date  # type: ignore[operator]

    def _check_seeded(self) -> None:
        """Every number a run needs is in the seeds or set here: a party the seeds do
        not calibrate as a belligerent, or talks dated in a year they do not
        calibrate, would otherwise fail deep in the set-up."""
        seeded = load_assumptions()
        belligerents = [a for a in ACTORS if a in seeded["commitment"]]
        for name in self.parties:
            if name not in belligerents or "strategy" not in seeded["actors"].get(name, {}):
                raise KeyProblem(
                    f"parties.{name}",
                    f"a belligerent the seeds calibrate: {', '.join(belligerents)}",
                )
        era = str(self.as_of.year)
        given: dict[str, Any] | None = None  # what the scenario sets, read if the seeds lack one
        for pattern, template in OVERRIDES.items():
            if "{name}" in pattern:
                continue  # an event the seeds do not size has size 0
            for party in self.parties:
                key, path = pattern.format(party=party), template.format(party=party, era=era)
                try:
                    assumption(path)
                    continue
                except SeedError:
                    given = given or flatten(self.model_dump(exclude_none=True))
                if key not in given and f"assumptions.{path}" not in given:
                    raise KeyProblem(
                        key,
                        f"a value: seeds/assumptions.toml has no {path} "
                        f"(the talks are calibrated as of {self.as_of})",
                    )

    @staticmethod
    def _check_assumption(path: str, value: Any) -> None:
        key = f"assumptions.{path}"
        try:
            assumption(path)
        except SeedError:
            near = suggest(key, [f"assumptions.{p}" for p in valued_assumptions()])
            raise KeyProblem(key, f"a valued entry of seeds/assumptions.toml{near}") from None
        try:
            check_in_domain(path, value)
        except DomainError as exc:
            raise KeyProblem(key, exc.expected) from None

    def _check_party(self, name: str, party: PartySettings, issues: dict) -> None:
        # Weights for every agenda issue that sum to 0 leave nothing to normalise
        # (the party would value every package at 0/0).
        if set(self.agenda) <= set(party.weights) and sum(party.weights.values()) <= 0:
            raise KeyProblem(f"parties.{name}.weights", "weights that are not all 0")
        for table in ("weights", "ideal", "red_lines"):
            for issue, value in getattr(party, table).items():
                key = f"parties.{name}.{table}.{issue}"
                if issue not in self.agenda:
                    raise KeyProblem(
                        key,
                        f"an issue on the scenario's agenda{suggest(issue, self.agenda)}: "
                        + ", ".join(self.agenda),
                    )
                levels = issues[issue].levels
                for level in [value] if table == "ideal" else value if table == "red_lines" else []:
                    if level not in levels:
                        raise KeyProblem(
                            key, f"a level of {issue}{suggest(level, levels)}: {', '.join(levels)}"
                        )

    @property
    def party_names(self) -> tuple[str, str]:
        first, second = self.parties
        return first, second

    @property
    def as_of(self) -> dt.date:
        """The date the positions are calibrated at: the last round unless set."""
        return self.calibration_date or max(r.date for r in self.rounds)


class KeyProblem(ValueError):
    """Raised inside validators to name the offending key (turned into ScenarioError)."""

    def __init__(self, key: str, expected: str) -> None:
        self.key, self.expected = key, expected
        super().__init__(f"{key}: expected {expected}")


def suggest(word: str, choices: Iterable[str]) -> str:
    """``" (did you mean 'belief'?)"`` for the closest of `choices` to `word`, else ""."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def walk(kind: Any, loc: list[Any]) -> tuple[Any, list[Any]] | None:
    """The annotation at `loc` of a `kind` document, and `loc` as the document spells it.

    Follows a field of a model, a value of ``dict[str, X]``, an item of
    ``list[X]``; pydantic puts the name of a union's member in the location
    (``report.outcome.Among.column``), which is followed and left out.
    None if `loc` leaves the annotations.
    """
    if not loc:
        return kind, []
    part, rest = loc[0], loc[1:]
    origin, args = get_origin(kind), get_args(kind)
    if origin in (Union, types.UnionType):
        named = [a for a in args if getattr(a, "__name__", None) == part or repr(a) == part]
        if named:
            return walk(named[0], rest)
        return next((found for a in args if (found := walk(a, loc)) is not None), None)
    if _is_model(kind):
        field = kind.model_fields.get(part)
        inner = None if field is None else walk(field.annotation, rest)
    elif (origin, type(part)) in ((dict, str), (list, int)):
        inner = walk(args[-1], rest)
    else:
        return None
    return None if inner is None else (inner[0], [part, *inner[1]])


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _dotted(loc: list[Any]) -> str:
    """``["rounds", 0, "host"]`` as ``rounds[0].host``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def describe_error(error: Mapping[str, Any], kind: Any = None) -> tuple[str, str]:
    """The key and what was expected there, from a pydantic error of a `kind` document.

    An unknown key names the keys allowed in its table and the closest of them;
    a misspelt choice, the closest choice.
    """
    loc = list(error["loc"])
    found = walk(kind, loc[:-1]) if kind is not None and loc else None
    if found is not None:
        loc = [*found[1], loc[-1]]
    key = _dotted(loc) or "(top level)"
    ctx = error.get("ctx", {})
    if isinstance(ctx.get("error"), KeyProblem | DomainError):
        problem = ctx["error"]
        if not problem.key:  # a domain's error on the value at `key` itself
            return key, problem.expected
        return (f"{key}.{problem.key}" if loc else problem.key), problem.expected
    if error["type"] == "missing":
        return key, "a value (this key is required)"
    if error["type"] == "extra_forbidden":
        table = found[0] if found is not None else None
        if not _is_model(table):
            return key, "no such key (misspelt or not allowed here)"
        allowed = list(table.model_fields)  # type: ignore[union-attr]
        near = suggest(str(loc[-1]), allowed)
        return key, f"no such key{near}; allowed here: {', '.join(allowed)}"
    got = shorten(repr(error.get("input")))
    hint = ""
    if error["type"] == "literal_error" and isinstance(error.get("input"), str):
        hint = suggest(error["input"], re.findall(r"'([^']*)'", ctx.get("expected", "")))
    return key, f"{error['msg'][0].lower()}{error['msg'][1:]}, got {got}{hint}"


def first_error(errors: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The error to report: a misspelt key first (a union's other members then fail too)."""
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


#: Longest quoted user value in an error message.
SHOWN = 60


def shorten(text: str) -> str:
    """`text` cut to :data:`SHOWN` characters (an error line quotes, it does not dump)."""
    return text if len(text) <= SHOWN else f"{text[: SHOWN - 3]}..."


def validate_as(kind: type[M], data: dict[str, Any], source: str) -> M:
    """`data` validated as `kind`, or one :class:`ScenarioError` naming its first problem."""
    try:
        return kind.model_validate(data)
    except ValidationError as exc:
        key, expected = describe_error(first_error(exc.errors()), kind)
        raise ScenarioError(source, key, expected) from None


def validate_scenario(data: dict[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a scenario given as a dict (e.g. after sweep overrides)."""
    return validate_as(Scenario, data, source)


def read_scenario_data(path: str | Path, what: str = "scenario file") -> dict[str, Any]:
    """The raw TOML of a file, with a one-line error if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(str(path), "(file)", f"an existing {what}")
    too_deep = ScenarioError(
        str(path), "(syntax)", f"tables and arrays nested at most {MAX_DEPTH} levels deep"
    )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(str(path), "(syntax)", f"valid TOML ({exc})") from None
    except RecursionError:  # the parser's own stack: thousands of nested arrays
        raise too_deep from None
    if nesting(data) > MAX_DEPTH:  # else flattening or copying it would exhaust the stack
        raise too_deep
    return data


def nesting(tree: object) -> int:
    """How deep dicts and lists nest in `tree` (0 for a leaf); without recursion, so
    that a tree nested thousands of levels deep is measured, not a RecursionError."""
    deepest, stack = 0, [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        stack.extend((child, depth + 1) for child in children)
    return deepest


def find_scenario(name: str | Path, relative_to: Path = Path()) -> Path:
    """A scenario's file: a path (tried relative to `relative_to`, then as given)
    or a bare name of a shipped scenario (``istanbul-2022``); `name` itself if none exists."""
    return find_shipped(name, "scenarios", relative_to)


def shipped_scenarios() -> list[Path]:
    """The files of the shipped scenarios, by name."""
    return sorted(data_folder("scenarios").glob("*.toml"))


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    return validate_scenario(read_scenario_data(path), str(path))


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested dict as ``{dotted.path: leaf}``."""
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{path}."))
        else:
            flat[path] = value
    return flat


@cache  # a function of its arguments and OVERRIDES; a sweep asks of the same keys often
def overridden_assumption(key: str, era: str) -> str | None:
    """The assumption that scenario key `key` (dotted) overrides in talks calibrated in
    year `era`; None if it overrides none (:data:`OVERRIDES`)."""
    if key.startswith("assumptions."):
        return key.removeprefix("assumptions.")
    given = key.split(".")
    for pattern, path in OVERRIDES.items():
        wanted = pattern.split(".")
        if len(wanted) != len(given):
            continue
        bound = {w.strip("{}"): g for w, g in zip(wanted, given, strict=True) if w[0] == "{"}
        if all(w == g for w, g in zip(wanted, given, strict=True) if w[0] != "{"):
            return path.format(era=era, **bound)
    return None


def outside_documented_ranges(scenario: Scenario) -> dict[str, dict[str, Any]]:
    """Every value `scenario` sets outside the documented range of the assumption it
    overrides (inside its domain, or the scenario would not have validated):
    ``{key: {"assumption": path, "value": v, "range": [low, high]}}``, for provenance."""
    era = str(scenario.as_of.year)
    found = {}
    for key, value in flatten(scenario.model_dump(exclude_none=True)).items():
        path = overridden_assumption(key, era)
        if path is None:
            continue
        try:
            seeded = assumption(path)
        except SeedError:  # an event the seeds do not size
            continue
        if not seeded.in_range(value):
            found[key] = {"assumption": path, "value": value, "range": [seeded.low, seeded.high]}
    return found


def with_overrides(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A copy of `data` with values set at dotted paths (``parties.russia.reservation``)."""
    data = copy_tree(data)
    for path, value in overrides.items():
        node = data
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise KeyError(path)
        node[leaf] = value
    return data


#: Leaves a copy of a document may share with the original: they cannot change.
IMMUTABLE = (str, int, float, bool, type(None), dt.date, dt.datetime, dt.time)


def copy_tree(tree: Any) -> Any:
    """A deep copy of a document of dicts and lists (``copy.deepcopy``'s result, made
    several times faster: its immutable leaves are shared, not copied; any other
    object is deep-copied). A sweep copies its scenario for every value it checks."""
    kind = type(tree)
    if kind is dict:
        return {key: copy_tree(value) for key, value in tree.items()}
    if kind is list:
        return [copy_tree(value) for value in tree]
    if kind in IMMUTABLE:
        return tree
    return copy.deepcopy(tree)


def vary(scenario: Scenario, changes: dict[str, Any]) -> Scenario:
    """`scenario` with values changed at dotted keys, validated again.

    ``vary(scenario, {"parties.russia.belief": 0.7})``; a change the scenario
    cannot take is a :class:`ScenarioError` naming its key.
    """
    data = with_overrides(scenario.model_dump(exclude_unset=True), changes)
    return validate_scenario(data, f"{scenario.name} with changes")
