"""Lexicographic choice among candidate rows: the tie-breaking every solution here shares."""

from __future__ import annotations

import numpy as np


def argmax_lexicographic(candidates: np.ndarray, *keys: np.ndarray) -> int | None:
    """The candidate that maximises ``keys[0]``, ties broken by ``keys[1]``, ...

    Remaining ties go to the smallest candidate index. Ties are exact (equal
    floating-point values). `keys` are full-length arrays indexed by row.

    Returns ``None`` when there is no candidate.
    """
    candidates = np.asarray(candidates, dtype=np.int64)
    for key in keys:
        if candidates.size <= 1:
            break
        values = key[candidates]
        candidates = candidates[values == values.max()]
    return int(candidates.min()) if candidates.size else None
