"""A bilateral alternating-offers negotiation between two time-based strategies.

The protocol (stacked alternating offers with a deadline, Rubinstein 1982;
Aydoğan et al. 2017) runs ``n_steps`` steps at normalised times
``tau_s = s / (n_steps - 1)``, so the last step is the deadline. Party 0
proposes at even steps, party 1 at odd ones. Each party's aspiration follows
its Faratin-Sierra-Jennings concession curve (:mod:`sim.core.concession`)
from its best utility down to its reservation value::

    a_i(tau) = u_max,i - alpha(tau; e_i) * (u_max,i - r_i)

The proposer offers its trade-off offer at its aspiration
(:func:`sim.core.offers.trade_off_offer`: the outcome best for the other side
among those worth at least the aspiration to it); the responder accepts when
the offer is worth at least its own aspiration at that step, and the
negotiation ends there. No acceptance by the deadline is no agreement.

Every trade-off offer lies on the Pareto frontier, and on the two-party
frontier sorted by the first party's utility (ascending, so the second's
descending) the offer at an aspiration is a binary search: party 0 offers the
first point with ``u_0 >= a``, party 1 the last point with ``u_1 >= a``. So all
steps are computed at once, without a loop over steps.

References
----------
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
*Econometrica* 50(1), 97-109. Faratin, P., Sierra, C. & Jennings, N. R.
(1998). Negotiation decision functions for autonomous agents. *Robotics and
Autonomous Systems* 24(3-4), 159-182. Aydoğan, R. et al. (2017). Alternating
offers protocols for multilateral negotiation. In *Modern Approaches to
Agent-based Complex Automated Negotiation*, 153-167.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.core.concession import aspiration
from sim.core.pareto import pareto_front

#: Boulware and Conceder exponents of the polynomial family (alpha = t**(1/e)),
#: the pair NegMAS's BoulwareTBNegotiator / ConcederTBNegotiator use (t**4, t**0.25).
BOULWARE, CONCEDER = 0.25, 4.0


@dataclass(frozen=True)
class Negotiation:
    """The course of one negotiation.

    Attributes
    ----------
    offers
        Outcome index offered at each step until the end, in order.
    agreement
        The accepted outcome's index, or ``None``.
    step
        The step at which it was accepted, or ``None``.
    """

    offers: np.ndarray
    agreement: int | None
    step: int | None


def first_copy(u0: np.ndarray, u1: np.ndarray) -> np.ndarray:
    """For each position of a sorted list of pairs, the first position holding the same pair."""
    new_pair = np.ones(u0.size, dtype=bool)
    new_pair[1:] = (u0[1:] != u0[:-1]) | (u1[1:] != u1[:-1])
    return np.maximum.accumulate(np.where(new_pair, np.arange(u0.size), 0))


def alternating_offers(
    U: np.ndarray,
    exponents: tuple[float, float],
    reservation: np.ndarray,
    n_steps: int = 100,
    family: str = "polynomial",
) -> Negotiation:
    """Run one negotiation between two time-based concession strategies.

    Parameters
    ----------
    U
        Utilities of the outcomes to both parties, shape ``(n_outcomes, 2)``.
    exponents
        Concession exponent ``e`` of each party (``e < 1`` Boulware,
        ``e > 1`` Conceder), see :func:`sim.core.concession.concession`.
    reservation
        Each party's reservation value; it is the aspiration at the deadline.
    n_steps
        Number of offers at most (at least 2).
    family
        Concession family of both parties.
    """
    U = np.asarray(U, dtype=float)
    r = np.asarray(reservation, dtype=float)
    if U.ndim != 2 or U.shape[1] != 2 or U.shape[0] == 0 or r.shape != (2,):
        raise ValueError("need U of shape (n >= 1, 2) and two reservation values")
    if n_steps < 2:
        raise ValueError("n_steps must be at least 2")
    front = pareto_front(U)
    # Ascending u_0 then descending u_1, ties (equal pairs) to the smallest index.
    front = front[np.lexsort((front, -U[front, 1], U[front, 0]))]
    u0, u1 = U[front, 0], U[front, 1]
    step = np.arange(n_steps)
    tau = step / (n_steps - 1)
    levels = np.array(
        [
            aspiration(tau, e, float(U[:, i].max()), float(r[i]), family=family)
            for i, e in enumerate(exponents)
        ]
    )
    proposer = step % 2
    own = levels[proposer, step]
    # Party 0: the first point with u_0 >= a; party 1: the last with u_1 >= a,
    # moved back to the first copy of its pair (ties to the smallest index).
    pick0 = np.searchsorted(u0, own, side="left")
    pick1 = first_copy(u0, u1)[np.maximum(np.searchsorted(-u1, -own, side="right") - 1, 0)]
    pick1 = np.where(u1[0] >= own, pick1, -1)
    pick = np.where(proposer == 0, pick0, pick1)
    # An aspiration above every outcome (a reservation above the best) leaves
    # the proposer nothing to offer at that step: no offer, -1.
    reachable = (pick >= 0) & (pick < front.size)
    pick = np.where(reachable, pick, 0)
    offered = np.where(reachable, front[pick], -1)
    responder_gets = np.where(proposer == 0, u1[pick], u0[pick])
    accepted = reachable & (responder_gets >= levels[1 - proposer, step])
    if not accepted.any():
        return Negotiation(offers=offered, agreement=None, step=None)
    at = int(np.argmax(accepted))
    return Negotiation(offers=offered[: at + 1], agreement=int(offered[at]), step=at)
