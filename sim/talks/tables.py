"""Bargaining tables: the candidate outcomes of one negotiation and the parties' utilities of them.

The talks run on several tables at once. The **package** table negotiates
the whole agenda. What a package is worth to a party depends on its terms
``u(x)`` and on the risk ``r(x)`` that the other side reneges
(:mod:`sim.core.commitment`), and that risk depends only on the levels of a
few *commitment issues* (security guarantees, the issues that shift power).
Packages that agree on those levels form a *class*; within a class the
discounted value rises with ``u`` for either party, so every package worth
considering lies on its class's Pareto frontier in ``(u_0, u_1)``. The
table's candidates are the union of the class frontiers, found once by
streaming the space in chunks; every offer, text and bargaining solution of
any round is among them, whatever the parties' values of fighting on. Each
**separable** issue also gets an item table over its own levels, where a
deal can close while the package stays open; an item's floor is each party's
value of the issue's status-quo level.

Nothing of a :class:`PackageSpace` changes while the talks run: it depends
only on the parties' utilities and the commitment classes. :func:`package_space`
therefore keeps the last few per process, so that the runs of a sweep over
beliefs, costs or mediators build it once per worker. Its agreement zone is
counted each round by a broadcast comparison of every package with its own
class's thresholds (:func:`sim.core.zone.class_zone`), and in a large space
that has served enough rounds, from its packages sorted by class
(:mod:`sim.core.dominance`), without a pass over them. The pass that gathers
a threshold per package, the algorithm before issue 20, remains as the
reference (:data:`REFERENCE_VARIABLE`).
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from sim.core.bargaining import nash_bargaining
from sim.core.dominance import (
    DominanceCounter,
    DominanceReporter,
    Ranking,
    dominance_counter,
    dominance_reporter,
    ranking,
)
from sim.core.pareto import pareto_front
from sim.core.space import DEFAULT_CHUNK_SIZE, OutcomeSpace
from sim.core.streaming import stream_utilities
from sim.core.utility import RED_LINE_UTILITY, AdditiveUtility, utility_matrix
from sim.core.zone import class_zone

#: Spaces up to this many outcomes keep the parties' utilities in memory
#: (2**22 outcomes x 2 parties x 8 bytes = 64 MiB); larger ones are streamed.
IN_MEMORY_OUTCOMES = 1 << 22
#: Zones a space finds by broadcast passes before it sorts its packages by
#: class and by each party's utility: the ski-rental rule, buy once the rent
#: paid equals the price, which costs at most twice the best choice made in
#: hindsight. At 186,624 packages sorting cost about 160 passes (98 ms against
#: 0.6 ms a pass; a zone then takes 0.1 ms); at 3 million, 470 (2 s against
#: 4.2 ms): ``experiments/benchmarks/run_throughput.py --build``.
PASSES_BEFORE_SORTING = 256
#: A sorted space walks at most this share of its packages to find a zone (the
#: packages the less accommodating party accepts); beyond it a pass is cheaper,
#: as a walk reads a package's values and its id where a pass reads the values.
LONGEST_WALK = 0.125
#: Spaces this large count a zone that the walk would find too slowly from a
#: :class:`~sim.core.dominance.DominanceCounter`, without a pass: at 3 million
#: packages in 36 classes a count took 0.14 ms against a pass's 4.2 ms.
SORTED_FROM = 1 << 19
#: Packages, summed over the spaces :func:`package_space` keeps per process,
#: the least recently used dropped first (the last one is always kept). A
#: space holds about 50 bytes a package (9 MB at 186,624), twice that once
#: sorted: 100 to 200 MB a worker at most.
CACHED_PACKAGES = 1 << 21
#: Set to ``1`` in the environment (before a sweep starts its workers, which
#: inherit it) to run the algorithms before issue 20: every run builds its
#: package space afresh, every zone count passes over every package. For
#: benchmarks and for the tests that check the fast path equals them.
REFERENCE_VARIABLE = "PEACESIM_REFERENCE"


@dataclass
class Table:
    """One negotiation: candidate outcomes (rows of `levels`) and utilities `U` (m, 2).

    ``risk`` (m, 2): for the package, each party's renege risk of each
    candidate (zero on item tables). ``rounds_open``: rounds the table has
    been on the agenda, for items whose implementation must be set up first.
    """

    key: str
    levels: np.ndarray
    U: np.ndarray
    floor: np.ndarray | None = None  # item tables: value of the status quo to each party
    history: tuple[list[int], list[int]] = field(default_factory=lambda: ([], []))
    agreed: int | None = None
    risk: np.ndarray | None = None
    rounds_open: int = 0
    #: Item tables: (m, 2) whether each party could sign each level (it does not reject it).
    acceptable: np.ndarray | None = None
    _brokered: int | bool | None = field(default=False, repr=False)  # False: not yet found

    @property
    def is_package(self) -> bool:
        return self.floor is None

    def brokered(self) -> int | None:
        """An item's Nash point over its status quo among the levels neither party
        rejects (a broker's proposal), or None. Its utilities are fixed, so it is
        found once (again after :meth:`revalue`)."""
        if self._brokered is False:
            both = self.acceptable.all(axis=1)  # type: ignore[union-attr]
            rows = np.flatnonzero(both)
            deal = (
                None
                if self.floor is None or not both.any()
                else nash_bargaining(self.U[rows], self.floor)
            )
            self._brokered = None if deal is None else int(rows[deal])
        return self._brokered

    def revalue(self, U: np.ndarray, floor: np.ndarray, acceptable: np.ndarray) -> None:
        """New utilities for an item (its parties' aims changed); its state stays."""
        self.U, self.floor, self.acceptable = U, floor, acceptable
        self._brokered = False

    def best(self, party: int) -> float:
        return float(self.U[:, party].max())


class PackageSpace:
    """The full agenda: its outcome space, the parties' utilities, the class frontiers.

    Parameters
    ----------
    space, utilities
        The outcome space and each party's additive utility over it.
    class_issues
        Agenda positions of the commitment issues (see the module docstring).
    reference
        Count the zone by the pass that gathers a threshold per package (the
        algorithm before issue 20), as :meth:`zone_size_by_scan`.

    Its arrays are read-only: one space serves many runs (:func:`package_space`).
    """

    def __init__(
        self,
        space: OutcomeSpace,
        utilities: Sequence[AdditiveUtility],
        class_issues: Sequence[int] = (),
        reference: bool = False,
    ) -> None:
        self.space = space
        self.utilities = tuple(utilities)
        self.class_issues = tuple(sorted(set(class_issues)))
        self.class_radices = tuple(space.radices[j] for j in self.class_issues)
        self.reference = reference
        self._U: np.ndarray | None = None
        self._class: np.ndarray | None = None
        self._counters: dict[int | None, DominanceCounter] = {}
        self._reporter: DominanceReporter | None = None
        self._passes = 0
        self._last_zone: tuple[bytes, np.ndarray] | None = None
        self._rankings: tuple[Ranking, Ranking] | None = None
        if space.size <= IN_MEMORY_OUTCOMES:
            # Built chunk by chunk: decoding the whole space at once would hold
            # every level of every outcome (15 issues x 2**22 outcomes = 1 GB).
            self._index = np.arange(space.size)
            parts = list(self._streamed())
            self._U = np.vstack([U for _, U, _ in parts])
            self._class = np.concatenate([c for _, _, c in parts])
            self._columns = (
                np.ascontiguousarray(self._U[:, 0]),
                np.ascontiguousarray(self._U[:, 1]),
            )
            for array in (self._index, self._U, self._class, *self._columns):
                array.flags.writeable = False
        self.front_index = self._class_frontiers()
        self.front_index.flags.writeable = False
        if self._U is not None and self._class is not None:
            # Each class's frontier with its class: the zone is empty iff none of it is in.
            self._front = (self._U[self.front_index], self._class[self.front_index])
            for array in self._front:
                array.flags.writeable = False

    @property
    def n_classes(self) -> int:
        return math.prod(self.class_radices)

    def class_levels(self) -> np.ndarray:
        """Levels of every agenda issue for each class: its commitment issues set, others 0."""
        levels = np.zeros((self.n_classes, self.space.n_issues), dtype=np.int64)
        if self.class_issues:
            levels[:, self.class_issues] = np.stack(
                np.unravel_index(np.arange(self.n_classes), self.class_radices), axis=1
            )
        return levels

    def _class_of(self, index: np.ndarray) -> np.ndarray:
        """Class ids of outcome indices, from the digits of the commitment issues only."""
        if not self.class_issues:
            return np.zeros(index.size, dtype=np.int64)
        radices = self.space.radices
        digits = [(index // math.prod(radices[j + 1 :])) % radices[j] for j in self.class_issues]
        return np.ravel_multi_index(tuple(digits), self.class_radices)

    def chunks(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """The whole space as ``(indices, U, class ids)`` chunks."""
        if self._U is not None and self._class is not None:
            yield self._index, self._U, self._class
        else:
            yield from self._streamed()

    def utility_chunks(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The parties' utilities over the whole space, as (indices, U) chunks."""
        for index, U, _ in self.chunks():
            yield index, U

    def _streamed(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        # Utilities by outer sums over the last issues, bit-identical to
        # evaluating decoded outcomes (sim.core.streaming); no outcome is decoded.
        for start, U in stream_utilities(self.utilities, DEFAULT_CHUNK_SIZE):
            index = np.arange(start, start + U.shape[1])
            yield index, U.T, self._class_of(index)

    def _class_frontiers(self) -> np.ndarray:
        """Ascending indices of the union of the classes' Pareto frontiers."""
        kept: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for index, U, classes in self.chunks():
            # Each class's rows as one slice, in index order (a stable sort by class).
            order = np.argsort(classes, kind="stable")
            bounds = np.searchsorted(classes[order], np.arange(self.n_classes + 1))
            for c, (start, stop) in enumerate(itertools.pairwise(bounds)):
                if start == stop:
                    continue
                mine = order[start:stop]
                old_index, old_U = kept.get(c, (np.empty(0, np.int64), np.empty((0, 2))))
                both_index = np.concatenate([old_index, index[mine]])
                both_U = np.vstack([old_U, U[mine]])
                keep = one_worthless(both_U, pareto_front(both_U))
                kept[c] = (both_index[keep], both_U[keep])
        return np.sort(np.concatenate([i for i, _ in kept.values()]))

    def zone_size(self, thresholds: np.ndarray, issue: int | None = None, at_least: int = 0) -> int:
        """Number of outcomes of the whole space in the agreement zone.

        `thresholds` (n_classes, 2): the least utility each party accepts in
        each class (:func:`sim.core.commitment.acceptance_threshold`). With
        `issue`, only outcomes that settle that issue (an agenda position) at
        level `at_least` or higher (e.g. the zone of packages with a ceasefire).

        In memory the zone is found once for given thresholds and kept for
        the next count (a round counts the zone, then the ceasefire zone):
        by one broadcast pass (:func:`sim.core.zone.class_zone`) until the
        space has served :data:`PASSES_BEFORE_SORTING` passes, then from its
        packages sorted by class and by each party's utility
        (:class:`~sim.core.dominance.DominanceReporter`), walking only the
        packages one party accepts (the shorter list) unless that is more
        than :data:`LONGEST_WALK` of the space. Spaces of :data:`SORTED_FROM`
        packages or more count a long walk's zone from a
        :class:`~sim.core.dominance.DominanceCounter` instead of a pass. Every
        way gives exactly the count of :meth:`zone_size_by_scan`.
        """
        if self.reference or self._U is None:
            return self.zone_size_by_scan(thresholds, issue, at_least)
        thresholds = np.asarray(thresholds, dtype=float)
        key = thresholds.tobytes()
        last = self._last_zone  # one read: another thread may replace it
        if last is None or last[0] != key:
            # An empty zone is common (talks suspended for months of war): the
            # class frontiers tell, without a pass or a walk.
            open_ = self.zone_open(thresholds)
            zone = self._zone(thresholds, issue) if open_ else np.empty(0, dtype=np.int64)
            if zone is None:
                return self._count_sorted(thresholds, issue, at_least)
            last = self._last_zone = (key, zone)
        return self._count(last[1], issue, at_least)

    def _zone(self, thresholds: np.ndarray, issue: int | None) -> np.ndarray | None:
        """The zone as member ids, or as a mask over the space; None: count it sorted."""
        reporter = self._reporter
        if reporter is None and self._passes >= PASSES_BEFORE_SORTING:
            reporter = self._reporter = self._sorted_reporter()
        if reporter is not None:
            most = int(self.space.size * LONGEST_WALK)
            members = reporter.members(thresholds[:, 0], thresholds[:, 1], most)
            if members is not None:
                return members
        if reporter is not None and self.space.size >= SORTED_FROM:
            return None
        self._passes += 1
        return class_zone(*self._columns, self.space.radices, self.class_issues, thresholds)

    def _count(self, zone: np.ndarray, issue: int | None, at_least: int) -> int:
        """Outcomes of a zone (ids or mask) that settle `issue` at `at_least` or higher."""
        if zone.dtype == bool:
            if issue is None:
                return int(np.count_nonzero(zone))
            settles = (slice(None),) * issue + (slice(max(at_least, 0), None),)
            return int(np.count_nonzero(zone[settles]))
        if issue is None:
            return int(zone.size)
        radices = self.space.radices
        levels = (zone // math.prod(radices[issue + 1 :])) % radices[issue]
        return int(np.count_nonzero(levels >= at_least))

    def _count_sorted(self, thresholds: np.ndarray, issue: int | None, at_least: int) -> int:
        """The zone's count from a dominance counter of the packages by class (and level)."""
        counter = self._counters.get(issue)
        if counter is None:
            counter = self._counters[issue] = self._counter(issue)
        levels, lowest = (1, 0) if issue is None else (self.space.radices[issue], max(at_least, 0))
        per_group = np.repeat(thresholds, levels, axis=0)
        counts = counter.count(per_group[:, 0], per_group[:, 1]).reshape(-1, levels)
        return int(counts[:, lowest:].sum())

    def _sorted_reporter(self) -> DominanceReporter:
        assert self._class is not None
        return dominance_reporter(*self._sorted(), self._class, self.n_classes)

    def _sorted(self) -> tuple[Ranking, Ranking]:
        """Each party's utilities sorted once, for every grouping."""
        assert self._U is not None
        if self._rankings is None:
            self._rankings = (ranking(self._U[:, 0]), ranking(self._U[:, 1]))
        return self._rankings

    def zone_open(self, thresholds: np.ndarray) -> bool:
        """Whether any package of the space is in the agreement zone, from the class
        frontiers alone (in memory; a pass over every package otherwise).

        A package ``x`` of class ``c`` in the zone (``u_0(x) >= t_0[c]`` and
        ``u_1(x) >= t_1[c]``) is weakly dominated by a package of its class's
        Pareto frontier, which is then in the zone too: the zone is open iff some
        frontier package is in it. The same comparisons as a pass, on the few
        hundred frontier packages instead of every package; talks that are
        suspended for months of war count an empty zone every round.
        """
        if self._U is None:
            return self.zone_size_by_scan(thresholds) > 0
        U, classes = self._front
        return bool((U >= np.asarray(thresholds, dtype=float)[classes]).all(axis=1).any())

    def _counter(self, issue: int | None) -> DominanceCounter:
        """The packages grouped by class, then by their level of `issue`."""
        assert self._class is not None
        groups, n_groups = self._class, self.n_classes
        if issue is not None:
            n = self.space.radices[issue]
            groups, n_groups = groups * n + self._levels_of(issue), n_groups * n
        return dominance_counter(*self._sorted(), groups, n_groups)

    def _levels_of(self, issue: int) -> np.ndarray:
        """Every package's level of `issue`, in index order (C order: a broadcast, no division)."""
        shape = [1] * self.space.n_issues
        shape[issue] = self.space.radices[issue]
        levels = np.arange(self.space.radices[issue]).reshape(shape)
        return np.broadcast_to(levels, self.space.radices).ravel()

    def zone_size_by_scan(
        self, thresholds: np.ndarray, issue: int | None = None, at_least: int = 0
    ) -> int:
        """:meth:`zone_size` by a pass over every package (the reference; streamed spaces)."""
        total = 0
        for index, U, classes in self.chunks():
            inside = (U >= thresholds[classes]).all(axis=1)
            if issue is not None:
                levels = self.space.decode(index[inside])[:, issue]
                total += int((levels >= at_least).sum())
            else:
                total += int(inside.sum())
        return total

    def table(self) -> Table:
        index = self.front_index
        if self._U is not None:
            U = self._U[index]
        else:
            U = utility_matrix(self.utilities, self.space.decode(index))
        return Table(key="package", levels=self.space.decode(index), U=U)


def one_worthless(U: np.ndarray, front: np.ndarray) -> np.ndarray:
    """`front` (ascending rows of `U`) with one row, the first, for all rows worth
    nothing to every party.

    A row worth ``RED_LINE_UTILITY`` to each party is on a class's frontier only
    when the whole class is (any row worth more to one side dominates it): a
    class each of whose packages crosses a red line or a rejection of each side.
    Such rows are the same to both sides; thousands of them (in 2022, the class
    of NATO membership, which Russia rejects, with full demilitarisation, which
    Ukraine rejects) would only slow every round, so one stands for them. It is
    in the agreement zone exactly when they all are.
    """
    worthless = (U[front] <= RED_LINE_UTILITY).all(axis=1)
    if worthless.sum() <= 1:
        return front
    return front[~worthless | (np.arange(front.size) == np.argmax(worthless))]


def package_space(
    space: OutcomeSpace, utilities: Sequence[AdditiveUtility], class_issues: Sequence[int] = ()
) -> PackageSpace:
    """The :class:`PackageSpace` of these utilities and classes, built once per process.

    Kept by a hash of what it depends on (the space, each party's weights,
    values and red lines, the commitment issues), the last used up to
    :data:`CACHED_PACKAGES` packages. With :data:`REFERENCE_VARIABLE` set, a
    fresh reference space.
    """
    if os.environ.get(REFERENCE_VARIABLE) == "1":
        return PackageSpace(space, utilities, class_issues, reference=True)
    key = _space_key(space, utilities, class_issues)
    with _SPACES_LOCK:  # a Dask worker may run several runs at once, in threads
        found = _SPACES.pop(key, None)
    if found is None:
        found = PackageSpace(space, utilities, class_issues)
    with _SPACES_LOCK:
        _SPACES[key] = found  # now the most recently used
        while len(_SPACES) > 1 and sum(s.space.size for s in _SPACES.values()) > CACHED_PACKAGES:
            _SPACES.popitem(last=False)
    return found


_SPACES: OrderedDict[str, PackageSpace] = OrderedDict()
_SPACES_LOCK = threading.Lock()


def _space_key(
    space: OutcomeSpace, utilities: Sequence[AdditiveUtility], class_issues: Sequence[int]
) -> str:
    """A hash of everything a package space depends on (how it is held included)."""
    digest = hashlib.sha256()
    held = (space.radices, tuple(sorted(set(class_issues))), IN_MEMORY_OUTCOMES, DEFAULT_CHUNK_SIZE)
    digest.update(repr(held).encode())
    for utility in utilities:
        arrays = [utility.weights, *utility.values, *(utility.red_lines or ())]
        digest.update(repr((utility.radices, utility.red_lines is None)).encode())
        for array in arrays:
            digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def item_table(
    issue_key: str,
    values: Sequence[np.ndarray],
    status_quo: int,
    rejects: Sequence[np.ndarray] | None = None,
) -> Table:
    """A separable issue's own table: its levels, each party's value of them, and their floors.

    A level that crosses a party's red line is worth 0 to it (like a package
    outcome that crosses one); a level a party rejects (`rejects`, one mask a
    party) is one it will not sign on its own.
    """
    U = np.column_stack(values)
    levels = np.arange(U.shape[0])[:, None]
    acceptable = np.ones(U.shape, dtype=bool) if rejects is None else ~np.column_stack(rejects)
    return Table(issue_key, levels, U, floor=U[status_quo].copy(), acceptable=acceptable)
