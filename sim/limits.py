"""Bounds on what a user may ask for, and on what an error line quotes back.

Shared by the loaders and the command line.
Kept apart (no model, no numpy) so that the command line checks its arguments
without loading the run stack.
"""

from __future__ import annotations

import re

#: A sweep of more runs than this starts only when asked for explicitly
#: (``peacesim sweep --yes``): about a day on a laptop, or a typo in a spec.
MAX_RUNS = 200_000
#: Most rounds a run may ask for (``--rounds``, a spec's ``rounds``, a deadline): a
#: thousand rounds of talks is a model run to its end, not a history.
MAX_ROUNDS = 1000
#: Most worker processes a sweep may ask for.
MAX_WORKERS = 1024
#: Highest TCP port (``peacesim app --port``).
MAX_PORT = 2**16 - 1
#: Seeds are 64-bit signed integers in the Parquet results (and numpy accepts them).
MAX_SEED = 2**63 - 1
#: Deepest nesting of tables and arrays in a scenario or a sweep spec: the shipped
#: files nest 4 deep; thousands of levels would exhaust Python's stack.
MAX_DEPTH = 32
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


#: Longest quoted user value in an error message.
SHOWN = 60


def shorten(text: str) -> str:
    """`text` cut to :data:`SHOWN` characters (an error line quotes, it does not dump)."""
    return text if len(text) <= SHOWN else f"{text[: SHOWN - 3]}..."


def nesting(tree: object) -> int:
    """How deep dicts and lists nest in `tree` (0 for a leaf); without recursion, so
    that a tree nested thousands of levels deep is measured, not a RecursionError."""
    deepest, stack = 0, [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        stack.extend((child, depth + 1) for child in children)
    return deepest
