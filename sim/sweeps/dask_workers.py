"""Set-up of the Dask workers a sweep runs on.

Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536`` so that
freed memory goes back to the operating system at once. That setting also
freezes glibc's mmap threshold at 128 KiB, so every outcome-space array a run
allocates is mapped and unmapped afresh, and a run took 25-30% longer in a
Dask worker than in a plain process (measured with
``experiments/benchmarks/sweep_throughput.py``: 3.1 against 4.1 runs/s).
:class:`ReuseFreedArrays` raises both thresholds on every worker that joins.
:class:`SingleNativeThread` gives each worker one BLAS/OpenMP thread
(:mod:`sim.sweeps.threads`).
"""

from __future__ import annotations

import ctypes
import ctypes.util

from distributed.diagnostics.plugin import WorkerPlugin

from sim.sweeps.threads import single_native_thread

#: glibc ``mallopt`` parameters (``malloc.h``).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
#: glibc's own ceiling for its dynamic mmap threshold on 64-bit systems.
MMAP_THRESHOLD_BYTES = 32 * 2**20
#: At most this much freed memory is kept by a worker rather than returned.
TRIM_THRESHOLD_BYTES = 64 * 2**20


def reuse_freed_arrays() -> bool:
    """Let glibc keep and reuse freed arrays in this process; False if not glibc."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    )


class ReuseFreedArrays(WorkerPlugin):
    """Applies :func:`reuse_freed_arrays` on each worker as it starts."""

    name = "peacesim-reuse-freed-arrays"

    def setup(self, worker) -> None:
        reuse_freed_arrays()


class SingleNativeThread(WorkerPlugin):
    """Applies :func:`~sim.sweeps.threads.single_native_thread` on each worker as it starts."""

    name = "peacesim-single-native-thread"

    def setup(self, worker) -> None:
        single_native_thread()
