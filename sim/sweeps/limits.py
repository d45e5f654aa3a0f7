"""Bounds on what a user may ask for, shared by the sweep loader and the command line.

Kept apart (no model, no numpy) so that the command line checks its arguments
without loading the run stack.
"""

from __future__ import annotations

import re

#: A sweep of more runs than this starts only when asked for explicitly
#: (``peacesim sweep --yes``): about a day on a laptop, or a typo in a spec.
MAX_RUNS = 200_000
#: Most worker processes a sweep may ask for (``--workers``, ``[execution] workers``).
MAX_WORKERS = 1024
#: Seeds are 64-bit signed integers in the Parquet results (and numpy accepts them).
MAX_SEED = 2**63 - 1
#: A Dask scheduler address: an optional protocol, a host name or IP, a port.
SCHEDULER = re.compile(
    r"^(?:(?:tcp|tls|ws|wss|ucx)://)?(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$"
)


def scheduler_address(text: str) -> str:
    """`text` if it is a Dask scheduler address (``tcp://host:port``), else ValueError."""
    match = SCHEDULER.match(text)
    if match is None or not 0 < int(match.group(1)) < 2**16:
        raise ValueError(f"a scheduler address like tcp://10.0.0.5:8786, got {text[:60]!r}")
    return text
