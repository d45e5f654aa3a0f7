import importlib.metadata
import json
import os
import platform
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future

import distributed
import pandas as pd
import pyarrow.parquet as pq
import pytest
from threadpoolctl import threadpool_info

from sim.calibration.provenance import content_hash
from sim.calibration.scenario import validate_scenario
from sim.cli import main
from sim.sweeps.dask_workers import ReuseFreedArrays, SingleNativeThread, reuse_freed_arrays
from sim.sweeps.runner import (
    DaskBackend,
    PoolBackend,
    SerialBackend,
    prepare,
    run_sweep,
    start_method,
)
from sim.sweeps.store import RunStore, StoreError
from sim.talks.record import OUTCOMES
from tests.conftest import ROOT
from tests.sweeps.specs import SLOW_SPEC, write_spec


@pytest.fixture(scope="module")
def reference_store(tmp_path_factory):
    """The small sweep run uninterrupted, in this process."""
    folder = tmp_path_factory.mktemp("reference")
    sweep = prepare(write_spec(folder, replications=3, count=4))
    return run_sweep(sweep, folder / "out", SerialBackend(), progress=False)


@pytest.fixture(scope="module")
def reference(reference_store):
    return reference_store.load()


def test_a_sweep_stores_one_row_per_run(reference):
    assert list(reference["run_id"]) == list(range(24))
    assert set(reference["seed"]) == {0, 1, 2}
    assert {"agreement", "zone_size", "nash_distance", "utility_russia", "agreed_items"} <= set(
        reference.columns
    )
    assert set(OUTCOMES) <= set(reference.columns)  # every reportable outcome is recorded
    # Common random numbers: replication r has seed r at every point.
    assert (reference["seed"] == reference["replication"]).all()


def test_pool_results_equal_serial_results(tmp_path, reference_store, reference):
    sweep = prepare(reference_store.root.parent / "spec.toml")  # the same spec file
    with PoolBackend(2) as pool:
        pooled = run_sweep(sweep, tmp_path / "out", pool, progress=False)
        again = run_sweep(sweep, tmp_path / "again", pool, progress=False).load()
        workers = {pool._pool.submit(_native_threads).result() for _ in range(4)}
    pd.testing.assert_frame_equal(pooled.load(), reference)
    assert _files(pooled.root) == _files(reference_store.root)  # byte for byte
    pd.testing.assert_frame_equal(again, reference)  # one pool serves several sweeps
    assert workers == {(1, "1")}  # each worker: one BLAS thread, and so for later loads


def test_workers_are_forked_from_a_process_of_one_thread_on_linux(monkeypatch):
    threads = {"count": 1}
    monkeypatch.setattr(threading, "active_count", lambda: threads["count"])
    linux = sys.platform.startswith("linux")
    assert (start_method() == "fork") == linux
    threads["count"] = 2  # a fork would copy one thread of two: never
    assert start_method() in {"forkserver", "spawn"}
    if linux:
        threads["count"] = 1
        with PoolBackend(2) as pool:
            pool.start()
            parents = {pool.executor().submit(os.getppid).result() for _ in range(4)}
        assert parents == {os.getpid()}  # forked from this process, not from a server


def _native_threads() -> tuple[int, str | None]:
    """In a worker: its largest native thread pool and the OpenMP variable it passes on."""
    return max(i["num_threads"] for i in threadpool_info()), os.environ.get("OMP_NUM_THREADS")


def test_dask_local_cluster_results_equal_serial_results(tmp_path, reference):
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        sweep = prepare(write_spec(tmp_path, replications=3, count=4))
        backend = DaskBackend(client)
        assert backend.workers == 2
        runs = run_sweep(sweep, tmp_path / "out", backend, progress=False).load()
        plugged = client.run(
            lambda dask_worker: (
                {ReuseFreedArrays.name, SingleNativeThread.name} <= set(dask_worker.plugins)
            )
        )
        threads = client.run(_native_threads)
    pd.testing.assert_frame_equal(runs, reference)
    assert list(plugged.values()) == [True, True]
    assert list(threads.values()) == [(1, "1"), (1, "1")]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")
def test_workers_keep_freed_arrays_on_glibc():
    assert reuse_freed_arrays()


def _files(out) -> dict[str, bytes]:
    """The results files of a sweep's folder, by name."""
    return {p.name: p.read_bytes() for p in sorted((out / "runs").glob("*.parquet"))}


def test_sweep_resumes_after_the_process_is_killed(tmp_path):
    spec = write_spec(tmp_path, SLOW_SPEC, replications=30, count=4)  # 240 runs: several part files
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sim", "sweep", str(spec), "--out", str(out), "--quiet"]
    process = subprocess.Popen(
        [*command, "--workers", "2"],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(out.glob("runs/part-*.parquet")):
        assert process.poll() is None, "the sweep ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    partial = RunStore(out).load()
    assert 1 <= len(partial) < 240  # killed mid-sweep, finished runs kept
    done = subprocess.run([*command, "--workers", "1"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    whole = run_sweep(prepare(spec), tmp_path / "whole", SerialBackend(), progress=False)
    assert RunStore(out).load()["run_id"].tolist() == list(range(240))
    assert _files(out) == _files(whole.root)  # the same bytes as a sweep never interrupted


class StopsAfter(SerialBackend):
    """Runs in this process, and raises KeyboardInterrupt after `runs` runs (Ctrl-C)."""

    def __init__(self, runs: int) -> None:
        self.runs = runs

    def results(self, sweep, tasks):
        for i, row in enumerate(super().results(sweep, tasks)):
            if i == self.runs:
                raise KeyboardInterrupt
            yield row


def test_an_interrupted_sweep_keeps_its_finished_runs_and_resumes_to_the_same_files(
    tmp_path, reference
):
    sweep = prepare(write_spec(tmp_path, replications=3, count=4))
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_sweep(sweep, out, StopsAfter(5), progress=False)
    assert RunStore(out).load()["run_id"].tolist() == [0, 1, 2, 3, 4]  # none lost
    with pytest.raises(KeyboardInterrupt):
        run_sweep(sweep, out, StopsAfter(7), progress=False)  # interrupted again
    assert RunStore(out).load()["run_id"].tolist() == list(range(12))
    resumed = run_sweep(sweep, out, SerialBackend(), progress=False)
    pd.testing.assert_frame_equal(resumed.load(), reference)
    whole = run_sweep(sweep, tmp_path / "whole", SerialBackend(), progress=False)
    assert _files(out) == _files(whole.root)


def test_a_corrupt_file_is_reported_set_aside_and_its_runs_redone(tmp_path, reference, capsys):
    spec = write_spec(tmp_path, replications=3, count=4)
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    (block,) = (out / "runs").glob("*.parquet")
    block.write_bytes(block.read_bytes()[:200])  # a torn file
    (out / "runs" / "part-x.parquet.tmp").write_bytes(b"unfinished")
    with pytest.raises(StoreError, match="unreadable"):
        RunStore(out).load()  # a report never uses it
    assert main(["report", str(out)]) == 2
    assert main(["sweep", str(spec), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "moved to" in err and "unfinished write" in err
    assert (out / "corrupt" / block.name).exists()
    pd.testing.assert_frame_equal(RunStore(out).load(), reference)


def test_a_report_leaves_a_running_sweeps_writes_alone(tmp_path, monkeypatch):
    store = RunStore(tmp_path)
    store.runs.mkdir(parents=True)
    store.append([{"run_id": 0, "x": 1.0}])
    store.append([{"run_id": 1, "x": 2.0}])
    writing = store.runs / "part-000000002-1-9.parquet.tmp"
    writing.write_bytes(b"half written by the sweep")
    assert RunStore(tmp_path).load()["run_id"].tolist() == [0, 1]
    assert writing.exists()  # a reader never deletes another process's write
    # A merge while the report reads: the part it was about to read is gone, its
    # rows now in a block the report had not listed; the report reads again.
    real_read, merged = pq.read_table, []

    def merge_first(path, *args, **kwargs):
        if not merged:
            merged.append(path)
            store.merge()
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr("sim.sweeps.store.pq.read_table", merge_first)
    assert RunStore(tmp_path).load()["x"].tolist() == [1.0, 2.0]
    assert merged and not merged[0].exists()
    assert [p.name[:6] for p in store.runs.glob("*.parquet")] == ["block-"]
    monkeypatch.undo()
    RunStore(tmp_path).load(quarantine=True)  # the sweep, resuming, clears it
    assert not writing.exists()


def test_a_folder_of_another_sweep_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    first = write_spec(tmp_path, replications=1, count=2)
    assert main(["sweep", str(first), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    write_spec(tmp_path, replications=1, count=3)
    assert main(["sweep", str(first), "--out", str(out), "--workers", "1", "--quiet"]) == 2
    assert "different sweep" in capsys.readouterr().err


def test_merging_keeps_each_run_once(tmp_path):
    store = RunStore(tmp_path)
    store.open({"spec": "x"})
    rows = [{"run_id": i, "value": float(i)} for i in range(5)]
    for row in rows:
        store.append([row])
    store.append([rows[2]])  # a run written twice (crash between merge and delete)
    store.merge()
    assert len(list(store.runs.glob("*.parquet"))) == 1
    assert store.load()["run_id"].tolist() == [0, 1, 2, 3, 4]


def test_every_results_file_carries_the_provenance(tmp_path):
    spec = write_spec(tmp_path, replications=1, count=2)
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    files = list((out / "runs").glob("*.parquet"))
    sweep = prepare(spec)
    scenario = validate_scenario(sweep.base)
    for path in files:
        about = json.loads(pq.read_schema(path).metadata[b"peacesim"])
        assert about["version"] == importlib.metadata.version("peacesim")
        assert about["scenario_sha256"] == content_hash(scenario)
        assert about["spec_sha256"] == content_hash(sweep.spec)
        assert about["seed"] == 0 and about["command"] == ["peacesim", "sweep", str(spec)]


def test_compacting_gives_the_same_file_however_the_runs_were_split(tmp_path):
    rows = [{"run_id": i, "value": float(i), "label": f"run {i}"} for i in range(40)]
    in_order = RunStore(tmp_path / "in-order", {"peacesim": "{}"})
    in_order.open({"spec": "x"})
    in_order.append(rows)
    in_order.compact()
    shuffled = RunStore(tmp_path / "shuffled", {"peacesim": "{}"})
    shuffled.open({"spec": "x"})
    order = random.Random(20).sample(rows, len(rows))
    for start in range(0, 40, 7):  # batches out of order, as workers finish them
        shuffled.append(order[start : start + 7])
        if start == 14:
            shuffled.merge()  # an earlier block beside later parts
    shuffled.append(order[3:5])  # runs stored twice (a crash between merge and delete)
    shuffled.compact()
    assert _files(shuffled.root) == _files(in_order.root)
    assert [p.name for p in in_order.runs.iterdir()] == ["block-000000000-000000039-40.parquet"]
    assert shuffled.load()["run_id"].tolist() == list(range(40))


def test_a_pool_runs_tasks_in_this_process_until_a_worker_has_started(
    tmp_path, reference_store, reference
):
    sweep = prepare(reference_store.root.parent / "spec.toml")
    with PoolBackend(2) as pool:
        pool.start()
        pool._started = Future()  # workers that never report started
        waiting = run_sweep(sweep, tmp_path / "waiting", pool, progress=False)
        assert pool.ran_while_starting == 24  # all of them, none waiting on the workers
    with PoolBackend(2) as pool:
        pool.start()
        pool._started.result()  # a worker has started
        started = run_sweep(sweep, tmp_path / "started", pool, progress=False)
        assert pool.ran_while_starting == 0
    for store in (waiting, started):
        assert _files(store.root) == _files(reference_store.root)
