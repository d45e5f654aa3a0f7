"""``peacesim backtest``: score the calibrated model against the documented record."""

from __future__ import annotations

import argparse

from rich.table import Table

from sim.cli.common import console, output_folder, path_name, whole_number, workers_number


def add_parser(sub) -> None:
    back = sub.add_parser(
        "backtest", help="score the calibrated model against the documented record"
    )
    back.add_argument(
        "--runs", type=whole_number(5), default=100, help="runs per scenario (default 100)"
    )
    back.add_argument(
        "--out", type=path_name, default="out/backtest", help="output folder (default out/backtest)"
    )
    back.add_argument(
        "--workers", type=workers_number, default=None, help="worker processes (default: all)"
    )
    back.add_argument("--quiet", action="store_true", help="no progress bars")
    back.set_defaults(func=command)


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


def command(args: argparse.Namespace) -> None:
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
