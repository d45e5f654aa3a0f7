"""``peacesim backtest``: score the calibrated model against the documented record."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sim.cli.common import (
    UserError,
    console,
    frame_table,
    output_folder,
    path_name,
    whole_number,
    workers_number,
)


def add_parser(sub) -> None:
    back = sub.add_parser(
        "backtest", help="score the calibrated model against the documented record"
    )
    back.add_argument(
        "--runs", type=whole_number(5), default=100, help="runs per scenario (default 100)"
    )
    back.add_argument(
        "--out",
        type=path_name,
        default=None,
        help=f"output folder (default {DEFAULT_OUT}; with --posterior DIR: DIR/backtest)",
    )
    back.add_argument(
        "--workers", type=workers_number, default=None, help="worker processes (default: all)"
    )
    back.add_argument("--quiet", action="store_true", help="no progress bars")
    back.add_argument(
        "--posterior",
        type=path_name,
        default=None,
        metavar="DIR",
        help="forecast from the posterior of `peacesim fit --out DIR`, scored beside the "
        "central calibration, the full ranges and the naive forecasters",
    )
    back.set_defaults(func=command)


#: Where ``peacesim backtest`` writes without ``--out`` (with ``--posterior DIR``: DIR/backtest).
DEFAULT_OUT = "out/backtest"


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


def command(args: argparse.Namespace) -> None:
    from sim.backtest.run import run_backtest
    from sim.charts.backtest_chart import backtest_chart
    from sim.sweeps.runner import backend_for

    if args.posterior is not None:
        _posterior_command(args)
        return
    out = output_folder(args.out or DEFAULT_OUT)
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
        console.print(frame_table(title, frame, columns))
    charts = backtest_chart(result.table, out / "backtest")
    console.print(
        f"Wrote {out}/backtest.csv, validation.csv, scores.csv, fit.csv, "
        + ", ".join(map(str, charts))
    )


def _posterior_command(args: argparse.Namespace) -> None:
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
        frame_table(
            f"After the documents: forecasts from {args.runs} posterior draws per era",
            result.validation,
            VALIDATION_COLUMNS,
        )
    )
    console.print(
        frame_table(
            "Scores: the posterior, the central calibration, the full ranges and the naive "
            "forecasters (lower Brier and log score are better)",
            result.scores,
            POSTERIOR_SCORE_COLUMNS,
        )
    )
    console.print(f"Wrote {out}/" + ", ".join(tables) + ", " + ", ".join(map(str, charts)))
