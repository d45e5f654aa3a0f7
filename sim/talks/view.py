"""What an agent may ask of, and do to, the round it is in.

Agents (:mod:`sim.talks.agents`) are written against this small interface,
not against :class:`sim.talks.model.NegotiationModel`, so that a change to
the model's round does not ripple into them and the two modules do not
import each other. The model satisfies it structurally.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from sim.talks.tables import Table


class Bargainer(Protocol):
    """A party as a mediator sees it: a name and a no-deal value it can push down."""

    name: str
    reservation: float


class Talks(Protocol):
    """The round as the agents see it.

    Read: the clock, the reservations, the open tables and the candidates on
    them. Write (mediators only): texts on the tables, the clock boost of
    shuttle diplomacy, the parties' reservations (sanctions, threats).
    """

    package: Table
    texts: dict[str, list[int]]
    clock_boost: float

    @property
    def parties(self) -> Sequence[Bargainer]: ...

    def clock(self) -> float: ...

    def reservations(self) -> np.ndarray: ...

    def open_tables(self, items_only: bool = False) -> list[Table]: ...

    def candidates(self, table: Table) -> list[tuple[int, bool]]: ...
