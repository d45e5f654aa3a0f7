"""``peacesim forecast``: expected-utility, compromise and median forecasts of a scenario
or of a file in the DEU III format."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from rich.table import Table

from sim.cli.common import UserError, console, resolve_scenario, whole_number


def add_parser(sub) -> None:
    fc = sub.add_parser(
        "forecast",
        help="expected-utility, compromise and median forecasts of a scenario or a DEU file",
    )
    fc.add_argument("scenario", nargs="?", default=None, help="a scenario (or use --deu)")
    fc.add_argument("--deu", default=None, metavar="FILE", help="a file in the DEU III format")
    fc.add_argument(
        "--model", choices=("eum", "compromise", "median"), default=None, help="with --deu"
    )
    fc.add_argument("--out", default=None, help="output folder (scenario) or CSV file (--deu)")
    fc.add_argument(
        "--seed",
        type=whole_number(0),
        default=0,
        help="seed of random tie-breaks (default 0; the default tie-break is not random)",
    )
    fc.add_argument("--chart", action="store_true", help="draw each issue's rounds (scenario)")
    fc.set_defaults(func=command)


def command(args: argparse.Namespace) -> None:
    """Forecast a scenario's issues (table, optional charts) or every issue of a DEU file."""
    from sim.forecast.deu import DEUError

    if (args.scenario is None) == (args.deu is None):
        raise UserError("forecast: give either a SCENARIO or --deu FILE")
    if args.deu is not None and (args.model is None or args.out is None):
        raise UserError("forecast --deu: --model and --out (a CSV file) are required")
    try:
        if args.deu is not None:
            _forecast_deu(args)
        else:
            _forecast_scenario(args)
    except DEUError as exc:
        raise UserError(str(exc)) from None


def _forecast_deu(args: argparse.Namespace) -> None:
    from rich.progress import track

    from sim.forecast.deu import read_deu
    from sim.forecast.models import forecast_deu

    data = read_deu(args.deu)
    table = forecast_deu(
        data, args.model, args.seed, track=lambda rows: track(rows, description=args.model)
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False, float_format="%.4f")
    console.print(f"Wrote {len(table)} forecasts ({args.model}) to {out}")


def _forecast_scenario(args: argparse.Namespace) -> None:
    from sim.calibration.seeds import load_issues
    from sim.forecast.talks import FORECAST_COLUMNS, forecast_scenario, summary_frame

    scenario = resolve_scenario(args.scenario)
    forecasts = forecast_scenario(scenario, seed=args.seed)
    frame = summary_frame(forecasts, scenario.party_names)
    issues = load_issues()
    table = Table(
        title=f"Forecasts for {scenario.name} (0-100 along each issue's levels; nearest level)",
        title_justify="left",
    )
    for header in ("Issue", *(f"{p} ideal" for p in scenario.party_names)):
        table.add_column(header, overflow="fold")
    for header in (*FORECAST_COLUMNS.values(), "EU rounds"):
        table.add_column(header, justify="right", overflow="fold")
    for row in frame.to_dict("records"):
        issue = issues[row["issue"]]
        table.add_row(
            issue.key,
            *(_level_cell(row[p], issue) for p in scenario.party_names),
            *(_level_cell(row[k], issue) for k in FORECAST_COLUMNS),
            str(row["eum_rounds"]),
        )
    console.print(table)
    out = Path(args.out) if args.out else Path("out") / f"{scenario.name}-forecast"
    if args.out or args.chart:
        out.mkdir(parents=True, exist_ok=True)
        frame.to_csv(out / "forecast.csv", index=False, float_format="%.4f")
        console.print(f"Wrote {out}/forecast.csv")
    if args.chart:
        from sim.charts.forecast_chart import forecast_chart
        from sim.talks import NegotiationModel, run_model

        simulated = run_model(NegotiationModel(scenario, seed=args.seed)).rounds.iloc[-1]
        paths = forecast_chart(forecasts, scenario, out / "forecast-rounds", simulated)
        console.print("Charts: " + ", ".join(map(str, paths)))


def _level_cell(value: float, issue) -> str:
    """A position on 0-100 and the issue's nearest level; '-' if nobody takes one."""
    from sim.forecast.talks import nearest_level

    if math.isnan(value):
        return "-"
    return f"{value:.0f}\n{issue.levels[nearest_level(value, issue)].replace('_', ' ')}"
