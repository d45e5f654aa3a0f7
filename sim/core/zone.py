"""The agreement zone: outcomes every party prefers (weakly) to no deal.

Also called the zone of possible agreement (ZOPA; Raiffa 1982, ch. 4): the
outcomes ``x`` with ``u_i(x) >= r_i`` for every party ``i``, where ``r_i`` is
the party's reservation value, the worth of its best alternative to a
negotiated agreement (Fisher & Ury 1981).
"""

from __future__ import annotations

import numpy as np


def agreement_zone(U: np.ndarray, reservation: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows of `U` that give every party at least its reservation.

    Parameters
    ----------
    U
        Utilities, shape ``(n_outcomes, n_parties)``.
    reservation
        Reservation values, shape ``(n_parties,)``.
    """
    U = np.asarray(U, dtype=float)
    reservation = np.asarray(reservation, dtype=float)
    if U.ndim != 2 or reservation.shape != (U.shape[1],):
        raise ValueError("need U of shape (n, k) and one reservation value per column")
    return np.all(U >= reservation, axis=1)


def class_zone(
    u0: np.ndarray,
    u1: np.ndarray,
    radices: tuple[int, ...],
    class_issues: tuple[int, ...],
    thresholds: np.ndarray,
) -> np.ndarray:
    """The agreement zone of a whole space of two parties whose thresholds depend on a class.

    A boolean array of shape `radices`, indexed by the levels of an outcome
    ``x``: ``u_0(x) >= t_0[c(x)] and u_1(x) >= t_1[c(x)]``, where the class
    ``c(x)`` numbers the levels of `class_issues` (ascending agenda positions)
    in C order, as :func:`numpy.ravel_multi_index` does. Its sum is the
    zone's size; a slice along an issue, the zone of the outcomes that settle
    that issue at given levels.

    Parameters
    ----------
    u0, u1
        Each party's utility of every outcome, in the space's C order
        (:mod:`sim.core.space`), shape ``(prod(radices),)``.
    thresholds
        ``(n_classes, 2)``: the least utility each party accepts in each class
        (:func:`sim.core.commitment.acceptance_threshold`).

    Notes
    -----
    In C order ``u.reshape(radices)`` is indexed by the levels themselves, and
    the thresholds reshaped to the class issues' radices, with a length-1
    axis for every other issue, broadcast along those: each outcome is
    compared once with its own class's thresholds, with no threshold gathered
    per outcome. Still a pass over every outcome; :mod:`sim.core.dominance`
    counts without one, after sorting once.
    """
    shape = [r if j in class_issues else 1 for j, r in enumerate(radices)]
    t = np.asarray(thresholds, dtype=float)
    first = u0.reshape(radices) >= t[:, 0].reshape(shape)
    return np.logical_and(first, u1.reshape(radices) >= t[:, 1].reshape(shape), out=first)
