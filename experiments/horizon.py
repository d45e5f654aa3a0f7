"""Each shipped scenario run to 30 rounds: P(package agreed by round k), k = 1..30.

    .venv/bin/python experiments/horizon.py [--runs 200] [--out out/horizon]

Writes ``horizon.csv`` (scenario, variant, round, p_agreed) and the chart
``horizon.png``/``.svg``; runs are kept in ``OUT/runs`` and resume.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.backtest.horizon import horizon_table
from sim.backtest.run import documented_scenarios
from sim.charts.horizon_chart import horizon_chart
from sim.sweeps.runner import backend_for

HORIZON = 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per scenario and variant")
    parser.add_argument("--out", type=Path, default=Path("out/horizon"))
    args = parser.parse_args()
    with backend_for(None) as backend:
        table = horizon_table(args.out, HORIZON, args.runs, backend)
    args.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out / "horizon.csv", index=False, float_format="%.4f")
    dated = {s.name: len(s.rounds) for s in documented_scenarios()}
    print(horizon_chart(table, dated, args.out / "horizon"))
    wide = table.pivot_table(index="round", columns=["scenario", "variant"], values="p_agreed")
    print(wide.iloc[[0, 1, 2, 3, 4, 5, 7, 9, 14, 19, 24, 29]].round(2).to_string())


if __name__ == "__main__":
    main()
