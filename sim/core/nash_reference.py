"""The Nash bargaining solution on one issue, with the reference point as disagreement point.

On one issue dimension actor ``i`` holds position ``x_i`` and bargaining
weight ``w_i >= 0``; ``q`` is the reference point, the outcome if the actors
do not agree (the status quo, or the policy that would otherwise hold). Each
actor has a quadratic loss ``u_i(x) = -(x - x_i)^2`` (the shape Achen 2006
uses to derive the compromise model from Nash's solution), so its gain over
the reference point is::

    g_i(x) = (q - x_i)^2 - (x - x_i)^2 = (x - q)(2 x_i - q - x).

**The solution** (Nash 1950, with unequal weights as the exponents of the
product, Kalai 1977) maximises the weighted Nash product over the outcomes
that leave every actor better off than the reference point::

    x* = argmax_x sum_i w_i log g_i(x)   subject to g_i(x) > 0 for all i.

A change in one direction gains only the actors on that side of ``q``, and
``g_i > 0`` for every ``i`` only if all actors stand strictly on one side.
With ``a_i = |x_i - q|`` and ``y = |x - q|`` on that side the objective is
``W log y + sum_i w_i log(2 a_i - y)`` (``W = sum_i w_i``), strictly concave
on ``0 < y < 2 min a``; its maximum solves::

    W / y = sum_i w_i / (2 a_i - y),

whose root lies in ``[min a, min(max a, 2 min a))`` (the solution is Pareto
optimal, so it lies between the actors' positions). It is found by Brent's
method to :data:`TOLERANCE`. Two actors with equal weights at 10 and 30 and
``q = 0``: ``2 / y = 1/(20 - y) + 1/(60 - y)``, ``y^2 - 60 y + 600 = 0``,
``x* = 30 - sqrt(300) = 12.68``; the compromise model gives 20.

**Actors who cannot gain.** When some actor holds the reference point, or
actors stand on both sides of it, no outcome other than ``q`` gains every
actor: the bargaining set is ``{q}`` and Nash's solution is ``q``
(``losers="veto"``, the definition). ``losers="outvoted"`` is a stated
variant, not Nash's definition: the side of ``q`` holding the larger total
weight is the coalition for change, the actors at ``q`` or on the other side
are left out of the product (outvoted), and the solution is the Nash
solution of the coalition; ``q`` if the two sides hold equal weight or no
actor is off ``q``.

**A missing reference point** (``q`` NaN): as ``q`` recedes to either
infinity, the first-order condition becomes ``sum_i w_i (x_i - x) = 0``, the
weighted mean: the compromise model is the Nash solution with a disagreement
point far from every actor (Achen 2006). Without a reference point the
function returns that limit.

Actors with ``w_i = 0`` take no part.

References
----------
Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
Kalai, E. (1977). Nonsymmetric Nash solutions and replications of 2-person
bargaining. *International Journal of Game Theory* 6(3), 129-133.
Achen, C. H. (2006). Institutional realism and bargaining models. In R.
Thomson, F. N. Stokman, C. H. Achen & T. König (eds), *The European Union
Decides*, ch. 4. Cambridge University Press.
Schneider, G., Finke, D. & Bailer, S. (2010). Bargaining power in the
European Union: an evaluation of competing game-theoretic models.
*Political Studies* 58(1), 85-103.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from scipy.optimize import brentq

from sim.core.compromise import weighted_mean

#: Absolute tolerance of the root on the issue's scale (positions of 0-100: far below a point).
TOLERANCE = 1e-10

Losers = Literal["veto", "outvoted"]


def nash_reference(
    positions: np.ndarray,
    weights: np.ndarray,
    reference: float,
    losers: Losers = "veto",
) -> float:
    """The weighted Nash bargaining solution with disagreement point `reference`.

    Parameters
    ----------
    positions, weights
        One value per actor; weights ``>= 0`` with a positive sum.
    reference
        The reference point ``q``; NaN: none (the weighted mean, see the module docstring).
    losers
        ``"veto"`` (Nash's definition) or ``"outvoted"`` (the variant above).

    Returns
    -------
    float
        The outcome ``x*``.

    >>> round(nash_reference(np.array([10.0, 30.0]), np.ones(2), 0.0), 4)
    12.6795
    """
    x, w = _checked(positions, weights)
    if math.isnan(reference):
        return float(weighted_mean(x, w))
    plays = w > 0
    x, w = x[plays], w[plays]
    side = np.sign(x - reference)
    if losers == "outvoted":
        up, down = w[side > 0].sum(), w[side < 0].sum()
        if up == down:
            return float(reference)
        keep = side == (1 if up > down else -1)
        x, w, side = x[keep], w[keep], side[keep]
    if not (side == side[0]).all() or side[0] == 0:
        return float(reference)  # the bargaining set is {q}
    a = np.abs(x - reference)
    y = _root(a, w)
    return float(reference + side[0] * y)


def _root(a: np.ndarray, w: np.ndarray) -> float:
    """The root ``y`` of ``W / y = sum_i w_i / (2 a_i - y)`` (all ``a_i > 0``)."""
    low, high = float(a.min()), float(a.max())
    if high - low <= TOLERANCE:
        return low
    total = w.sum()

    def slope(y: float) -> float:
        return total / y - float(np.sum(w / (2 * a - y)))

    if high < 2 * low:  # the slope is <= 0 at max a
        return float(brentq(slope, low, high, xtol=TOLERANCE))
    # The log term of the actor nearest q falls to -inf at 2 min a: approach
    # it until the slope turns negative (at once unless that actor's weight is tiny).
    gap = low
    while True:
        gap /= 1e3
        upper = 2 * low - gap
        if slope(upper) < 0:
            return float(brentq(slope, low, upper, xtol=TOLERANCE))
        if gap <= TOLERANCE:
            return upper


def _checked(positions: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(positions, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.shape != w.shape or x.ndim != 1 or x.size == 0:
        raise ValueError("positions and weights need the same non-empty 1-d shape")
    if (w < 0).any() or not w.sum() > 0 or not np.isfinite(x).all():
        raise ValueError("weights must be >= 0 with a positive sum, positions finite")
    return x, w
