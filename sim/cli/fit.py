"""``peacesim fit``: ABC-SMC (pyabc) of the assumptions on the 2022 record; it resumes."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.common import (
    UserError,
    console,
    frame_table,
    output_folder,
    path_name,
    scheduler,
    whole_number,
    workers_number,
)
from sim.fit.settings import FitSettings

#: ``peacesim fit``'s defaults: the fit's settings, trajectories of the Morris screen.
DEFAULTS = FitSettings()
SCREEN_TRAJECTORIES = 40


def add_parser(sub) -> None:
    fit = sub.add_parser(
        "fit",
        help="calibrate the assumptions on the 2022 record by ABC-SMC (pyabc); resumes",
    )
    fit.add_argument(
        "--out", type=path_name, required=True, help="fit folder (created; reused to resume)"
    )
    fit.add_argument(
        "--runs",
        type=whole_number(2),
        default=DEFAULTS.population,
        help=f"particles accepted per generation (default {DEFAULTS.population})",
    )
    fit.add_argument(
        "--generations",
        type=whole_number(1, 100),
        default=DEFAULTS.generations,
        help=f"at most this many generations (default {DEFAULTS.generations})",
    )
    fit.add_argument(
        "--max-runs",
        type=whole_number(1),
        default=DEFAULTS.max_runs,
        help="do not start a generation whose predicted runs would pass this many "
        f"runs in all (default {DEFAULTS.max_runs:,}: about half an hour on 2 cores)",
    )
    fit.add_argument(
        "--assumptions",
        choices=("screened", "all"),
        default="screened",
        help="fit those a Morris screen of the record keeps, the others central "
        "(default), or all of them",
    )
    fit.add_argument(
        "--screen",
        type=whole_number(2, 1000),
        default=SCREEN_TRAJECTORIES,
        help=f"trajectories of the Morris screen (default {SCREEN_TRAJECTORIES})",
    )
    fit.add_argument("--seed", type=whole_number(0, 2**32 - 1), default=0, help="default 0")
    fit.add_argument(
        "--workers",
        type=workers_number,
        default=None,
        help="local worker processes (default: all cores; 1 runs in this process)",
    )
    fit.add_argument(
        "--scheduler",
        type=scheduler,
        default=None,
        help="address of a Dask scheduler (e.g. tcp://10.0.0.5:8786): pyabc's Dask sampler",
    )
    fit.set_defaults(func=command)


def command(args: argparse.Namespace) -> None:
    """``peacesim fit``: ABC-SMC of the assumptions on the 2022 record (resumes)."""
    from sim.fit.abc import FitError, record_problem, run_fit
    from sim.fit.screen import KEEP_SHARE, ScreenSettings
    from sim.sweeps.runner import backend_for

    out = output_folder(args.out)
    problem = record_problem()
    settings = FitSettings(
        population=args.runs,
        generations=args.generations,
        max_runs=args.max_runs,
        seed=args.seed,
    )
    command = [
        "peacesim",
        "fit",
        "--runs",
        str(args.runs),
        "--generations",
        str(args.generations),
        "--max-runs",
        str(args.max_runs),
        "--assumptions",
        args.assumptions,
        "--screen",
        str(args.screen),
        "--seed",
        str(args.seed),
    ]
    try:
        backend = backend_for(args.workers, args.scheduler)
    except OSError as exc:
        raise UserError(f"cannot reach the Dask scheduler: {exc}") from None
    screen_settings, screened = ScreenSettings(trajectories=args.screen, seed=args.seed), None
    try:
        with backend:
            if args.assumptions == "screened":
                screened = _screen(problem, screen_settings, backend, out)
                problem = problem.keeping(
                    screened.loc[screened["kept"], "path"],
                    f"Morris screen: mu* at least {KEEP_SHARE:g} of the largest "
                    f"({screen_settings})",
                )
            if args.runs <= len(problem.priors):
                raise UserError(
                    f"--runs {args.runs}: expected more particles than the "
                    f"{len(problem.priors)} assumptions fitted (the proposal kernel needs "
                    "their covariance)"
                )
            console.print(
                f"ABC-SMC on the {problem.era} record: {len(problem.priors)} assumptions, "
                f"{problem.observed.size} recorded statuses, {args.runs} particles a "
                f"generation, at most {args.generations} generations"
            )
            result = run_fit(problem, settings, out, backend, command, _print_generation)
    except FitError as exc:
        raise UserError(str(exc)) from None
    except KeyboardInterrupt:
        raise UserError(
            f"interrupted; finished generations are saved in {out}/fit.db - "
            "run the same command to resume"
        ) from None
    _fit_outputs(out, result, problem.observed.size, screened, screen_settings.replicates)


def _screen(problem, settings, backend, out: Path):
    """The Morris screen of every assumption's effect on the distance to the record
    (the one kept in `out` if it was computed from the same inputs)."""
    from sim.calibration.seeds import seeds_fingerprint
    from sim.fit.screen import screen, screen_identity, store_screen, stored_screen

    ident = screen_identity(
        problem.era,
        problem.priors,
        problem.observed,
        settings,
        seeds_sha256=seeds_fingerprint(),
        record_sha256=problem.record_sha256,
    )
    table = stored_screen(out, ident)
    if table is not None:
        console.print(f"Reusing the Morris screen kept in {out}")
    else:
        runs = settings.trajectories * (len(problem.priors) + 1) * settings.replicates
        console.print(
            f"Screening {len(problem.priors)} assumptions (Morris, {settings.trajectories} "
            f"trajectories, {runs:,} runs of the {problem.era} scenarios)"
        )
        with console.status("screening"):
            table = screen(
                problem.era, problem.priors, problem.observed, problem.statuses, settings, backend
            )
        store_screen(out, ident, table)
    kept = table.loc[table["kept"], "path"]
    console.print(f"Fitting {len(kept)}: " + ", ".join(kept))
    return table


def _screen_outputs(out: Path, table, replicates: int, about: dict) -> None:
    from sim.charts.fit_charts import screen_chart
    from sim.fit.screen import KEEP_SHARE

    table.to_csv(out / "screen.csv", index=False, float_format="%.6g")
    cutoff = KEEP_SHARE * float(table["mu_star"].max())
    charts = screen_chart(table, cutoff, replicates, out / "screen", about)
    console.print(f"Wrote {out}/screen.csv, " + ", ".join(map(str, charts)))


def _print_generation(generation) -> None:
    console.print(
        f"generation {generation.generation}: threshold {generation.epsilon:.4f}, "
        f"{generation.accepted} of {generation.evaluations} runs accepted "
        f"({generation.acceptance:.2f})"
    )


def _fit_outputs(out: Path, result, entries: int, screened, replicates: int) -> None:
    """The fit's tables, charts and summary lines (and its screen's, if `screened`)."""
    from sim.charts.fit_charts import marginals_chart, width_ratio_chart
    from sim.fit.posterior import load_posterior

    posterior = load_posterior(out)
    about = posterior.about["provenance"]
    if screened is not None:
        _screen_outputs(out, screened, replicates, about)
    intervals = posterior.intervals()
    intervals.to_csv(out / "intervals.csv", index=False, float_format="%.6g")
    charts = marginals_chart(
        posterior.particles, intervals, out / "posterior-marginals", about
    ) + width_ratio_chart(
        intervals,
        out / "width-ratio",
        about,
        (posterior.effective_size(), len(posterior.particles)),
    )
    summary = result.summary()
    console.print(
        f"Stopped: {summary['stopped']}. {summary['generations']} generations, final threshold "
        f"{summary['final_epsilon']:.4f} (about {summary['final_epsilon'] * entries:.1f} of "
        f"{entries} recorded statuses missed), acceptance {summary['final_acceptance']:.3f} in "
        f"the last generation, {summary['acceptance']:.3f} over all; "
        f"{summary['evaluations']:,} runs used, {result.started:,} started here in "
        f"{result.seconds:.0f} s"
    )
    effective, assumptions = posterior.effective_size(), len(posterior.priors)
    console.print(
        f"Posterior: effective sample size {effective:.1f} of {len(posterior.particles)} "
        "weighted particles"
        + (
            f"; fewer than the {assumptions} assumptions: the weights have collapsed, and the "
            "intervals below describe a few particles, not what the record identifies"
            if effective < assumptions
            else ""
        )
    )
    narrow = intervals.sort_values("width_ratio").head(8)
    console.print(
        frame_table(
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
