"""The position-exchange model: actors trade voting positions across the issues of a proposal.

Actors ``i`` hold on each issue ``d`` of one proposal a position ``x_id``
(their preference, fixed), a voting position ``v_id`` (initially ``x_id``)
and a salience ``s_id``; capability ``c_i``; weight ``w_id = c_i s_id``. The
expected outcome of an issue is the compromise model on the voting
positions, ``O_d = sum_i w_id v_id / W_d`` with ``W_d = sum_i w_id``.
Utility is linear in the distance of the outcome from the actor's position,
weighted by salience: moving ``O_d`` by ``delta`` towards ``x_id`` is worth
``s_id delta`` to ``i``. Source: Stokman & Van Oosten (1994); the form tested
on EU legislation by Arregui, Stokman & Thomson (2006), with the exchange
rate of equal gains.

**An exchange** between ``i`` and ``j`` over issues ``p`` and ``q``: ``j``
moves its vote on ``p`` towards ``x_ip`` (``i`` "demands" ``p``) and ``i`` moves
its vote on ``q`` towards ``x_jq``. It is possible when

* ``i`` and ``j`` stand on opposite sides of the expected outcome on both
  issues (so each move costs the mover and profits the other), and
* ``s_ip s_jq > s_iq s_jp`` (``i`` cares relatively more about ``p``, ``j``
  about ``q``).

The outcome shifts are ``delta_p = w_jp |move_j| / W_p`` and
``delta_q = w_iq |move_i| / W_q``. At the rate of equal gains,
``s_ip delta_p - s_iq delta_q = s_jq delta_q - s_jp delta_p``, so
``delta_q = r delta_p`` with ``r = (s_ip + s_jp) / (s_iq + s_jq)``, and each
gains ``delta_p (s_ip s_jq - s_iq s_jp) / (s_iq + s_jq)``. The exchange is as
large as it can be without any vote passing the partner's position or the
outcome passing the demanding actor's position: ``delta_p`` is at most
``w_jp |x_ip - v_jp| / W_p`` and ``|x_ip - O_p|``, ``delta_q`` at most
``w_iq |x_jq - v_iq| / W_q`` and ``|x_jq - O_q|``.

**Rounds.** All possible exchanges are ranked by their gain (ties by actor
and issue index) and carried out in that order, each actor changing its vote
on an issue at most once a round (an exchange is skipped if either actor has
already exchanged on either issue this round); then the outcomes are
recomputed. Rounds repeat until no exchange gains more than
:data:`GAIN_TOLERANCE` times the spread of positions, or :data:`MAX_ROUNDS`.
The forecast of each issue is its expected outcome after the last round; a
proposal with one issue, or with no possible exchange, keeps the compromise
model's forecast.

Hand-worked: two actors, capabilities 1 and 2, positions 0 and 100 on both
issues, saliences ``(0.9, 0.3)`` and ``(0.3, 0.6)``: ``O = (40, 80)``;
``r = 4/3``; the caps give ``delta_q = 20``, ``delta_p = 15``, a gain of 7.5
each; the outcomes become ``(25, 100)`` and no exchange remains.

References
----------
Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions: an
object-oriented model of policy networks. In B. Bueno de Mesquita & F. N.
Stokman (eds), *European Community Decision Making*, 105-127. Yale UP.
Arregui, J., Stokman, F. N. & Thomson, R. (2006). Compromise and exchange
models of EU decision-making. In R. Thomson et al. (eds), *The European Union
Decides*, ch. 5. Cambridge University Press.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Rounds at most (a guard: the rounds end when no exchange remains; see the module docstring).
MAX_ROUNDS = 100
#: Smallest gain that counts as an exchange, in units of the spread of positions.
GAIN_TOLERANCE = 1e-9


@dataclass(frozen=True)
class ExchangeResult:
    """The expected outcomes and voting positions after the exchanges."""

    outcome: np.ndarray  # (issues,) NaN where nobody has weight
    votes: np.ndarray  # (actors, issues) voting positions (NaN where no position)
    rounds: int  # rounds with at least one exchange
    exchanges: int


def exchange_model(
    positions: np.ndarray,
    salience: np.ndarray,
    capability: np.ndarray,
    max_rounds: int = MAX_ROUNDS,
) -> ExchangeResult:
    """Play the exchange rounds on the issues of one proposal (see the module docstring).

    Parameters
    ----------
    positions
        ``(actors, issues)``, NaN where an actor takes no position.
    salience
        ``(actors, issues)`` in ``[0, 1]``.
    capability
        ``(actors,)``, ``>= 0``.
    max_rounds
        Stop after this many rounds even if exchanges remain.

    Examples
    --------
    >>> result = exchange_model(
    ...     np.array([[0.0, 0.0], [100.0, 100.0]]),
    ...     np.array([[0.9, 0.3], [0.3, 0.6]]),
    ...     np.array([1.0, 2.0]),
    ... )
    >>> result.outcome.tolist(), result.exchanges
    ([25.0, 100.0], 1)
    """
    x, s, w = _checked(positions, salience, capability)
    held = w > 0
    total = w.sum(axis=0)
    spread = float(np.ptp(x[held])) if held.any() else 0.0
    votes = np.where(held, x, 0.0)
    rounds = exchanges = 0
    for _ in range(max_rounds):
        made = _round(x, s, w, held, total, votes, GAIN_TOLERANCE * spread)
        if made == 0:
            break
        rounds, exchanges = rounds + 1, exchanges + made
    return ExchangeResult(
        outcome=_outcome(w, votes, total),
        votes=np.where(held, votes, np.nan),
        rounds=rounds,
        exchanges=exchanges,
    )


def _outcome(w: np.ndarray, votes: np.ndarray, total: np.ndarray) -> np.ndarray:
    summed = (w * votes).sum(axis=0)
    return np.divide(summed, total, out=np.full(total.shape, np.nan), where=total > 0)


def _round(
    x: np.ndarray,
    s: np.ndarray,
    w: np.ndarray,
    held: np.ndarray,
    total: np.ndarray,
    votes: np.ndarray,
    tolerance: float,
) -> int:
    """Carry out one round of exchanges on `votes` (in place); the number made."""
    outcome = _outcome(w, votes, total)
    side = np.where(held, np.sign(x - outcome), 0.0)  # (actors, issues); 0: no say
    n, m = x.shape
    i, j, p, q = (a.ravel() for a in np.indices((n, n, m, m)))
    keep = (i != j) & (p < q)  # each exchange once: i demands p, j demands q, p < q
    i, j, p, q = i[keep], j[keep], p[keep], q[keep]
    possible = (
        (side[i, p] * side[j, p] < 0)
        & (side[i, q] * side[j, q] < 0)
        & (s[i, p] * s[j, q] > s[i, q] * s[j, p])
    )
    i, j, p, q = i[possible], j[possible], p[possible], q[possible]
    if i.size == 0:
        return 0
    # Largest outcome shifts: no vote past the partner's position, no outcome past the demander's.
    room_p = np.clip((x[i, p] - votes[j, p]) * side[i, p], 0.0, None)
    room_q = np.clip((x[j, q] - votes[i, q]) * side[j, q], 0.0, None)
    cap_p = np.minimum(w[j, p] * room_p / total[p], np.abs(x[i, p] - outcome[p]))
    cap_q = np.minimum(w[i, q] * room_q / total[q], np.abs(x[j, q] - outcome[q]))
    rate = (s[i, p] + s[j, p]) / (s[i, q] + s[j, q])
    delta_p = np.minimum(cap_p, cap_q / rate)
    gain = delta_p * (s[i, p] * s[j, q] - s[i, q] * s[j, p]) / (s[i, q] + s[j, q])
    busy = np.zeros((n, m), dtype=bool)
    made = 0
    # Greedy in order of gain: each accepted exchange blocks its actors' issues for
    # the round, so the order decides which go ahead (a sequential step by nature).
    for k in np.argsort(-gain, kind="stable"):
        if gain[k] <= tolerance:
            break
        slots = ((i[k], p[k]), (i[k], q[k]), (j[k], p[k]), (j[k], q[k]))
        if any(busy[slot] for slot in slots):
            continue
        for slot in slots:
            busy[slot] = True
        votes[j[k], p[k]] += side[i[k], p[k]] * delta_p[k] * total[p[k]] / w[j[k], p[k]]
        votes[i[k], q[k]] += side[j[k], q[k]] * rate[k] * delta_p[k] * total[q[k]] / w[i[k], q[k]]
        made += 1
    return made


def _checked(
    positions: np.ndarray, salience: np.ndarray, capability: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(positions, dtype=float)
    s = np.asarray(salience, dtype=float)
    c = np.asarray(capability, dtype=float)
    if x.ndim != 2 or x.shape != s.shape or c.shape != (x.shape[0],):
        raise ValueError("positions and salience need shape (actors, issues), capability (actors,)")
    none = np.isnan(x)
    s = np.where(none, 0.0, s)
    if not ((s >= 0) & (s <= 1)).all() or not (np.isfinite(c) & (c >= 0)).all():
        raise ValueError("salience must lie in [0, 1] and capability be finite and >= 0")
    if np.isinf(x).any():
        raise ValueError("positions must be finite or NaN")
    return np.where(none, 0.0, x), s, c[:, None] * s
