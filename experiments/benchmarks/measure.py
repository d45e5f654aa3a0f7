"""Shared by the benchmarks: best-of-N timing; a job's result and peak memory in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# The peak is VmHWM, the high-water mark of this program's own memory map;
# ru_maxrss would carry over the parent's resident size from the fork.
_CHILD = """
import json, sys
from {module} import {function} as job
result = job(*json.loads(sys.argv[1]))
status = open("/proc/self/status").read().split("VmHWM:")[1]
print(json.dumps([result, int(status.split()[0]) / 1024]))
"""


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """Least disturbed wall time of `repeat` calls (the usual choice on a shared machine)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def in_fresh_process(module: str, function: str, *args: Any) -> tuple[Any, float]:
    """Run ``module.function(*args)`` in a new interpreter: its JSON result and peak RSS in MiB.

    The child imports only `module` (a file beside this one), so the peak is
    that job's with its own imports, not the parent's; it is still the whole
    process's, interpreter included, so an upper bound on the job itself.
    """
    code = _CHILD.format(module=module, function=function)
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(list(args))],
        cwd=HERE,
        check=True,
        capture_output=True,
        text=True,
    )
    result, peak = json.loads(done.stdout.strip().splitlines()[-1])
    return result, peak
