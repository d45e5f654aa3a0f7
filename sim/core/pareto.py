"""The Pareto frontier of a finite set of utility vectors.

Row ``a`` weakly dominates row ``b`` when ``a >= b`` in every column and
``a > b`` in at least one (every column is maximised). The frontier is the set
of rows that no row dominates; equal rows do not dominate each other, so
duplicates on the frontier are all kept.

Two parties: sort by the first column descending, the second descending, and
sweep once (Kung, Luccio & Preparata 1975), O(n log n). More parties: a
block-nested-loop filter (Börzsönyi, Kossmann & Stocker 2001) over rows sorted
by their sum, vectorised by blocks; a row can only be dominated by a row with
a strictly larger sum, so each block is checked against the frontier found so
far and against itself.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

#: Rows per block in the many-party filter (memory ~ block * frontier * parties).
BLOCK_SIZE = 2048
#: Below this many rows the pivot pre-filter is not worth its passes.
PREFILTER_MIN_ROWS = 4096


def pareto_front(U: np.ndarray) -> np.ndarray:
    """Sorted indices of the rows of `U` that no other row dominates.

    Parameters
    ----------
    U
        Utilities, shape ``(n_outcomes, n_parties)``, every column maximised.
        No NaN.

    Returns
    -------
    numpy.ndarray
        Ascending int64 indices of the non-dominated rows.
    """
    U = np.asarray(U, dtype=float)
    if U.ndim != 2:
        raise ValueError("U must be a 2-d array (n_outcomes, n_parties)")
    if np.isnan(U).any():
        raise ValueError("U must not contain NaN")
    if U.shape[0] == 0:
        return np.empty(0, dtype=np.int64)
    if U.shape[1] == 1:
        return np.flatnonzero(U[:, 0] == U[:, 0].max()).astype(np.int64)
    rows = _undominated_by_pivots(U) if U.shape[0] >= PREFILTER_MIN_ROWS else np.arange(U.shape[0])
    front = _front_two(U[rows]) if U.shape[1] == 2 else _front_many(U[rows])
    return rows[front].astype(np.int64)


def _undominated_by_pivots(U: np.ndarray) -> np.ndarray:
    """Indices of the rows not dominated by a few pivots, in O(n k) per pivot.

    The maximiser of a strictly positive weighted sum is on the frontier, so
    every row it dominates can go before the O(n log n) pass; on large
    outcome spaces this removes most rows.
    """
    k = U.shape[1]
    columns = [np.ascontiguousarray(U[:, j]) for j in range(k)]
    keep = np.ones(U.shape[0], dtype=bool)
    for weights in [np.ones(k), *(np.ones(k) + np.eye(k)[j] for j in range(k))]:
        pivot = U[int(np.argmax(U @ weights))]
        no_better = np.ones(U.shape[0], dtype=bool)
        worse = np.zeros(U.shape[0], dtype=bool)
        for column, p in zip(columns, pivot, strict=True):
            no_better &= column <= p
            worse |= column < p
        keep &= ~(no_better & worse)
    return np.flatnonzero(keep)


def _front_two(U: np.ndarray) -> np.ndarray:
    order = np.lexsort((-U[:, 1], -U[:, 0]))
    u1, u2 = U[order, 0], U[order, 1]
    # Rows with the same u1 form a group; within it only the highest u2 can survive,
    # and it survives iff it beats every u2 seen among strictly larger u1.
    new_group = np.empty(u1.size, dtype=bool)
    new_group[0] = True
    new_group[1:] = u1[1:] != u1[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(u1.size), 0))
    best_before = np.concatenate(([-np.inf], np.maximum.accumulate(u2)[:-1]))
    best_before_group = best_before[group_start]
    keep = (u2 == u2[group_start]) & (u2 > best_before_group)
    return np.sort(order[keep]).astype(np.int64)


def _front_many(U: np.ndarray) -> np.ndarray:
    order = np.argsort(-U.sum(axis=1), kind="stable")
    front_rows: list[np.ndarray] = []
    front = np.empty((0, U.shape[1]))
    for start in range(0, order.size, BLOCK_SIZE):
        rows = order[start : start + BLOCK_SIZE]
        block = U[rows]
        alive = ~_dominated_by(block, front)
        rows, block = rows[alive], block[alive]
        alive = ~_dominated_by(block, block)
        front_rows.append(rows[alive])
        front = np.vstack([front, block[alive]])
    return np.sort(np.concatenate(front_rows)).astype(np.int64)


def _dominated_by(points: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each row of `points`, whether some row of `others` dominates it."""
    if others.shape[0] == 0 or points.shape[0] == 0:
        return np.zeros(points.shape[0], dtype=bool)
    geq = np.all(others[None, :, :] >= points[:, None, :], axis=2)
    gt = np.any(others[None, :, :] > points[:, None, :], axis=2)
    return np.any(geq & gt, axis=1)


def pareto_front_streaming(
    chunks: Iterable[tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    """Frontier of a set too large to hold, given as ``(indices, U_chunk)`` pieces.

    Uses ``front(A ∪ B) = front(front(A) ∪ B)``: a row dominated within ``A`` is
    dominated in ``A ∪ B`` too, and domination is transitive, so discarding it
    early changes nothing.

    Returns
    -------
    (indices, U_front)
        Ascending global indices of the frontier rows and their utilities.
    """
    kept_index = np.empty(0, dtype=np.int64)
    kept_U: np.ndarray | None = None
    for index, U_chunk in chunks:
        U_chunk = np.asarray(U_chunk, dtype=float)
        both_index = np.concatenate([kept_index, np.asarray(index, dtype=np.int64)])
        both_U = U_chunk if kept_U is None else np.vstack([kept_U, U_chunk])
        keep = pareto_front(both_U)
        kept_index, kept_U = both_index[keep], both_U[keep]
    if kept_U is None:
        raise ValueError("no chunks given")
    order = np.argsort(kept_index, kind="stable")
    return kept_index[order], kept_U[order]
