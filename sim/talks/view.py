"""What an agent may ask of, and do to, the round it is in.

Agents (:mod:`sim.talks.agents`) are written against this small interface,
not against :class:`sim.talks.model.NegotiationModel`, so that a change to
the model's round does not ripple into them and the two modules do not
import each other. The model satisfies it structurally.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import numpy as np

from sim.talks.tables import Table


class Talks(Protocol):
    """The round as the agents see it.

    Read: the round's date, the clock (Faratin strategies only), the open
    tables, the candidates on them and what each is worth to each party,
    each party's no-deal value on a table, each candidate's Nash product over
    those. Write (mediators only): deals put on the item tables.
    """

    texts: dict[str, list[int]]
    date: dt.date

    def clock(self) -> float: ...

    def open_tables(self, items_only: bool = False) -> list[Table]: ...

    def candidates(self, table: Table) -> list[tuple[int, bool]]: ...

    def values(self, table: Table) -> np.ndarray: ...

    def floors(self, table: Table) -> np.ndarray: ...

    def products(self, table: Table) -> np.ndarray: ...
