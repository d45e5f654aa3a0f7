"""What each package is worth to an actor in a round, as the model values it.

A party values a package by its terms discounted by the risk that the other
side reneges (:mod:`sim.core.commitment`; Powell 2006, Walter 1997), with its
value of fighting on in that round (the rounds table's war value) as the
fallback. The risk falls with the package's level of the guarantee issue and
rises with its level of the power-shift issue, each read as its share of the
issue's scale, ``level / (levels - 1)`` (the shift reversed when higher
levels shift power towards the party). A mediator has no walk-away option:
its value is the package's utility and its floor the bottom of the scale, 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.calibration.positions import Position
from sim.calibration.setup import Commitment
from sim.core.commitment import renege_discounted
from sim.core.space import OutcomeSpace


@dataclass(frozen=True)
class Valuer:
    """One actor's valuation of packages in one round."""

    position: Position
    floor: float  # its value of no deal: war value for a party, 0 for a mediator
    commitment: Commitment | None = None  # None for a mediator

    def risk(self, levels: np.ndarray) -> np.ndarray:
        """Risk, as this party sees it, that the other side reneges on each package."""
        if self.commitment is None:
            return np.zeros(len(levels))
        return self.commitment.risk(levels, self.position.utility().radices)

    def __call__(self, levels: np.ndarray) -> np.ndarray:
        """Values of the packages given as rows of levels (below 0 where a red line is crossed
        and the other side may renege: the betrayed party loses more than the terms)."""
        u = self.position.utility()(levels)
        if self.commitment is None:
            return u
        return renege_discounted(u, self.floor, self.risk(levels), self.commitment.loss)


def package_values(valuers: tuple[Valuer, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Every package of the agenda: its levels and its value to each actor, ``(n, k)``."""
    space = OutcomeSpace(valuers[0].position.utility().radices)
    levels = space.decode(np.arange(space.size))
    return levels, np.column_stack([value(levels) for value in valuers])
