"""Zeuthen's principle: the side less willing to risk a breakdown concedes.

Two parties each stand on an offer. Party ``i``'s *risk limit* is the
largest probability of breakdown it would accept rather than take the
other's offer (Zeuthen 1930)::

    r_i = (u_i(x_i) - u_i(x_j)) / (u_i(x_i) - d_i)

where ``d_i`` is what breakdown (fighting on) is worth to it. ``r_i >= 1``
means the other's offer is no better than fighting: the party would rather
fight than take it. The party with the smaller risk limit concedes (both on
a tie); neither concedes while both limits are at least 1, so talks stall
for as long as no package beats fighting for both. Harsanyi (1956) showed
that ``r_i < r_j`` exactly when ``x_i`` has the smaller Nash product
``(u_0 - d_0)(u_1 - d_1)``; the smallest concession that passes the
initiative to the other side is therefore a move to the candidate best for
the conceder among those whose Nash product exceeds that of the other's
offer. Repeated, the process ends at the Nash (1950) bargaining solution.

No deadline drives it: a party concedes when what it risks by holding out
outweighs what it gains, and that changes only when the value of fighting
on (``d``) or the offers change.

References
----------
Zeuthen, F. (1930). *Problems of Monopoly and Economic Warfare*. Routledge.
Harsanyi, J. C. (1956). Approaches to the bargaining problem before and
after the theory of games. *Econometrica* 24(2), 144-157.
"""

from __future__ import annotations

import numpy as np

from sim.core.selection import argmax_lexicographic


def risk_limits(own: np.ndarray, others: np.ndarray, disagreement: np.ndarray) -> np.ndarray:
    """Each party's risk limit (see the module docstring).

    Parameters
    ----------
    own
        ``own[i]``: the value to party ``i`` of its own offer.
    others
        ``others[i]``: the value to party ``i`` of the other party's offer.
    disagreement
        ``d[i]``: the value to party ``i`` of breakdown.

    A party whose own offer is no better than breakdown has nothing to
    protect and gets 0; a party the other's offer already satisfies gets 0.
    """
    own, others, d = (np.asarray(x, dtype=float) for x in (own, others, disagreement))
    stake = own - d
    with np.errstate(divide="ignore", invalid="ignore"):
        limit = np.where(stake > 0, (own - others) / stake, 0.0)
    return np.maximum(limit, 0.0)


def nash_products(U: np.ndarray, disagreement: np.ndarray) -> np.ndarray:
    """``prod_i (u_i - d_i)`` for rows every party weakly prefers to breakdown, else -1."""
    gains = np.asarray(U, dtype=float) - np.asarray(disagreement, dtype=float)
    rational = (gains >= 0).all(axis=1)
    return np.where(rational, np.prod(np.maximum(gains, 0.0), axis=1), -1.0)


def concede(
    U: np.ndarray,
    disagreement: np.ndarray,
    party: int,
    other_offer: int,
    products: np.ndarray | None = None,
) -> int:
    """The smallest concession of `party` that passes the initiative to the other side.

    The row best for `party` (ties: best for the other, then the smallest
    index) among those with a Nash product above that of `other_offer`;
    `other_offer` itself when there is none (the party gives in).
    `products`: ``nash_products(U, disagreement)``, if the caller has it.
    """
    if products is None:
        products = nash_products(U, disagreement)
    better = np.flatnonzero(products > products[other_offer])
    if better.size == 0:
        return int(other_offer)
    found = argmax_lexicographic(better, U[:, party], U[:, 1 - party])
    return int(found)  # type: ignore[arg-type]


def zeuthen_step(
    U: np.ndarray, disagreement: np.ndarray, offers: tuple[int, int]
) -> tuple[tuple[int, int], int | None]:
    """One round of Zeuthen bargaining: ``(new offers, agreed row or None)``.

    An offer that both prefer to breakdown and that the other party likes
    at least as well as its own is accepted (the first party's offer first).
    Otherwise the party whose offer has the smaller Nash product concedes
    (both on a tie), which inside the zone is the party with the smaller
    risk limit (Harsanyi 1956); an offer one party finds worse than fighting
    counts -1, so both concede to the zone once one opens. While no row
    beats breakdown for both, nobody concedes: the talks stall.
    """
    U = np.asarray(U, dtype=float)
    d = np.asarray(disagreement, dtype=float)
    x = np.asarray(offers)
    own = U[x, [0, 1]]
    theirs = U[x[::-1], [0, 1]]
    for proposer in (0, 1):
        taker = 1 - proposer
        rational = own[proposer] >= d[proposer] and theirs[taker] >= d[taker]
        if rational and theirs[taker] >= own[taker]:
            return offers, int(x[proposer])
    products = nash_products(U, d)
    if products.max() < 0:
        return offers, None
    new = list(offers)
    for i in (0, 1):
        if products[x[i]] <= products[x[1 - i]]:
            new[i] = concede(U, d, i, int(x[1 - i]))
    return (new[0], new[1]), None


def zeuthen_agreement(
    U: np.ndarray, disagreement: np.ndarray, max_rounds: int = 10_000
) -> tuple[int | None, list[tuple[int, int]]]:
    """Run Zeuthen bargaining from each party's best row to the end.

    Returns the agreed row (None if the talks stall) and the offers of
    every round. Each party opens with its best row (ties: best for the
    other). On a set of outcomes with a non-empty zone the agreed row has
    the largest Nash product (Harsanyi 1956).
    """
    U = np.asarray(U, dtype=float)
    if U.shape[0] == 0:
        return None, []
    rows = np.arange(U.shape[0])
    offers = (
        int(argmax_lexicographic(rows, U[:, 0], U[:, 1])),  # type: ignore[arg-type]
        int(argmax_lexicographic(rows, U[:, 1], U[:, 0])),  # type: ignore[arg-type]
    )
    path = [offers]
    for _ in range(max_rounds):
        offers, agreed = zeuthen_step(U, disagreement, offers)
        if agreed is not None:
            return agreed, path
        if offers == path[-1]:
            return None, path
        path.append(offers)
    return None, path
