import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sim.backtest.validation import (
    ERA_SCENARIOS,
    QUESTIONS,
    answers,
    era_horizon,
    load_validation,
    question_base_rates,
    validation_forecasts,
    validation_scores,
)


def test_the_record_after_the_documents():
    record = load_validation()
    assert set(record["era"]) == set(ERA_SCENARIOS)
    assert set(record["question"]) <= {*QUESTIONS, "event"}
    for fact in record.to_dict("records"):
        # every question lies within the forward runs of its era, after its documents
        assert fact["date"] <= era_horizon(fact["era"])
        assert fact["date"].year >= int(fact["era"])
        assert fact["outcome"] in (("happened",) if fact["question"] == "event" else ("yes", "no"))
    scored = record[record["question"] != "event"]
    assert len(scored) >= 15 and (scored["outcome"] == "yes").any()


RUNS = pd.DataFrame(
    {
        "agreement_date": ["", "2022-06-01"],
        "ceasefire_date": ["", "2022-06-01"],
        "suspended_date": ["2022-05-01", ""],
        "suspensions": ['[["2022-05-01", ""]]', "[]"],
    }
)


@pytest.mark.parametrize(
    ("question", "date", "expected"),
    [
        ("package_agreed_by", "2022-05-31", [False, False]),
        ("package_agreed_by", "2022-06-01", [False, True]),
        ("general_ceasefire_by", "2022-07-01", [False, True]),
        ("talks_suspended_by", "2022-05-01", [True, False]),
        ("talks_suspended_on", "2022-04-30", [False, False]),
        ("talks_suspended_on", "2023-01-01", [True, False]),
    ],
)
def test_answers_by_hand(question, date, expected):
    assert answers(RUNS, question, dt.date.fromisoformat(date)).tolist() == expected


def test_forecasts_and_scores_by_hand():
    record = pd.DataFrame(
        {
            "date": [dt.date(2022, 5, 17), dt.date(2022, 9, 30), dt.date(2022, 5, 17)],
            "era": ["2022"] * 3,
            "question": ["talks_suspended_by", "package_agreed_by", "event"],
            "outcome": ["yes", "no", "happened"],
            "source": ["s", "p", "e"],
        }
    )
    forecasts = validation_forecasts({"2022": RUNS}, record)
    assert forecasts["predicted"].tolist() == [0.5, 0.5]  # the event is not scored
    scores = validation_scores(forecasts).set_index("forecaster")
    assert scores.loc["model", "brier"] == pytest.approx(0.25)
    assert scores.loc["always no agreement", "brier"] == pytest.approx(0.5)
    assert set(scores["scope"]) == {"after the documents"}


def test_question_base_rates_leave_the_row_out():
    questions = pd.Series(["a", "a", "a", "b"])
    happened = np.array([1.0, 0.0, 1.0, 0.0])
    np.testing.assert_allclose(question_base_rates(questions, happened), [0.5, 1.0, 0.5, 2 / 3])


def test_runs_that_contradict_the_documents_are_left_out():
    """A run that closes the package by the era's last recorded meeting (18 March 2022,
    the fourth round of the 15-point talks) contradicts the record it starts from."""
    from sim.backtest.validation import from_the_documents, last_recorded_meeting

    assert last_recorded_meeting("2022") == dt.date(2022, 3, 18)
    assert last_recorded_meeting("2025") == dt.date(2025, 5, 16)
    runs = pd.DataFrame({"agreement_date": ["2022-03-15", "2022-03-18", "2022-03-21", ""]})
    assert from_the_documents(runs, "2022")["agreement_date"].tolist() == ["2022-03-21", ""]
