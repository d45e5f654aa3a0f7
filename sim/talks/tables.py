"""Bargaining tables: the candidate outcomes of one negotiation and the parties' utilities of them.

The talks run on several tables at once. The **package** table negotiates
the whole agenda; its candidates are the Pareto frontier of the two parties
over the full outcome space, found once by streaming the space in chunks
(every trade-off offer and every bargaining solution lies on that frontier,
see :mod:`sim.core.offers` and :mod:`sim.core.bargaining`). Each
**separable** issue also gets an item table over its own levels, where a
deal can close while the package stays open; an item's floor is each party's
value of the issue's status-quo level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sim.core.pareto import pareto_front_streaming
from sim.core.space import DEFAULT_CHUNK_SIZE, OutcomeSpace
from sim.core.utility import AdditiveUtility, utility_matrix
from sim.core.zone import agreement_zone

#: Spaces up to this many outcomes keep the parties' utilities in memory
#: (2**22 outcomes x 2 parties x 8 bytes = 64 MiB); larger ones are streamed.
IN_MEMORY_OUTCOMES = 1 << 22


@dataclass
class Table:
    """One negotiation: candidate outcomes (rows of `levels`) and utilities `U` (m, 2)."""

    key: str
    levels: np.ndarray
    U: np.ndarray
    floor: np.ndarray | None = None  # item tables: value of the status quo to each party
    history: tuple[list[int], list[int]] = field(default_factory=lambda: ([], []))
    agreed: int | None = None

    @property
    def is_package(self) -> bool:
        return self.floor is None

    def best(self, party: int) -> float:
        return float(self.U[:, party].max())


class PackageSpace:
    """The full agenda: its outcome space, the parties' utilities and their frontier."""

    def __init__(self, space: OutcomeSpace, utilities: Sequence[AdditiveUtility]) -> None:
        self.space = space
        self.utilities = tuple(utilities)
        self._U = None
        if space.size <= IN_MEMORY_OUTCOMES:
            # Built chunk by chunk: decoding the whole space at once would hold
            # every level of every outcome (15 issues x 2**22 outcomes = 1 GB).
            self._index = np.arange(space.size)
            self._U = np.vstack([U for _, U in self._streamed_utilities()])
        index, front_U = pareto_front_streaming(self.utility_chunks())
        self.front_index = index
        self.front_U = front_U

    def utility_chunks(self):
        """The parties' utilities over the whole space, as (indices, U) chunks."""
        if self._U is not None:
            yield self._index, self._U
        else:
            yield from self._streamed_utilities()

    def _streamed_utilities(self):
        for index, levels in self.space.chunks(DEFAULT_CHUNK_SIZE):
            yield index, utility_matrix(self.utilities, levels)

    def zone_size(
        self, reservation: np.ndarray, issue: int | None = None, at_least: int = 0
    ) -> int:
        """Number of outcomes of the whole space in the agreement zone.

        With `issue`, only those that settle the issue (an agenda position) at
        level `at_least` or higher (e.g. the zone of packages with a ceasefire).
        """
        total = 0
        for index, U in self.utility_chunks():
            inside = agreement_zone(U, reservation)
            if issue is not None:
                levels = self.space.decode(index[inside])[:, issue]
                total += int((levels >= at_least).sum())
            else:
                total += int(inside.sum())
        return total

    def table(self) -> Table:
        return Table(
            key="package",
            levels=self.space.decode(self.front_index),
            U=self.front_U.copy(),
        )


def item_table(issue_key: str, values: Sequence[np.ndarray], status_quo: int) -> Table:
    """A separable issue's own table: its levels, each party's value of them, and their floors.

    A level that crosses a party's red line is worth 0 to it (like a package
    outcome that crosses one).
    """
    U = np.column_stack(values)
    levels = np.arange(U.shape[0])[:, None]
    return Table(issue_key, levels, U, floor=U[status_quo].copy())
