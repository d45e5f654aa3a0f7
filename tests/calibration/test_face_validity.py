"""Preferences and outcomes a person who knows the talks would sign, in every shipped scenario.

Each test fails on one contradiction found by reading the calibration and the
agreed packages as a negotiator would (issue 18): a starting point coded as an
ideal, silence turned into indifference, values that fall as a side gains, an
exchange of prisoners closed as all-for-all, corridors closed on routes one
side rejected, reparations paid with sanctions lifted.
"""

import datetime as dt

import numpy as np
import pytest

from sim.calibration.positions import gains_rising
from sim.calibration.scenario import load_scenario
from sim.calibration.seeds import load_issues
from sim.calibration.setup import build_setup
from sim.talks.model import NegotiationModel
from tests.conftest import SCENARIOS, variant

SETUPS = {path.stem: build_setup(load_scenario(path)) for path in SCENARIOS}


def forced_packages(scenario, until: dt.date, seeds: int = 6) -> list[NegotiationModel]:
    """The runs of `scenario` (seeds 0 to `seeds` - 1, to `until`) that agree a package."""
    models = []
    for seed in range(seeds):
        model = NegotiationModel(scenario, seed=seed, until=until, analyse=False)
        while model.running:
            model.step()
        if model.agreement is not None:
            models.append(model)
    return models


def positions(setup):
    """Each party's calibrated aims, and the aims it escalates to."""
    for party in setup.parties:
        yield party.name, party.position
        if party.escalation is not None:
            yield f"{party.name} (escalated)", party.escalation


@pytest.mark.parametrize("name", sorted(SETUPS))
def test_values_never_fall_as_a_side_gains(name):
    issues = load_issues()
    for who, position in positions(SETUPS[name]):
        for stance in position.stances:
            rising = gains_rising(issues[stance.issue], who.split()[0], is_party=True)
            if rising is None:
                continue
            steps = np.diff(stance.values)
            assert (steps >= -1e-12).all() if rising else (steps <= 1e-12).all(), (
                who,
                stance.issue,
                stance.values,
            )


@pytest.mark.parametrize("name", sorted(SETUPS))
def test_no_party_is_silent_on_an_agenda_issue(name):
    """Silence is not indifference: every weight rests on a statement, conduct or a prior."""
    for who, position in positions(SETUPS[name]):
        for stance in position.stances:
            assert not stance.basis.startswith("assumption: method"), (who, stance.issue)


def test_ukraines_starting_point_in_2025_is_not_its_ideal():
    ukraine = SETUPS["istanbul-2025"].parties[1].position.stance("territory")
    levels = load_issues()["territory"].levels
    assert levels[ukraine.ideal] == "all_of_ukraine"
    assert ukraine.values[0] > ukraine.values[2]  # full withdrawal beats the front line


def test_russia_weighs_territory_in_2022_as_it_fought_for_it():
    for name in ("belarus-2022", "antalya-2022", "istanbul-2022"):
        russia = SETUPS[name].parties[0].position
        j = [s.issue for s in russia.stances].index("territory")
        assert russia.weights[j] >= np.median(russia.weights), name
        assert russia.stances[j].red_lines[0]  # a withdrawal from all of Ukraine


def test_the_may_2025_prisoner_deal_is_an_exchange_not_all_for_all():
    for seed in range(10):
        model = NegotiationModel(variant("istanbul-2025"), seed=seed, rounds=1, analyse=False)
        model.step()
        assert model.level_name("prisoners", model.agreed_items["prisoners"]) == "exchange"


def test_the_march_2022_corridors_never_close_on_routes_ukraine_rejected():
    for seed in range(10):
        model = NegotiationModel(variant("belarus-2022"), seed=seed, analyse=False)
        while model.running:
            model.step()
            level = model.agreed_items.get("humanitarian_corridors")
            assert level is None or model.level_name("humanitarian_corridors", level) != (
                "to_russia_or_belarus"
            )


def test_an_agreed_2025_package_does_not_pay_reparations_and_lift_sanctions_at_once():
    """Force packages in 2025 (beliefs that agree, costs that bite) and read them."""
    scenario = variant(
        "istanbul-2025",
        **{
            "parties.russia.belief": 0.5,
            "parties.ukraine.belief": 0.5,
            "parties.russia.war_cost": 0.25,
            "parties.ukraine.war_cost": 0.25,
        },
    )
    models = forced_packages(scenario, dt.date(2025, 12, 31))
    for model in models:
        package = dict(part.split("=") for part in model.describe(model.agreement).split(";"))
        assert not (
            package["reparations"] == "full_reparations"
            and package["sanctions"] == "immediate_relief"
        ), package
    assert models


def test_no_side_signs_a_package_with_a_level_it_rejects():
    """Force packages in 2022 run forward (costs that bite) and read them as each side would.

    Ukraine rejected being disarmed ('a state with its own army and navy', 001);
    once Russia's demands grow (its 2025 claim to four regions), it rejects a
    withdrawal to the pre-invasion lines. No agreed package may hold either.
    """
    scenario = variant(
        "istanbul-2022", **{"parties.russia.war_cost": 0.2, "parties.ukraine.war_cost": 0.25}
    )
    models = forced_packages(scenario, dt.date(2023, 12, 31))
    for model in models:
        levels = model.package.levels[model.agreement]
        for party in model.parties:
            rejected = [bool(r[level]) for r, level in zip(party.rejects, levels, strict=True)]
            assert not any(rejected), (party.name, model.describe(model.agreement))
    assert models
