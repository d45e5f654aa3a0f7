"""Two-player games derived from a bargaining round, solved with nashpy.

* :func:`ceasefire_game` - hold fire or keep fighting, a 2x2 game whose
  payoffs come from the parties' reservation values, war costs and the
  mediators' pressure. Without pressure it is a prisoner's dilemma when the
  gain from exploiting a unilateral truce beats the war cost saved; a penalty
  on breaking a truce (sanctions) larger than that gain turns it into an
  assurance game (stag hunt) in which mutual restraint is an equilibrium.
* :func:`demand_game` - the Nash (1953) demand game over a discretised
  Pareto frontier: each party names a utility; compatible demands are met,
  incompatible ones leave both with their disagreement value.
* :func:`equilibria` - every equilibrium found by support enumeration
  (Nisan et al. 2007, alg. 3.4), falling back to vertex enumeration (alg. 3.5)
  and then to Lemke-Howson from every starting label when the game is
  degenerate, where support enumeration can miss equilibria.
"""

from __future__ import annotations

import warnings

import numpy as np

#: Two mixed strategies closer than this in every entry are the same equilibrium.
EQUILIBRIUM_TOLERANCE = 1e-9
#: Reported probabilities are rounded to this many decimals (vertex enumeration
#: returns 0.9999999999999998 where it means 1).
PROBABILITY_DECIMALS = 12

HOLD, FIGHT = 0, 1


def ceasefire_game(
    truce: np.ndarray,
    war: np.ndarray,
    exploit_gain: np.ndarray,
    exploited_loss: np.ndarray,
    penalty: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Payoff matrices ``(A, B)`` of the hold-fire / keep-fighting game.

    Strategy 0 is hold fire, 1 keep fighting; row player is party 0. Each
    argument holds one value per party. For party ``i`` facing ``j``::

        (hold, hold)   truce_i
        (hold, fight)  war_i - exploited_loss_i
        (fight, hold)  truce_i + exploit_gain_i - penalty_i
        (fight, fight) war_i
    """
    truce, war, gain, loss, pen = (
        np.asarray(a, dtype=float) for a in (truce, war, exploit_gain, exploited_loss, penalty)
    )

    def payoff(i: int) -> np.ndarray:
        # Rows: party i's own strategy; columns: the other's.
        return np.array(
            [[truce[i], war[i] - loss[i]], [truce[i] + gain[i] - pen[i], war[i]]], dtype=float
        )

    return payoff(0), payoff(1).T


def round_ceasefire_game(
    war_values: np.ndarray,
    pains: np.ndarray,
    exploit_gain: float,
    exploited_loss: float,
    penalty: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The ceasefire game of one round of talks: :func:`ceasefire_game` with a truce
    worth the value of fighting on plus the round's pain it saves, and the same
    exploitation gain and loss for both parties."""
    war = np.asarray(war_values, dtype=float)
    return ceasefire_game(
        truce=war + np.asarray(pains, dtype=float),
        war=war,
        exploit_gain=np.full(2, exploit_gain),
        exploited_loss=np.full(2, exploited_loss),
        penalty=penalty,
    )


def demand_game(
    front: np.ndarray, disagreement: np.ndarray, n_demands: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The Nash demand game over a discretised frontier.

    Parameters
    ----------
    front
        Utilities of the frontier points at or above `disagreement`, shape ``(m, 2)``.
    disagreement
        ``(d_0, d_1)``.
    n_demands
        Demands per party: `n_demands` frontier points spread evenly along it
        (fewer if the frontier is shorter); each party's demand menu is its
        utility at those points.

    Returns
    -------
    (A, B, demands0, demands1)
        ``A[a, b] = demands0[a]`` and ``B[a, b] = demands1[b]`` when some
        frontier point gives both at least their demands, else ``d``.

    References
    ----------
    Nash, J. F. (1953). Two-person cooperative games. *Econometrica* 21(1), 128-140.
    """
    front = np.asarray(front, dtype=float)
    d = np.asarray(disagreement, dtype=float)
    if front.ndim != 2 or front.shape[1] != 2 or front.shape[0] == 0:
        raise ValueError("front must be a non-empty (m, 2) array")
    order = np.argsort(front[:, 0], kind="stable")
    pick = np.unique(np.linspace(0, front.shape[0] - 1, min(n_demands, front.shape[0])).round())
    points = front[order][pick.astype(int)]
    demands0, demands1 = points[:, 0], points[:, 1]
    compatible = (
        (front[None, None, :, 0] >= demands0[:, None, None])
        & (front[None, None, :, 1] >= demands1[None, :, None])
    ).any(axis=2)
    A = np.where(compatible, demands0[:, None], d[0])
    B = np.where(compatible, demands1[None, :], d[1])
    return A, B, demands0, demands1


def equilibria(A: np.ndarray, B: np.ndarray) -> tuple[list[tuple[np.ndarray, np.ndarray]], str]:
    """Nash equilibria of the bimatrix game ``(A, B)`` and the algorithm that found them.

    Returns
    -------
    (equilibria, method)
        A list of ``(sigma_row, sigma_col)`` mixed strategies, sorted, without
        duplicates, and ``"support_enumeration"``, ``"vertex_enumeration"``
        or ``"lemke_howson"``.
    """
    # Imported on first use: nashpy brings scipy (about 0.9 s), which commands
    # that solve no game (calibrate, report, sweep set-up) should not pay.
    import nashpy as nash

    game = nash.Game(np.asarray(A, dtype=float), np.asarray(B, dtype=float))
    if not has_tied_pure_best_responses(*game.payoff_matrices):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = list(game.support_enumeration())
        degenerate = any(issubclass(w.category, RuntimeWarning) for w in caught)
        if found and not degenerate:
            return _distinct(found), "support_enumeration"
    # Vertex enumeration needs positive payoffs; adding a constant to a
    # player's payoffs leaves the equilibria unchanged.
    shifted = nash.Game(*(m - m.min() + 1.0 for m in game.payoff_matrices))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = list(shifted.vertex_enumeration())
        if found:
            return _distinct(found), "vertex_enumeration"
        n_labels = sum(game.payoff_matrices[0].shape)
        found = [shifted.lemke_howson(initial_dropped_label=label) for label in range(n_labels)]
    return _distinct(found), "lemke_howson"


def has_tied_pure_best_responses(A: np.ndarray, B: np.ndarray) -> bool:
    """Whether some pure strategy has two or more pure best responses.

    Such a game is degenerate (a support of size 1 with more than one best
    response; von Stengel 2007, def. 3.2), so support enumeration cannot be
    trusted to find every equilibrium and its 2^(m+n) support pairs are not
    worth trying.
    """
    col_best = B == B.max(axis=1, keepdims=True)  # column replies to each row
    row_best = A == A.max(axis=0, keepdims=True)  # row replies to each column
    return bool((col_best.sum(axis=1) > 1).any() or (row_best.sum(axis=0) > 1).any())


def _distinct(found: list) -> list[tuple[np.ndarray, np.ndarray]]:
    unique: list[tuple[np.ndarray, np.ndarray]] = []
    for sigma_row, sigma_col in found:
        sigma_row = np.abs(np.round(np.asarray(sigma_row, dtype=float), PROBABILITY_DECIMALS))
        sigma_col = np.abs(np.round(np.asarray(sigma_col, dtype=float), PROBABILITY_DECIMALS))
        if np.isnan(sigma_row).any() or np.isnan(sigma_col).any():
            continue
        if not any(
            np.allclose(sigma_row, r, atol=EQUILIBRIUM_TOLERANCE)
            and np.allclose(sigma_col, c, atol=EQUILIBRIUM_TOLERANCE)
            for r, c in unique
        ):
            unique.append((sigma_row, sigma_col))
    unique.sort(key=lambda rc: (tuple(-rc[0]), tuple(-rc[1])))
    return unique
