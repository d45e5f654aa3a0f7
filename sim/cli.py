"""The command line: ``peacesim run``, ``calibrate``, ``sweep``, ``report``, ``backtest``,
``fit``, ``forecast``, ``plot``, ``app``.

The edge of the program: parses arguments, calls the rest, prints, and
exits with status 2 and one line on any user error (a bad scenario, a bad
argument), never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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
from sim.limits import MAX_RUNS, MAX_SEED, scheduler_address

#: ``peacesim fit``'s defaults: particles a generation, and at most this many generations.
FIT_RUNS = 200
FIT_GENERATIONS = 8

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
    until = _until(args.until, scenario)
    out = output_folder(args.out if args.out else Path("out") / scenario.name)
    rounds = [] if args.rounds is None else ["--rounds", str(args.rounds)]
    rounds += [] if until is None else ["--until", until.isoformat()]
    more: dict = {}
    if args.posterior is not None or args.draw is not None:
        scenario, more["posterior"] = _from_posterior(args, scenario)
        rounds += _posterior_arguments(args)
    about = provenance(
        scenario,
        args.seed,
        ["peacesim", "run", args.scenario, "--seed", str(args.seed), *rounds],
        **more,
    )
    with console.status(f"Running {scenario.name}..."):
        model = NegotiationModel(scenario, seed=args.seed, rounds=args.rounds, until=until)
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


def _posterior_arguments(args: argparse.Namespace) -> list[str]:
    draw = [] if args.draw is None else ["--draw", str(args.draw)]
    return ["--posterior", str(args.posterior), *draw]


def _posterior_values(args: argparse.Namespace) -> tuple[dict[str, float], dict]:
    """The assumptions of ``--posterior DIR`` (its mean, or ``--draw K``) and where they
    come from (for the provenance)."""
    from sim.fit.posterior import PosteriorError, load_posterior

    if args.draw is not None and args.posterior is None:
        raise UserError("--draw: only with --posterior DIR")
    try:
        posterior = load_posterior(args.posterior)
    except PosteriorError as exc:
        raise UserError(str(exc)) from None
    seed = int(posterior.about["provenance"]["seed"])
    values = posterior.mean() if args.draw is None else posterior.draw(args.draw, seed)
    source = {
        "fit": posterior.about["provenance"],
        "draw": "mean" if args.draw is None else args.draw,
    }
    return values, source


def _from_posterior(args: argparse.Namespace, scenario: Scenario) -> tuple[Scenario, dict]:
    """`scenario` started from the posterior of ``--posterior DIR`` (mean or ``--draw K``)."""
    from sim.calibration.scenario import read_scenario_data
    from sim.fit.posterior import with_assumptions

    values, source = _posterior_values(args)
    data = read_scenario_data(find_scenario(args.scenario))
    return with_assumptions(data, scenario, values, args.scenario), source


def _date(text: str) -> dt.date:
    """An argparse type: a date as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD, got {text[:60]!r}"
        ) from None


def _until(until: dt.date | None, scenario: Scenario) -> dt.date | None:
    """`until`, checked against the scenario's first round."""
    first = scenario.rounds[0].date
    if until is not None and until < first:
        raise UserError(f"--until {until}: expected a date on or after the first round, {first}")
    return until


def _run_charts(result, out: Path, about: dict) -> list[Path]:
    from sim.charts.run_charts import agreement_zone_chart, concession_chart

    return agreement_zone_chart(
        result, out / "agreement-zone", provenance=about
    ) + concession_chart(result, out / "concessions", provenance=about)


def _pair(row: dict, column: str, names: tuple[str, str]) -> str:
    values = [row.get(f"{column}_{n}") for n in names]
    return " / ".join("-" if v is None or v != v else f"{v:.2f}" for v in values)


#: Rounds a printed table shows in full; longer runs show the rounds where something happened.
SHOWN_ROUNDS = 16


def shown_rounds(rounds: list[dict]) -> list[dict]:
    """The rounds worth printing: all of a short run; of a long one, the documented
    meetings, every change of the talks' state, deal or converged article, and the last."""
    if len(rounds) <= SHOWN_ROUNDS:
        return rounds
    shown, before = [], None
    for i, row in enumerate(rounds):
        state = (
            row["talks"],
            row["agreed_items"],
            row["package_agreed"],
            tuple(v for k, v in row.items() if k.startswith("status_")),
        )
        if row["label"] != f"round {row['round']}" or state != before or i == len(rounds) - 1:
            shown.append(row)
        before = state
    return shown


def _talks_cell(row: dict) -> str:
    if row["talks"] == "talking":
        return "talking" + (f"\n{row['why']}" if row["why"] else "")
    return f"suspended\n{row['left']} left:\n{row['why']}"


def _print_rounds(scenario: Scenario, result) -> None:
    a, b = result.parties
    rounds = result.rounds.to_dict("records")
    shown = shown_rounds(rounds)
    hidden = len(rounds) - len(shown)
    note = f" - {hidden} quiet rounds not shown (all in rounds.csv)" if hidden else ""
    table = Table(title=f"{scenario.title} ({scenario.name}){note}", title_justify="left")
    for header in (
        "Round",
        "Talks",
        f"Won by\n{a}",
        f"P(win)\n{a} / {b}",
        f"War value\n{a} / {b}",
        "Zone",
        f"Text worth\n{a} / {b}",
        f"Objections\n{a} | {b}",
        "Separate deals",
    ):
        table.add_column(header)
    for row in shown:
        table.add_row(
            f"{row['round']}\n{row['date']}",
            _talks_cell(row),
            f"{row[f'battles_won_{a}']} of {row['engagements']}",
            _pair(row, "belief", (a, b)),
            _pair(row, "war_value", (a, b)),
            f"{row['zone_size']:,}" if row["zone_size"] else "empty",
            _pair(row, "text_value", (a, b)),
            f"{row[f'objections_{a}'] or '-'} | {row[f'objections_{b}'] or '-'}",
            row["agreed_items"].replace(";", "\n") or "-",
        )
    console.print(table)
    _print_articles(result, shown)


#: How each status shows in the articles table: its word and style.
STATUS_STYLE = {
    "agreed": ("agreed", "bold green"),
    "partial": ("partial", "yellow"),
    "breached": ("breached", "red"),
    "not_agreed": ("open", ""),
}


#: Rounds the articles table shows at most (the last ones of those printed).
ARTICLE_ROUNDS = 8


def _print_articles(result, shown: list[dict]) -> None:
    """Issue x round: the text's article and its status (agreed / partial / open)."""
    rounds = shown[-ARTICLE_ROUNDS:]
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
    console.print(
        Text("\n")
        .append(verdict)
        .append(f" after {summary['rounds']} round(s), ")
        .append(f"{summary['first_date']} to {summary['last_date']}")
    )
    if summary["talks"] == "suspended":
        console.print(f"Talks suspended: {summary['left']} left ({summary['why']})")
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
VALIDATION_COLUMNS = {
    "Date": "{date}",
    "Era": "{era}",
    "Question": "{question}",
    "P(yes)": "{predicted:.2f}",
    "Record": "{outcome}",
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

    if args.posterior is not None:
        _backtest_posterior(args)
        return
    out = output_folder(args.out or DEFAULT_BACKTEST)
    with backend_for(args.workers) as backend:
        result = run_backtest(out, args.runs, backend, progress=not args.quiet)
    tables = (
        (
            f"Back-test: {args.runs} runs per scenario, assumption ranges x{result.spread:g} "
            "(the spread fitted on 2022)",
            result.table,
            BACKTEST_COLUMNS,
        ),
        (
            "After the documents: each era's last talks run forward (the spread fitted on 2022)",
            result.validation,
            VALIDATION_COLUMNS,
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
    console.print(
        f"Wrote {out}/backtest.csv, validation.csv, scores.csv, fit.csv, "
        + ", ".join(map(str, charts))
    )


#: Where ``peacesim backtest`` writes without ``--out`` (with ``--posterior DIR``: DIR/backtest).
DEFAULT_BACKTEST = "out/backtest"
POSTERIOR_SCORE_COLUMNS = {
    "Scope": "{scope}",
    "Sample": "{sample}",
    "Target": "{target}",
    "Forecaster": "{forecaster}",
    "Events": "{events}",
    "Happened": "{happened}",
    "Brier": "{brier:.3f}",
    "Log score": "{log_score:.3f}",
    "Accuracy": "{accuracy:.2f}",
}


def _backtest_posterior(args: argparse.Namespace) -> None:
    """``peacesim backtest --posterior DIR``: forecasts from the posterior, scored beside
    the central calibration, the full ranges and the naive forecasters."""
    from sim.backtest.validation import load_validation
    from sim.charts.fit_charts import reliability_chart
    from sim.charts.horizon_chart import STYLES, horizon_chart
    from sim.fit.forecast import POSTERIOR, posterior_sha256, run_posterior_backtest
    from sim.fit.posterior import PosteriorError, load_posterior
    from sim.sweeps.runner import backend_for

    try:
        posterior = load_posterior(args.posterior)
    except PosteriorError as exc:
        raise UserError(str(exc)) from None
    folder = Path(args.posterior)
    out = output_folder(args.out or folder / "backtest")
    with backend_for(args.workers) as backend:
        result = run_posterior_backtest(
            folder, posterior, out, args.runs, backend, progress=not args.quiet
        )
    about = {
        "fit": posterior.about["provenance"],
        "posterior_sha256": posterior_sha256(folder),
        "command": ["peacesim", "backtest", "--posterior", str(folder), "--runs", str(args.runs)],
    }
    tables = {
        "posterior-backtest.csv": result.table,
        "posterior-validation.csv": result.validation,
        "posterior-scores.csv": result.scores,
        "posterior-forecasts.csv": result.rows,
        "reliability.csv": result.reliability,
        "posterior-horizon.csv": result.horizon,
    }
    for name, frame in tables.items():
        frame.to_csv(out / name, index=False, float_format="%.4f")
    (out / "provenance.json").write_text(json.dumps(about, indent=1, sort_keys=True) + "\n")
    styles = {
        POSTERIOR: ("-", "from posterior draws"),
        "seeds": (":", STYLES["seeds"][1]),
        "seeds and assumptions": ("--", STYLES["seeds and assumptions"][1]),
    }
    charts = reliability_chart(result.reliability, out / "reliability", about) + horizon_chart(
        result.horizon, load_validation(), out / "posterior-horizon", about, styles
    )
    console.print(
        _frame_table(
            f"After the documents: forecasts from {args.runs} posterior draws per era",
            result.validation,
            VALIDATION_COLUMNS,
        )
    )
    console.print(
        _frame_table(
            "Scores: the posterior, the central calibration, the full ranges and the naive "
            "forecasters (lower Brier and log score are better)",
            result.scores,
            POSTERIOR_SCORE_COLUMNS,
        )
    )
    console.print(f"Wrote {out}/" + ", ".join(tables) + ", " + ", ".join(map(str, charts)))


def cmd_fit(args: argparse.Namespace) -> None:
    """``peacesim fit``: ABC-SMC of the assumptions on the 2022 record (resumes)."""
    from sim.fit.abc import FitError, FitSettings, record_problem, run_fit
    from sim.sweeps.runner import backend_for

    out = output_folder(args.out)
    problem = record_problem()
    if args.runs <= len(problem.priors):
        raise UserError(
            f"--runs {args.runs}: expected more particles than the {len(problem.priors)} "
            "assumptions fitted (the proposal kernel needs their covariance)"
        )
    settings = FitSettings(population=args.runs, generations=args.generations, seed=args.seed)
    command = [
        "peacesim",
        "fit",
        "--runs",
        str(args.runs),
        "--generations",
        str(args.generations),
        "--seed",
        str(args.seed),
    ]
    console.print(
        f"ABC-SMC on the {problem.era} record: {len(problem.priors)} assumptions, "
        f"{problem.observed.size} recorded statuses, {args.runs} particles a generation, "
        f"at most {args.generations} generations"
    )
    try:
        backend = backend_for(args.workers, args.scheduler)
    except OSError as exc:
        raise UserError(f"cannot reach the Dask scheduler: {exc}") from None
    try:
        with backend:
            result = run_fit(problem, settings, out, backend, command, _print_generation)
    except FitError as exc:
        raise UserError(str(exc)) from None
    except KeyboardInterrupt:
        raise UserError(
            f"interrupted; finished generations are saved in {out}/fit.db - "
            "run the same command to resume"
        ) from None
    _fit_outputs(out, result, problem.observed.size)


def _print_generation(generation) -> None:
    console.print(
        f"generation {generation.generation}: threshold {generation.epsilon:.4f}, "
        f"{generation.accepted} of {generation.evaluations} runs accepted "
        f"({generation.acceptance:.2f})"
    )


def _fit_outputs(out: Path, result, entries: int) -> None:
    from sim.charts.fit_charts import marginals_chart, width_ratio_chart
    from sim.fit.posterior import load_posterior

    posterior = load_posterior(out)
    intervals = posterior.intervals()
    intervals.to_csv(out / "intervals.csv", index=False, float_format="%.6g")
    about = posterior.about["provenance"]
    charts = marginals_chart(
        posterior.particles, intervals, out / "posterior-marginals", about
    ) + width_ratio_chart(intervals, out / "width-ratio", about)
    summary = result.summary()
    console.print(
        f"Stopped: {summary['stopped']}. {summary['generations']} generations, final threshold "
        f"{summary['final_epsilon']:.4f} (about {summary['final_epsilon'] * entries:.1f} of "
        f"{entries} recorded statuses missed), acceptance {summary['final_acceptance']:.3f} in "
        f"the last generation, {summary['acceptance']:.3f} over all; "
        f"{summary['evaluations']:,} runs used, {result.started:,} started here in "
        f"{result.seconds:.0f} s"
    )
    narrow = intervals.sort_values("width_ratio").head(8)
    console.print(
        _frame_table(
            "Most narrowed by the record (posterior 90% interval / prior's)",
            narrow,
            {
                "Assumption": "{path}",
                "Range": "{prior_low:g} to {prior_high:g}",
                "Central": "{central:g}",
                "Posterior mean": "{mean:.3g}",
                "90% interval": "{low:.3g} to {high:.3g}",
                "Width ratio": "{width_ratio:.2f}",
            },
        )
    )
    console.print(
        f"Wrote {out}/fit.db, posterior.parquet, fit.json, intervals.csv, "
        + ", ".join(map(str, charts))
    )


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
        ("the parties' ideals and the weighted forecasts", TALKS_WEIGHTED, "EU rounds"),
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
    scenario = resolve_scenario(args.scenario)  # a bad scenario fails here, in one line
    overrides = {}
    if args.posterior is not None or args.draw is not None:
        from sim.fit.posterior import assumption_overrides

        overrides = assumption_overrides(_posterior_values(args)[0], scenario)
    env = {
        **os.environ,
        "PEACESIM_APP_SCENARIO": args.scenario,
        "PEACESIM_APP_OVERRIDES": json.dumps(overrides),
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
    app.add_argument("--port", type=_whole_number(1), default=8765, help="default 8765")
    _add_posterior_arguments(app)
    app.set_defaults(func=cmd_app)


def _add_posterior_arguments(parser) -> None:
    parser.add_argument(
        "--posterior",
        default=None,
        metavar="DIR",
        help="start from the posterior mean of `peacesim fit --out DIR`",
    )
    parser.add_argument(
        "--draw",
        type=_whole_number(0),
        default=None,
        metavar="K",
        help="with --posterior: posterior draw K (from 0) instead of the mean",
    )


def _add_fit(sub) -> None:
    fit = sub.add_parser(
        "fit",
        help="calibrate the assumptions on the 2022 record by ABC-SMC (pyabc); resumes",
    )
    fit.add_argument("--out", required=True, help="fit folder (created; reused to resume)")
    fit.add_argument(
        "--runs",
        type=_whole_number(2),
        default=FIT_RUNS,
        help=f"particles accepted per generation (default {FIT_RUNS})",
    )
    fit.add_argument(
        "--generations",
        type=_whole_number(1, 100),
        default=FIT_GENERATIONS,
        help=f"at most this many generations (default {FIT_GENERATIONS})",
    )
    fit.add_argument("--seed", type=_whole_number(0, 2**32 - 1), default=0, help="default 0")
    fit.add_argument(
        "--workers",
        type=_whole_number(1),
        default=None,
        help="local worker processes (default: all cores; 1 runs in this process)",
    )
    fit.add_argument(
        "--scheduler",
        type=_scheduler,
        default=None,
        help="address of a Dask scheduler (e.g. tcp://10.0.0.5:8786): pyabc's Dask sampler",
    )
    fit.set_defaults(func=cmd_fit)


def _add_plot(sub) -> None:
    from sim.charts.kinds import KINDS

    plot = sub.add_parser("plot", help="draw one chart of the gallery (PNG, SVG or PDF)")
    plot.add_argument("kind", choices=KINDS, help="which chart")
    plot.add_argument("scenario", help="a scenario file or a name from scenarios/")
    plot.add_argument(
        "--round", type=_whole_number(1), default=None, help="round to show (default: the last)"
    )
    plot.add_argument(
        "--out",
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
        type=_whole_number(1),
        default=None,
        help="rounds to run (default: dated rounds)",
    )
    plot.set_defaults(func=cmd_plot)


def _seeds(text: str) -> tuple[int, ...]:
    parse = _whole_number(0)
    return tuple(parse(part) for part in _names(text)) or (0,)


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
        type=_whole_number(1),
        default=None,
        help="rounds to run (default: the scenario's dated rounds)",
    )
    run.add_argument(
        "--until",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="run past the dated rounds to this date (rounds at the era's cadence)",
    )
    run.add_argument("--out", default=None, help="output folder (default out/SCENARIO)")
    run.add_argument(
        "--no-charts", action="store_true", help="write the tables only, no PNG/SVG charts"
    )
    _add_posterior_arguments(run)
    run.set_defaults(func=cmd_run)
    cal = sub.add_parser("calibrate", help="show every actor's calibrated position and its sources")
    cal.add_argument("scenario")
    cal.set_defaults(func=cmd_calibrate)
    sweep = sub.add_parser(
        "sweep", help="run a sweep spec (experiments/*.toml); results resume if interrupted"
    )
    sweep.add_argument("spec", help="a sweep spec, e.g. experiments/war-costs.toml")
    sweep.add_argument("--out", required=True, help="results folder (created; reused to resume)")
    sweep.add_argument(
        "--workers",
        type=_whole_number(1),
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
        "--out",
        default=None,
        help=f"output folder (default {DEFAULT_BACKTEST}; with --posterior DIR: DIR/backtest)",
    )
    back.add_argument(
        "--workers", type=_whole_number(1), default=None, help="worker processes (default: all)"
    )
    back.add_argument("--quiet", action="store_true", help="no progress bars")
    back.add_argument(
        "--posterior",
        default=None,
        metavar="DIR",
        help="forecast from the posterior of `peacesim fit --out DIR`, scored beside the "
        "central calibration, the full ranges and the naive forecasters",
    )
    back.set_defaults(func=cmd_backtest)
    _add_fit(sub)
    fc = sub.add_parser(
        "forecast",
        help="the second lens: compromise, median, expected-utility, Nash, procedural, "
        "exchange and stacked forecasts of a scenario or a DEU file",
    )
    fc.add_argument("scenario", nargs="?", default=None, help="a scenario (or use --deu)")
    fc.add_argument("--deu", default=None, metavar="FILE", help="a file in the DEU III format")
    fc.add_argument("--model", choices=MODEL_NAMES, default=None, help="with --deu")
    fc.add_argument("--out", default=None, help="output folder (scenario) or CSV file (--deu)")
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
