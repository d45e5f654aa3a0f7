"""Streaming two-party analysis of a whole outcome space at close to memory bandwidth.

Where the space must be enumerated (the number of packages in the agreement
zone, or a check of the exact frontier), this walks it without decoding a
single outcome index:

* **Addend tables.** Each party's utility is precomputed per issue as the
  addends ``w_j * v_j(l)`` of :class:`~sim.core.utility.AdditiveUtility`, with
  ``-inf`` at the levels it rules out: any package crossing a red line then
  sums to ``-inf`` and the final clip to ``[0, 1]`` gives it exactly
  ``RED_LINE_UTILITY`` (0), so red lines cost no mask.
* **Broadcast layout.** Outcomes are numbered in C order (first issue most
  significant, :mod:`sim.core.space`), so a chunk is a run of ``c`` prefixes
  (the first issues) times the whole block of the last issues. Its
  utilities are built by outer sums, one issue at a time::

      u = prefix_sums[p0 : p0 + c]            # (c,)
      u = (u[:, None] + t_j[None, :]).ravel()  # for each suffix issue j

  which adds in agenda order, the order ``AdditiveUtility`` uses: the values
  are bit-identical to the whole-array ones, at about one write per outcome
  (the last issue's sum; the earlier ones are smaller by its radix).
* **Cache-sized chunks.** Chunks of :data:`CHUNK_OUTCOMES` outcomes keep
  each party's utilities (8 bytes an outcome) in the L2 cache between the
  passes over them (tuned with ``experiments/benchmarks/exact_and_streamed.py``:
  on 10**8 outcomes 2**14: 0.81 s, 2**16: 0.66 s, 2**18: 0.68 s, 2**20: 1.11 s).
* **float64 throughout.** float32 halves the bytes but rounds utilities at
  about 6e-8: enough to move an outcome across a reservation value or to break
  a tie on the frontier, so neither the zone count nor the frontier would equal
  the whole-array result. The one place float32 would be exact enough, the
  coarse bin index of the frontier prefilter, is a single cheap pass already.

The frontier is kept as it streams: a chunk's outcomes are first screened by a
staircase of the frontier found so far, binned on the first party's utility
(exact: an outcome is dropped only if a kept point has a strictly larger first
utility and at least its second), and only the few survivors are merged with
:func:`~sim.core.pareto.pareto_front`. Nash and Kalai-Smorodinsky are then
taken over the frontier, where both lie.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from sim.core.bargaining import kalai_smorodinsky, nash_bargaining
from sim.core.pareto import pareto_front
from sim.core.utility import AdditiveUtility

#: Outcomes per chunk: 2 parties x 2**16 x 8 bytes = 1 MiB, inside a typical L2 cache.
CHUNK_OUTCOMES = 1 << 16
#: Bins of the frontier prefilter's staircase (on the first party's utility).
PREFILTER_BINS = 4096


def addend_tables(utility: AdditiveUtility) -> list[np.ndarray]:
    """Per-issue addends ``w_j * v_j``, ``-inf`` at the party's red-line levels."""
    tables = utility.addends()
    if utility.red_lines is not None:
        for table, ruled_out in zip(tables, utility.red_lines, strict=True):
            table[ruled_out] = -np.inf
    return tables


def _outer_sums(start: np.ndarray, tables: Sequence[np.ndarray]) -> np.ndarray:
    """``start`` plus every combination of the tables' entries, added in order, C order."""
    total = start
    for table in tables:
        total = (total[:, None] + table[None, :]).ravel()
    return total


def _split(radices: Sequence[int], chunk: int) -> int:
    """First issue of the suffix block: the longest tail whose product fits in `chunk`.

    The last issue is always in the block, so the prefix sums never hold more
    than ``size / radices[-1]`` values, whatever the chunk.
    """
    split = len(radices) - 1
    while split > 0 and math.prod(radices[split - 1 :]) <= chunk:
        split -= 1
    return split


@dataclass(frozen=True)
class _PartyStream:
    prefix_sums: np.ndarray
    suffix_tables: tuple[np.ndarray, ...]
    clip_low: bool
    clip_high: bool


def _party_stream(utility: AdditiveUtility, split: int) -> _PartyStream:
    tables = addend_tables(utility)
    finite_best = [t[np.isfinite(t)].max(initial=0.0) for t in tables]
    best = 0.0
    for part in finite_best:
        best += part  # rounded addition is monotone: no package sums higher
    return _PartyStream(
        prefix_sums=_outer_sums(np.zeros(1), tables[:split]),
        suffix_tables=tuple(tables[split:]),
        clip_low=utility.red_lines is not None and any(m.any() for m in utility.red_lines),
        clip_high=best > 1.0,
    )


def stream_utilities(
    utilities: Sequence[AdditiveUtility], chunk: int = CHUNK_OUTCOMES
) -> Iterator[tuple[int, np.ndarray]]:
    """The parties' utilities over the whole space, as ``(start, U)`` pieces.

    ``U`` has shape ``(n_parties, n)`` and holds the utilities of outcomes
    ``start .. start + n - 1`` (C order), bit-identical to
    :func:`~sim.core.utility.utility_matrix` of the decoded outcomes
    (transposed). Pieces cover whole prefixes: ``n`` is a multiple of the
    suffix block, at least `chunk` only when one block is larger.
    """
    radices = utilities[0].radices
    if any(u.radices != radices for u in utilities):
        raise ValueError("all parties must value the same issues and levels")
    split = _split(radices, chunk)
    block = math.prod(radices[split:])
    per_chunk = max(1, chunk // block)
    streams = [_party_stream(u, split) for u in utilities]
    n_prefixes = streams[0].prefix_sums.size
    for p0 in range(0, n_prefixes, per_chunk):
        p1 = min(p0 + per_chunk, n_prefixes)
        U = np.empty((len(streams), (p1 - p0) * block))
        for row, s in zip(U, streams, strict=True):
            row[:] = _outer_sums(s.prefix_sums[p0:p1], s.suffix_tables)
            if s.clip_low:
                np.maximum(row, 0.0, out=row)
            if s.clip_high:
                np.minimum(row, 1.0, out=row)
        yield p0 * block, U


@dataclass(frozen=True)
class StreamedAnalysis:
    """The two-party analysis of a whole outcome space.

    Attributes
    ----------
    size
        Number of outcomes.
    zone_size
        Outcomes giving each party at least its reservation value.
    front_index, front_U
        Ascending indices of the Pareto-optimal outcomes (duplicates kept, as
        :func:`~sim.core.pareto.pareto_front`) and their utilities ``(m, 2)``.
    nash, kalai_smorodinsky
        Outcome indices of the bargaining solutions (``None`` if none exists),
        ties to the smallest index among frontier outcomes.
    """

    size: int
    zone_size: int
    front_index: np.ndarray
    front_U: np.ndarray
    nash: int | None
    kalai_smorodinsky: int | None


class _Staircase:
    """Exact screen against a frontier: ``thr[i]`` is the best second utility of
    the frontier points in first-utility bins above ``i``; a point in bin ``i``
    with second utility ``<= thr[i]`` is dominated (bin order is value order,
    as rounding ``a * bins`` is monotone)."""

    def __init__(self, front_U: np.ndarray, bins: int) -> None:
        self.bins = bins
        best = np.full(bins + 1, -np.inf)
        np.maximum.at(best, self._bin(front_U[:, 0]), front_U[:, 1])
        above = np.maximum.accumulate(best[::-1])[::-1]
        self.threshold = np.append(above[1:], -np.inf)

    def _bin(self, a: np.ndarray) -> np.ndarray:
        return (a * self.bins).astype(np.intp)

    def survivors(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.flatnonzero(b > self.threshold[self._bin(a)])


def analyse_streamed(
    utilities: Sequence[AdditiveUtility],
    reservation: np.ndarray,
    chunk: int = CHUNK_OUTCOMES,
    bins: int = PREFILTER_BINS,
) -> StreamedAnalysis:
    """Zone size, Pareto frontier, Nash and Kalai-Smorodinsky of two parties, streamed.

    `reservation` is both the zone's threshold and the disagreement point of
    the bargaining solutions. Memory stays at a few chunks plus the frontier.
    """
    if len(utilities) != 2:
        raise ValueError("the streamed analysis is bilateral: give two utilities")
    r = np.asarray(reservation, dtype=float)
    zone = 0
    front_index = np.empty(0, dtype=np.int64)
    front_U = np.empty((0, 2))
    screen: _Staircase | None = None
    for start, U in stream_utilities(utilities, chunk):
        a, b = U
        zone += int(np.count_nonzero((a >= r[0]) & (b >= r[1])))
        rows = np.arange(a.size) if screen is None else screen.survivors(a, b)
        if rows.size:
            both_index = np.concatenate([front_index, start + rows])
            both_U = np.vstack([front_U, np.column_stack([a[rows], b[rows]])])
            keep = pareto_front(both_U)
            front_index, front_U = both_index[keep], both_U[keep]
            screen = _Staircase(front_U, bins)
    order = np.argsort(front_index, kind="stable")
    front_index, front_U = front_index[order], front_U[order]
    nash = nash_bargaining(front_U, r)
    ks = kalai_smorodinsky(front_U, r)
    return StreamedAnalysis(
        size=math.prod(utilities[0].radices),
        zone_size=zone,
        front_index=front_index,
        front_U=front_U,
        nash=None if nash is None else int(front_index[nash]),
        kalai_smorodinsky=None if ks is None else int(front_index[ks]),
    )
