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
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from sim.core.pareto import pareto_front
from sim.core.space import DEFAULT_CHUNK_SIZE, OutcomeSpace
from sim.core.streaming import stream_utilities
from sim.core.utility import AdditiveUtility, utility_matrix

#: Spaces up to this many outcomes keep the parties' utilities in memory
#: (2**22 outcomes x 2 parties x 8 bytes = 64 MiB); larger ones are streamed.
IN_MEMORY_OUTCOMES = 1 << 22


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

    @property
    def is_package(self) -> bool:
        return self.floor is None

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
    """

    def __init__(
        self,
        space: OutcomeSpace,
        utilities: Sequence[AdditiveUtility],
        class_issues: Sequence[int] = (),
    ) -> None:
        self.space = space
        self.utilities = tuple(utilities)
        self.class_issues = tuple(sorted(set(class_issues)))
        self.class_radices = tuple(space.radices[j] for j in self.class_issues)
        self._U: np.ndarray | None = None
        self._class: np.ndarray | None = None
        if space.size <= IN_MEMORY_OUTCOMES:
            # Built chunk by chunk: decoding the whole space at once would hold
            # every level of every outcome (15 issues x 2**22 outcomes = 1 GB).
            self._index = np.arange(space.size)
            parts = list(self._streamed())
            self._U = np.vstack([U for _, U, _ in parts])
            self._class = np.concatenate([c for _, _, c in parts])
        self.front_index = self._class_frontiers()

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
            for c in np.unique(classes):
                mine = classes == c
                old_index, old_U = kept.get(int(c), (np.empty(0, np.int64), np.empty((0, 2))))
                both_index = np.concatenate([old_index, index[mine]])
                both_U = np.vstack([old_U, U[mine]])
                keep = pareto_front(both_U)
                kept[int(c)] = (both_index[keep], both_U[keep])
        return np.sort(np.concatenate([i for i, _ in kept.values()]))

    def zone_size(self, thresholds: np.ndarray, issue: int | None = None, at_least: int = 0) -> int:
        """Number of outcomes of the whole space in the agreement zone.

        `thresholds` (n_classes, 2): the least utility each party accepts in
        each class (:func:`sim.core.commitment.acceptance_threshold`). With
        `issue`, only outcomes that settle that issue (an agenda position) at
        level `at_least` or higher (e.g. the zone of packages with a ceasefire).
        """
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
