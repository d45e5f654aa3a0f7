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
