"""One native thread per sweep worker process.

NumPy's BLAS (OpenBLAS here) and any OpenMP runtime start one thread per core
in every process. A pool of N worker processes on N cores then runs N x N
threads that contend for the same cores: a 200-run sweep on 2 workers ran at
0.55-0.61x of serial, and matched serial with one BLAS thread per worker
(issue 14). Each worker therefore limits the libraries already loaded
(threadpoolctl) and, through the environment, those it loads later (OpenBLAS,
MKL and OpenMP read these variables when they load). The runner sets this up
in its own workers; the user's process is left alone.

References
----------
threadpoolctl documentation, "Limiting the number of threads"; OpenBLAS FAQ,
"multithreaded OpenBLAS in a multi-process program".
"""

from __future__ import annotations

import os

from threadpoolctl import threadpool_limits

#: Variables read by the native thread pools when they load.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def single_native_thread() -> None:
    """Limit this process's BLAS and OpenMP pools to one thread, now and for later loads."""
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    threadpool_limits(limits=1)
