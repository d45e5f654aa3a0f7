"""Worker processes that die with the sweep that started them.

A killed sweep (SIGKILL, an out-of-memory kill) runs no clean-up, and a
local pool's processes would live on: the workers block forever on their
task queue, whose write end they hold themselves, and the forkserver they
were forked from waits for them, since each holds its "parent alive" pipe.
They keep the caller's stdout and stderr open, so a script reading those
blocks. On Linux, ``prctl(PR_SET_PDEATHSIG)`` (prctl(2)) has the kernel kill
a process when its parent exits: the forkserver gets it as it starts (its
preload module, :mod:`sim.sweeps.forkserver_preload`), each worker in its
pool initializer, so killing the sweep kills the forkserver, which kills the
workers; workers forked from the sweep itself (Linux, see
:func:`sim.sweeps.runner.start_method`) die with it directly. Elsewhere
nothing changes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

#: ``PR_SET_PDEATHSIG`` of ``<linux/prctl.h>``.
PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Have the kernel SIGKILL this process when its parent exits; False if not Linux."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0


def worker_started(sweep_pid: int) -> None:
    """Pool initializer: die with the parent (the sweep or its forkserver), and at once if
    the sweep is already gone (it died between this worker's fork and its ``prctl``)."""
    die_with_parent()
    try:
        os.kill(sweep_pid, 0)
    except ProcessLookupError:
        os._exit(1)
