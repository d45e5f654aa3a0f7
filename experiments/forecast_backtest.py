"""Score every forecast model against the documented record, like the simulation.

For every shipped scenario with documented meetings, and every model of
:data:`sim.forecast.models.MODELS`, the forecast's P(agreed) and P(partial)
per meeting and issue (:func:`sim.forecast.agreement.meeting_predictions`)
go through the back-test's own :func:`sim.backtest.run.with_record` and
:func:`sim.backtest.run.score_table`; the forecaster ``model`` is renamed
after the forecast model. Writes ``OUT/backtest.csv`` (every model's
meeting x issue table) and ``OUT/scores.csv``, and prints the Brier scores
side by side (the baselines once: they do not depend on the model).

Run: ``python experiments/forecast_backtest.py [--draws N] [--out DIR]`` (about two minutes).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from sim.backtest.run import documented_scenarios, score_table, with_record
from sim.forecast.agreement import meeting_predictions
from sim.forecast.models import MODELS

#: The back-test's baselines, the same whichever model forecasts.
BASELINES = ("always no agreement", "issue base rate")


def forecast_backtest(draws: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every model's meeting x issue table and score rows."""
    tables, scores = [], []
    for model in MODELS:
        parts = [meeting_predictions(s, draws, seed, model=model) for s in documented_scenarios()]
        table = with_record(pd.concat(parts, ignore_index=True))
        scored = score_table(table)
        scored["forecaster"] = scored["forecaster"].replace({"model": model})
        if model != MODELS[0]:
            scored = scored[~scored["forecaster"].isin(BASELINES)]
        tables.append(table.assign(forecast_model=model))
        scores.append(scored)
    return pd.concat(tables, ignore_index=True), pd.concat(scores, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=100, help="plays per meeting (default 100)")
    parser.add_argument("--out", default="out/forecast-backtest", help="output folder")
    args = parser.parse_args()
    table, scores = forecast_backtest(args.draws)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "backtest.csv", index=False, float_format="%.4f")
    scores.to_csv(out / "scores.csv", index=False, float_format="%.4f")
    wide = scores.pivot_table(
        index=["scope", "target", "events", "happened"], columns="forecaster", values="brier"
    )[[*MODELS, *BASELINES]]
    print("Brier score (lower is better)")
    print(wide.to_string(float_format="{:.3f}".format))


if __name__ == "__main__":
    main()
