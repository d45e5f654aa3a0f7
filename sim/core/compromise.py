"""The compromise model and the weighted median: two one-number forecasts of a decision.

On one issue dimension, actor ``i`` holds position ``x_i`` with weight
``w_i = c_i s_i`` (capability times salience).

* **Compromise model** (Achen 2006, "Evaluating political decision-making
  models", in Thomson, Stokman, Achen & König (eds.), *The European Union
  Decides*, ch. 10): the outcome is the weighted mean
  ``sum_i w_i x_i / sum_i w_i``.
* **Weighted median** (the median-voter forecast, Black 1948): the smallest
  position ``x_(m)`` (positions sorted) whose cumulative weight reaches half
  the total, ``sum_{k <= m} w_(k) >= W / 2``. On one dimension with
  single-peaked preferences this position beats every other in a vote
  weighted by ``w`` (it is the Condorcet winner).

Actors with zero weight change neither forecast. Both functions take the
last axis as the actors, so a batch of issues is one call.
"""

from __future__ import annotations

import numpy as np

#: Relative tolerance for "the cumulative weight reaches half the total".
HALF_TOLERANCE = 1e-12


def weighted_mean(positions: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The compromise model: ``sum(w x) / sum(w)`` over the last axis (Achen 2006).

    Parameters
    ----------
    positions, weights
        Arrays of the same shape, actors on the last axis; weights ``>= 0``
        with a positive sum on every issue.

    >>> float(weighted_mean(np.array([0.0, 100.0]), np.array([1.0, 3.0])))
    75.0
    """
    x, w = _checked(positions, weights)
    return (w * x).sum(axis=-1) / w.sum(axis=-1)


def weighted_median(positions: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The lower weighted median over the last axis (the median-voter forecast).

    The smallest position whose cumulative weight, positions in ascending
    order, reaches half the total weight; zero-weight actors are skipped.

    >>> float(weighted_median(np.array([0.0, 40.0, 100.0]), np.array([2.0, 1.0, 2.0])))
    40.0
    """
    x, w = _checked(positions, weights)
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    cum = np.cumsum(np.take_along_axis(w, order, axis=-1), axis=-1)
    half = cum[..., -1:] * (0.5 - HALF_TOLERANCE)
    first = np.argmax(cum >= half, axis=-1)
    return np.take_along_axis(xs, first[..., None], axis=-1)[..., 0]


def _checked(positions: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(positions, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.shape != w.shape or x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError("positions and weights need the same non-empty shape")
    if (w < 0).any() or not (w.sum(axis=-1) > 0).all():
        raise ValueError("weights must be >= 0 with a positive total on every issue")
    if not np.isfinite(x).all():
        raise ValueError("positions must be finite")
    return x, w
