"""Everything one run needs, resolved from the seeds and a scenario's overrides.

The scenario says who is at the table, what is on it and what it changes;
the seeds say what each actor wants (statements, via :mod:`sim.calibration`)
and the numbers the documents do not give (``seeds/assumptions.toml``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.calibration.positions import (
    Method,
    Override,
    Position,
    calibrate_actor,
    calibrate_parties,
    levers,
)
from sim.calibration.scenario import Scenario
from sim.calibration.seeds import LEVERS, assumption, load_assumptions

#: Lever strengths that are numbers (the other levers act without one).
NUMERIC_LEVERS = ("sanctions_pressure", "walk_away_threat", "shuttle_calls", "truce_breach_penalty")


@dataclass(frozen=True)
class StrategySpec:
    """A concession strategy as data; :func:`sim.talks.strategies.make_strategy` builds it."""

    kind: str
    e: float
    sensitivity: float
    k: float = 0.0
    family: str = "polynomial"


@dataclass(frozen=True)
class PartySetup:
    name: str
    position: Position
    reservation: float
    war_cost: float
    strategy: StrategySpec


@dataclass(frozen=True)
class MediatorSetup:
    name: str
    position: Position
    levers: dict[str, str]  # lever -> target
    sources: dict[str, tuple[str, ...]]  # lever -> statement ids


@dataclass(frozen=True)
class Setup:
    parties: tuple[PartySetup, PartySetup]
    mediators: tuple[MediatorSetup, ...]
    lever_strengths: dict[str, float]
    exploit_gain: float
    exploited_loss: float
    volatility: float
    reservation_effect: float


def _party(scenario: Scenario, name: str, position: Position) -> PartySetup:
    settings = scenario.parties[name]
    era = str(scenario.as_of.year)
    reservation = settings.reservation
    if reservation is None:
        reservation = assumption(f"actors.{name}.reservation.{era}").value
    war_cost = settings.war_cost
    if war_cost is None:
        war_cost = assumption(f"actors.{name}.war_cost").value
    chosen = scenario.strategies.get(name)
    kind = (chosen and chosen.kind) or load_assumptions()["actors"][name]["strategy"]["kind"]
    e = (chosen and chosen.e) or assumption(f"actors.{name}.concession_e").value
    strategy = StrategySpec(
        kind,
        e,
        assumption("strategy.battlefield_sensitivity").value,
        k=chosen.k if chosen else 0.0,
        family=chosen.family if chosen else "polynomial",
    )
    return PartySetup(name, position, reservation, war_cost, strategy)


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
    )


def build_setup(scenario: Scenario) -> Setup:
    """Calibrate every actor of `scenario` and collect the parameters of one run."""
    method = Method.from_assumptions(scenario.calibration.model_dump())
    overrides = {
        name: Override(settings.weights, settings.ideal, settings.red_lines)
        for name, settings in scenario.parties.items()
    }
    positions = calibrate_parties(
        scenario.party_names, scenario.agenda, scenario.as_of, method, overrides
    )
    first, second = (_party(scenario, name, positions[name]) for name in scenario.party_names)
    return Setup(
        parties=(first, second),
        mediators=tuple(_mediator(scenario, name, method) for name in scenario.mediators),
        lever_strengths={lever: assumption(f"levers.{lever}").value for lever in NUMERIC_LEVERS},
        exploit_gain=assumption("ceasefire_game.exploit_gain").value,
        exploited_loss=assumption("ceasefire_game.exploited_loss").value,
        volatility=assumption("battlefield.volatility").value,
        reservation_effect=assumption("battlefield.reservation_effect").value,
    )
