"""Everything one run needs, resolved from the seeds and a scenario's overrides.

The scenario says who is at the table, what is on it and what it changes;
the seeds say what each actor wants (statements, via :mod:`sim.calibration`)
and the numbers the documents do not give (``seeds/assumptions.toml``). A
number is taken from the scenario's own key if it sets one (``[parties.X]
belief``), else from its ``[assumptions]`` overrides, else from the seeds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from sim.calibration.positions import (
    METHOD_KEYS,
    Method,
    Override,
    Position,
    calibrate_actor,
    calibrate_parties,
    levers,
)
from sim.calibration.scenario import PARTY_ASSUMPTIONS, Scenario, flatten
from sim.calibration.seeds import (
    LEVERS,
    SeedError,
    assumption,
    load_assumptions,
    load_issues,
)
from sim.core.commitment import renege_risk

#: Lever strengths that are numbers (the other levers act without one).
NUMERIC_LEVERS = ("sanctions_pressure", "walk_away_threat", "shuttle_calls", "truce_breach_penalty")
#: The levers the round acts on (:class:`sim.talks.agents.Mediator`); hosting and proposing
#: a text change nothing there (the text is the talks' own). A test in
#: ``tests/talks/test_levers.py`` runs each lever alone and checks this list.
ACTING_LEVERS = ("sanctions_pressure", "walk_away_threat", "shuttle_calls", "broker_deal")


@dataclass(frozen=True)
class StrategySpec:
    """A concession strategy as data; :func:`sim.talks.strategies.make_strategy` builds it."""

    kind: str
    e: float
    sensitivity: float
    k: float = 0.0
    family: str = "polynomial"


@dataclass(frozen=True)
class Commitment:
    """How a party judges the risk that the other side reneges (:mod:`sim.core.commitment`).

    ``guarantee_issue`` and ``shift_issue`` are agenda positions (None when the
    issue is not on the agenda); ``shift_direction`` 1 means higher levels of
    the shift issue shift power against the party, -1 lower levels.
    """

    base_risk: float
    guarantee_effect: float
    shift_effect: float
    loss: float
    guarantee_issue: int | None
    shift_issue: int | None
    shift_direction: int
    #: Share of `guarantee_effect` that guarantees on paper keep while no third
    #: state has undertaken to act as guarantor (Walter 2002).
    unbacked_share: float = 1.0

    def risk(
        self, levels: np.ndarray, radices: tuple[int, ...], backed: bool = False
    ) -> np.ndarray:
        """The renege risk of each package (rows of `levels` over an agenda of `radices`).

        Each issue's level is read as its share of the issue's scale,
        ``level / (levels - 1)``; the shift is reversed when lower levels
        shift power against the party (:func:`sim.core.commitment.renege_risk`).
        `backed`: a mediator has undertaken to guarantee, so guarantees in a
        package take their full effect, else ``unbacked_share`` of it.
        """

        def share(issue: int | None) -> np.ndarray:
            # An issue off the agenda counts as level 0 of every package (one risk each).
            if issue is None:
                return np.zeros(len(levels))
            return levels[:, issue] / max(radices[issue] - 1, 1)

        shift = share(self.shift_issue)
        if self.shift_direction < 0:
            shift = 1.0 - shift
        guarantee = share(self.guarantee_issue)
        effect = self.guarantee_effect * (1.0 if backed else self.unbacked_share)
        return renege_risk(self.base_risk, guarantee, shift, effect, self.shift_effect)


@dataclass(frozen=True)
class PartySetup:
    name: str
    position: Position
    belief: float  # its subjective probability of winning the war
    confidence: float  # weight of that belief, in pseudo-engagements
    war_cost: float  # cost of fighting on until the war is decided
    pain: float  # growth of that cost per 30 days of war
    strategy: StrategySpec
    commitment: Commitment
    #: The aims it adopts when the talks break down, if it is documented to add
    #: to its demands then (``escalation.<party>`` of ``seeds/assumptions.toml``).
    escalation: Position | None = None


@dataclass(frozen=True)
class MediatorSetup:
    name: str
    position: Position
    levers: dict[str, str]  # lever -> target
    sources: dict[str, tuple[str, ...]]  # lever -> statement ids
    joins: dt.date | None = None  # None: from the first round


@dataclass(frozen=True)
class EventSetup:
    """A scheduled event with its size resolved (see :class:`sim.calibration.scenario.Event`).

    ``aims``: the target's position from the event on (its statements up to
    the event's ``aims`` date, on the scenario's agenda), or None.
    """

    name: str
    date: dt.date
    target: str
    signal: float
    cost: float
    talk_cost: float = 0.0
    aims: Position | None = None


@dataclass(frozen=True)
class Setup:
    parties: tuple[PartySetup, PartySetup]
    mediators: tuple[MediatorSetup, ...]
    lever_strengths: dict[str, float]
    exploit_gain: float
    exploited_loss: float
    theta: float  # the true balance: Russia's (the first party's) share of engagements
    drift: float  # sd of the true balance's random walk over 30 days, on the log-odds scale
    engagement_rate: float  # engagements per 30 days
    misreading: float  # chance a side reads one of its own losses as a win
    breach: dict[str, float]  # per separable agenda issue: probability per round a deal breaks
    events: tuple[EventSetup, ...]
    text_ripeness: float  # largest shortfall at which a negotiating text is drafted
    cadence_days: int  # days between rounds past the dated ones
    patience_days: float  # days without progress before the side furthest from a deal leaves
    walk_out_gap: float  # shortfall (plus cost of talking) at which a side leaves at once
    return_improvement: float  # improvement of its best text that brings a side back
    #: Paths of seeds/assumptions.toml this set-up read (:mod:`sim.calibration.notes`
    #: names a scenario's ``[assumptions]`` override that is not among them).
    assumptions_read: frozenset[str] = frozenset()

    def truce_penalties(self) -> np.ndarray:
        """Each party's penalty for breaking a truce: one per mediator holding sanctions over it."""
        strength = self.lever_strengths["truce_breach_penalty"]
        return np.array(
            [
                strength
                * sum(
                    m.levers.get("sanctions_pressure") in (p.name, "both") for m in self.mediators
                )
                for p in self.parties
            ],
            dtype=float,
        )


class Numbers:
    """The assumptions of one scenario: its ``[assumptions]`` overrides, else the seeds'."""

    def __init__(self, overrides: dict[str, Any]) -> None:
        self.overrides = flatten(overrides)
        self.read: set[str] = set()

    def value(self, path: str, default: float | None = None) -> float:
        """The number at `path`; `default` if the seeds have none there (else an error)."""
        self.read.add(path)
        if path in self.overrides:
            return float(self.overrides[path])
        try:
            return assumption(path).value
        except SeedError:
            if default is None:
                raise
            return default


def _events(
    scenario: Scenario, numbers: Numbers, method: Method, overrides: dict[str, Override]
) -> tuple[EventSetup, ...]:
    def size(name: str, key: str, chosen: float | None) -> float:
        return chosen if chosen is not None else numbers.value(f"events.{name}.{key}", 0.0)

    def aims(target: str, as_of: dt.date | None) -> Position | None:
        if as_of is None:
            return None
        (other,) = [p for p in scenario.party_names if p != target]
        return calibrate_parties((target, other), scenario.agenda, as_of, method, overrides)[target]

    return tuple(
        EventSetup(
            name,
            scenario.event_date(name),
            event.target,
            signal=size(name, "signal", event.signal),
            cost=size(name, "cost", event.cost),
            talk_cost=size(name, "talk_cost", event.talk_cost),
            aims=aims(event.target, event.aims),
        )
        for name, event in scenario.events.items()
    )


def _commitment(name: str, agenda: list[str], numbers: Numbers) -> Commitment:
    spec = load_assumptions()["commitment"][name]

    def position(key: str) -> int | None:
        issue = spec.get(key)
        return agenda.index(issue) if issue in agenda else None

    def value(key: str, default: float | None = None) -> float:
        return numbers.value(f"commitment.{name}.{key}", default)

    return Commitment(
        base_risk=value("base_risk"),
        guarantee_effect=value("guarantee_effect"),
        shift_effect=value("shift_effect"),
        loss=value("loss"),
        guarantee_issue=position("guarantee_issue"),
        shift_issue=position("shift_issue"),
        shift_direction=int(spec.get("shift_direction", 1)),
        unbacked_share=value("unbacked_share", 1.0),
    )


def _escalation(
    scenario: Scenario, name: str, method: Method, overrides: dict[str, Override]
) -> Position | None:
    """The party's later documented aims, if it escalates when talks break down."""
    spec = load_assumptions().get("escalation", {}).get(name)
    if spec is None or spec["aims"] <= scenario.as_of:
        return None
    return calibrate_parties(
        scenario.party_names, scenario.agenda, spec["aims"], method, overrides
    )[name]


def _party(scenario: Scenario, name: str, position: Position, numbers: Numbers) -> PartySetup:
    settings = scenario.parties[name]
    era = str(scenario.as_of.year)

    def number(key: str, path: str) -> float:
        chosen = getattr(settings, key)
        return numbers.value(path) if chosen is None else chosen

    def assumption(key: str) -> float:
        return number(key, PARTY_ASSUMPTIONS[key].format(party=name, era=era))

    chosen = scenario.strategies.get(name)
    kind = (chosen and chosen.kind) or load_assumptions()["actors"][name]["strategy"]["kind"]
    strategy = StrategySpec(
        kind,
        (chosen and chosen.e) or numbers.value(f"actors.{name}.concession_e"),
        numbers.value("strategy.battlefield_sensitivity"),
        k=chosen.k if chosen else 0.0,
        family=chosen.family if chosen else "polynomial",
    )
    return PartySetup(
        name,
        position,
        belief=assumption("belief"),
        confidence=assumption("confidence"),
        war_cost=assumption("war_cost"),
        pain=assumption("pain"),
        strategy=strategy,
        commitment=_commitment(name, scenario.agenda, numbers),
    )


def _mediator(scenario: Scenario, name: str, method: Method) -> MediatorSetup:
    position = calibrate_actor(name, scenario.agenda, scenario.as_of, is_party=False, method=method)
    found = levers(name, scenario.as_of)
    chosen = scenario.mediators[name].levers
    names = sorted(found) if chosen is None else sorted(set(chosen))
    return MediatorSetup(
        name,
        position,
        {lever: found.get(lever, ("both", ()))[0] for lever in names if lever in LEVERS},
        {lever: found.get(lever, ("", ()))[1] for lever in names},
        joins=scenario.mediators[name].joins,
    )


def _breach(agenda: list[str], numbers: Numbers) -> dict[str, float]:
    issues = load_issues()
    listed = load_assumptions()["breach"]
    return {
        key: numbers.value(f"breach.{key}" if key in listed else "breach.default")
        for key in agenda
        if issues[key].separable
    }


def build_setup(scenario: Scenario) -> Setup:
    """Calibrate every actor of `scenario` and collect the parameters of one run."""
    numbers = Numbers(scenario.assumptions)
    chosen_method = {k: v for k, v in scenario.calibration.model_dump().items() if v is not None}
    method = Method.from_assumptions(
        {k: numbers.value(f"method.{k}") for k in METHOD_KEYS} | chosen_method
    )
    overrides = {
        name: Override(settings.weights, settings.ideal, settings.red_lines)
        for name, settings in scenario.parties.items()
    }
    positions = calibrate_parties(
        scenario.party_names, scenario.agenda, scenario.as_of, method, overrides
    )
    first, second = (
        replace(
            _party(scenario, name, positions[name], numbers),
            escalation=_escalation(scenario, name, method, overrides),
        )
        for name in scenario.party_names
    )
    era = str(scenario.as_of.year)
    field = scenario.battlefield
    cadence = scenario.calendar.cadence_days or int(numbers.value(f"calendar.cadence_days.{era}"))
    return Setup(
        parties=(first, second),
        mediators=tuple(_mediator(scenario, name, method) for name in scenario.mediators),
        lever_strengths={lever: numbers.value(f"levers.{lever}") for lever in NUMERIC_LEVERS},
        exploit_gain=numbers.value("ceasefire_game.exploit_gain"),
        exploited_loss=numbers.value("ceasefire_game.exploited_loss"),
        theta=field.theta if field.theta is not None else numbers.value(f"battlefield.theta.{era}"),
        drift=field.drift if field.drift is not None else numbers.value("battlefield.drift"),
        engagement_rate=field.engagement_rate or numbers.value("battlefield.engagement_rate"),
        misreading=numbers.value("battlefield.misreading"),
        breach=_breach(scenario.agenda, numbers),
        events=_events(scenario, numbers, method, overrides),
        text_ripeness=numbers.value("talks.text_ripeness"),
        cadence_days=cadence,
        patience_days=numbers.value("talks.patience_days"),
        walk_out_gap=numbers.value("talks.walk_out_gap"),
        return_improvement=numbers.value("talks.return_improvement"),
        assumptions_read=frozenset(numbers.read),
    )
