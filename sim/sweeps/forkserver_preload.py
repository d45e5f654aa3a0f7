"""Imported by the forkserver of a sweep's process pool as it starts, and nowhere else:
the forkserver dies with the sweep process that started it (see :mod:`sim.sweeps.lifeline`).
Its parent is that process; if it is already gone, the forkserver exits at once.
"""

import os

from sim.sweeps.lifeline import die_with_parent

if die_with_parent() and os.getppid() == 1:
    os._exit(1)
