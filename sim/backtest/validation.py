"""The validation record after the documents: questions by date, answered by forward runs.

``experiments/validation/after-the-documents.csv`` lists publicly reported
facts from after the five source documents as yes/no questions asked at a
date (was the package agreed by then? a general ceasefire? had the talks been
broken off? were they suspended on that day?). Each era's last documented
talks (``istanbul-2022``, ``istanbul-2025``) are run forward from their
documents to the end of the following year, and the share of runs in which
the answer is yes is the forecast. Nothing is fitted to this record: it is
the check on what the model says where it was not calibrated.

A forecast runs forward *from* the documents: a run that closes the package
before the era's last recorded meeting contradicts the record it starts from
(no package was agreed at any documented meeting) and is left out
(:func:`from_the_documents`). With the central calibration no run does; over
the full assumption ranges some draws open a zone at once, and the share of
runs kept is reported beside every forecast.

The two naive forecasters are those of the back-test: "always no" (a
probability of 0 for every question) and the question's base rate, the
share of yes among the record's other rows that ask the same question
(leave one row out; the share over all other rows where no other row asks
it).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd

from sim.backtest.scoring import summarise
from sim.calibration.scenario import find_scenario, load_scenario
from sim.calibration.seeds import SCORED, load_outcomes
from sim.resources import data_folder

#: The record, in the experiments folder (shipped in the wheel, :mod:`sim.resources`).
VALIDATION_RECORD = data_folder("experiments") / "validation" / "after-the-documents.csv"
#: Each era's last documented talks, whose runs answer that era's questions.
ERA_SCENARIOS = {"2022": "istanbul-2022", "2025": "istanbul-2025"}
#: Questions a forward run answers; rows asking anything else (``event``) are context.
QUESTIONS = (
    "package_agreed_by",
    "general_ceasefire_by",
    "talks_suspended_by",
    "talks_suspended_on",
)
#: The scope's name in ``scores.csv``.
SCOPE = "after the documents"


def era_horizon(era: str) -> dt.date:
    """The last date an era's forward runs reach: the end of the following year."""
    return dt.date(int(era) + 1, 12, 31)


def load_validation(path: Path = VALIDATION_RECORD) -> pd.DataFrame:
    """The record, one row per dated fact (``date`` as a date)."""
    record = pd.read_csv(path, dtype={"era": str})
    record["date"] = pd.to_datetime(record["date"]).dt.date
    bad = ~record["question"].isin((*QUESTIONS, "event"))
    if bad.any():
        raise ValueError(f"{path}: unknown question {record['question'][bad].iloc[0]!r}")
    return record


def answers(runs: pd.DataFrame, question: str, date: dt.date) -> np.ndarray:
    """Whether each run (a sweep row, :mod:`sim.talks.record`) says yes to `question` at `date`."""
    day = date.isoformat()

    def by(column: str) -> np.ndarray:
        stamps = runs[column].to_numpy(dtype=str)
        return (stamps != "") & (stamps <= day)

    if question == "package_agreed_by":
        return by("agreement_date")
    if question == "general_ceasefire_by":
        return by("ceasefire_date")
    if question == "talks_suspended_by":
        return by("suspended_date")
    if question == "talks_suspended_on":
        return np.array([suspended_on(json.loads(s), day) for s in runs["suspensions"]])
    raise ValueError(f"unknown question {question!r}")


def suspended_on(spells: list[list[str]], day: str) -> bool:
    """Whether the talks were suspended on `day`: it falls in a spell ``[start, end)``
    of a run's ``suspensions`` (an open spell's end is empty)."""
    return any(start <= day and (end == "" or end > day) for start, end in spells)


def last_recorded_meeting(era: str) -> dt.date:
    """The date of the era scenario's last round that stands for a documented meeting
    with a scored outcome (the record of the 15-point talks holds after their fourth
    round, 18 March 2022)."""
    scored = {o.meeting for o in load_outcomes() if o.documented in SCORED}
    scenario = load_scenario(find_scenario(ERA_SCENARIOS[era]))
    return max(r.date for r in scenario.rounds if r.meeting in scored)


def from_the_documents(runs: pd.DataFrame, era: str) -> pd.DataFrame:
    """The runs that agree with the documented record: no package by its last meeting."""
    last = last_recorded_meeting(era).isoformat()
    stamps = runs["agreement_date"].to_numpy(dtype=str)
    return runs[(stamps == "") | (stamps > last)]


def validation_forecasts(runs: dict[str, pd.DataFrame], record: pd.DataFrame) -> pd.DataFrame:
    """The record's scored rows with the model's P(yes) from each era's runs."""
    rows = []
    for fact in record[record["question"].isin(QUESTIONS)].to_dict("records"):
        era_runs = from_the_documents(runs[fact["era"]], fact["era"])
        said = answers(era_runs, fact["question"], fact["date"])
        rows.append(
            {
                "date": fact["date"].isoformat(),
                "era": fact["era"],
                "question": fact["question"],
                "outcome": fact["outcome"],
                "scenario": ERA_SCENARIOS[fact["era"]],
                "runs": len(era_runs),
                "predicted": float(said.mean()),
                "source": fact["source"],
            }
        )
    return pd.DataFrame(rows)


def question_base_rates(questions: pd.Series, happened: np.ndarray) -> np.ndarray:
    """Leave-one-out share of yes among the other rows asking the same question."""
    p = np.empty(len(happened))
    keys = questions.to_numpy()
    for i in range(len(happened)):
        others = np.arange(len(happened)) != i
        same = others & (keys == keys[i])
        pool = same if same.any() else others
        p[i] = happened[pool].mean() if pool.any() else 0.0
    return p


def validation_scores(forecasts: pd.DataFrame, full: pd.DataFrame | None = None) -> pd.DataFrame:
    """Brier score and accuracy of the model (and of the full ranges) against the naive
    forecasters, on the scored questions of the record (rows as :func:`score_table`'s)."""
    others = {} if full is None else {"model, full ranges": full}
    return summarise(validation_rows(forecasts, others))


def validation_rows(
    forecasts: pd.DataFrame, others: dict[str, pd.DataFrame] | None = None
) -> pd.DataFrame:
    """One row per forecaster and scored question of the record: the forecast ``p``,
    the runs it is a share of (``runs``; NaN for a naive forecaster) and the outcome
    ``y``. The model's forecasts are `forecasts`; `others` adds forecasters by name
    (tables like `forecasts`, on the same questions)."""
    y = (forecasts["outcome"] == "yes").to_numpy(dtype=float)
    candidates = [
        ("model", forecasts),
        *(others or {}).items(),
        ("always no agreement", None),
        ("issue base rate", None),
    ]
    parts = []
    for name, table in candidates:
        if table is not None:
            p, runs = table["predicted"].to_numpy(), table["runs"].to_numpy(dtype=float)
        elif name == "issue base rate":
            p, runs = question_base_rates(forecasts["question"], y), np.full(len(y), np.nan)
        else:
            p, runs = np.zeros(len(y)), np.full(len(y), np.nan)
        parts.append(
            pd.DataFrame(
                {
                    "scope": SCOPE,
                    "target": "as recorded",
                    "forecaster": name,
                    "date": forecasts["date"].to_numpy(),
                    "question": forecasts["question"].to_numpy(),
                    "runs": runs,
                    "p": p,
                    "y": y,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)
