"""Runs per second of istanbul-2022 with the algorithms before and after issue 20, side by side.

"reference" is the code path before issue 20, kept behind ``PEACESIM_REFERENCE=1``
(:data:`sim.talks.tables.REFERENCE_VARIABLE`): every run builds its package
space, every zone count passes over every package. "fast" is the default:
package spaces kept per worker process, each zone found by walking the
packages one party accepts, sorted by class and utility once a space has
served enough rounds (:mod:`sim.core.dominance`), and what rests on the
values of fighting on computed once a round (in both: the reference's
ratios are therefore conservative). Each measurement runs in a fresh
interpreter, reference and fast alternating ``--repeat`` times, so that both
meet the same moments of a shared machine; the ratios are of medians.

Measured:

* runs per second of ``run_record`` (a sweep's run), 4 rounds (the documented
  ones) and 30 rounds, in one process, by wall time and by the process's CPU
  time (runs per CPU second = per core); one warm-up run first, in both;
* the CPU time of one round (``model.step()``) over the 30-round runs,
  median and minimum, and of the round's two zone counts (the zone, in the
  step, and the ceasefire zone, after it, as a sweep's record counts them);
  CPU time: on a shared machine a millisecond's wall time measures the
  other users;
* a 200-run sweep (war costs x beliefs, 12 rounds, as experiments/war-costs.toml)
  on a local pool of 2 workers, start-up included, and the fast one serially;
* where a fast round's time goes: what ``NegotiationModel.step`` calls, two
  levels deep, as shares of its time (pyinstrument, a sampling profiler:
  ``pip install -e ".[bench]"``);
* with ``--backtest``: ``peacesim backtest`` with its default runs, both ways;
* with ``--build`` (only): the CPU time of a package space's parts, to set
  :data:`sim.talks.tables.PASSES_BEFORE_SORTING`.

Not a test: timings depend on the machine. Usage::

    python experiments/benchmarks/run_throughput.py [--runs 40] [--repeat 3] [--backtest]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

SCENARIO = "istanbul-2022"
ALGORITHMS = ("reference", "fast")


# --- the children: one measurement each, printed as JSON --------------------------------


def _scenario():
    from sim.calibration.scenario import find_scenario, load_scenario

    return load_scenario(find_scenario(SCENARIO))


def child_runs(runs: int, rounds: int | None) -> dict[str, Any]:
    """`runs` runs of ``run_record`` (seeds 0..runs-1) after one warm-up run."""
    from sim.talks.record import run_record

    scenario = _scenario()
    run_record(scenario, 10_000, rounds)
    times, cpu = [], time.process_time()
    for seed in range(runs):
        start = time.perf_counter()
        run_record(scenario, seed, rounds)
        times.append(time.perf_counter() - start)
    cpu = time.process_time() - cpu
    return {"wall": times, "cpu": cpu}


def child_rounds(runs: int) -> dict[str, Any]:
    """Each round's CPU time, and that of its zone counts, over `runs` 30-round runs as a
    sweep plays them (the record light until the last round)."""
    from sim.talks import tables
    from sim.talks.model import NegotiationModel
    from sim.talks.record import _ceasefire_zone, run_record

    scenario = _scenario()
    run_record(scenario, 10_000, 30)
    counting = 0.0
    count = tables.PackageSpace.zone_size

    def timed_count(*args: Any, **kwargs: Any) -> int:
        nonlocal counting
        start = time.process_time()
        try:
            return count(*args, **kwargs)
        finally:
            counting += time.process_time() - start

    tables.PackageSpace.zone_size = timed_count  # type: ignore[method-assign]
    steps, zones = [], []
    for seed in range(runs):
        model = NegotiationModel(scenario, seed=seed, rounds=30, analyse=False, every_round=False)
        while model.running:
            counting = 0.0
            start = time.process_time()
            model.step()
            steps.append(time.process_time() - start)
            _ceasefire_zone(model)  # as the sweep's record counts it after each round
            zones.append(counting)
        model.release()
    return {"steps": steps, "zones": zones}


def child_profile(runs: int) -> dict[str, Any]:
    """Shares of a round: what ``NegotiationModel.step`` calls, two levels deep (pyinstrument).

    A sampling profiler: unlike cProfile it does not inflate the many small
    calls of a round. The record's ceasefire zone, counted after each step,
    is reported beside it.
    """
    from pyinstrument import Profiler

    from sim.talks.record import run_record

    scenario = _scenario()
    run_record(scenario, 10_000, 30)
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for seed in range(runs):
        run_record(scenario, seed, 30)
    profiler.stop()
    steps: list = []
    zones: list = []

    def walk(frame) -> None:
        path = frame.file_path or ""
        if frame.function == "step" and path.endswith("talks/model.py"):
            steps.append(frame)
            return
        if frame.function == "_ceasefire_zone" and path.endswith("talks/record.py"):
            zones.append(frame)
            return
        for child in frame.children:
            walk(child)

    walk(profiler.last_session.root_frame())
    total = sum(f.time for f in steps)
    rows: dict[str, float] = {}
    for step in steps:
        for child in step.children:
            where = Path(child.file_path or "?")
            label = f"{where.parent.name}/{where.name}:{child.function}"
            rows[label] = rows.get(label, 0.0) + child.time
            for grandchild in child.children:
                inner = f"{label} > {grandchild.function}"
                rows[inner] = rows.get(inner, 0.0) + grandchild.time
    rows["(after step) talks/record.py:_ceasefire_zone"] = sum(f.time for f in zones)
    return {"shares": {k: v / total for k, v in rows.items()}}


def child_sweep(runs: int, workers: int) -> dict[str, Any]:
    """A `runs`-run sweep of war costs x beliefs on a local pool, start-up included."""
    from sim.sweeps.runner import PoolBackend, SerialBackend, checked_sweep, run_sweep
    from sim.sweeps.spec import SweepSpec

    replications = 5
    spec = SweepSpec.model_validate(
        {
            "title": "run_throughput benchmark",
            "scenario": SCENARIO,
            "rounds": 12,
            "replications": replications,
            "parameters": {
                "russia_war_cost": {
                    "path": "parties.russia.war_cost",
                    "range": [0.0, 0.3],
                    "count": max(2, runs // replications // 5),
                },
                "russia_belief": {
                    "path": "parties.russia.belief",
                    "range": [0.5, 0.95],
                    "count": 5,
                },
            },
        }
    )
    sweep = checked_sweep(spec, "run_throughput")
    with tempfile.TemporaryDirectory() as out:
        backend = SerialBackend() if workers == 1 else PoolBackend(workers)
        start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        with backend:
            store = run_sweep(sweep, Path(out), backend, progress=False)
        seconds = time.perf_counter() - start
        cpu, children = time.process_time() - cpu, _children_cpu() - children
        done = len(store.load())
    return {
        "runs": done,
        "seconds": seconds,
        "cpu": cpu,
        "workers_cpu": children,
        "ran_here": backend.ran_while_starting,
    }


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the pool's workers, once closed)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_build(repeat: int) -> dict[str, Any]:
    """CPU ms of a package space's parts: building it, sorting it, each way to count its zone."""
    from sim.calibration.setup import build_setup
    from sim.talks.model import NegotiationModel
    from sim.talks.tables import PackageSpace

    scenario = _scenario()
    model = NegotiationModel(scenario, seed=0, rounds=30, analyse=False)
    model.step()
    space, thresholds = model.package_space, model.thresholds()
    ceasefire = [i.key for i in model.issues].index("ceasefire")

    def best(action) -> float:
        times = []
        for _ in range(repeat):
            start = time.process_time()
            action()
            times.append(time.process_time() - start)
        return 1e3 * min(times)

    from sim.core.zone import class_zone

    columns = space._columns
    radices, classes = space.space.radices, space.class_issues
    counter = space._counter(None)
    by_level = space._counter(ceasefire)
    reporter = space._sorted_reporter()
    walked = reporter.members(thresholds[:, 0], thresholds[:, 1])
    per_level = np.repeat(thresholds, space.space.radices[ceasefire], axis=0)
    zone = class_zone(*columns, radices, classes, thresholds)
    return {
        "set-up of a run (calibration)": best(lambda: build_setup(scenario)),
        "package space: utilities, classes, class frontiers": best(
            lambda: PackageSpace(space.space, space.utilities, space.class_issues)
        ),
        "sort it for the zone counts (both groupings)": best(
            lambda: (space._counter(None), space._counter(ceasefire))
        ),
        "sort it for the zone walks": best(space._sorted_reporter),
        "zone: reference pass": best(lambda: space.zone_size_by_scan(thresholds)),
        "zone: broadcast pass": best(
            lambda: np.count_nonzero(class_zone(*columns, radices, classes, thresholds))
        ),
        "zone: dominance counter": best(lambda: counter.count(thresholds[:, 0], thresholds[:, 1])),
        "zone: walk of the sorted packages (dominance reporter)": best(
            lambda: reporter.members(thresholds[:, 0], thresholds[:, 1])
        ),
        "ceasefire zone: reference pass": best(
            lambda: space.zone_size_by_scan(thresholds, ceasefire, 2)
        ),
        "ceasefire zone: from the same pass's zone": best(
            lambda: np.count_nonzero(zone[(slice(None),) * ceasefire + (slice(2, None),)])
        ),
        "ceasefire zone: dominance counter": best(
            lambda: by_level.count(per_level[:, 0], per_level[:, 1])
        ),
        "ceasefire zone: from the walk's zone": best(
            lambda: space._count(walked, ceasefire, 2)  # type: ignore[arg-type]
        ),
    }


CHILDREN = {
    "build": child_build,
    "runs": child_runs,
    "rounds": child_rounds,
    "profile": child_profile,
    "sweep": child_sweep,
}


# --- the parent: alternate reference and fast, each in a fresh interpreter ---------------


def in_child(algorithm: str, job: str, *args: Any) -> dict[str, Any]:
    env = dict(os.environ)
    env.pop("PEACESIM_REFERENCE", None)
    if algorithm == "reference":
        env["PEACESIM_REFERENCE"] = "1"
    command = [sys.executable, __file__, "--child", job, json.dumps(args)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{job} ({algorithm}) failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def side_by_side(repeat: int, job: str, *args: Any) -> dict[str, list[dict[str, Any]]]:
    results: dict[str, list[dict[str, Any]]] = {a: [] for a in ALGORITHMS}
    for _ in range(repeat):
        for algorithm in ALGORITHMS:
            results[algorithm].append(in_child(algorithm, job, *args))
    return results


def _line(label: str, ref: list[float], fast: list[float], unit: str, higher: bool) -> None:
    r_med, f_med = statistics.median(ref), statistics.median(fast)
    best = max if higher else min
    ratio = f_med / r_med if higher else r_med / f_med
    print(
        f"| {label} | {r_med:.4g} ({best(ref):.4g}) | {f_med:.4g} ({best(fast):.4g}) "
        f"| {ratio:.1f}x | {unit} |"
    )


def report_runs(args: argparse.Namespace) -> None:
    print("| measure | reference: median (best) | fast: median (best) | fast / reference | unit |")
    print("|---|---:|---:|---:|---|")
    for rounds, runs in ((None, args.runs), (30, args.runs)):
        name = "4 rounds" if rounds is None else f"{rounds} rounds"
        got = side_by_side(args.repeat, "runs", runs, rounds)
        per_s = {a: [len(r["wall"]) / sum(r["wall"]) for r in got[a]] for a in ALGORITHMS}
        per_cpu = {a: [len(r["wall"]) / r["cpu"] for r in got[a]] for a in ALGORITHMS}
        run_ms = {a: [1e3 * statistics.median(r["wall"]) for r in got[a]] for a in ALGORITHMS}
        _line(f"{name}: runs/s (wall)", *per_s.values(), "runs/s", True)
        _line(f"{name}: runs per CPU second (per core)", *per_cpu.values(), "runs/s", True)
        _line(f"{name}: median run", *run_ms.values(), "ms", False)
    got = side_by_side(args.repeat, "rounds", max(args.runs // 4, 5))
    for key, label in (
        ("steps", "one round (30-round runs), CPU"),
        ("zones", "a round's zone counts (zone, ceasefire zone), CPU"),
    ):
        medians = {a: [1e3 * statistics.median(r[key]) for r in got[a]] for a in ALGORITHMS}
        mins = {a: [1e3 * min(r[key]) for r in got[a]] for a in ALGORITHMS}
        _line(f"{label}, median", *medians.values(), "ms", False)
        _line(f"{label}, minimum", *mins.values(), "ms", False)
    got = side_by_side(args.sweep_repeat, "sweep", args.sweep_runs, args.workers)
    rates = {a: [r["runs"] / r["seconds"] for r in got[a]] for a in ALGORITHMS}
    _line(
        f"sweep of {args.sweep_runs} runs, {args.workers} workers, start-up included",
        *rates.values(),
        "runs/s",
        True,
    )
    serial = [in_child("fast", "sweep", args.sweep_runs, 1) for _ in range(args.sweep_repeat)]
    serial_rate = statistics.median(r["runs"] / r["seconds"] for r in serial)
    print(
        f"\nfast sweep, serial: {serial_rate:.4g} runs/s; {args.workers} workers: "
        f"{statistics.median(rates['fast']) / serial_rate:.2f}x serial"
    )
    # CPU per run does not depend on the other users of the machine as wall time does.
    for label, got_ in (("serial", serial), (f"{args.workers} workers", got["fast"])):
        runs = statistics.median(r["runs"] for r in got_)
        here = statistics.median(1e3 * r["cpu"] / r["runs"] for r in got_)
        there = statistics.median(1e3 * r["workers_cpu"] / r["runs"] for r in got_)
        print(
            f"fast sweep, {label}: CPU per run {here:.1f} ms in the sweep's process, "
            f"{there:.1f} ms in its workers ({runs:g} runs)"
        )


def report_profile(args: argparse.Namespace) -> None:
    got = in_child("fast", "profile", max(args.runs // 2, 5))
    print("\nWhere a fast round goes (pyinstrument, 30-round runs; share of step's time):\n")
    print("| what step calls (> what that calls) | share |\n|---|---:|")
    for label, share in sorted(got["shares"].items(), key=lambda kv: -kv[1]):
        if share >= args.show:
            print(f"| {label} | {100 * share:.1f}% |")


def report_build(args: argparse.Namespace) -> None:
    got = in_child("fast", "build", 20)
    print("\n| part (istanbul-2022, 186,624 packages) | CPU ms, best of 20 |\n|---|---:|")
    for label, ms in got.items():
        print(f"| {label} | {ms:.3f} |")


def report_backtest(args: argparse.Namespace) -> None:
    print("\n| peacesim backtest (default runs) | seconds |\n|---|---:|")
    seconds = {}
    for algorithm in ALGORITHMS:
        env = dict(os.environ)
        env.pop("PEACESIM_REFERENCE", None)
        if algorithm == "reference":
            env["PEACESIM_REFERENCE"] = "1"
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "sim", "backtest", "--out", out, "--quiet"],
                env=env,
                check=True,
                capture_output=True,
            )
            seconds[algorithm] = time.perf_counter() - start
        print(f"| {algorithm} | {seconds[algorithm]:.1f} |")
    print(f"| reference / fast | {seconds['reference'] / seconds['fast']:.1f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("child_args", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=40, help="runs per measurement (default 40)")
    parser.add_argument("--repeat", type=int, default=3, help="alternations (default 3)")
    parser.add_argument("--sweep-runs", type=int, default=200)
    parser.add_argument("--sweep-repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backtest", action="store_true", help="also time peacesim backtest")
    parser.add_argument("--build", action="store_true", help="only the parts of a package space")
    parser.add_argument("--show", type=float, default=0.01, help="least share profiled shown")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](*json.loads(args.child_args))))
        return
    print(f"{SCENARIO}; load average {os.getloadavg()[0]:.1f} at the start\n")
    if args.build:
        report_build(args)
        return
    report_runs(args)
    report_profile(args)
    if args.backtest:
        report_backtest(args)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
