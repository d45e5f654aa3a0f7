"""Shared by the benchmarks: best-of-N timing, and a job's peak memory in a fresh process."""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from collections.abc import Callable
from typing import Any


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """Least disturbed wall time of `repeat` calls (the usual choice on a shared machine)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def _peak_job(job: Callable[[], Any]) -> tuple[Any, float]:
    result = job()
    return result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_fresh_process(job: Callable[[], Any]) -> tuple[Any, float]:
    """Run a picklable `job` in a new interpreter: its result and its peak RSS in MiB.

    The peak is the whole process's (interpreter and imports included), so
    it is an upper bound on what the job itself needs.
    """
    with mp.get_context("spawn").Pool(1) as pool:
        return pool.apply(_peak_job, (job,))
