"""Settings that change nothing: each kind is named with its reason, and the shipped
scenarios have none."""

import pytest

from sim.calibration.notes import no_effect
from sim.calibration.scenario import load_scenario
from sim.calibration.setup import build_setup
from tests.conftest import SCENARIOS, variant


def notes(scenario, rounds=None) -> dict[str, str]:
    """The notes of a run of the first `rounds` dated rounds (default: the scenario's run)."""
    dates = None if rounds is None else [r.date for r in scenario.rounds][:rounds]
    return {n.key: n.why for n in no_effect(scenario, build_setup(scenario), dates)}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_shipped_scenarios_set_nothing_in_vain(path):
    assert notes(load_scenario(path)) == {}


def test_a_mediator_without_levers_in_its_era_is_named():
    # France and Germany pressed Russia in 2022; no statement of 2025 gives them a lever.
    found = notes(variant("istanbul-2025", **{"mediators.france": {}, "mediators.germany": {}}))
    assert set(found) == {"mediators.france", "mediators.germany"}
    assert "no levers in 2025" in found["mediators.france"]


def test_a_mediator_given_a_lever_is_not_named_and_a_host_never_is():
    levers = {"mediators.france": {"levers": ["sanctions_pressure"]}}
    assert notes(variant("istanbul-2025", **levers)) == {}
    # Turkey's one lever in 2025 is hosting; it hosts both rounds, so it stays unnamed.
    assert "mediators.turkey" not in notes(variant("istanbul-2025"))


def test_levers_that_do_nothing_are_named_with_them():
    found = notes(variant("istanbul-2022", **{"mediators.turkey.levers": ["host"]}))
    assert found["mediators.turkey"] == "its levers (host) change nothing in the round"


def test_an_event_after_the_last_round_run_never_happens():
    found = notes(variant("istanbul-2025"), rounds=1)
    assert "after the last round run (2025-05-16): it never happens" in found["events.drone_strike"]
    assert "events.drone_strike" not in notes(variant("istanbul-2025"), rounds=2)


def test_an_event_of_no_size_is_named():
    found = notes(variant("istanbul-2025", **{"events.drone_strike.signal": 0.0}))
    assert "its cost of talking are all 0" in found["events.drone_strike"]


def test_clock_settings_for_zeuthen_parties_are_named():
    found = notes(variant("istanbul-2022", deadline=6, **{"strategies.russia.e": 0.4}))
    assert "only the clock strategies" in found["deadline"]
    assert found["strategies.russia.e"] == "russia concedes by zeuthen, which has no 'e'"
    clocked = {"strategies.russia.kind": "time", "strategies.russia.e": 0.4}
    assert notes(variant("istanbul-2022", deadline=6, **clocked)) == {}


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("actors.russia.belief.2025", "it is for 2025, and these talks are in 2022"),
        ("capability.russia", "only `peacesim forecast` reads it"),
        ("events.drone_strike.signal", "this scenario has no event 'drone_strike'"),
        ("breach.prisoners", "prisoners is not a separable issue on this agenda"),
        ("commitment.russia.guarantee_effect", "names no guarantee_issue for russia"),
        ("levers.walk_away_threat", "no mediator at the table has the walk_away_threat lever"),
        ("strategy.battlefield_sensitivity", "only the battlefield strategy reads it"),
        ("actors.russia.concession_e", "russia concedes by zeuthen"),
    ],
)
def test_assumption_overrides_no_run_reads_are_named(path, reason):
    found = notes(variant("istanbul-2022", **{f"assumptions.{path}": 0.3}))
    assert reason in found[f"assumptions.{path}"]


def test_an_assumption_the_scenario_sets_itself_is_named_with_the_key_that_does():
    found = notes(
        variant(
            "istanbul-2022",
            **{"parties.ukraine.belief": 0.6, "assumptions.actors.ukraine.belief.2022": 0.7},
        )
    )
    assert found == {
        "assumptions.actors.ukraine.belief.2022": "the scenario's parties.ukraine.belief sets "
        "this number"
    }


def test_a_guarantee_off_the_agenda_is_named():
    found = notes(
        variant("belarus-2022", **{"assumptions.commitment.ukraine.guarantee_effect": 0.5})
    )
    assert (
        "its issue, security_guarantees, is not on the agenda"
        in found["assumptions.commitment.ukraine.guarantee_effect"]
    )


def test_every_read_assumption_override_changes_nothing_only_for_a_reason():
    # The overrides the March 2022 talks read and act on are not named.
    acting = {
        "assumptions.actors.russia.belief.2022": 0.8,
        "assumptions.commitment.ukraine.guarantee_effect": 0.5,
        "assumptions.levers.shuttle_calls": 0.01,
        "assumptions.talks.text_ripeness": 0.15,
    }
    assert notes(variant("istanbul-2022", **acting)) == {}
