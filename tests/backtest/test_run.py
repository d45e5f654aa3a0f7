import json

import numpy as np
import pandas as pd
import pytest

from sim.backtest.run import (
    SPREADS,
    documented_scenarios,
    fit_spread,
    predictions,
    score_table,
    uncertainty_parameters,
    with_record,
)
from sim.backtest.scoring import brier_score
from sim.calibration.seeds import assumption, load_outcomes
from sim.cli import main
from sim.sweeps.store import RunStore


def test_every_recorded_meeting_is_a_round_of_a_shipped_scenario():
    rounds = {r.meeting: s for s in documented_scenarios() for r in s.rounds if r.meeting}
    recorded = {o.meeting for o in load_outcomes()}
    assert recorded == set(rounds)
    for outcome in load_outcomes():
        assert outcome.issue in rounds[outcome.meeting].agenda, outcome


def test_the_record_has_one_entry_per_meeting_and_issue():
    keys = [(o.meeting, o.issue) for o in load_outcomes()]
    assert len(keys) == len(set(keys)) == 63
    assert {o.meeting_date.isoformat() for o in load_outcomes()} == {
        "2022-02-28",
        "2022-03-03",
        "2022-03-07",
        "2022-03-10",
        "2022-03-14",
        "2025-05-16",
        "2025-06-02",
    }


def test_uncertainty_comes_from_the_assumption_ranges():
    scenario = next(s for s in documented_scenarios() if s.name == "istanbul-2025")
    parameters = uncertainty_parameters(scenario)
    belief = parameters["actors_russia_belief_2025"]
    assert belief["path"] == "assumptions.actors.russia.belief.2025"
    era = assumption("actors.russia.belief.2025")
    assert belief["range"] == [era.low, era.high]
    assert {
        "method_acceptable_value",
        "commitment_ukraine_base_risk",
        "battlefield_theta_2025",
        "actors_ukraine_war_cost_2025",
        "events_drone_strike_signal",
    } <= set(parameters)
    assert not any("2022" in name for name in parameters)  # the era's numbers only
    assert parameters["method_curvature"]["range"] == [-2.0, 2.0]  # negative kept
    # whole days take whole numbers, each of the range (7-45 days between rounds) as likely
    assert parameters["calendar_cadence_days_2025"]["values"] == list(range(7, 46))
    for spec in parameters.values():
        if "range" in spec:
            low, high = spec["range"]
            assert low < high


def test_a_sampled_assumption_reaches_the_run():
    from sim.calibration.scenario import read_scenario_data, validate_scenario, with_overrides
    from sim.calibration.setup import build_setup

    data = with_overrides(
        read_scenario_data("scenarios/istanbul-2025.toml"),
        {"assumptions.actors.russia.belief.2025": 0.61, "assumptions.battlefield.drift": 0.0},
    )
    setup = build_setup(validate_scenario(data))
    assert setup.parties[0].belief == 0.61 and setup.drift == 0.0


def test_spread_scales_ranges_about_the_central_value():
    scenario = next(s for s in documented_scenarios() if s.name == "istanbul-2025")
    era = assumption("actors.russia.belief.2025")
    half = uncertainty_parameters(scenario, 0.5)["actors_russia_belief_2025"]["range"]
    assert half == pytest.approx(
        [era.value - (era.value - era.low) / 2, era.value + (era.high - era.value) / 2]
    )
    central = uncertainty_parameters(scenario, 0.0)
    assert central["actors_russia_belief_2025"] == {
        "path": "assumptions.actors.russia.belief.2025",
        "values": [era.value],
    }
    assert all("values" in spec for spec in central.values())
    assert central["calendar_cadence_days_2025"]["values"] == [17]
    half_days = uncertainty_parameters(scenario, 0.5)["calendar_cadence_days_2025"]
    assert half_days["values"] == list(range(12, 32))  # 12 to 31 days


def test_fit_spread_by_hand():
    def table(p2022: float, p2025: float) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "era": ["2022", "2022", "2025", "2025"],
                "predicted_agreement": [p2022, p2022, p2025, p2025],
                "documented": ["agreed", "not_agreed", "not_agreed", "not_agreed"],
            }
        )

    # 2022: one agreed, one not; Brier of p is ((1 - p)^2 + p^2) / 2, least at p = 0.5.
    # 2025: nothing agreed; Brier of p is p^2.
    tables = {0.0: table(0.0, 0.0), 0.5: table(0.5, 0.2), 1.0: table(0.9, 0.6)}
    fit = fit_spread(tables).set_index("fitted_on")
    on_2022 = fit.loc["2022"]
    assert on_2022["spread"] == 0.5 and on_2022["scored_on"] == "2025"
    assert on_2022["brier_on_fit_era"] == pytest.approx(0.25)
    assert on_2022["brier_out_of_sample"] == pytest.approx(0.04)
    assert on_2022["brier_full_ranges"] == pytest.approx(0.36)
    on_2025 = fit.loc["2025"]
    assert on_2025["spread"] == 0.0 and on_2025["brier_on_fit_era"] == 0.0
    assert on_2025["brier_out_of_sample"] == pytest.approx(0.5)
    assert on_2025["brier_full_ranges"] == pytest.approx((0.01 + 0.81) / 2)


def test_predictions_are_shares_of_runs():
    scenario = next(s for s in documented_scenarios() if s.name == "istanbul-2025")
    agenda = scenario.agenda
    statuses = [
        {
            "istanbul-2025-05-16": dict.fromkeys(agenda, "not_agreed") | {"prisoners": "agreed"},
            "istanbul-2025-06-02": dict.fromkeys(agenda, "not_agreed") | {"prisoners": s},
        }
        for s in ("agreed", "partial", "not_agreed", "agreed")
    ]
    levels = [
        {m: {"prisoners": "exchange"} for m in s if s[m]["prisoners"] == "agreed"} for s in statuses
    ]
    runs = pd.DataFrame(
        {
            "meeting_status": [json.dumps(s) for s in statuses],
            "meeting_levels": [json.dumps(lv) for lv in levels],
        }
    )
    table = with_record(predictions(scenario, runs))
    assert len(table) == 2 * len(agenda)  # every agenda issue at every meeting
    row = table.set_index(["meeting", "issue"]).loc[("istanbul-2025-06-02", "prisoners")]
    assert (row["predicted_agreement"], row["predicted_partial"]) == (0.5, 0.25)
    assert row["documented"] == "unknown" and row["meeting_date"] == "2025-06-02"


def test_an_item_agreed_at_a_level_the_record_does_not_name_counts_as_not_agreed():
    """The record names the 16 May 2025 prisoner deal an exchange, not all-for-all."""
    scenario = next(s for s in documented_scenarios() if s.name == "istanbul-2025")
    agenda = scenario.agenda
    status = {
        m: dict.fromkeys(agenda, "not_agreed") | {"prisoners": "agreed"}
        for m in ("istanbul-2025-05-16", "istanbul-2025-06-02")
    }
    runs = pd.DataFrame(
        {
            "meeting_status": [json.dumps(status)] * 2,
            "meeting_levels": [
                json.dumps({m: {"prisoners": level} for m in status})
                for level in ("exchange", "all_for_all")
            ],
        }
    )
    row = predictions(scenario, runs).set_index(["meeting", "issue"])
    assert row.loc[("istanbul-2025-05-16", "prisoners"), "predicted_agreement"] == 0.5
    # the second meeting's record names no level: both runs count
    assert row.loc[("istanbul-2025-06-02", "prisoners"), "predicted_agreement"] == 1.0


def test_scores_by_hand():
    table = pd.DataFrame(
        {
            "meeting_date": ["2022-01-01", "2022-01-01", "2022-02-01", "2025-01-01", "2025-01-01"],
            "meeting": ["a", "a", "b", "c", "c"],
            "issue": ["x", "y", "x", "x", "y"],
            "predicted_agreement": [0.8, 0.1, 0.4, 0.0, 0.5],
            "predicted_partial": [0.1, 0.2, 0.0, 0.5, 0.0],
            "documented": ["agreed", "not_agreed", "partial", "agreed", "unknown"],
        }
    )
    table["era"] = table["meeting_date"].str[:4]
    scores = score_table(table).set_index(["scope", "target", "forecaster"])
    # agreed: y = 1, 0, 0, 1 on the 4 recorded rows; p = 0.8, 0.1, 0.4, 0.0
    # Brier = (0.04 + 0.01 + 0.16 + 1.0) / 4 = 0.3025
    assert scores.loc[("all", "agreed", "model"), "brier"] == pytest.approx(0.3025)
    assert scores.loc[("all", "agreed", "always no agreement"), "brier"] == pytest.approx(0.5)
    # Leave one meeting out, issue x: without a -> x rates {b: 0, c: 1} = 0.5;
    # without b -> {a: 1, c: 1} = 1; without c -> {a: 1, b: 0} = 0.5;
    # issue y at a: no other y record -> overall rate without a = (0 + 1) / 2 = 0.5.
    expected = brier_score([0.5, 0.5, 1.0, 0.5], [1, 0, 0, 1])
    assert scores.loc[("all", "agreed", "issue base rate"), "brier"] == pytest.approx(expected)
    # Across eras: 2025 scored with 2022 rates: x -> 1/2 (a agreed, b partial)
    assert scores.loc[("2025", "agreed", "issue base rate"), "brier"] == pytest.approx(0.25)
    # agreed or partial: p = 0.9, 0.3, 0.4, 0.5; y = 1, 0, 1, 1
    progress = (0.01 + 0.09 + 0.36 + 0.25) / 4
    assert scores.loc[("all", "agreed or partial", "model"), "brier"] == pytest.approx(progress)
    assert scores.loc[("all", "agreed", "model"), "events"] == 4


def test_backtest_command_writes_table_scores_and_chart(tmp_path, capsys):
    assert (
        main(["backtest", "--runs", "5", "--out", str(tmp_path), "--workers", "2", "--quiet"]) == 0
    )
    table = pd.read_csv(tmp_path / "backtest.csv", keep_default_na=False)
    assert {"meeting_date", "issue", "predicted_agreement", "documented"} <= set(table.columns)
    assert table["predicted_agreement"].between(0, 1).all()
    assert set(table["documented"]) <= {"agreed", "partial", "not_agreed", "unknown"}
    assert (table["documented"] != "unknown").sum() == 53  # 2 June 2025 is not scored
    assert len(table[table["documented"] != ""]) == 63
    assert len(table) == 8 * 3 + 9 + 10 + 10 * 2  # every agenda issue at every meeting
    for name in ("backtest.png", "backtest.svg", "scores.csv", "fit.csv"):
        assert (tmp_path / name).stat().st_size > 0
    out = capsys.readouterr().out
    assert "Brier" in out and "2025-05-16" in out and "out of sample" in out
    fit = pd.read_csv(tmp_path / "fit.csv", dtype={"fitted_on": str})
    assert set(fit["fitted_on"]) == {"2022", "2025"}
    assert fit["spread"].isin(SPREADS).all()
    assert np.isfinite(pd.read_csv(tmp_path / "scores.csv")["brier"]).all()
    for folder in (tmp_path / "runs").iterdir():  # each sweep says where it came from
        assert RunStore(folder).provenance()["command"] == ["peacesim", "backtest", "--runs", "5"]
