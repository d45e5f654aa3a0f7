"""Axiomatic and strategic bargaining solutions over a finite set of outcomes.

* Nash (1950): maximise the product of gains over the disagreement point.
* Kalai & Smorodinsky (1975): equalise the parties' gains as shares of their
  ideal gains (the best each can get among individually rational outcomes).
* Rubinstein (1982): the subgame-perfect split of alternating offers with
  discounting, and its finite-horizon counterpart (Ståhl 1972).

`U` is always an ``(n_outcomes, n_parties)`` array of utilities and `d` the
disagreement point (one value per party).
"""

from __future__ import annotations

import numpy as np

from sim.core.selection import argmax_lexicographic


def _gains(U: np.ndarray, disagreement: np.ndarray) -> np.ndarray:
    U = np.asarray(U, dtype=float)
    d = np.asarray(disagreement, dtype=float)
    if U.ndim != 2 or d.shape != (U.shape[1],):
        raise ValueError("need U of shape (n, k) and one disagreement value per column")
    return U - d


def nash_bargaining(U: np.ndarray, disagreement: np.ndarray) -> int | None:
    """Index of the Nash bargaining solution among the rows of `U`.

    ``argmax_x prod_i (u_i(x) - d_i)`` over rows strictly better than `d` for
    every party; ties go to the smallest index; ``None`` when no row is
    strictly better for all.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
    """
    gains = _gains(U, disagreement)
    candidates = np.flatnonzero((gains > 0).all(axis=1))
    if candidates.size == 0:
        return None
    product = np.ones(gains.shape[0])
    product[candidates] = np.prod(gains[candidates], axis=1)
    return argmax_lexicographic(candidates, product)


def kalai_smorodinsky(U: np.ndarray, disagreement: np.ndarray) -> int | None:
    """Index of the Kalai-Smorodinsky solution among the rows of `U`.

    Among rows with ``u_i >= d_i`` for all ``i`` (the individually rational
    set ``S``), with ``ideal_i = max_{x in S} u_i(x)``, maximise::

        min_i (u_i(x) - d_i) / (ideal_i - d_i)

    ties to the larger sum of gains, then the smallest index. A party whose
    ideal equals its disagreement value gets exactly ``d_i`` in every row of
    ``S``; its ratio is taken as 1 so it does not constrain the others.
    ``None`` when ``S`` is empty.

    References
    ----------
    Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining
    problem. *Econometrica* 43(3), 513-518.
    """
    gains = _gains(U, disagreement)
    candidates = np.flatnonzero((gains >= 0).all(axis=1))
    if candidates.size == 0:
        return None
    ideal_gain = gains[candidates].max(axis=0)
    ratio = np.ones((candidates.size, gains.shape[1]))
    movable = ideal_gain > 0
    ratio[:, movable] = gains[candidates][:, movable] / ideal_gain[movable]
    score = np.full(gains.shape[0], -np.inf)
    score[candidates] = ratio.min(axis=1)
    return argmax_lexicographic(candidates, score, gains.sum(axis=1))


def rubinstein(delta1: float, delta2: float, horizon: int | None = None) -> tuple[float, float]:
    """Subgame-perfect shares ``(first proposer, responder)`` of a unit pie.

    Infinite horizon (Rubinstein 1982): player 1 proposes first and the
    unique equilibrium is immediate agreement on::

        x1 = (1 - delta2) / (1 - delta1 * delta2),   x2 = 1 - x1

    Finite horizon ``T`` (Ståhl 1972): offers alternate starting with player 1;
    the proposer of round ``T`` takes everything. By backward induction the
    proposer of round ``t`` offers the responder exactly what the responder
    would get as proposer in ``t + 1``, discounted once::

        v_T = 1,   v_t = 1 - delta_responder(t) * v_{t+1}

    and player 1 gets ``v_1``. As ``T -> inf`` this converges to the
    infinite-horizon shares when ``delta1 * delta2 < 1``.

    References
    ----------
    Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
    *Econometrica* 50(1), 97-109. Ståhl, I. (1972). *Bargaining Theory*.
    """
    for name, delta in (("delta1", delta1), ("delta2", delta2)):
        if not 0.0 <= delta <= 1.0:
            raise ValueError(f"{name} must lie in [0, 1], got {delta}")
    if horizon is None:
        if delta1 * delta2 >= 1.0:
            raise ValueError("the infinite-horizon game needs delta1 * delta2 < 1")
        x1 = (1.0 - delta2) / (1.0 - delta1 * delta2)
        return x1, 1.0 - x1
    if horizon < 1:
        raise ValueError("horizon must be a positive number of rounds")
    proposer_share = 1.0
    for t in range(horizon - 1, 0, -1):
        # The responder of round t proposes in round t + 1: player 2 when t is odd.
        responder_delta = delta2 if t % 2 == 1 else delta1
        proposer_share = 1.0 - responder_delta * proposer_share
    return proposer_share, 1.0 - proposer_share
