"""What a teacher can change, each control a scenario override with its range from the seeds.

A party's slider takes its default and its range from the assumption it
overrides (``seeds/assumptions.toml``), so the app never invents a number:
moving it is exactly a sensitivity run over that assumption's documented
range. The switches remove the scenario's mediators or its scheduled event.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sim.calibration.scenario import (
    Scenario,
    find_scenario,
    read_scenario_data,
    validate_scenario,
    with_overrides,
)
from sim.calibration.seeds import assumption
from sim.calibration.setup import build_setup

#: The party and the issue whose weight the guarantees slider sets.
GUARANTEES = ("ukraine", "security_guarantees")
#: Step of the guarantees weight (a weight lies in [0, 1]; the slider snaps to steps).
WEIGHT_STEP = 0.05


@dataclass(frozen=True)
class PartyControl:
    """A slider per party: `key` of ``[parties.NAME]``, default and range from `assumption`."""

    key: str
    label: str
    assumption: str  # dotted path with {party} and {era}


PARTY_CONTROLS = (
    PartyControl("war_cost", "war cost per round", "actors.{party}.war_cost"),
    PartyControl("reservation", "value of no deal", "actors.{party}.reservation.{era}"),
)


def control_name(control: PartyControl, party: str) -> str:
    return f"{control.key}_{party}"


def slider_step(span: float) -> float:
    """A tenth of the order of magnitude of `span`: 0.001 for 0.03, 0.01 for 0.3.

    Fine enough for twenty-odd positions, and on a grid that holds the
    seeds' defaults (0.01, 0.015, 0.55), which a fixed fraction of the range
    would miss (a slider snaps its value to its steps).
    """
    return 10.0 ** (math.floor(math.log10(span)) - 1)


def scenario_data(name: str) -> tuple[dict[str, Any], str]:
    """The raw TOML of a scenario (a file or a shipped name) and its source."""
    path = find_scenario(name)
    return read_scenario_data(path), str(path)


def build_scenario(name: str, values: dict[str, Any]) -> Scenario:
    """The scenario `name` with the controls' `values` applied (None leaves a value as is)."""
    data, source = scenario_data(name)
    overrides = {}
    for party in data["parties"]:
        for control in PARTY_CONTROLS:
            value = values.get(control_name(control, party))
            if value is not None:
                overrides[f"parties.{party}.{control.key}"] = float(value)
    party, issue = GUARANTEES
    weight = values.get("guarantees_weight")
    if weight is not None and issue in data["agenda"] and party in data["parties"]:
        overrides[f"parties.{party}.weights.{issue}"] = float(weight)
    data = with_overrides(data, overrides)
    if not values.get("mediators", True):
        data["mediators"] = {}
        for meeting in data.get("rounds", []):
            meeting.pop("host", None)
    if not values.get("event", True):
        data["events"] = {}
    return validate_scenario(data, source)


def model_params(name: str) -> dict[str, Any]:
    """SolaraViz's ``model_params``: the scenario fixed, a slider or switch per control."""
    scenario = build_scenario(name, {})
    era = str(scenario.as_of.year)
    params: dict[str, Any] = {"scenario": name}
    for party in scenario.party_names:
        for control in PARTY_CONTROLS:
            found = assumption(control.assumption.format(party=party, era=era))
            params[control_name(control, party)] = {
                "type": "SliderFloat",
                "label": f"{party.title()}: {control.label}",
                "value": found.value,
                "min": found.low,
                "max": found.high,
                "step": slider_step(found.high - found.low),
            }
    party, issue = GUARANTEES
    if issue in scenario.agenda:
        setup = build_setup(scenario)
        position = next(p.position for p in setup.parties if p.name == party)
        weight = float(position.weights[scenario.agenda.index(issue)])
        params["guarantees_weight"] = {
            "type": "SliderFloat",
            "label": f"{party.title()}: weight of security guarantees",
            "value": round(round(weight / WEIGHT_STEP) * WEIGHT_STEP, 6),
            "min": 0.0,
            "max": 1.0,
            "step": WEIGHT_STEP,
        }
    params["mediators"] = {"type": "Checkbox", "label": "Mediators at the table", "value": True}
    if scenario.events:
        event = next(iter(scenario.events))
        params["event"] = {"type": "Checkbox", "label": f"Event: {event}", "value": True}
    return params
