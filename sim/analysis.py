"""What each round looks like to an analyst: zone, bargaining solutions, games.

Computed after the round's offers, from the model's state, by calling the
core: the agreement zone over the whole outcome space, the Nash (1950) and
Kalai-Smorodinsky (1975) points of the package with the current reservation
values as the disagreement point, how far each offer is from the Nash point,
the Rubinstein (1982) split implied by the war costs, and the equilibria of
the round's ceasefire game and Nash demand game (via nashpy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core.bargaining import kalai_smorodinsky, nash_bargaining, rubinstein
from sim.core.games import ceasefire_game, demand_game, equilibria
from sim.core.zone import agreement_zone

if TYPE_CHECKING:
    from sim.model import NegotiationModel

#: Largest per-round discount factor used for the Rubinstein split (a party
#: with no war cost is patient, but the infinite-horizon formula needs < 1).
MAX_DISCOUNT = 0.999
MOVES = ("hold", "fight")


def analyse_round(model: NegotiationModel, full: bool = True) -> dict[str, object]:
    """The analysis columns of one round (see the module docstring).

    With ``full=False`` only the zone size and the Nash point's utilities.
    """
    table = model.package
    d = model.reservations()
    names = model.party_names
    nash = nash_bargaining(table.U, d)
    row: dict[str, object] = {"zone_size": model.package_space.zone_size(d)}
    for j, name in enumerate(names):
        row[f"nash_utility_{name}"] = None if nash is None else round(float(table.U[nash, j]), 6)
    if not full:
        return row
    ks = kalai_smorodinsky(table.U, d)
    row |= {
        "nash_point": _describe(model, nash),
        "ks_point": _describe(model, ks),
        "converged_issues": ";".join(converged_issues(model)),
        "offer_distance": _offer_distances(model, nash),
    }
    for j, name in enumerate(names):
        row[f"ks_utility_{name}"] = None if ks is None else round(float(table.U[ks, j]), 6)
    deltas = [min(MAX_DISCOUNT, 1.0 - p.war_cost) for p in model.parties]
    row[f"rubinstein_share_{names[0]}"] = round(rubinstein(*deltas)[0], 6)
    row.update(_ceasefire(model))
    row.update(_demand(model, d))
    return row


def analysis_columns(names: tuple[str, str]) -> tuple[str, ...]:
    """The per-party analysis columns, in order."""
    per_party = [f"{kind}_utility_{n}" for n in names for kind in ("nash", "ks")]
    return (*per_party, f"rubinstein_share_{names[0]}")


def _describe(model: NegotiationModel, candidate: int | None) -> str:
    if candidate is None:
        return ""
    levels = model.package.levels[candidate]
    return ";".join(f"{i.key}={i.levels[lv]}" for i, lv in zip(model.issues, levels, strict=True))


def _offer_distances(model: NegotiationModel, nash: int | None) -> list[float | None]:
    """Euclidean distance in utility space from each party's offer to the Nash point."""
    out: list[float | None] = []
    for history in model.package.history:
        if nash is None or not history:
            out.append(None)
        else:
            gap = model.package.U[history[-1]] - model.package.U[nash]
            out.append(round(float(np.hypot(*gap)), 6))
    return out


def converged_issues(model: NegotiationModel) -> list[str]:
    """Issues on which both parties' latest package offers name the same level."""
    first, second = model.package.history
    if not first or not second:
        return []
    a, b = model.package.levels[first[-1]], model.package.levels[second[-1]]
    return [issue.key for issue, x, y in zip(model.issues, a, b, strict=True) if x == y]


def _ceasefire(model: NegotiationModel) -> dict[str, object]:
    """Hold fire or fight on: truce saves the war cost; sanctions punish breaking it."""
    strengths = model.setup.lever_strengths
    penalty = [
        strengths["truce_breach_penalty"]
        * sum(
            1
            for m in model.setup.mediators
            if m.levers.get("sanctions_pressure") in (p.name, "both")
        )
        for p in model.parties
    ]
    A, B = ceasefire_game(
        truce=[p.reservation + p.war_cost for p in model.parties],
        war=[p.reservation for p in model.parties],
        exploit_gain=[model.setup.exploit_gain] * 2,
        exploited_loss=[model.setup.exploited_loss] * 2,
        penalty=penalty,
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


def _demand(model: NegotiationModel, d: np.ndarray) -> dict[str, object]:
    """The Nash demand game over the part of the frontier both prefer to no deal."""
    front = model.package.U[agreement_zone(model.package.U, d)]
    if front.shape[0] == 0:
        return {"demand_equilibria": None, "demand_method": "no zone"}
    A, B, _, _ = demand_game(front, d, model.talks.games.n_demands)
    found, method = equilibria(A, B)
    return {"demand_equilibria": len(found), "demand_method": method}
