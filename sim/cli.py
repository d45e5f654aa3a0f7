"""The command line: ``peacesim run``, ``calibrate``, ``sweep``, ``report``, ``forecast``.

The edge of the program: parses arguments, calls the rest, prints, and
exits with status 2 and one line on any user error (a bad scenario, a bad
argument), never a traceback.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sim.calibration.scenario import Scenario, ScenarioError, find_scenario, load_scenario
from sim.calibration.seeds import SeedError
from sim.limits import (
    MAX_PORT,
    MAX_ROUNDS,
    MAX_RUNS,
    MAX_SEED,
    MAX_WORKERS,
    scheduler_address,
)

# Neither markup nor highlighting: titles, labels and paths are the user's text,
# printed as written (a "[/]" in a title is not markup) and in time linear in its length.
console = Console(width=max(110, Console().width), markup=False, highlight=False)


class UserError(Exception):
    """An error the user can fix; printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (a :class:`UserError`), not usage text."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{self.prog}: {message}")


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def output_folder(out: str | Path) -> Path:
    """The folder `out`, created, if results can be written there (checked before any
    work), else a :class:`UserError`."""
    path, shown = Path(out), one_line(str(out)[:100])
    try:
        if path.exists() and not path.is_dir():
            raise UserError(f"--out {shown}: a folder, but it is an existing file")
        path.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:  # under a file, read-only, a name too long, a NUL
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UserError(f"--out {shown}: a folder that can be created ({reason})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UserError(f"--out {shown}: a writable folder (it is not writable)")
    return path


def resolve_scenario(name: str) -> Scenario:
    """A scenario from a path, or a bare name from ``scenarios/``."""
    return load_scenario(find_scenario(name))


def _whole_number(minimum: int, maximum: int = MAX_SEED):
    """An argparse type: a whole number from `minimum` to `maximum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a whole number, got {text[:60]!r}"
            ) from None
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(
                f"expected a number from {minimum} to {maximum}, got {value}"
            )
        return value

    return parse


def cmd_run(args: argparse.Namespace) -> None:
    # Imported here, not at the top: only the command that needs a stack loads it
    # (the model needs Mesa; matplotlib only when charts are drawn).
    from sim.calibration.provenance import provenance
    from sim.talks.model import NegotiationModel
    from sim.talks.results import run_model, write_result

    scenario = resolve_scenario(args.scenario)
    out = output_folder(Path("out") / scenario.name if args.out is None else args.out)
    rounds = [] if args.rounds is None else ["--rounds", str(args.rounds)]
    about = provenance(
        scenario, args.seed, ["peacesim", "run", args.scenario, "--seed", str(args.seed), *rounds]
    )
    with console.status(f"Running {scenario.name}..."):
        model = NegotiationModel(scenario, seed=args.seed, rounds=args.rounds)
        result = run_model(model)
        write_result(result, out, about)
        charts = [] if args.no_charts else _run_charts(result, out, about)
    _print_rounds(scenario, result)
    _print_summary(result.summary)
    console.print(
        f"\nWrote {out}/rounds.csv, frontier.csv, density.csv, summary.json, provenance.json"
    )
    if charts:
        console.print("Charts: " + ", ".join(str(p) for p in charts))


def _run_charts(result, out: Path, about: dict) -> list[Path]:
    from sim.charts.run_charts import agreement_zone_chart, concession_chart

    return agreement_zone_chart(
        result, out / "agreement-zone", provenance=about
    ) + concession_chart(result, out / "concessions", provenance=about)


def _pair(row: dict, column: str, names: tuple[str, str]) -> str:
    values = [row.get(f"{column}_{n}") for n in names]
    return " / ".join("-" if v is None or v != v else f"{v:.2f}" for v in values)


def _print_rounds(scenario: Scenario, result) -> None:
    a, b = result.parties
    table = Table(title=f"{scenario.title} ({scenario.name})", title_justify="left")
    for header in (
        "Round",
        f"Won by\n{a}",
        f"P(win)\n{a} / {b}",
        f"War value\n{a} / {b}",
        "Zone",
        f"Text worth\n{a} / {b}",
        f"Objections\n{a} | {b}",
        "Separate deals",
        "Ceasefire game",
    ):
        table.add_column(header)
    for row in result.rounds.to_dict("records"):
        table.add_row(
            f"{row['round']}\n{row['date']}",
            f"{row[f'battles_won_{a}']} of {row['engagements']}",
            _pair(row, "belief", (a, b)),
            _pair(row, "war_value", (a, b)),
            f"{row['zone_size']:,}" if row["zone_size"] else "empty",
            _pair(row, "text_value", (a, b)),
            f"{row[f'objections_{a}'] or '-'} | {row[f'objections_{b}'] or '-'}",
            row["agreed_items"].replace(";", "\n") or "-",
            row["ceasefire_equilibria"].replace(" | ", "\n"),
        )
    console.print(table)
    _print_articles(result)


#: How each status shows in the articles table: its word and style.
STATUS_STYLE = {
    "agreed": ("agreed", "bold green"),
    "partial": ("partial", "yellow"),
    "breached": ("breached", "red"),
    "not_agreed": ("open", ""),
}


def _print_articles(result) -> None:
    """Issue x round: the text's article and its status (agreed / partial / open)."""
    rounds = result.rounds.to_dict("records")
    issues = [c.removeprefix("status_") for c in result.rounds.columns if c.startswith("status_")]
    table = Table(
        title="The negotiating text, article by article (partial = provisionally agreed)",
        title_justify="left",
    )
    table.add_column("Issue")
    for row in rounds:
        table.add_column(f"R{row['round']}")
    for issue in issues:
        cells = []
        for row in rounds:
            article = row[f"article_{issue}"] or "no text"
            word, style = STATUS_STYLE[row[f"status_{issue}"]]
            cells.append(Text(f"{article}\n").append(word, style=style))
        table.add_row(issue, *cells)
    console.print(table)


def _print_summary(summary: dict) -> None:
    verdict = (
        Text("package agreed", style="bold green")
        if summary["agreement"]
        else Text("no package agreed", style="bold")
    )
    console.print(Text("\n").append(verdict).append(f" after {summary['rounds']} round(s)"))
    items = ", ".join(f"{k} = {v}" for k, v in summary["agreed_items"].items()) or "none"
    console.print(f"Separate deals: {items}")
    console.print(
        "Converging / partly settled: " + (", ".join(summary["partial_issues"]) or "none")
    )
    console.print(
        "Final values: "
        + ", ".join(f"{k} {v:.3f}" for k, v in summary["final_utilities"].items())
        + "; fighting on: "
        + ", ".join(f"{k} {v:.3f}" for k, v in summary["final_war_values"].items())
    )
    size = f"{summary['zone_size']:,} of {summary['outcome_space']:,} packages"
    console.print(
        f"Agreement zone: {size}" if summary["zone_size"] else f"Agreement zone: empty ({size})"
    )
    if summary["nash_point"]:
        console.print(
            "Nash point: " + ", ".join(f"{k} = {v}" for k, v in summary["nash_point"].items())
        )


def cmd_calibrate(args: argparse.Namespace) -> None:
    from sim.calibration.positions import provenance_rows
    from sim.calibration.setup import build_setup

    scenario = resolve_scenario(args.scenario)
    setup = build_setup(scenario)
    table = Table(title=f"Calibrated positions for {scenario.name} as of {scenario.as_of}")
    for header in (
        "Actor",
        "Issue",
        "Weight",
        "Ideal",
        "Level values",
        "Red lines",
        "Basis",
        "Sources",
    ):
        table.add_column(header, overflow="fold")
    actors = [p.position for p in setup.parties] + [m.position for m in setup.mediators]
    for position in actors:
        for row in provenance_rows(position):
            table.add_row(
                *(
                    str(row[k] or "-")
                    for k in (
                        "actor",
                        "issue",
                        "weight",
                        "ideal",
                        "values",
                        "red_lines",
                        "basis",
                        "sources",
                    )
                )
            )
    console.print(table)
    for p in setup.parties:
        console.print(
            f"{p.name}: chance of winning {p.belief:.2f} (confidence {p.confidence:g}), "
            f"cost of fighting on {p.war_cost:.3f} (+{p.pain:.3f}/round), "
            f"strategy {p.strategy.kind}; renege risk it fears {p.commitment.base_risk:.2f}"
        )
    for m in setup.mediators:
        levers = ", ".join(
            f"{k} -> {v} ({';'.join(m.sources[k]) or 'scenario'})" for k, v in m.levers.items()
        )
        console.print(f"{m.name}: {levers or 'no levers'}")


def cmd_sweep(args: argparse.Namespace) -> None:
    from sim.sweeps.runner import backend_for, prepare, run_sweep

    sweep = prepare(args.spec, max_runs=None if args.yes else MAX_RUNS)
    out = output_folder(args.out)
    console.print(
        f"{sweep.spec.title}\n{len(sweep.points):,} design points x {sweep.spec.replications} "
        f"seeds = {sweep.size:,} runs of {sweep.spec.scenario}"
    )
    try:
        execution = sweep.spec.execution  # the command line overrides the spec
        backend = backend_for(
            args.workers or execution.workers, args.scheduler or execution.scheduler
        )
    except OSError as exc:
        raise UserError(f"cannot reach the Dask scheduler: {exc}") from None
    console.print(f"on {backend.workers} worker(s)")
    try:
        with backend:
            run_sweep(sweep, out, backend, not args.quiet, ["peacesim", "sweep", args.spec])
    except KeyboardInterrupt:
        raise UserError(
            f"interrupted; finished runs are saved in {out}/runs - run the same command to resume"
        ) from None
    console.print(f"{sweep.size:,} runs in {out}/runs; next: peacesim report {out}")


def cmd_report(args: argparse.Namespace) -> None:
    from sim.charts.sweep_charts import write_report

    for path in write_report(Path(args.folder)):
        console.print(str(path))


#: Columns of the back-test's printed tables: header -> format of a row.
BACKTEST_COLUMNS = {
    "Meeting": "{meeting_date} {meeting}",
    "Issue": "{issue}",
    "P(agreed)": "{predicted_agreement:.2f}",
    "P(partial)": "{predicted_partial:.2f}",
    "Documented": "{documented}",
}
SCORE_COLUMNS = {
    "Scope": "{scope}",
    "Target": "{target}",
    "Forecaster": "{forecaster}",
    "Events": "{events}",
    "Happened": "{happened}",
    "Brier": "{brier:.3f}",
    "Accuracy": "{accuracy:.2f}",
}
FIT_COLUMNS = {
    "Fitted on": "{fitted_on}",
    "Scored on": "{scored_on}",
    "Spread": "{spread:g}",
    "Brier (fit era)": "{brier_on_fit_era:.3f}",
    "Brier (out of sample)": "{brier_out_of_sample:.3f}",
    "Brier, full ranges": "{brier_full_ranges:.3f}",
}


def _frame_table(title: str, frame, columns: dict[str, str]) -> Table:
    """A rich table of a data frame's rows; an empty cell shows as '-'."""
    table = Table(title=title, title_justify="left")
    for header in columns:
        table.add_column(header)
    for row in frame.to_dict("records"):
        table.add_row(*(form.format(**row) or "-" for form in columns.values()))
    return table


def cmd_backtest(args: argparse.Namespace) -> None:
    from sim.backtest.run import run_backtest
    from sim.charts.backtest_chart import backtest_chart
    from sim.sweeps.runner import backend_for

    out = output_folder(args.out)
    with backend_for(args.workers) as backend:
        result = run_backtest(out, args.runs, backend, progress=not args.quiet)
    tables = (
        (
            f"Back-test: {args.runs} runs per scenario, assumption ranges x{result.spread:g} "
            "(the spread fitted on 2022)",
            result.table,
            BACKTEST_COLUMNS,
        ),
        ("Scores (lower Brier is better)", result.scores, SCORE_COLUMNS),
        (
            "One number fitted: the spread of the assumption ranges (1 = full ranges)",
            result.fit,
            FIT_COLUMNS,
        ),
    )
    for title, frame, columns in tables:
        console.print(_frame_table(title, frame, columns))
    charts = backtest_chart(result.table, out / "backtest")
    console.print(f"Wrote {out}/backtest.csv, scores.csv, fit.csv, " + ", ".join(map(str, charts)))


def cmd_forecast(args: argparse.Namespace) -> None:
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


def _path(text: str) -> str:
    """An argparse type: a file or folder name, not empty (an empty ``--out`` would
    otherwise mean the current folder, or the default, without a word)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"expected a file or folder name, got {text!r}")
    return text


def _names(text: str) -> tuple[str, ...]:
    """An argparse type: a comma-separated list of names."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def cmd_plot(args: argparse.Namespace) -> None:
    """``peacesim plot KIND SCENARIO``: run the scenario, draw one chart of the gallery."""
    from sim.charts.gallery import ChartError, Request, draw
    from sim.charts.style import FORMATS, save_as
    from sim.talks.model import NegotiationModel
    from sim.talks.results import run_model

    out = Path(args.out or f"out/{args.kind}-{Path(args.scenario).stem}.png")
    if out.suffix.lower() not in FORMATS:
        raise UserError(f"--out {out}: expected a file ending in {', '.join(FORMATS)}")
    scenario = resolve_scenario(args.scenario)
    with console.status(f"Running {scenario.name} and drawing {args.kind}..."):
        runs = [
            run_model(NegotiationModel(scenario, seed=seed, rounds=args.rounds))
            for seed in args.seeds
        ]
        request = Request(
            args.kind,
            scenario,
            runs,
            round=args.round,
            actors=args.actors,
            issues=args.issues,
            labels=[f"seed {seed}" for seed in args.seeds],
        )
        try:
            figure = draw(request)
        except ChartError as exc:
            raise UserError(str(exc)) from None
        console.print(str(save_as(figure, out)))


def cmd_app(args: argparse.Namespace) -> None:
    """``peacesim app``: serve the classroom app on 127.0.0.1 until interrupted."""
    import contextlib
    import importlib.util
    import os
    import subprocess

    if (
        importlib.util.find_spec("solara") is None
        or importlib.util.find_spec("mesa.visualization") is None
    ):
        raise UserError("the app needs its optional dependencies: pip install -e '.[app]'")
    resolve_scenario(args.scenario)  # a bad scenario fails here, in one line
    env = {
        **os.environ,
        "PEACESIM_APP_SCENARIO": args.scenario,
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    }
    command = [
        sys.executable,
        "-m",
        "solara",
        "run",
        "sim.app.page",
        "--host",
        "127.0.0.1",
        "--port",
        str(args.port),
        "--production",
    ]
    console.print(f"Serving {args.scenario} on http://127.0.0.1:{args.port} (Ctrl+C stops)")
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how a teacher stops it
        subprocess.run(command, env=env, check=False)


def _add_app(sub) -> None:
    app = sub.add_parser("app", help="the classroom app in the browser (needs the .[app] extra)")
    app.add_argument("scenario", nargs="?", default="istanbul-2022", help="default istanbul-2022")
    app.add_argument("--port", type=_whole_number(1, MAX_PORT), default=8765, help="default 8765")
    app.set_defaults(func=cmd_app)


def _add_plot(sub) -> None:
    from sim.charts.kinds import KINDS

    plot = sub.add_parser("plot", help="draw one chart of the gallery (PNG, SVG or PDF)")
    plot.add_argument("kind", choices=KINDS, help="which chart")
    plot.add_argument("scenario", help="a scenario file or a name from scenarios/")
    plot.add_argument(
        "--round",
        type=_whole_number(1, MAX_ROUNDS),
        default=None,
        help="round to show (default: the last)",
    )
    plot.add_argument(
        "--out",
        type=_path,
        default=None,
        help="file; its suffix picks PNG/SVG/PDF (default out/KIND-SCENARIO.png)",
    )
    plot.add_argument(
        "--actors", type=_names, default=(), help="zone: two actors, e.g. russia,united_states"
    )
    plot.add_argument(
        "--issues", type=_names, default=(), help="issues: two agenda issues, e.g. territory,nato"
    )
    plot.add_argument(
        "--seeds",
        type=_seeds,
        default=(0,),
        help="paths: seeds side by side, e.g. 0,1,2 (default 0)",
    )
    plot.add_argument(
        "--rounds",
        type=_whole_number(1, MAX_ROUNDS),
        default=None,
        help="rounds to run (default: dated rounds)",
    )
    plot.set_defaults(func=cmd_plot)


#: Most seeds ``peacesim plot`` runs side by side (each is a run and a column of the chart).
MAX_PLOT_SEEDS = 10


def _seeds(text: str) -> tuple[int, ...]:
    parse = _whole_number(0)
    seeds = tuple(parse(part) for part in _names(text)) or (0,)
    if len(seeds) > MAX_PLOT_SEEDS:
        raise argparse.ArgumentTypeError(
            f"expected at most {MAX_PLOT_SEEDS} seeds, got {len(seeds)}"
        )
    return seeds


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="peacesim",
        description="The Russia-Ukraine peace talks as a negotiation simulation.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a scenario; print its rounds; write tables and charts")
    run.add_argument(
        "scenario", help="a scenario file, or a name from scenarios/ (e.g. istanbul-2022)"
    )
    run.add_argument(
        "--seed", type=_whole_number(0), default=0, help="random seed (default 0; below 2^63)"
    )
    run.add_argument(
        "--rounds",
        type=_whole_number(1, MAX_ROUNDS),
        default=None,
        help="rounds to run (default: the scenario's dated rounds)",
    )
    run.add_argument("--out", type=_path, default=None, help="output folder (default out/SCENARIO)")
    run.add_argument(
        "--no-charts", action="store_true", help="write the tables only, no PNG/SVG charts"
    )
    run.set_defaults(func=cmd_run)
    cal = sub.add_parser("calibrate", help="show every actor's calibrated position and its sources")
    cal.add_argument("scenario")
    cal.set_defaults(func=cmd_calibrate)
    sweep = sub.add_parser(
        "sweep", help="run a sweep spec (experiments/*.toml); results resume if interrupted"
    )
    sweep.add_argument("spec", help="a sweep spec, e.g. experiments/war-costs.toml")
    sweep.add_argument(
        "--out", type=_path, required=True, help="results folder (created; reused to resume)"
    )
    sweep.add_argument(
        "--workers",
        type=_whole_number(1, MAX_WORKERS),
        default=None,
        help="local worker processes (default: all cores; 1 runs in this process)",
    )
    sweep.add_argument(
        "--scheduler",
        type=_scheduler,
        default=None,
        help="address of a Dask scheduler (e.g. tcp://10.0.0.5:8786) to run on a cluster",
    )
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.add_argument(
        "--yes",
        action="store_true",
        help=f"run a sweep of more than {MAX_RUNS:,} runs (refused without it)",
    )
    sweep.set_defaults(func=cmd_sweep)
    report = sub.add_parser("report", help="charts and a Markdown summary of a sweep's results")
    report.add_argument("folder", help="the --out folder of a sweep")
    report.set_defaults(func=cmd_report)
    back = sub.add_parser(
        "backtest", help="score the calibrated model against the documented record"
    )
    back.add_argument(
        "--runs", type=_whole_number(5), default=100, help="runs per scenario (default 100)"
    )
    back.add_argument(
        "--out", type=_path, default="out/backtest", help="output folder (default out/backtest)"
    )
    back.add_argument(
        "--workers",
        type=_whole_number(1, MAX_WORKERS),
        default=None,
        help="worker processes (default: all)",
    )
    back.add_argument("--quiet", action="store_true", help="no progress bars")
    back.set_defaults(func=cmd_backtest)
    fc = sub.add_parser(
        "forecast",
        help="expected-utility, compromise and median forecasts of a scenario or a DEU file",
    )
    fc.add_argument("scenario", nargs="?", default=None, help="a scenario (or use --deu)")
    fc.add_argument("--deu", default=None, metavar="FILE", help="a file in the DEU III format")
    fc.add_argument(
        "--model", choices=("eum", "compromise", "median"), default=None, help="with --deu"
    )
    fc.add_argument(
        "--out", type=_path, default=None, help="output folder (scenario) or CSV file (--deu)"
    )
    fc.add_argument(
        "--seed",
        type=_whole_number(0),
        default=0,
        help="seed of random tie-breaks (default 0; the default tie-break is not random)",
    )
    fc.add_argument("--chart", action="store_true", help="draw each issue's rounds (scenario)")
    fc.set_defaults(func=cmd_forecast)
    _add_plot(sub)
    _add_app(sub)
    return parser


def _scheduler(text: str) -> str:
    try:
        return scheduler_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected {exc}") from None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; 0 on success, 2 (and one line on stderr) on a user error.

    An operating-system error (a disk full, a folder removed underneath) is
    reported the same way: it names the file, and the user can act on it.
    """
    try:
        args = build_parser().parse_args(argv)
        args.func(args)
    except Exception as exc:
        if not isinstance(exc, (*_user_errors(), OSError)):
            raise
        print(f"peacesim: error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    return 0


def _user_errors() -> tuple[type[Exception], ...]:
    """The errors shown as one line. A results-store error can only have been
    raised once the sweep stack is loaded, so it is looked up only then, and
    ``run`` never loads that stack."""
    errors: tuple[type[Exception], ...] = (ScenarioError, SeedError, UserError)
    store = sys.modules.get("sim.sweeps.store")
    return errors if store is None else (*errors, store.StoreError)


if __name__ == "__main__":
    sys.exit(main())
