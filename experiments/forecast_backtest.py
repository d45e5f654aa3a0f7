"""Score the expected-utility forecast against the documented record, like the simulation.

For every shipped scenario with documented meetings, the forecast's
P(agreed) and P(partial) per meeting and issue
(:func:`sim.forecast.agreement.meeting_predictions`) go through the
back-test's own :func:`sim.backtest.run.with_record` and
:func:`sim.backtest.run.score_table`; the forecaster ``model`` is renamed
``expected utility``. Writes ``OUT/backtest.csv`` and ``OUT/scores.csv``.

Run: ``python experiments/forecast_backtest.py [--draws N] [--out DIR]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from sim.backtest.run import documented_scenarios, score_table, with_record
from sim.forecast.agreement import meeting_predictions


def forecast_backtest(draws: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The meeting x issue table of the forecast and its score rows."""
    parts = [meeting_predictions(s, draws, seed) for s in documented_scenarios()]
    table = with_record(pd.concat(parts, ignore_index=True))
    scores = score_table(table)
    scores["forecaster"] = scores["forecaster"].replace({"model": "expected utility"})
    return table, scores


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
    print(scores.to_string(index=False, float_format="{:.3f}".format))


if __name__ == "__main__":
    main()
