"""Run past the documents: P(package), P(general ceasefire), P(talks suspended) by date.

Each era's last documented talks (``istanbul-2022``, ``istanbul-2025``) are
run from their documents to the end of the following year, over seeds alone
(the central calibration: only the war's luck and each side's misreadings
vary) and over the assumption ranges too (Latin hypercube x seeds, as in the
back-test). Each curve is the share of runs in which the event has happened
by a date (:func:`sim.backtest.validation.answers`); "suspended that day" is
the share whose talks are broken off on the date itself. Runs that close the
package before the era's last recorded meeting contradict the documents they
start from and are left out (:func:`sim.backtest.validation.from_the_documents`);
the table says how many runs each curve rests on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from sim.backtest.run import era_runs
from sim.backtest.validation import (
    ERA_SCENARIOS,
    answers,
    era_horizon,
    from_the_documents,
    load_validation,
)
from sim.sweeps.runner import Backend

#: The two sources of uncertainty compared: seeds alone, and the assumption ranges too.
VARIANTS = {"seeds": 0.0, "seeds and assumptions": 1.0}
#: The curves, by the question each asks of a run.
MEASURES = {
    "package agreed": "package_agreed_by",
    "general ceasefire": "general_ceasefire_by",
    "talks suspended (ever)": "talks_suspended_by",
    "talks suspended that day": "talks_suspended_on",
}


def curves(runs: pd.DataFrame, dates: list[dt.date]) -> pd.DataFrame:
    """One row per date and measure: the share of `runs` for which it holds by then."""
    return pd.DataFrame(
        [
            {
                "date": date.isoformat(),
                "measure": measure,
                "p": float(answers(runs, q, date).mean()),
            }
            for date in dates
            for measure, q in MEASURES.items()
        ]
    )


def weekly(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every seventh day from `first` to `last`, `last` included."""
    days = list(range(0, (last - first).days + 1, 7))
    dates = [first + dt.timedelta(d) for d in days]
    return dates if dates[-1] == last else [*dates, last]


def variant_curves(
    era: str, scenario_name: str, first: dt.date, variants: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """The curves of each variant's forward runs of `era` (run tables by variant name),
    weekly from `first` to the era's horizon and on the record's dates, from the runs
    that agree with the documents; ``runs`` counts those, ``runs_drawn`` all."""
    record = load_validation()
    asked = set(record["date"][record["era"] == era])
    dates = sorted(set(weekly(first, era_horizon(era))) | asked)
    parts = []
    for variant, table in variants.items():
        kept = from_the_documents(table, era)
        part = curves(kept, dates)
        part["runs"] = len(kept)
        part["runs_drawn"] = len(table)
        part.insert(0, "variant", variant)
        part.insert(0, "scenario", scenario_name)
        part.insert(0, "era", era)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def horizon_table(out: Path, runs: int, backend: Backend, progress: bool = True) -> pd.DataFrame:
    """One row per era, variant, date and measure (weekly, to the end of the next year)."""
    parts = []
    for era in ERA_SCENARIOS:
        variants = {}
        for variant, spread in VARIANTS.items():
            scenario, variants[variant] = era_runs(out, era, runs, spread, backend, progress)
        parts.append(variant_curves(era, scenario.name, scenario.rounds[0].date, variants))
    return pd.concat(parts, ignore_index=True)
