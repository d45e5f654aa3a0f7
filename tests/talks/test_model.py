import numpy as np
import pandas as pd
import pytest

from sim.talks.agents import Mediator, Party
from sim.talks.model import NegotiationModel
from sim.talks.results import run_model
from tests.conftest import SCENARIOS


def run(scenario, seed=0, rounds=None):
    return run_model(NegotiationModel(scenario, seed=seed, rounds=rounds))


def test_same_seed_same_rounds_different_seed_different_war(istanbul_2022):
    a, b = run(istanbul_2022, seed=7), run(istanbul_2022, seed=7)
    pd.testing.assert_frame_equal(a.rounds, b.rounds)
    assert a.summary == b.summary
    c = run(istanbul_2022, seed=8)
    assert not np.allclose(a.rounds["reservation_russia"], c.rounds["reservation_russia"])


def test_agents_are_typed_and_staged(istanbul_2022):
    model = NegotiationModel(istanbul_2022, seed=0)
    assert len(model.agents.select(agent_type=Party)) == 2
    assert len(model.agents.select(agent_type=Mediator)) == len(istanbul_2022.mediators)
    model.step()
    assert set(model.parties[0].aspiration) >= {"package"}
    assert len(model.package.history[0]) == len(model.package.history[1]) == 1


def test_a_scenario_with_a_zone_reaches_agreement_inside_it(istanbul_2022):
    result = run(istanbul_2022, rounds=12)
    summary = result.summary
    assert summary["zone_size"] > 0
    assert summary["agreement"] is True
    for party in ("russia", "ukraine"):
        assert summary["final_utilities"][party] >= summary["final_reservations"][party]
    assert set(summary["agreed_issues"]) == set(istanbul_2022.agenda)
    assert result.rounds["package_agreed"].iloc[-1]
    assert not result.rounds["package_agreed"].iloc[:-1].any()


def test_a_scenario_without_a_zone_never_agrees(scenario_variant):
    # Russia's red line on NATO membership against Ukraine's on every other level: no zone.
    scenario = scenario_variant(
        "istanbul-2022",
        **{
            "parties.russia.red_lines": {"nato": ["membership_path"]},
            "parties.ukraine.red_lines": {"nato": ["no_membership_pledge", "neutral_status"]},
        },
    )
    result = run(scenario, rounds=15)
    assert (result.rounds["zone_size"] == 0).all()
    assert result.summary["agreement"] is False
    assert result.summary["nash_point"] == {}
    assert (result.rounds["demand_method"] == "no zone").all()


def test_separable_deal_closes_while_the_package_stays_open(istanbul_2022, scenario_variant):
    result = run(scenario_variant("istanbul-2025"))
    assert result.summary["agreement"] is False
    assert result.summary["agreed_items"] == {"prisoners": "all_for_all"}
    assert result.summary["issue_status"]["prisoners"] == "agreed"
    assert result.summary["issue_status"]["ceasefire"] == "not_agreed"


def test_corridor_deal_brings_its_local_pause(scenario_variant):
    summary = run(scenario_variant("belarus-2022")).summary
    assert summary["agreed_items"]["humanitarian_corridors"] == "to_russia_or_belarus"
    assert summary["issue_status"]["ceasefire"] in {"partial", "agreed"}


def test_round_records_offers_zone_nash_and_games(istanbul_2022):
    rounds = run(istanbul_2022).rounds
    for column in (
        "aspiration_russia",
        "offer_ukraine",
        "utility_to_ukraine_of_offer_by_russia",
        "utility_to_russia_of_offer_by_ukraine",
        "offer_distance_to_nash_russia",
        "zone_size",
        "nash_point",
        "ks_point",
        "rubinstein_share_russia",
        "ceasefire_equilibria",
        "demand_equilibria",
    ):
        assert column in rounds, column
    assert rounds["ceasefire_equilibria"].str.len().gt(0).all()
    assert rounds["demand_equilibria"].notna().all()  # the 2022 zone is not empty
    # aspirations never rise and stay above the reservation
    assert (rounds["aspiration_russia"].diff().dropna() <= 1e-12).all()
    assert (rounds["aspiration_russia"] >= rounds["reservation_russia"] - 1e-12).all()
    assert rounds["aspiration_russia"].iloc[0] == 1.0  # alpha(0) = 0: a party opens at its best


def test_without_mediators_fighting_on_is_the_only_ceasefire_equilibrium(scenario_variant):
    # With no mediators the truce can be exploited: fighting on dominates.
    bare = run(scenario_variant("istanbul-2022", mediators={})).rounds
    assert set(bare["ceasefire_equilibria"]) == {"fight/fight"}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_runs(path):
    from sim.calibration.scenario import load_scenario

    result = run(load_scenario(path))
    assert len(result.rounds) == len(load_scenario(path).rounds)
    assert result.frontier.shape[0] > 0 and result.density["outcomes"].sum() > 0


def test_a_released_model_can_be_freed(istanbul_2022):
    import gc
    import weakref

    model = NegotiationModel(istanbul_2022, seed=0)
    model.step()
    model.release()
    alive = weakref.ref(model)
    del model
    gc.collect()
    assert alive() is None  # sweeps of thousands of runs do not keep their outcome spaces


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_a_sweep_record_does_not_depend_on_the_skipped_analysis(path, monkeypatch):
    from sim.calibration.scenario import load_scenario
    from sim.talks import record as runs

    scenario = load_scenario(path)
    lean = runs.run_record(scenario, seed=3, rounds=6)

    def analysed(*args, **kwargs):
        return NegotiationModel(*args, **{**kwargs, "analyse": True})

    monkeypatch.setattr(runs, "NegotiationModel", analysed)
    full = runs.run_record(scenario, seed=3, rounds=6)
    assert lean == pytest.approx(full, nan_ok=True)
