"""Whether staying at the table pays: how far the best text a side could get falls short.

The text a side could get is the package that comes closest to acceptable
for both (the single negotiating text a mediator would draft, Raiffa 1982):

    x* = argmax_x min_i (v_i(x) - w_i)      (ties: the larger sum of gains)

over the candidate packages ``x`` (values ``v`` after the risk that the
other side reneges, ``w`` the values of fighting on). A side's *shortfall*
is ``s_i = w_i - v_i(x*)``: how much more it expects from fighting than from
that text (negative when a zone exists and the text lies in it).

A side leaves when ``s_i`` plus its cost of sitting at the table at home
(an audience cost) exceeds a walk-out gap, or when the talks have made no
progress for long and it is the side furthest from a deal; it returns when
that sum has fallen by a set improvement since it left, or below 0 (the war,
the costs or a mediator's offer changed). Wars last where the parties cannot
commit (Powell 2006; Reiter 2009): information about the balance is learned,
while the renege risk and the red lines that keep every text short of
fighting on do not go away with talking.

References
----------
Powell, R. (2006). War as a commitment problem. *International Organization* 60(1).
Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard University Press.
Reiter, D. (2009). *How Wars End*. Princeton University Press.
Zartman, I. W. (1989). *Ripe for Resolution*. Oxford University Press.
"""

from __future__ import annotations

import numpy as np

from sim.core.selection import argmax_lexicographic


def nearest_text(values: np.ndarray, war_values: np.ndarray) -> int:
    """The row of `values` (m, 2) that comes closest to acceptable for both (``x*`` above).

    >>> nearest_text(np.array([[0.9, 0.2], [0.5, 0.5], [0.2, 0.9]]), np.array([0.6, 0.6]))
    1
    """
    gaps = np.asarray(values, dtype=float) - np.asarray(war_values, dtype=float)
    if len(gaps) == 0:
        raise ValueError("need at least one candidate package")
    best = argmax_lexicographic(np.arange(len(gaps)), gaps.min(axis=1), gaps.sum(axis=1))
    return int(best)  # type: ignore[arg-type]


def shortfalls(values: np.ndarray, war_values: np.ndarray, text: int | None = None) -> np.ndarray:
    """Each side's shortfall ``s_i = w_i - v_i(x*)`` (see the module docstring).

    `text`: ``x*``, if the caller has found it (:func:`nearest_text`).

    Examples
    --------
    >>> shortfalls(np.array([[0.9, 0.2], [0.5, 0.5], [0.2, 0.9]]), np.array([0.6, 0.6])).tolist()
    [0.09999999999999998, 0.09999999999999998]
    """
    w = np.asarray(war_values, dtype=float)
    return w - np.asarray(values, dtype=float)[nearest_text(values, w) if text is None else text]


def returns(pressure: float, at_exit: float, improvement: float) -> bool:
    """Whether a side that left at pressure `at_exit` comes back at `pressure`.

    >>> returns(0.2, 0.3, 0.05), returns(0.28, 0.3, 0.05), returns(-0.01, 0.0, 0.05)
    (True, False, True)
    """
    return pressure <= 0.0 or pressure <= at_exit - improvement
