"""``peacesim forecast``: expected-utility, compromise and median forecasts of a scenario
or of a file in the DEU III format."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from rich.table import Table

from sim.cli.common import UserError, console, path_name, resolve_scenario, whole_number


def add_parser(sub) -> None:
    fc = sub.add_parser(
        "forecast",
        help="the second lens: compromise, median, expected-utility, Nash, procedural, "
        "exchange and stacked forecasts of a scenario or a DEU file",
    )
    fc.add_argument("scenario", nargs="?", default=None, help="a scenario (or use --deu)")
    fc.add_argument("--deu", default=None, metavar="FILE", help="a file in the DEU III format")
    fc.add_argument("--model", choices=MODEL_NAMES, default=None, help="with --deu")
    fc.add_argument(
        "--out", type=path_name, default=None, help="output folder (scenario) or CSV file (--deu)"
    )
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
    fell = int(table["fallback"].sum())
    if fell:
        console.print(
            f"{fell} of them are the compromise model's: the file lacks what {args.model} needs "
            "there (a reference point rp, the procedure proc or counvte, or an institution's "
            "position); see the fallback column"
        )


def _forecast_scenario(args: argparse.Namespace) -> None:
    from sim.calibration.seeds import load_issues
    from sim.forecast.talks import FORECAST_COLUMNS, forecast_scenario, summary_frame

    scenario = resolve_scenario(args.scenario)
    forecasts = forecast_scenario(scenario, seed=args.seed)
    frame = summary_frame(forecasts, scenario.party_names)
    issues = load_issues()
    parties = scenario.party_names
    for title, columns, extra in (
        (
            "the parties' ideals and the weighted forecasts",
            TALKS_WEIGHTED,
            "Expected-utility rounds",
        ),
        ("the bargaining models, from the status quo", TALKS_BARGAINING, None),
    ):
        table = Table(
            title=f"Forecasts for {scenario.name}: {title} (0-100 along each issue's levels; "
            "nearest level)",
            title_justify="left",
        )
        table.add_column("Issue", overflow="fold")
        heads = [*(f"{p} ideal" for p in parties), "Status quo"] if extra else []
        heads += [FORECAST_COLUMNS[k] for k in columns] + ([extra] if extra else [])
        for header in heads:
            table.add_column(header, justify="right", overflow="fold")
        for row in frame.to_dict("records"):
            issue = issues[row["issue"]]
            keys = [*parties, "status_quo", *columns] if extra else list(columns)
            cells = [_level_cell(row[k], issue) for k in keys]
            table.add_row(issue.key, *cells, *([str(row["eum_rounds"])] if extra else []))
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


#: The forecasts of ``peacesim forecast SCENARIO``'s two tables (all are in forecast.csv).
TALKS_WEIGHTED = ("compromise", "median", "eum")
TALKS_BARGAINING = ("nash", "procedural", "exchange", "stacked")
#: The forecast models of ``peacesim forecast --deu FILE --model NAME`` (sim.forecast.models.MODELS;
#: spelled out so that building the parser imports no model code).
MODEL_NAMES = ("compromise", "median", "eum", "nash", "procedural", "exchange", "stacked")


def _level_cell(value: float, issue) -> str:
    """A position on 0-100 and the issue's nearest level; '-' if nobody takes one."""
    from sim.forecast.talks import nearest_level

    if math.isnan(value):
        return "-"
    return f"{value:.0f}\n{issue.levels[nearest_level(value, issue)].replace('_', ' ')}"
