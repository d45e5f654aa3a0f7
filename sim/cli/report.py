"""``peacesim report``: charts and a Markdown summary of a sweep's results."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.common import console


def add_parser(sub) -> None:
    report = sub.add_parser("report", help="charts and a Markdown summary of a sweep's results")
    report.add_argument("folder", help="the --out folder of a sweep")
    report.set_defaults(func=command)


def command(args: argparse.Namespace) -> None:
    from sim.charts.sweep_charts import write_report

    for path in write_report(Path(args.folder)):
        console.print(str(path))
