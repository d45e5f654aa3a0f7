import json

import numpy as np
import pandas as pd
import pytest

from sim.backtest import (
    documented_scenarios,
    predictions,
    score_table,
    uncertainty_parameters,
    with_record,
)
from sim.cli import main
from sim.scoring import brier_score
from sim.seeds import assumption, load_outcomes


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
    assert parameters["parties_russia_reservation"]["path"] == "parties.russia.reservation"
    era = assumption("actors.russia.reservation.2025")
    assert parameters["parties_russia_reservation"]["range"] == [era.low, era.high]
    assert {"calibration_acceptable_value", "parties_ukraine_war_cost"} <= set(parameters)
    for spec in parameters.values():
        low, high = spec["range"]
        assert 0 < low < high


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
    runs = pd.DataFrame({"meeting_status": [json.dumps(s) for s in statuses]})
    table = with_record(predictions(scenario, runs))
    assert len(table) == 2 * len(agenda)  # every agenda issue at every meeting
    row = table.set_index(["meeting", "issue"]).loc[("istanbul-2025-06-02", "prisoners")]
    assert (row["predicted_agreement"], row["predicted_partial"]) == (0.5, 0.25)
    assert row["documented"] == "not_agreed" and row["meeting_date"] == "2025-06-02"


def test_scores_by_hand():
    table = pd.DataFrame(
        {
            "meeting_date": ["2022-01-01", "2022-01-01", "2022-02-01", "2025-01-01", "2025-01-01"],
            "meeting": ["a", "a", "b", "c", "c"],
            "issue": ["x", "y", "x", "x", "y"],
            "predicted_agreement": [0.8, 0.1, 0.4, 0.0, 0.5],
            "predicted_partial": [0.1, 0.2, 0.0, 0.5, 0.0],
            "documented": ["agreed", "not_agreed", "partial", "agreed", ""],
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
    assert set(table["documented"]) <= {"agreed", "partial", "not_agreed", ""}
    recorded = table[table["documented"] != ""]
    assert len(recorded) == 63
    assert len(table) == 8 * 3 + 9 + 10 + 10 * 2  # every agenda issue at every meeting
    for name in ("backtest.png", "backtest.svg", "scores.csv"):
        assert (tmp_path / name).stat().st_size > 0
    out = capsys.readouterr().out
    assert "Brier" in out and "2025-05-16" in out
    assert np.isfinite(pd.read_csv(tmp_path / "scores.csv")["brier"]).all()
