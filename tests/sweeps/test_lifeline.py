"""A killed sweep leaves no process behind, and resumes to every run exactly once."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.sweeps.runner import SerialBackend, prepare, run_sweep
from sim.sweeps.store import RunStore
from tests.conftest import ROOT
from tests.sweeps.specs import SLOW_SPEC, write_spec

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

#: How long the processes of a killed sweep may take to go.
GRACE_SECONDS = 10


def _group(pgid: int) -> list[int]:
    """Live processes (not zombies) of process group `pgid`, from /proc."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _gone(pgid: int) -> bool:
    deadline = time.monotonic() + GRACE_SECONDS
    while _group(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = _group(pgid)
    for pid in survivors:  # never leave them to the next test
        os.kill(pid, signal.SIGKILL)
    return not survivors


def _sweep(spec: Path, out: Path, workers: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "sim", "sweep", str(spec), "--out", str(out), "--quiet"]
    return subprocess.Popen(
        [*command, "--workers", str(workers)],
        cwd=ROOT,
        start_new_session=True,  # its own process group: everything it starts
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _runs_done(out: Path) -> int:
    return sum(pq.read_metadata(p).num_rows for p in (out / "runs").glob("*.parquet"))


CHECK = """
import ctypes, signal
from sim.sweeps.lifeline import die_with_parent
assert die_with_parent()
sig = ctypes.c_int()
assert ctypes.CDLL(None).prctl(2, ctypes.byref(sig), 0, 0, 0) == 0  # PR_GET_PDEATHSIG
assert sig.value == signal.SIGKILL, sig.value
"""


def test_die_with_parent_asks_the_kernel_for_sigkill():
    subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, check=True)


def test_killing_a_sweep_kills_its_workers(tmp_path):
    spec = write_spec(tmp_path, SLOW_SPEC, replications=10, count=4)
    out = tmp_path / "out"
    sweep = _sweep(spec, out, workers=2)
    deadline = time.monotonic() + 120
    while not (out / "runs").is_dir() or _runs_done(out) < 2:
        assert sweep.poll() is None and time.monotonic() < deadline, "ended before the kill"
        time.sleep(0.05)
    assert len(_group(sweep.pid)) >= 3  # the sweep and its workers (and any forkserver)
    sweep.kill()  # SIGKILL the sweep alone: no clean-up runs
    sweep.wait()
    assert _gone(sweep.pid)
    out, _ = sweep.communicate(timeout=5)  # nothing holds its pipes open
    assert b"runs of" in out


def _wait_for_progress(sweep: subprocess.Popen, out: Path, done: int) -> bool:
    """Wait until the sweep stores a run beyond `done`; False if it ended first."""
    deadline = time.monotonic() + 120
    while sweep.poll() is None and time.monotonic() < deadline:
        if (out / "runs").is_dir() and _runs_done(out) > done:
            return True
        time.sleep(0.02)
    return False


def test_kill_loop_resumes_to_every_run_exactly_once(tmp_path):
    # 400 runs: a sweep stores its runs once a second, and each of the four
    # sessions must store some and leave some.
    spec = write_spec(tmp_path, SLOW_SPEC, replications=50, count=4)
    out = tmp_path / "out"
    reference = run_sweep(prepare(spec), tmp_path / "reference", SerialBackend(), False).load()
    moments = random.Random(15)
    kills = 0
    for _ in range(4):
        before = _runs_done(out) if (out / "runs").is_dir() else 0
        sweep = _sweep(spec, out, workers=2)
        if not _wait_for_progress(sweep, out, before):
            break  # finished before this kill
        time.sleep(moments.uniform(0.0, 1.0))  # mid-run or while writing a file
        sweep.kill()
        sweep.wait()
        kills += 1
        assert _gone(sweep.pid), f"processes left after kill {kills}"
        sweep.communicate(timeout=5)
    done = _sweep(spec, out, workers=2)
    _, err = done.communicate(timeout=600)
    assert done.returncode == 0, err
    assert kills == 4
    runs = RunStore(out).load()
    assert runs["run_id"].tolist() == list(range(400))  # every run once
    pd.testing.assert_frame_equal(runs, reference)
    assert _gone(done.pid)
