"""What each round looks like to an analyst: zone, bargaining solutions, games.

Computed after the round's offers from a :class:`RoundSnapshot` (plain
arrays and names, never the model itself), by calling the core: the Nash
(1950) and Kalai-Smorodinsky (1975) points of the package with the values of
fighting on as the disagreement point, how far each offer is from the Nash
point, the Rubinstein (1982) split implied by each round's pain, and the
equilibria of the round's ceasefire game and Nash demand game (via nashpy).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.calibration.seeds import Issue
from sim.core.bargaining import kalai_smorodinsky, nash_bargaining, rubinstein
from sim.core.games import demand_game, equilibria, round_ceasefire_game
from sim.core.zone import agreement_zone

#: Largest per-round discount factor used for the Rubinstein split (a party
#: feeling no pain is patient, but the infinite-horizon formula needs < 1).
MAX_DISCOUNT = 0.999
MOVES = ("hold", "fight")


@dataclass(frozen=True)
class RoundSnapshot:
    """The state of one round that the analysis reads, as arrays.

    ``U`` and ``levels`` are the package table's candidates, valued by each
    party this round, and their levels; ``offers`` the index of each party's
    latest package offer (None before its first); ``war_values`` what
    fighting on is worth to each; ``pains`` what one more round of war costs
    each; ``zone_size`` the number of packages of the whole space in the zone.
    """

    names: tuple[str, str]
    issues: tuple[Issue, ...]
    U: np.ndarray
    levels: np.ndarray
    offers: tuple[int | None, int | None]
    war_values: np.ndarray
    pains: np.ndarray
    truce_penalties: np.ndarray
    exploit_gain: float
    exploited_loss: float
    n_demands: int
    zone_size: int

    def describe(self, candidate: int | None) -> str:
        """A package as ``issue=level;...`` (empty for None)."""
        if candidate is None:
            return ""
        return ";".join(
            f"{i.key}={i.levels[lv]}"
            for i, lv in zip(self.issues, self.levels[candidate], strict=True)
        )


def analyse_round(snap: RoundSnapshot, full: bool = True) -> dict[str, object]:
    """The analysis columns of one round (see the module docstring).

    With ``full=False`` only the zone size and the Nash point's utilities.
    """
    d = snap.war_values
    nash = nash_bargaining(snap.U, d)
    row: dict[str, object] = {"zone_size": snap.zone_size}
    for j, name in enumerate(snap.names):
        row[f"nash_utility_{name}"] = None if nash is None else round(float(snap.U[nash, j]), 6)
    if not full:
        return row
    ks = kalai_smorodinsky(snap.U, d)
    row |= {
        "nash_point": snap.describe(nash),
        "ks_point": snap.describe(ks),
        "offer_distance": _offer_distances(snap, nash),
    }
    for j, name in enumerate(snap.names):
        row[f"ks_utility_{name}"] = None if ks is None else round(float(snap.U[ks, j]), 6)
    deltas = [min(MAX_DISCOUNT, 1.0 - c) for c in snap.pains]
    row[f"rubinstein_share_{snap.names[0]}"] = round(rubinstein(*deltas)[0], 6)
    row.update(_ceasefire(snap))
    row.update(_demand(snap))
    return row


def analysis_columns(names: tuple[str, str]) -> tuple[str, ...]:
    """The per-party analysis columns, in order."""
    per_party = [f"{kind}_utility_{n}" for n in names for kind in ("nash", "ks")]
    return (*per_party, f"rubinstein_share_{names[0]}")


def _offer_distances(snap: RoundSnapshot, nash: int | None) -> list[float | None]:
    """Euclidean distance in utility space from each party's offer to the Nash point."""
    out: list[float | None] = []
    for offer in snap.offers:
        if nash is None or offer is None:
            out.append(None)
        else:
            gap = snap.U[offer] - snap.U[nash]
            out.append(round(float(np.hypot(*gap)), 6))
    return out


def _ceasefire(snap: RoundSnapshot) -> dict[str, object]:
    """Hold fire or fight on: a truce saves a round's pain; sanctions punish breaking it."""
    A, B = round_ceasefire_game(
        snap.war_values, snap.pains, snap.exploit_gain, snap.exploited_loss, snap.truce_penalties
    )
    found, method = equilibria(A, B)
    return {
        "ceasefire_equilibria": " | ".join(_profile(r, c) for r, c in found),
        "ceasefire_method": method,
    }


def _profile(row: np.ndarray, col: np.ndarray) -> str:
    if row.max() == 1 and col.max() == 1:
        return f"{MOVES[int(row.argmax())]}/{MOVES[int(col.argmax())]}"
    return f"mixed hold {row[0]:.2f}/{col[0]:.2f}"


def _demand(snap: RoundSnapshot) -> dict[str, object]:
    """The Nash demand game over the part of the frontier both prefer to no deal."""
    front = snap.U[agreement_zone(snap.U, snap.war_values)]
    if front.shape[0] == 0:
        return {"demand_equilibria": None, "demand_method": "no zone"}
    A, B, _, _ = demand_game(front, snap.war_values, snap.n_demands)
    found, method = equilibria(A, B)
    return {"demand_equilibria": len(found), "demand_method": method}
