"""Concession strategies: how far a party has moved from its ideal towards its reservation.

Each strategy returns ``alpha`` in [0, 1], the share of the distance from the
party's best outcome to its reservation value that it has conceded; the
aspiration is then ``u_max - alpha * (u_max - u_reservation)``
(:func:`sim.core.concession.aspiration`). Following Faratin, Sierra & Jennings
(1998) there are two families:

* time-dependent: ``alpha = concession(t, e)``; e < 1 Boulware, e > 1 Conceder;
* behaviour-dependent, relative tit-for-tat: concede, as a share of one's own
  range, what the other side conceded in one's own utility last round;

and one of our own, time-dependent with its pace set by the war: the
``battlefield`` strategy uses ``e * exp(-sensitivity * trend)``, so a party
that is winning (trend > 0) holds out and a losing one concedes faster.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.calibration.setup import StrategySpec
from sim.core.concession import concession


@dataclass(frozen=True)
class ConcessionState:
    """What a strategy may look at when it sets this round's concession."""

    t: float  # normalised time in [0, 1]
    previous_alpha: float
    opponent_concession: float  # the other side's last move, as a share of my range
    trend: float  # battlefield trend for this party (+ winning, - losing)


@dataclass(frozen=True)
class TimeDependent:
    e: float
    k: float = 0.0
    family: str = "polynomial"

    def alpha(self, state: ConcessionState) -> float:
        return max(state.previous_alpha, float(concession(state.t, self.e, self.k, self.family)))


@dataclass(frozen=True)
class Battlefield:
    e: float
    sensitivity: float
    k: float = 0.0
    family: str = "polynomial"

    def alpha(self, state: ConcessionState) -> float:
        pace = self.e * math.exp(-self.sensitivity * state.trend)
        return max(state.previous_alpha, float(concession(state.t, pace, self.k, self.family)))


@dataclass(frozen=True)
class TitForTat:
    """Relative tit-for-tat (Faratin, Sierra & Jennings 1998, sec. 4.2.3), in utility terms."""

    def alpha(self, state: ConcessionState) -> float:
        return min(1.0, state.previous_alpha + max(0.0, state.opponent_concession))


Strategy = TimeDependent | Battlefield | TitForTat


def make_strategy(spec: StrategySpec) -> Strategy:
    """Build a strategy from its calibrated description."""
    if spec.kind == "time":
        return TimeDependent(spec.e, spec.k, spec.family)
    if spec.kind == "battlefield":
        return Battlefield(spec.e, spec.sensitivity, spec.k, spec.family)
    if spec.kind == "tit_for_tat":
        return TitForTat()
    raise ValueError(f"unknown strategy kind {spec.kind!r}")
