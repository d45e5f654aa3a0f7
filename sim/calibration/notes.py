"""Settings of a scenario that change nothing in a run, each with the reason.

A scenario can be valid and still hold settings no part of a run reads, or
reads to no effect: a mediator with no levers in that era, an event after
the last round, a deadline that only the clock strategies read, an
``[assumptions]`` override of another era or of a number the scenario sets
itself. :func:`no_effect` lists them from the scenario and its set-up;
``peacesim run``, ``peacesim sweep`` (:mod:`sim.sweeps.notes`) and the
classroom app print the list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sim.calibration.scenario import CLOCK_STRATEGIES, Scenario, flatten
from sim.calibration.seeds import load_assumptions, load_issues
from sim.calibration.setup import ACTING_LEVERS, PartySetup, Setup

#: Strategy keys only the clock strategies read.
CLOCK_KEYS = ("e", "k", "family")
#: Party numbers a scenario sets directly, by the assumption they replace (``{era}``: the year).
PARTY_KEYS = {
    "belief": "actors.{party}.belief.{era}",
    "confidence": "actors.{party}.confidence.{era}",
    "war_cost": "actors.{party}.war_cost.{era}",
    "pain": "actors.{party}.pain",
}
#: Commitment numbers that act through an issue of the agenda, and the key naming it.
COMMITMENT_ISSUES = {"guarantee_effect": "guarantee_issue", "shift_effect": "shift_issue"}
BATTLEFIELD_KEYS = {
    "theta": "battlefield.theta.{era}",
    "drift": "battlefield.drift",
    "engagement_rate": "battlefield.engagement_rate",
}


@dataclass(frozen=True)
class Note:
    """A setting that changes nothing: its dotted key in the scenario, and why."""

    key: str
    why: str

    def __str__(self) -> str:
        return f"{self.key}: {self.why}"


def no_effect(
    scenario: Scenario, setup: Setup, calendar: Sequence[dt.date] | None = None
) -> list[Note]:
    """The settings of `scenario` that change nothing in a run on the dates of `calendar`.

    `setup` is the scenario's :func:`~sim.calibration.setup.build_setup`;
    `calendar` is the run's round dates (:func:`sim.talks.calendar.talk_calendar`);
    without it, a run to the scenario's ``calendar.until``, else its last dated round.
    """
    last = calendar[-1] if calendar else scenario.calendar.until or scenario.rounds[-1].date
    return [
        *_mediators(scenario, setup),
        *_events(setup, last),
        *_strategies(scenario, setup),
        *_assumptions(scenario, setup),
    ]


def _mediators(scenario: Scenario, setup: Setup) -> list[Note]:
    separable = any(load_issues()[k].separable for k in scenario.agenda)
    hosts = {r.host for r in scenario.rounds}
    era = scenario.as_of.year
    notes = []
    for m in setup.mediators:
        acting = [
            lever
            for lever in m.levers
            if lever in ACTING_LEVERS and (lever != "broker_deal" or separable)
        ]
        if acting or m.name in hosts:  # a host is named in the record of its rounds
            continue
        if not m.levers:
            why = (
                f"no levers in {era} (no statement of {era} shows it using one), so it changes "
                "nothing; give it some with levers = [...] or leave it out"
            )
        else:
            why = f"its levers ({', '.join(sorted(m.levers))}) change nothing in the round"
            if "broker_deal" in m.levers and not separable:
                why += " (a broker needs a separable issue on the agenda)"
        notes.append(Note(f"mediators.{m.name}", why))
    return notes


def _events(setup: Setup, last: dt.date) -> list[Note]:
    notes = []
    for event in setup.events:
        if event.date > last:
            why = f"it falls on {event.date}, after the last round run ({last}): it never happens"
            notes.append(Note(f"events.{event.name}", why))
        elif event.signal == 0 and event.cost == 0 and event.talk_cost == 0 and event.aims is None:
            why = (
                "its signal, its cost and its cost of talking are all 0 (here or in "
                "seeds/assumptions.toml), and it moves no side's aims"
            )
            notes.append(Note(f"events.{event.name}", why))
    return notes


def _kinds(setup: Setup) -> dict[str, str]:
    return {p.name: p.strategy.kind for p in setup.parties}


def _strategies(scenario: Scenario, setup: Setup) -> list[Note]:
    kinds = _kinds(setup)
    clocked = [p for p, kind in kinds.items() if kind in CLOCK_STRATEGIES]
    notes = []
    if scenario.deadline is not None and not clocked:
        why = (
            f"only the clock strategies ({', '.join(CLOCK_STRATEGIES)}) read it, and the "
            f"parties concede by {' and '.join(sorted(set(kinds.values())))}"
        )
        notes.append(Note("deadline", why))
    for party, strategy in scenario.strategies.items():
        if kinds[party] in CLOCK_STRATEGIES:
            continue
        for key in sorted(strategy.model_fields_set & set(CLOCK_KEYS)):
            why = f"{party} concedes by {kinds[party]}, which has no {key!r}"
            notes.append(Note(f"strategies.{party}.{key}", why))
    return notes


def _assumptions(scenario: Scenario, setup: Setup) -> list[Note]:
    notes = []
    for path in flatten(scenario.assumptions):
        why = (
            _unread(path, scenario)
            if path not in setup.assumptions_read
            else _read_in_vain(path, scenario, setup)
        )
        if why:
            notes.append(Note(f"assumptions.{path}", why))
    return notes


def _unread(path: str, scenario: Scenario) -> str:
    """Why no part of a run reads the assumption at `path`."""
    era = str(scenario.as_of.year)
    parts = path.split(".")
    year = re.fullmatch(r"\d{4}", parts[-1])
    if parts[0] == "capability":
        return "only `peacesim forecast` reads it (the expected-utility model), not a run"
    if year and parts[-1] != era:
        return f"it is for {parts[-1]}, and these talks are in {era}"
    shadows = {
        **{
            template.format(party=party, era=era): f"parties.{party}.{key}"
            for party in scenario.parties
            for key, template in PARTY_KEYS.items()
        },
        **{t.format(era=era): f"battlefield.{k}" for k, t in BATTLEFIELD_KEYS.items()},
        f"calendar.cadence_days.{era}": "calendar.cadence_days",
        **{f"method.{k}": f"calibration.{k}" for k in type(scenario.calibration).model_fields},
        **{f"actors.{p}.concession_e": f"strategies.{p}.e" for p in scenario.parties},
    }
    if path in shadows:
        return f"the scenario's {shadows[path]} sets this number"
    if parts[0] == "events" and len(parts) == 3:
        if parts[1] not in scenario.events:
            return f"this scenario has no event {parts[1]!r}"
        return f"the scenario's events.{parts[1]}.{parts[2]} sets this number"
    if parts[0] == "breach":
        return f"{parts[1]} is not a separable issue on this agenda"
    return "no part of a run of this scenario reads it"


def _read_in_vain(path: str, scenario: Scenario, setup: Setup) -> str:
    """Why an assumption a run reads changes nothing in it, or "" if it can."""
    parties = {p.name: p for p in setup.parties}
    kinds = _kinds(setup)
    parts = path.split(".")
    if parts[0] == "commitment" and parts[1] in parties and parts[-1] in COMMITMENT_ISSUES:
        return _commitment_in_vain(parties[parts[1]], parts[-1])
    if parts[0] == "actors" and parts[2:] == ["concession_e"] and parts[1] in kinds:
        kind = kinds[parts[1]]
        return "" if kind in CLOCK_STRATEGIES else f"{parts[1]} concedes by {kind}: no exponent"
    if path == "strategy.battlefield_sensitivity" and "battlefield" not in kinds.values():
        return "only the battlefield strategy reads it, and neither party uses it"
    if parts[0] == "levers":
        held = {lever for m in setup.mediators for lever in m.levers}
        lever = "sanctions_pressure" if parts[1] == "truce_breach_penalty" else parts[1]
        if lever not in held:
            return f"no mediator at the table has the {lever} lever"
    return ""


def _commitment_in_vain(party: PartySetup, key: str) -> str:
    issue_key = COMMITMENT_ISSUES[key]
    if getattr(party.commitment, issue_key) is not None:
        return ""
    issue = load_assumptions()["commitment"][party.name].get(issue_key)
    if issue is None:
        return f"seeds/assumptions.toml names no {issue_key} for {party.name}"
    return f"its issue, {issue}, is not on the agenda"
