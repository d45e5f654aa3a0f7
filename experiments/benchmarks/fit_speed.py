"""What a fit costs: CPU per simulation, and a whole fit's wall time from its database.

    .venv/bin/python experiments/benchmarks/fit_speed.py [--simulations 100] [--fit out/fit]

A simulation of the fit (:class:`sim.fit.simulate.Simulator`) runs the three
documented scenarios of 2022 once, at a draw from the prior, in this process;
the script reports the CPU time per simulation (process time, so other users'
load on a shared machine inflates it less than wall time) and, for a fit
folder, each generation's wall time, simulations and acceptance from pyabc's
database, with the whole fit's wall time and the simulations' CPU estimated
from the per-simulation figure. No test asserts a time; the README quotes the
figures with the load average they were measured at.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
import pyabc

from sim.fit.abc import record_problem
from sim.fit.posterior import DATABASE
from sim.fit.simulate import Simulator


def cpu_per_simulation(simulations: int) -> float:
    """Mean process CPU seconds of one simulation at prior draws (after one warm-up)."""
    problem = record_problem()
    simulate = Simulator(problem.era, problem.priors)
    rng = np.random.default_rng(0)
    simulate({p.path: 0.0 for p in problem.priors})
    start = time.process_time()
    for _ in range(simulations):
        simulate({p.path: float(rng.logistic()) for p in problem.priors})
    return (time.process_time() - start) / simulations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simulations", type=int, default=100)
    parser.add_argument("--fit", type=Path, default=None, help="a fit folder to report on")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    cpu = cpu_per_simulation(args.simulations)
    print(f"CPU per simulation (3 scenarios): {cpu:.3f} s over {args.simulations}")
    if args.fit is None:
        return
    history = pyabc.History(f"sqlite:///{(args.fit / DATABASE).resolve()}")
    table = history.get_all_populations()
    print(table[["t", "samples", "epsilon", "particles", "wall_time"]].to_string(index=False))
    runs = int(table["samples"].sum())
    wall = float(table["wall_time"].sum())
    print(
        f"{runs} simulations in {wall / 60:.1f} min wall; their CPU at {cpu:.3f} s each: "
        f"{runs * cpu / 60:.1f} min, {runs * cpu / 60 / 2:.1f} min on two idle cores"
    )


if __name__ == "__main__":
    main()
