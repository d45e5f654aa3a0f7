"""Procedural models of a legislative decision on one issue: who proposes, who can block.

One issue dimension; a Council of members ``k`` with ideal points ``x_k``
and votes ``v_k > 0``; a voting rule that needs the share ``tau`` of the
votes (``tau = 1``: unanimity; a qualified majority: ``1/2 < tau < 1``); the
reference point ``q``, the policy that holds if nothing is adopted. Every
actor prefers the point nearer its ideal (symmetric, single-peaked
preferences), and is indifferent between points at equal distance.

**Pivots and the win-set** (the spatial model of Steunenberg 1994 and
Crombez 1996). A move up from ``q`` to ``x`` wins the members with
``x_k > (q + x)/2``. The *up pivot* ``p_up`` is the highest ideal point such
that the members at or above it hold the share ``tau``; the *down pivot*
``p_down`` the lowest such that the members at or below it hold ``tau``
(with ``tau > 1/2``, ``p_up <= p_down``; under unanimity they are the lowest
and the highest ideal). The points a qualified majority prefers to ``q``
(the win-set, closed, with ``q``) are::

    [q, 2 p_up - q]    if q < p_up,
    [2 p_down - q, q]  if q > p_down,
    {q}                otherwise (q is in the Council's core [p_up, p_down]).

**Consultation** (Art. 250(1) and 251 TEC; Steunenberg 1994, Crombez 1996):
the Commission sets the agenda; the Council adopts its proposal under the
voting rule, and amends it only by unanimity, so a proposal survives only
inside the Council's unanimity set ``[min x_k, max x_k]``. The Parliament
is consulted and has no say. The outcome is the point nearest the
Commission's ideal ``c`` among ``q`` and the win-set within the unanimity
set (``q`` when both are equally near).

**Codecision** (Art. 251 TEC after Amsterdam, "codecision II"): the
Parliament and the Council must both approve; in conciliation the two
chambers bargain and the Commission has no agenda power (Tsebelis & Garrett
2000; Crombez 2001). With the Parliament's ideal ``e`` on one side of ``q``,
the Council speaks through its pivot on that side (``p_up`` if ``e > q``,
``p_down`` if ``e < q``), and the outcome is the symmetric Nash bargaining
solution of ``e`` and that pivot with ``q`` as disagreement point
(:func:`sim.core.nash_reference.nash_reference`: quadratic loss, both
chambers with weight 1; Napel & Widgrén 2006 model conciliation as Nash
bargaining between the chambers). It is ``q`` when either chamber loses
from every move (gridlock), and otherwise lies in both win-sets.

References
----------
Steunenberg, B. (1994). Decision making under different institutional
arrangements: legislation by the European Community. *Journal of
Institutional and Theoretical Economics* 150(4), 642-669.
Crombez, C. (1996). Legislative procedures in the European Community.
*British Journal of Political Science* 26(2), 199-228.
Tsebelis, G. & Garrett, G. (2000). Legislative politics in the European
Union. *European Union Politics* 1(1), 9-36.
Crombez, C. (2001). The Treaty of Amsterdam and the co-decision procedure.
In G. Schneider & M. Aspinwall (eds), *The Rules of Integration*.
Napel, S. & Widgrén, M. (2006). The inter-institutional distribution of
power in EU codecision. *Social Choice and Welfare* 27(1), 129-154.
Steunenberg, B. & Selck, T. J. (2006). Testing procedural models of EU
legislative decision-making. In R. Thomson et al. (eds), *The European
Union Decides*, ch. 3. Cambridge University Press.
"""

from __future__ import annotations

import numpy as np

from sim.core.nash_reference import nash_reference

#: Relative tolerance when a coalition's votes are compared with the threshold.
VOTE_TOLERANCE = 1e-12


def pivots(positions: np.ndarray, votes: np.ndarray, threshold: float) -> tuple[float, float]:
    """``(p_up, p_down)``: the pivots of a move up and of a move down (module docstring).

    >>> pivots(np.array([0.0, 40.0, 100.0]), np.array([1.0, 1.0, 1.0]), 2 / 3)
    (40.0, 40.0)
    """
    x, v = _council(positions, votes, threshold)
    order = np.argsort(x, kind="stable")
    xs, vs = x[order], v[order]
    need = threshold * vs.sum() * (1 - VOTE_TOLERANCE)
    at_or_above = np.cumsum(vs[::-1])[::-1]  # votes of the members at or above each point
    at_or_below = np.cumsum(vs)
    up = xs[np.flatnonzero(at_or_above >= need)[-1]]
    down = xs[np.flatnonzero(at_or_below >= need)[0]]
    return float(up), float(down)


def win_set(
    reference: float, positions: np.ndarray, votes: np.ndarray, threshold: float
) -> tuple[float, float]:
    """``(low, high)``: the closed win-set of `reference` under the voting rule, with it.

    >>> win_set(0.0, np.array([20.0, 40.0, 100.0]), np.ones(3), 2 / 3)
    (0.0, 80.0)
    """
    up, down = pivots(positions, votes, threshold)
    if reference < up:
        return reference, 2 * up - reference
    if reference > down:
        return 2 * down - reference, reference
    return reference, reference


def consultation(
    reference: float,
    commission: float,
    positions: np.ndarray,
    votes: np.ndarray,
    threshold: float,
) -> float:
    """The Commission's best proposal the Council adopts and cannot amend (consultation).

    >>> consultation(0.0, 100.0, np.array([20.0, 40.0, 100.0]), np.ones(3), 2 / 3)
    80.0
    """
    low, high = win_set(reference, positions, votes, threshold)
    x = np.asarray(positions, dtype=float)
    low, high = max(low, float(x.min())), min(high, float(x.max()))
    if low > high:
        return float(reference)
    proposal = min(max(commission, low), high)
    closer = abs(proposal - commission) < abs(reference - commission)
    return float(proposal if closer else reference)


def codecision(
    reference: float,
    parliament: float,
    positions: np.ndarray,
    votes: np.ndarray,
    threshold: float,
) -> float:
    """The Nash bargain of the Parliament and the Council's pivot (codecision).

    >>> round(codecision(0.0, 30.0, np.array([10.0, 40.0, 100.0]), np.ones(3), 2 / 3), 4)
    33.6254
    """
    up, down = pivots(positions, votes, threshold)
    if parliament == reference:
        return float(reference)
    pivot = up if parliament > reference else down
    return nash_reference(np.array([parliament, pivot]), np.ones(2), reference)


def _council(
    positions: np.ndarray, votes: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(positions, dtype=float)
    v = np.asarray(votes, dtype=float)
    if x.shape != v.shape or x.ndim != 1 or x.size == 0 or not np.isfinite(x).all():
        raise ValueError("positions and votes need the same non-empty 1-d shape, finite")
    if not (v > 0).all():
        raise ValueError("every member needs a positive number of votes")
    if not 0.5 < threshold <= 1.0:
        raise ValueError(f"threshold must be a share in (1/2, 1], got {threshold}")
    return x, v
