"""The app's controls: each slider is an assumption's documented range; each control a scenario
override that reaches the model (no browser needed)."""

from __future__ import annotations

import pytest

from sim.app.classroom import ClassroomModel
from sim.app.controls import build_scenario, model_params, slider_step
from sim.calibration.scenario import ScenarioError
from sim.calibration.seeds import assumption
from sim.calibration.setup import build_setup
from sim.charts.record import ceasefire_in_words, demand_in_words
from tests.conftest import ROOT


def test_sliders_span_the_assumptions_ranges_with_the_seeds_defaults():
    params = model_params("istanbul-2022")
    for name, path in (
        ("belief_russia", "actors.russia.belief.2022"),
        ("confidence_ukraine", "actors.ukraine.confidence.2022"),
        ("war_cost_ukraine", "actors.ukraine.war_cost.2022"),
        ("guarantee_effect_ukraine", "commitment.ukraine.guarantee_effect"),
    ):
        seeded = assumption(path)
        slider = params[name]
        assert (slider["value"], slider["min"], slider["max"]) == (
            seeded.value,
            seeded.low,
            seeded.high,
        )
    for slider in (v for v in params.values() if isinstance(v, dict) and "step" in v):
        steps = (slider["value"] - slider["min"]) / slider["step"]
        assert steps == pytest.approx(round(steps)), f"{slider['label']}: default off the grid"


@pytest.mark.parametrize(
    ("low", "high", "value", "step"),
    [
        (15, 100, 40, 5),  # a step of 10 would snap the default 40 to 35 or 45
        (30, 160, 80, 10),
        (0.02, 0.15, 0.05, 0.01),
        (0.4, 0.95, 0.75, 0.05),
        (0.0, 0.008, 0.002, 0.0005),
    ],
)
def test_slider_step_is_the_largest_nice_step_with_the_default_on_the_grid(low, high, value, step):
    assert slider_step(low, high, value) == pytest.approx(step)


def test_controls_reach_the_scenario_the_model_is_built_from():
    scenario = build_scenario(
        "istanbul-2022",
        {
            "belief_russia": 0.9,
            "confidence_ukraine": 60.0,
            "war_cost_russia": 0.1,
            "guarantee_effect_ukraine": 0.5,
            "mediators": False,
            "event": False,
        },
    )
    setup = build_setup(scenario)
    russia, ukraine = setup.parties
    assert (russia.belief, ukraine.confidence, russia.war_cost) == (0.9, 60.0, 0.1)
    assert ukraine.commitment.guarantee_effect == 0.5
    assert scenario.mediators == {} and scenario.events == {}
    assert all(r.host is None for r in scenario.rounds)


def test_guarantee_slider_only_where_the_guarantee_issue_is_on_the_agenda():
    assert "guarantee_effect_ukraine" not in model_params("belarus-2022")
    assert "guarantee_effect_ukraine" in model_params("istanbul-2022")


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


def test_the_classroom_model_names_settings_that_change_nothing(tmp_path):
    base = (ROOT / "scenarios" / "istanbul-2025.toml").read_text()
    variant = tmp_path / "with-france.toml"
    variant.write_text(base + "\n[mediators.france]\n")
    notes = ClassroomModel(str(variant)).notes
    assert [n.key for n in notes] == ["mediators.france"]
    assert ClassroomModel("istanbul-2025").notes == []


@pytest.mark.parametrize(
    ("control", "value", "key"),
    [
        ("belief_russia", float("nan"), "parties.russia.belief"),
        ("belief_russia", 1.0, "parties.russia.belief"),
        ("confidence_ukraine", True, "parties.ukraine.confidence"),
        ("war_cost_ukraine", -0.1, "parties.ukraine.war_cost"),
        ("guarantee_effect_ukraine", 10**400, "assumptions.commitment.ukraine.guarantee_effect"),
        ("war_cost_russia", "0.1", "parties.russia.war_cost"),
    ],
)
def test_a_control_value_outside_its_domain_builds_no_model(control, value, key):
    """Sliders cannot give these, but the model's constructor is public (SolaraViz, notebooks)."""
    with pytest.raises(ScenarioError) as info:
        ClassroomModel("istanbul-2022", 0, **{control: value})
    assert info.value.key == key and "(domain " in str(info.value)
