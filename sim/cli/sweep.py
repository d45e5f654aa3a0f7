"""``peacesim sweep``: run a sweep spec on local processes or a Dask cluster; it resumes."""

from __future__ import annotations

import argparse

from sim.cli.common import (
    UserError,
    console,
    output_folder,
    path_name,
    scheduler,
    warn,
    workers_number,
)
from sim.sweeps.limits import MAX_RUNS


def add_parser(sub) -> None:
    sweep = sub.add_parser(
        "sweep", help="run a sweep spec (experiments/*.toml); results resume if interrupted"
    )
    sweep.add_argument("spec", help="a sweep spec file, or a shipped spec's name (e.g. war-costs)")
    sweep.add_argument(
        "--out", type=path_name, required=True, help="results folder (created; reused to resume)"
    )
    sweep.add_argument(
        "--workers",
        type=workers_number,
        default=None,
        help="local worker processes (default: all cores; 1 runs in this process)",
    )
    sweep.add_argument(
        "--scheduler",
        type=scheduler,
        default=None,
        help="address of a Dask scheduler (e.g. tcp://10.0.0.5:8786) to run on a cluster",
    )
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.add_argument(
        "--yes",
        action="store_true",
        help=f"run a sweep of more than {MAX_RUNS:,} runs (refused without it)",
    )
    sweep.set_defaults(func=command)


def command(args: argparse.Namespace) -> None:
    from sim.sweeps.notes import sweep_notes
    from sim.sweeps.runner import backend_for, prepare, run_sweep

    sweep = prepare(args.spec, max_runs=None if args.yes else MAX_RUNS)
    out = output_folder(args.out)
    notes = sweep_notes(sweep)
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
    warn(notes)  # once nothing can refuse the sweep: a refusal stays one line
    try:
        with backend:
            run_sweep(sweep, out, backend, not args.quiet, ["peacesim", "sweep", args.spec])
    except KeyboardInterrupt:
        raise UserError(
            f"interrupted; finished runs are saved in {out}/runs - run the same command to resume"
        ) from None
    if backend.ran_while_starting:  # the workers' start-up did not keep the sweep waiting
        console.print(
            f"{backend.ran_while_starting:,} run(s) ran in this process while the workers started"
        )
    console.print(f"{sweep.size:,} runs in {out}/runs; next: peacesim report {out}")
