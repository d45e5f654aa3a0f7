"""Which articles of a negotiating text a side accepts as they stand.

A single negotiating text (Raiffa 1982) has one article per agenda issue.
While the whole text is not yet acceptable, the sides still report articles
on which they have converged ("provisionally agreed": nothing is agreed until
everything is). An article converges only if *each* side accepts its level as
it stands, given what it expects of the rest of the text. Side ``i`` accepts
article ``j`` at level ``l`` iff

* ``l`` is not a level it rejects (red lines among them), and
* ``v_ij(l) >= min(f_ij, T_i)``: the level is at least as good, on that issue
  alone, as the least it has said it could accept there (``f_ij``, infinite
  where it said nothing), or as what the whole text must give it (``T_i``,
  its acceptance threshold: the value of fighting on plus the premium for
  the risk that the other side reneges, :func:`sim.core.commitment.acceptance_threshold`).

The second test reads the additive utility ``u_i = sum_j w_ij v_ij`` (weights
summing to 1) as a budget of concessions: a text whose every article gives
``v_ij >= T_i`` gives ``u_i >= T_i``, so an article worth that much on its own
asks no more of the side than its proportional share of what it can concede.
Hence, when every article is accepted by a side on that test, the side
accepts the whole text; and an article far from a side's position does not
count as converged just because the side needs other changes more. What the
side expects of the rest of the text enters through ``T_i``, which depends on
the text's guarantees and shifts of power (its renege risk).
"""

from __future__ import annotations

import numpy as np


def accepted_articles(
    values: np.ndarray,
    rejected: np.ndarray,
    floors: np.ndarray,
    threshold: float,
) -> np.ndarray:
    """Mask of the articles one side accepts (see the module docstring).

    Parameters
    ----------
    values
        (k,) the side's value of each article's level, on that issue alone.
    rejected
        (k,) whether the side rejects that level.
    floors
        (k,) the least value of a level it said it could accept on each
        issue (``inf`` where it said none).
    threshold
        What the whole text must be worth to it.

    Examples
    --------
    >>> accepted_articles(np.array([1.0, 0.6, 0.5, 0.9]), np.array([False, False, False, True]),
    ...                   np.array([np.inf, 0.6, np.inf, np.inf]), 0.7).tolist()
    [True, True, False, False]
    """
    values = np.asarray(values, dtype=float)
    return ~np.asarray(rejected, bool) & (values >= np.minimum(floors, threshold))
