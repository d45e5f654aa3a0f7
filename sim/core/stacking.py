"""Stacking forecasts: the convex combination with the least absolute error.

Given ``m`` models' forecasts ``F`` (one row per case, one column per model)
and the outcomes ``y``, the stacked forecast is ``F w`` with weights
``w >= 0``, ``sum w = 1``, chosen to minimise the mean absolute error
``sum_n |y_n - F_n w| / N`` (the score the forecasts are judged by). With
``e+`` and ``e-`` the positive and negative parts of the errors this is the
linear programme::

    minimise  sum_n (e+_n + e-_n)
    subject to  F w + e+ - e- = y,  sum_k w_k = 1,  w, e+, e- >= 0,

solved by HiGHS (:func:`scipy.optimize.linprog`). Stacking is Wolpert's
(1992) and Breiman's (1996) idea: Breiman fits non-negative weights by least
squares; here the loss is the absolute error, as in quantile-regression
averaging at the median. The weights must be fitted on cases other than
those they forecast (cross-validation, :mod:`sim.forecast.validation`).

References
----------
Wolpert, D. H. (1992). Stacked generalization. *Neural Networks* 5(2), 241-259.
Breiman, L. (1996). Stacked regressions. *Machine Learning* 24(1), 49-64.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog


def stacking_weights(forecasts: np.ndarray, outcomes: np.ndarray) -> np.ndarray:
    """The convex weights of the columns of `forecasts` with the least absolute error.

    Parameters
    ----------
    forecasts
        ``(cases, models)``, finite.
    outcomes
        ``(cases,)``, finite.

    Returns
    -------
    numpy.ndarray
        ``(models,)``, non-negative, summing to 1.

    >>> stacking_weights(np.array([[0.0, 10.0], [0.0, 20.0], [0.0, 30.0]]),
    ...                  np.array([5.0, 10.0, 15.0])).round(6).tolist()
    [0.5, 0.5]
    """
    f = np.asarray(forecasts, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if f.ndim != 2 or y.shape != (f.shape[0],) or f.shape[0] == 0 or f.shape[1] == 0:
        raise ValueError("need forecasts of shape (cases, models) and one outcome per case")
    if not (np.isfinite(f).all() and np.isfinite(y).all()):
        raise ValueError("forecasts and outcomes must be finite")
    n, m = f.shape
    cost = np.concatenate([np.zeros(m), np.ones(2 * n)])
    equalities = np.block(
        [
            [f, np.eye(n), -np.eye(n)],
            [np.ones((1, m)), np.zeros((1, 2 * n))],
        ]
    )
    solved = linprog(
        cost, A_eq=equalities, b_eq=np.append(y, 1.0), bounds=(0, None), method="highs"
    )
    if not solved.success:  # cannot happen: the problem is feasible and bounded below
        raise RuntimeError(f"stacking LP failed: {solved.message}")
    w = np.clip(solved.x[:m], 0.0, None)
    return w / w.sum()
