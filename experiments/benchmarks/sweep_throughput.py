"""Throughput of a 1,000-run sweep of istanbul-2022: serial, local pool, Dask.

Measures runs per second of the same sweep (10 war-cost levels x 100 seeds)
run in this process, on a local process pool and on a Dask LocalCluster, and
the overhead of the sweep machinery (storing each run as Parquet, merges,
resume bookkeeping, progress) over the same runs executed one after another
and thrown away. In the same run it measures the ceiling: the speed-up a
pure-Python CPU task (no BLAS, no I/O) gets from the same number of worker
processes on this machine, and the share of it the sweep reaches. Not a test:
timings depend on the machine. Usage::

    python experiments/benchmarks/sweep_throughput.py [--runs 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sim.sweeps.runner import DaskBackend, PoolBackend, SerialBackend, checked_sweep, run_sweep
from sim.sweeps.spec import SweepSpec


def benchmark_spec(runs: int) -> SweepSpec:
    """istanbul-2022 at 10 levels of Russia's war cost x ``runs // 10`` seeds."""
    return SweepSpec.model_validate(
        {
            "title": "benchmark",
            "scenario": "istanbul-2022",
            "replications": runs // 10,
            "parameters": {
                "russia_war_cost": {
                    "path": "parties.russia.war_cost",
                    "range": [0.0, 0.09],
                    "count": 10,
                }
            },
        }
    )


def timed(label: str, action) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.1f} s", flush=True)
    return seconds


#: Iterations of one ceiling task: about a quarter of a second of pure Python.
SPIN = 3_000_000


def spin(n: int) -> int:
    """A pure-Python CPU task: no BLAS, no allocation to speak of, no I/O."""
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def ceiling(workers: int, tasks: int) -> float:
    """Speed-up of `tasks` spins on a pool of `workers` processes over one process.

    Timed serial, pool, serial (keeping the faster serial) against the machine's drift,
    on a pool whose workers have started: the ceiling of the computation alone.
    """

    def serial() -> None:
        for _ in range(tasks):
            spin(SPIN)

    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        # Start every worker first (a task each that outlasts start-up), so
        # that only the computation is timed.
        list(pool.map(time.sleep, [0.5] * workers))
        first = timed("pure-Python task, serial", serial)
        parallel = timed(
            f"pure-Python task, pool x{workers}", lambda: list(pool.map(spin, [SPIN] * tasks))
        )
        return min(first, timed("pure-Python task, serial", serial)) / parallel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="runs (a multiple of 10)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="peacesim-bench-"))
    sweep = checked_sweep(benchmark_spec(args.runs), "benchmark")
    n = sweep.size

    def bare() -> None:
        for _ in SerialBackend().results(sweep, sweep.tasks()):
            pass

    def swept(backend, name: str, close: bool = True):
        def run() -> None:
            run_sweep(sweep, folder / name, backend, progress=False)
            if close:
                backend.close()

        return run

    from distributed import Client, LocalCluster

    # The machine's speed drifts over minutes on shared hosts; timing the two
    # serial variants twice, in the order A B B A, and keeping each one's best
    # cancels a steady drift out of the overhead.
    first = timed("runs only (no store, no progress)", bare)
    serial = [timed("sweep, serial", swept(SerialBackend(), f"serial{i}")) for i in (1, 2)]
    seconds = {"bare": min(first, timed("runs only (no store, no progress)", bare))}
    seconds["serial"] = min(serial)
    # The same pool twice: first with its workers' start-up, then warm.
    with PoolBackend(args.workers) as pool:
        seconds["pool"] = timed(
            f"sweep, local pool x{args.workers}", swept(pool, "pool", close=False)
        )
        seconds["warm"] = timed(
            f"sweep, local pool x{args.workers}, warm", swept(pool, "warm", close=False)
        )
    with (
        LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None) as c,
        Client(c) as client,
    ):
        seconds["dask"] = timed(
            f"sweep, Dask LocalCluster x{args.workers}", swept(DaskBackend(client), "dask")
        )
    print(f"\n{n} runs on {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print("| back-end | runs/s | speed-up over serial |")
    print("|---|---:|---:|")
    for key, label in (
        ("bare", "runs only, no store or progress"),
        ("serial", "sweep, serial"),
        ("pool", f"sweep, local pool ({args.workers} workers, with start-up)"),
        ("warm", f"sweep, local pool ({args.workers} workers, warm)"),
        ("dask", f"sweep, Dask LocalCluster ({args.workers} workers)"),
    ):
        print(f"| {label} | {n / seconds[key]:.2f} | {seconds['serial'] / seconds[key]:.2f}x |")
    overhead = (seconds["serial"] - seconds["bare"]) / seconds["bare"]
    print(f"\nSweep overhead per run over a bare run: {overhead:+.1%}")
    limit = ceiling(args.workers, tasks=4 * args.workers)
    print(
        f"Ceiling on this machine (pure-Python task, {args.workers} warm processes): {limit:.2f}x"
    )
    for key, label in (("pool", "with start-up"), ("warm", "warm")):
        achieved = seconds["serial"] / seconds[key]
        print(f"  local pool, {label}: {achieved:.2f}x, {achieved / limit:.0%} of the ceiling")


if __name__ == "__main__":
    main()
