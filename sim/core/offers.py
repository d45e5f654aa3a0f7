"""Offer generation: the trade-off offer at a given aspiration.

Given its aspiration ``a``, a party offers the outcome that is best for the
other side among those that still give it at least ``a``::

    argmax_x u_other(x)  subject to  u_own(x) >= a

ties to the higher ``u_own``, then the smallest index. Such an offer is never
dominated by another outcome the party would also offer, so it lies on the
Pareto frontier (the "trade-off" idea of Faratin, Sierra & Jennings 2002:
concede on what the other values, keep what you value).
"""

from __future__ import annotations

import numpy as np

from sim.core.selection import argmax_lexicographic


def trade_off_offer(own: np.ndarray, other: np.ndarray, aspiration: float) -> int | None:
    """Index of the trade-off offer; ``None`` when no outcome reaches `aspiration`.

    Parameters
    ----------
    own, other
        Utilities of the proposer and of the other side, shape ``(n,)``.
    aspiration
        The proposer's aspiration level.
    """
    own = np.asarray(own, dtype=float)
    other = np.asarray(other, dtype=float)
    if own.shape != other.shape or own.ndim != 1:
        raise ValueError("own and other must be 1-d arrays of the same length")
    return argmax_lexicographic(np.flatnonzero(own >= aspiration), other, own)
