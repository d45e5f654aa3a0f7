"""Scenario sweeps: many runs of one scenario over a design, stored as they finish.

:func:`prepare` reads a spec, lays out its design points and checks every
point's scenario before anything runs. :func:`run_sweep` runs what the
results folder does not hold yet, on one of three back-ends, and appends
each finished run to the :class:`~sim.sweeps.store.RunStore`:

* ``workers=1`` - in this process;
* ``workers=N`` - a local process pool (``concurrent.futures``), no server;
* ``scheduler=ADDRESS`` or a ``distributed.Client`` - a Dask cluster.

Run ``i`` is design point ``i // replications`` with seed ``seed + i %
replications``: the same seeds at every point (common random numbers), so
differences between points are not seed noise, and a run's result does not
depend on where, when or in what order it ran.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import pandas as pd
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from sim.calibration.provenance import canonical_json, content_hash, provenance
from sim.calibration.scenario import (
    Scenario,
    ScenarioError,
    as_said,
    find_scenario,
    outside_documented_ranges,
    read_scenario_data,
    shorten,
    validate_scenario,
    with_overrides,
)
from sim.calibration.seeds import seeds_fingerprint
from sim.sweeps.design import design_points, design_size
from sim.sweeps.lifeline import worker_started
from sim.sweeps.limits import MAX_RUNS
from sim.sweeps.spec import Among, SweepSpec, find_spec, read_spec
from sim.sweeps.store import RunStore
from sim.sweeps.threads import single_native_thread
from sim.talks.record import run_record

#: Tasks kept in flight per worker: enough to keep workers busy, few enough
#: that an interrupted sweep loses little.
IN_FLIGHT_PER_WORKER = 4
#: Finished runs are stored as a part file at least this often (seconds), and
#: at most this many to a file: a Parquet file costs about a seventh (6 ms)
#: of a run to write, and a killed sweep redoes only the runs it had not stored.
FLUSH_SECONDS = 1.0
FLUSH_ROWS = 1024


@dataclass(frozen=True)
class Task:
    run_id: int
    point: int
    replication: int
    seed: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Sweep:
    """A validated sweep, ready to run."""

    spec: SweepSpec
    source: str
    base: dict[str, Any]
    points: pd.DataFrame
    #: Scenario keys the sweep sets outside the documented range of their assumption:
    #: key -> the assumption, its range, the least and greatest such value.
    outside: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.points) * self.spec.replications

    def tasks(self) -> Iterator[Task]:
        reps = self.spec.replications
        for point, values in enumerate(self.points.to_dict("records")):
            for r in range(reps):
                yield Task(point * reps + r, point, r, self.spec.seed + r, values)

    def run(self, task: Task) -> dict[str, Any]:
        """The row stored for `task`, run in this process."""
        return run_task(self.base, task, self.overrides(task.values), self.spec.rounds)

    def overrides(self, values: dict[str, Any]) -> dict[str, Any]:
        params = self.spec.parameters
        return {params[n].path: params[n].scenario_value(v) for n, v in values.items()}

    def provenance(self, command: list[str] | None = None) -> dict[str, Any]:
        """The provenance of its results: the base scenario's and the spec's hashes, the
        first seed, the command (default ``peacesim sweep SPEC``)."""
        return provenance(
            validate_scenario(self.base, self.source),
            self.spec.seed,
            command or ["peacesim", "sweep", self.source],
            spec_sha256=content_hash(self.spec),
            outside_documented_ranges=self.outside,
        )

    def manifest(self) -> dict[str, Any]:
        """What identifies the sweep's results (see :meth:`sim.sweeps.store.RunStore.open`)."""
        return {
            "spec": self.spec.model_dump(mode="json"),
            "scenario": self.base,
            "seeds": seeds_fingerprint(),
            "runs": self.size,
            "points": len(self.points),
        }


def prepare(spec: str | Path, max_runs: int | None = MAX_RUNS) -> Sweep:
    """Read the spec (a path, or the bare name of a shipped spec: ``war-costs``) and
    check every design point's scenario before any run."""
    path = find_spec(spec)
    return checked_sweep(read_spec(path), str(path), path.parent, max_runs)


def checked_sweep(
    spec: SweepSpec, source: str, relative_to: Path = Path(), max_runs: int | None = MAX_RUNS
) -> Sweep:
    """The sweep of a spec read from `source`, every design point's scenario checked.

    A sweep of more than `max_runs` runs (None: no limit) is refused before its
    design is laid out.
    """
    runs = design_size(spec) * spec.replications
    if max_runs is not None and runs > max_runs:
        raise ScenarioError(
            source,
            "(total runs)",
            f"at most {max_runs:,} runs, got {runs:,}; pass --yes to run them anyway",
        )
    scenario_path = find_scenario(spec.scenario, relative_to)
    if not scenario_path.is_file():
        raise ScenarioError(
            source,
            "scenario",
            f"a name from scenarios/ or a scenario file, got {shorten(repr(spec.scenario))}",
        )
    base = read_scenario_data(scenario_path)
    if spec.until is not None:
        base = with_overrides(base, {"calendar.until": spec.until})
    validate_scenario(base, f"{source}: scenario {spec.scenario}")
    sweep = Sweep(spec, source, base, design_points(spec))
    outside: dict[str, dict[str, Any]] = {}
    for name, parameter in spec.parameters.items():
        # The ends first: a range or a distribution lies in the number's domain only
        # if both ends do (an unbounded end is infinite, outside every domain).
        probes = [(f"parameters.{name}.{key}", _end(end, key)) for key, end in parameter.ends()]
        probes += [(f"parameters.{name}", v) for v in sweep.points[name].drop_duplicates().tolist()]
        for where, value in probes:
            _merge(outside, outside_documented_ranges(_check(sweep, {name: value}, where)))
    scenarios = {}
    for i, values in enumerate(sweep.points.drop_duplicates().to_dict("records")):
        scenario = _check(sweep, values, f"design point {i}")
        scenarios[(scenario.party_names, tuple(scenario.agenda))] = scenario
    _check_columns(sweep, [run_record(s, 0, rounds=1) for s in scenarios.values()])
    return replace(sweep, outside=outside)


def _end(value: float | None, key: str) -> float:
    """An end of a range or a distribution; an unbounded one as an infinity."""
    if value is not None:
        return value
    return -math.inf if key.endswith("low") else math.inf


def _merge(found: dict[str, dict[str, Any]], more: dict[str, dict[str, Any]]) -> None:
    """Add one scenario's values outside their documented ranges to a sweep's."""
    for key, entry in more.items():
        value = entry["value"]
        least, greatest = found.get(key, {}).get("values", (value, value))
        found[key] = {
            "assumption": entry["assumption"],
            "range": entry["range"],
            "values": [min(least, value), max(greatest, value)],
        }


def _check(sweep: Sweep, values: dict[str, Any], where: str) -> Scenario:
    try:
        data = with_overrides(sweep.base, sweep.overrides(values))
    except KeyError as exc:
        raise ScenarioError(
            sweep.source, where, f"a path through tables of the scenario, got {exc.args[0]}"
        ) from None
    try:
        return validate_scenario(data, sweep.source)
    except ScenarioError as exc:
        shown = shorten(", ".join(f"{k}={v!r}" for k, v in values.items()))
        raise ScenarioError(
            sweep.source,
            where,
            f"values the scenario accepts, but {shown} gives {exc.key}: {as_said(exc.expected)}"
            + _host_advice(sweep, values, exc.key),
        ) from None


def _host_advice(sweep: Sweep, values: dict[str, Any], key: str) -> str:
    """What to change when a choice of mediators leaves out a round's host."""
    found = re.fullmatch(r"rounds\[(\d+)\]\.host", key)
    if found is None:
        return ""
    host = sweep.base["rounds"][int(found[1])].get("host")
    paths = {n: sweep.spec.parameters[n].path for n in values}
    names = [n for n, path in paths.items() if path.split(".")[0] == "mediators"]
    return "".join(f"; keep {host} in every choice of parameters.{n}" for n in names)


def _check_columns(sweep: Sweep, records: list[dict[str, object]]) -> None:
    """Parameter names that leave the stored row's own columns alone, and report
    conditions on columns a run has. `records` are one short run per shape of the
    scenario (its parties and agenda name the record's columns)."""
    own = {f.name for f in fields(Task)} - {"values"}
    columns = own.union(*records)
    for name in sweep.spec.parameters:
        if name in columns:
            raise ScenarioError(
                sweep.source,
                f"parameters.{name}",
                "a name that is not a column of the results (run_id, seed, the record's)",
            )
    outcome = sweep.spec.report.outcome
    conditions = (
        [outcome] if isinstance(outcome, Among) else [] if isinstance(outcome, str) else outcome
    )
    known = columns | set(sweep.spec.parameters)
    for i, condition in enumerate(conditions):
        if condition.column not in known:
            raise ScenarioError(
                sweep.source,
                f"report.outcome[{i}].column",
                f"a column of the results, got {shorten(repr(condition.column))}",
            )


def run_task(base: dict[str, Any], task: Task, overrides: dict[str, Any], rounds: int | None):
    """One run of a sweep: the row stored for it (runs in a worker)."""
    scenario = validate_scenario(with_overrides(base, overrides), f"run {task.run_id}")
    record = run_record(scenario, task.seed, rounds)
    return {
        "run_id": task.run_id,
        "point": task.point,
        "replication": task.replication,
        "seed": task.seed,
        **task.values,
        **record,
    }


# --- back-ends -------------------------------------------------------------------


class Backend:
    """Where runs execute. Use as a context manager: it may hold processes or a client,
    kept across sweeps (the back-test runs twelve) and released on exit."""

    workers = 1
    #: Runs done in this process while the back-end's workers started.
    ran_while_starting = 0

    def results(self, sweep: Sweep, tasks: Iterable[Task]) -> Iterator[dict]:
        """Each task's row, as its run finishes (in any order)."""
        raise NotImplementedError

    def start(self) -> None:
        """Get ready to run (start worker processes); :meth:`results` does it if not done."""

    def close(self) -> None:
        """Release what the back-end holds."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SerialBackend(Backend):
    def results(self, sweep: Sweep, tasks: Iterable[Task]) -> Iterator[dict]:
        for task in tasks:
            yield sweep.run(task)


class PoolBackend(Backend):
    """A local process pool whose workers die with this process (:mod:`sim.sweeps.lifeline`).

    On Linux, from a process running one thread, the workers are forked from
    this process (:func:`start_method`): they start in milliseconds, with the
    run stack imported and its caches warm. Elsewhere they are forked from a
    clean server process that imports the run stack once (seconds). The pool
    starts with the first sweep and serves every later one. Each worker runs
    its BLAS and OpenMP on one thread (:mod:`sim.sweeps.threads`).
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._started: Future | None = None  # done once a worker has run its first task

    def start(self) -> None:
        self.executor()

    def executor(self) -> ProcessPoolExecutor:
        """The pool, its workers started on first use and kept until :meth:`close`."""
        if self._pool is None:
            start = start_method()
            context = multiprocessing.get_context(start)
            if start == "forkserver":
                # The server imports the run stack once and forks ready workers,
                # instead of every worker importing it afresh (seconds each); it
                # dies with this process (sim.sweeps.forkserver_preload, first).
                context.set_forkserver_preload(
                    ["sim.sweeps.forkserver_preload", "sim.sweeps.runner"]
                )
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
            # Start the workers now: with fork, before any thread of the pool's own.
            self._started = self._pool.submit(int)
        return self._pool

    def results(self, sweep: Sweep, tasks: Iterable[Task]) -> Iterator[dict]:
        pool = self.executor()
        tasks = iter(tasks)
        yield from self._while_starting(sweep, tasks)
        yield from _bounded(
            lambda t: pool.submit(
                run_task, sweep.base, t, sweep.overrides(t.values), sweep.spec.rounds
            ),
            lambda fs: wait(fs, return_when=FIRST_COMPLETED),
            tasks,
            self.workers * IN_FLIGHT_PER_WORKER,
            cancel=lambda fs: [f.cancel() for f in fs],
        )

    def _while_starting(self, sweep: Sweep, tasks: Iterator[Task]) -> Iterator[dict]:
        """Run tasks in this process until a worker has started: no time is lost waiting
        for the workers, and a sweep shorter than their start-up runs here, serially."""
        while self._started is not None and not self._started.done():
            task = next(tasks, None)
            if task is None:
                return
            self.ran_while_starting += 1
            yield sweep.run(task)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def start_method() -> str:
    """How a pool starts its workers: ``fork`` of this process on Linux when it runs one
    thread, else ``forkserver`` where there is one, else ``spawn``.

    A fork copies only the thread that calls it, so a lock another thread
    holds stays locked forever in the child; with one thread there is none.
    macOS forbids fork for its system libraries' sake.
    """
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _start_worker(sweep_pid: int) -> None:
    """Pool initializer: one native thread, and death with the sweep
    (:mod:`sim.sweeps.lifeline`)."""
    single_native_thread()
    worker_started(sweep_pid)


class DaskBackend(Backend):
    """A Dask distributed cluster: a scheduler address or an existing client."""

    def __init__(self, scheduler: str | Any) -> None:
        from distributed import Client

        from sim.sweeps.dask_workers import ReuseFreedArrays, SingleNativeThread

        self.client = (
            scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="20s")
        )
        self.owned = not isinstance(scheduler, Client)
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.client.register_plugin(ReuseFreedArrays())
        self.client.register_plugin(SingleNativeThread())

    def results(self, sweep: Sweep, tasks: Iterable[Task]) -> Iterator[dict]:
        from distributed import wait as dask_wait

        base = self.client.scatter(sweep.base, broadcast=True)
        tag = hashlib.sha1(sweep.source.encode()).hexdigest()[:8]
        yield from _bounded(
            lambda t: self.client.submit(
                run_task,
                base,
                t,
                sweep.overrides(t.values),
                sweep.spec.rounds,
                key=f"peacesim-{tag}-{t.run_id}",
                pure=False,
            ),
            lambda fs: dask_wait(fs, return_when="FIRST_COMPLETED"),
            tasks,
            self.workers * IN_FLIGHT_PER_WORKER,
            cancel=lambda fs: self.client.cancel(list(fs)),
        )

    def close(self) -> None:
        if self.owned:
            self.client.close()


def _bounded(
    submit: Callable[[Task], Any],
    wait_first: Callable[[set], tuple[set, set]],
    tasks: Iterable[Task],
    limit: int,
    cancel: Callable[[set], Any],
) -> Iterator[dict]:
    """Results as they finish, with at most `limit` tasks submitted and unfinished."""
    pending: set = set()
    queue = iter(tasks)
    try:
        while True:
            for task in queue:
                pending.add(submit(task))
                if len(pending) >= limit:
                    break
            if not pending:
                return
            done, pending = wait_first(pending)
            for future in done:
                yield future.result()
    finally:
        if pending:
            cancel(pending)


def backend_for(workers: int | None, scheduler: str | None = None) -> Backend:
    """A Dask cluster if a scheduler is given, else `workers` local processes (default all)."""
    if scheduler:
        return DaskBackend(scheduler)
    workers = workers or os.cpu_count() or 1
    return SerialBackend() if workers == 1 else PoolBackend(workers)


# --- the sweep ---------------------------------------------------------------------


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-- runs/s" if speed is None else f"{speed:.1f} runs/s")


def run_sweep(
    sweep: Sweep,
    out: Path,
    backend: Backend,
    progress: bool = True,
    command: list[str] | None = None,
) -> RunStore:
    """Run every run `out` does not hold yet; return the store.

    Every Parquet file holds the sweep's provenance (:meth:`Sweep.provenance` of
    `command`) as JSON under the key ``peacesim``.
    """
    store = RunStore(out, {"peacesim": canonical_json(sweep.provenance(command))})
    store.open(sweep.manifest())
    done = set(store.load(quarantine=True)["run_id"].tolist())
    todo = [t for t in sweep.tasks() if t.run_id not in done]
    if todo:
        backend.start()  # before the progress bar's thread: a pool may fork this process
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, disable=not progress) as bar:
        job = bar.add_task("runs", total=sweep.size, completed=len(done))
        for rows in _batches(backend.results(sweep, todo), store):
            bar.advance(job, len(rows))
    store.compact()
    return store


def _batches(rows: Iterable[dict], store: RunStore) -> Iterator[list[dict]]:
    """Append `rows` to `store` as they come, a part file per :data:`FLUSH_SECONDS` (or
    :data:`FLUSH_ROWS`); yield each batch once stored. Runs finished when the sweep
    stops (an error, Ctrl-C) are stored too; a killed sweep redoes at most the
    last :data:`FLUSH_SECONDS` of runs."""
    batch: list[dict] = []
    since = time.monotonic()
    try:
        for row in rows:
            batch.append(row)
            if len(batch) >= FLUSH_ROWS or time.monotonic() - since >= FLUSH_SECONDS:
                store.append(batch)
                stored, batch, since = batch, [], time.monotonic()
                yield stored
    finally:
        if batch:
            store.append(batch)
    if batch:
        yield batch
