"""The app's controls: each slider is an assumption's documented range; each control a scenario
override that reaches the model (no browser needed)."""

from __future__ import annotations

import pytest

from sim.app.controls import build_scenario, model_params, slider_step
from sim.calibration.seeds import assumption
from sim.calibration.setup import build_setup
from sim.charts.record import ceasefire_in_words, demand_in_words


def test_party_sliders_span_the_assumptions_ranges_with_the_seeds_defaults():
    params = model_params("istanbul-2022")
    war_cost = params["war_cost_ukraine"]
    seeded = assumption("actors.ukraine.war_cost")
    assert (war_cost["value"], war_cost["min"], war_cost["max"]) == (
        seeded.value,
        seeded.low,
        seeded.high,
    )
    no_deal = params["reservation_russia"]
    assert no_deal["value"] == assumption("actors.russia.reservation.2022").value
    for slider in (v for v in params.values() if isinstance(v, dict) and "step" in v):
        steps = (slider["value"] - slider["min"]) / slider["step"]
        assert steps == pytest.approx(round(steps)), f"{slider['label']}: default off the grid"


@pytest.mark.parametrize(("span", "step"), [(0.03, 0.001), (0.04, 0.001), (0.3, 0.01), (1.0, 0.1)])
def test_slider_step_is_a_tenth_of_the_span_s_order_of_magnitude(span, step):
    assert slider_step(span) == pytest.approx(step)


def test_controls_reach_the_scenario_the_model_is_built_from():
    scenario = build_scenario(
        "istanbul-2022",
        {"war_cost_russia": 0.02, "guarantees_weight": 0.3, "mediators": False, "event": False},
    )
    setup = build_setup(scenario)
    russia, ukraine = setup.parties
    assert russia.war_cost == 0.02
    guarantees = scenario.agenda.index("security_guarantees")
    assert ukraine.position.weights[guarantees] == pytest.approx(0.3)
    assert scenario.mediators == {} and scenario.events == {}
    assert all(r.host is None for r in scenario.rounds)


def test_no_guarantees_slider_where_the_issue_is_off_the_agenda():
    assert "guarantees_weight" not in model_params("belarus-2022")
    assert "guarantees_weight" in model_params("istanbul-2022")


def test_the_games_equilibria_in_plain_words():
    assert ceasefire_in_words("fight/fight", "Russia", "Ukraine") == (
        "the only equilibrium is both fight on"
    )
    assert ceasefire_in_words("hold/hold | fight/fight | mixed hold 0.40/0.25", "A", "B") == (
        "the equilibria are both hold fire; both fight on; "
        "A holds fire with probability 0.40, B with 0.25"
    )
    assert ceasefire_in_words("", "A", "B") == "no equilibrium found"
    assert demand_in_words(None).startswith("no package beats no deal")
    assert demand_in_words(15).startswith("15 equilibria")
