"""The outcome space: every combination of one level per issue.

An outcome is a vector of level indices ``(l_1, ..., l_k)`` with
``0 <= l_j < r_j``, where ``r_j`` is the number of levels of issue ``j``.
Outcomes are numbered in mixed radix with the first issue most significant
(C order, as :func:`numpy.ravel_multi_index`)::

    index = sum_j l_j * prod_{m > j} r_m

so the space of ``prod_j r_j`` outcomes can be walked in contiguous chunks
without ever holding it whole in memory.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

#: Outcomes per chunk when streaming: 2**20 outcomes x 10 issues of int64 is 80 MiB.
DEFAULT_CHUNK_SIZE = 1 << 20


@dataclass(frozen=True)
class OutcomeSpace:
    """The Cartesian product of the issues' levels.

    Parameters
    ----------
    radices
        Number of levels of each issue, in agenda order; each at least 1.
    """

    radices: tuple[int, ...]

    def __post_init__(self) -> None:
        if not self.radices or any(int(r) < 1 for r in self.radices):
            raise ValueError(f"every issue needs at least one level, got {self.radices}")
        object.__setattr__(self, "radices", tuple(int(r) for r in self.radices))

    @property
    def size(self) -> int:
        """Number of outcomes, ``prod_j r_j``."""
        return math.prod(self.radices)

    @property
    def n_issues(self) -> int:
        return len(self.radices)

    def decode(self, index: np.ndarray | int) -> np.ndarray:
        """Level vectors of outcome indices: shape ``(n, n_issues)``."""
        index = np.atleast_1d(np.asarray(index, dtype=np.int64))
        if index.size and (index.min() < 0 or index.max() >= self.size):
            raise IndexError(f"outcome index out of range [0, {self.size})")
        return np.stack(np.unravel_index(index, self.radices), axis=1).astype(np.int64)

    def encode(self, levels: np.ndarray) -> np.ndarray:
        """Outcome indices of level vectors (the inverse of :meth:`decode`)."""
        levels = np.atleast_2d(np.asarray(levels, dtype=np.int64))
        return np.ravel_multi_index(tuple(levels.T), self.radices).astype(np.int64)

    def chunks(
        self, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Walk the space in order, yielding ``(indices, levels)`` chunks of `chunk_size`."""
        if chunk_size < 1:
            raise ValueError("chunk_size must be positive")
        for start in range(0, self.size, chunk_size):
            index = np.arange(start, min(start + chunk_size, self.size), dtype=np.int64)
            yield index, self.decode(index)
