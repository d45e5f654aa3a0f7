"""Each era's last documented talks run forward to the end of the following year.

    .venv/bin/python experiments/horizon.py [--runs 200] [--out out/horizon]

Writes ``horizon.csv`` (era, scenario, variant, date, measure, p: the share of
runs in which the package was agreed, a general ceasefire held, or the talks
had been broken off by the date, or were suspended that day) and the chart
``horizon.png``/``.svg`` with the validation record after the documents
marked on the time axis; prints the probabilities at the record's dates.
Runs are kept in ``OUT/runs`` and resume.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.backtest.horizon import VARIANTS, horizon_table
from sim.backtest.validation import load_validation
from sim.charts.horizon_chart import horizon_chart
from sim.sweeps.runner import backend_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per era and variant")
    parser.add_argument("--out", type=Path, default=Path("out/horizon"))
    args = parser.parse_args()
    with backend_for(None) as backend:
        table = horizon_table(args.out, args.runs, backend)
    args.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out / "horizon.csv", index=False, float_format="%.4f")
    record = load_validation()
    print(*horizon_chart(table, record, args.out / "horizon"))
    dates = sorted({d.isoformat() for d in record["date"]})
    at = table[table["date"].isin(dates)]
    for variant in VARIANTS:
        wide = at[at["variant"] == variant].pivot_table(
            index=["era", "date"], columns="measure", values="p"
        )
        print(f"\n{variant}:\n{wide.round(2).to_string()}")


if __name__ == "__main__":
    main()
