"""What a teacher can change, each control a scenario override with its range from the seeds.

Every slider takes its default and its range from the assumption it
overrides (``seeds/assumptions.toml``), so the app never invents a number:
moving one is a sensitivity run over that assumption's documented range.
Per party: its belief that it wins the war (optimism), the confidence of
that belief, and its cost of fighting on. For the party that a guarantee
reassures, how much security guarantees cut the risk that the other side
reneges (shown where the guarantee issue is on the agenda). The switches
remove the scenario's mediators or its scheduled events.
"""

from __future__ import annotations

import json
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
from sim.calibration.seeds import Assumption, assumption, load_assumptions
from sim.labels import pretty

#: Multiples of a power of ten tried as slider steps, largest first.
NICE_STEPS = (5, 2, 1)
#: A slider has at least this many steps.
MIN_STEPS = 10


@dataclass(frozen=True)
class Control:
    """A slider: the scenario key it sets and the assumption it overrides.

    Both are dotted paths that may name ``{party}`` and ``{era}`` (the year
    of the talks).
    """

    name: str  # the model's keyword, with {party}
    label: str
    scenario_key: str
    assumption: str


PARTY_CONTROLS = (
    Control(
        "belief_{party}",
        "{Party}: belief it wins the war",
        "parties.{party}.belief",
        "actors.{party}.belief.{era}",
    ),
    Control(
        "confidence_{party}",
        "{Party}: confidence of that belief",
        "parties.{party}.confidence",
        "actors.{party}.confidence.{era}",
    ),
    Control(
        "war_cost_{party}",
        "{Party}: cost of fighting on",
        "parties.{party}.war_cost",
        "actors.{party}.war_cost.{era}",
    ),
)
GUARANTEE_CONTROL = Control(
    "guarantee_effect_{party}",
    "{Party}: guarantees' cut in renege risk",
    "assumptions.commitment.{party}.guarantee_effect",
    "commitment.{party}.guarantee_effect",
)


def slider_step(low: float, high: float, value: float) -> float:
    """The largest step of 5, 2 or 1 times a power of ten with the default on the grid.

    A slider snaps its value to ``low + k * step``, so a step that misses the
    seeds' default (40 on [15, 100]) would move it; at least ten steps.
    """
    span = high - low
    exponent = math.floor(math.log10(span / MIN_STEPS))
    for e in range(exponent, exponent - 6, -1):
        for multiple in NICE_STEPS:
            step = multiple * 10.0**e
            if step <= span / MIN_STEPS and all(
                abs(x / step - round(x / step)) < 1e-6 for x in (span, value - low)
            ):
                return step
    return span / 100


def scenario_data(name: str, overrides: str = "{}") -> tuple[dict[str, Any], str]:
    """The raw TOML of a scenario (a file or a shipped name), with `overrides` (JSON of
    dotted-path overrides) applied, and its source."""
    path = find_scenario(name)
    return with_overrides(read_scenario_data(path), json.loads(overrides)), str(path)


def _controls(data: dict[str, Any]) -> list[tuple[Control, str]]:
    """The scenario's controls, each with the party it concerns."""
    found = [(c, party) for party in data["parties"] for c in PARTY_CONTROLS]
    for party in data["parties"]:
        issue = load_assumptions().get("commitment", {}).get(party, {}).get("guarantee_issue")
        if issue in data["agenda"]:
            found.append((GUARANTEE_CONTROL, party))
    return found


def build_scenario(name: str, values: dict[str, Any]) -> Scenario:
    """The scenario `name` with the controls' `values` applied (None leaves a value as is).

    ``values["overrides"]``, JSON of dotted-path overrides (a posterior draw's
    assumptions, ``peacesim app --posterior``), is applied first; the controls then
    set their own keys. Each value is validated as the scenario key it sets, against
    its domain: a value no slider can give (NaN, a bool, a number outside the domain)
    is a :class:`~sim.calibration.scenario.ScenarioError`, not a model built on it.
    """
    data, source = scenario_data(name, values.get("overrides") or "{}")
    overrides = {}
    for control, party in _controls(data):
        value = values.get(control.name.format(party=party))
        if value is not None:
            overrides[control.scenario_key.format(party=party)] = value
    data = with_overrides(data, overrides)
    if not values.get("mediators", True):
        data["mediators"] = {}
        for meeting in data.get("rounds", []):
            meeting.pop("host", None)
    if not values.get("event", True):
        data["events"] = {}
    return validate_scenario(data, source)


def _slider(label: str, value: float, seeded: Assumption) -> dict[str, Any]:
    low, high = min(seeded.low, value), max(seeded.high, value)
    return {
        "type": "SliderFloat",
        "label": label,
        "value": value,
        "min": low,
        "max": high,
        "step": slider_step(low, high, value),
    }


def _lookup(data: dict[str, Any], dotted: str) -> Any:
    """The value at a dotted path of the scenario's TOML, or None."""
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def model_params(name: str, overrides: str = "{}") -> dict[str, Any]:
    """SolaraViz's ``model_params``: the scenario and its `overrides` (JSON, see
    :func:`build_scenario`) fixed, a slider or switch per control."""
    data, _ = scenario_data(name, overrides)
    era = str(build_scenario(name, {}).as_of.year)
    params: dict[str, Any] = {"scenario": name, "overrides": overrides}
    for control, party in _controls(data):
        path = control.assumption.format(party=party, era=era)
        seeded = assumption(path)
        # The scenario's own value if it sets one (or its overrides do), else the seeds'.
        chosen = _lookup(data, control.scenario_key.format(party=party))
        chosen = _lookup(data, f"assumptions.{path}") if chosen is None else chosen
        value = seeded.value if chosen is None else float(chosen)
        label = control.label.format(Party=pretty(party))
        params[control.name.format(party=party)] = _slider(label, value, seeded)
    params["mediators"] = {"type": "Checkbox", "label": "Mediators at the table", "value": True}
    if data.get("events"):
        names = ", ".join(data["events"])
        params["event"] = {"type": "Checkbox", "label": f"Events: {names}", "value": True}
    return params
