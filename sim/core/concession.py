"""Time-dependent concession (Faratin, Sierra & Jennings 1998).

A negotiator's concession at normalised time ``t in [0, 1]`` is ``alpha(t)``,
rising from ``alpha(0) = k`` to ``alpha(1) = 1``:

* polynomial:   ``alpha(t) = k + (1 - k) * t ** (1 / e)``
* exponential:  ``alpha(t) = exp((1 - t) ** e * ln k)``

``e < 1`` is Boulware (holds out until the deadline), ``e = 1`` linear (for the
polynomial family), ``e > 1`` Conceder (gives ground early). The party's
aspiration (the utility it insists on) is::

    aspiration(t) = u_max - alpha(t) * (u_max - u_reservation)

References
----------
Faratin, P., Sierra, C. & Jennings, N. R. (1998). Negotiation decision
functions for autonomous agents. *Robotics and Autonomous Systems* 24(3-4),
159-182, sec. 4.2.1.
"""

from __future__ import annotations

import numpy as np

FAMILIES = ("polynomial", "exponential")


def concession(
    t: np.ndarray | float, e: float, k: float = 0.0, family: str = "polynomial"
) -> np.ndarray | float:
    """Fraction of the way from ideal to reservation conceded at time `t`.

    The exponential family is undefined at ``k = 0`` (``ln 0``); its limit as
    ``k -> 0+`` is used: ``alpha(t) = 0`` for ``t < 1`` and ``alpha(1) = 1``,
    a negotiator who concedes nothing until the deadline and then everything.
    """
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES}, got {family!r}")
    if e <= 0:
        raise ValueError(f"e must be positive, got {e}")
    if not 0.0 <= k <= 1.0:
        raise ValueError(f"k must lie in [0, 1], got {k}")
    t_arr = np.asarray(t, dtype=float)
    if ((t_arr < 0) | (t_arr > 1)).any():
        raise ValueError("t must lie in [0, 1]")
    if family == "polynomial":
        alpha = k + (1.0 - k) * t_arr ** (1.0 / e)
    elif k == 0.0:
        alpha = np.where(t_arr >= 1.0, 1.0, 0.0)
    else:
        alpha = np.exp((1.0 - t_arr) ** e * np.log(k))
    return float(alpha) if np.ndim(t) == 0 else alpha


def aspiration_at(
    alpha: np.ndarray | float, u_max: float, u_reservation: float
) -> np.ndarray | float:
    """The aspiration after conceding a share `alpha` of the way to the reservation."""
    return u_max - alpha * (u_max - u_reservation)


def aspiration(
    t: np.ndarray | float,
    e: float,
    u_max: float,
    u_reservation: float,
    k: float = 0.0,
    family: str = "polynomial",
) -> np.ndarray | float:
    """The utility a party insists on at time `t`: ``u_max - alpha(t) (u_max - u_reservation)``."""
    return aspiration_at(concession(t, e, k, family), u_max, u_reservation)
