"""Scores of probabilistic forecasts of yes/no events, and two naive baselines.

* Brier (1950) score: the mean squared difference between the forecast
  probability and the outcome (1 if it happened, else 0). 0 is perfect; a
  constant forecast of 1/2 scores 1/4.
* Accuracy: the share of events on the side of 1/2 the forecast put them.
* Baselines: always "no" (probability 0), and each issue's base rate in a
  training set (the share of its records that were agreed), falling back to
  the overall rate for an issue the training set lacks.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike


def brier_score(forecast: ArrayLike, outcome: ArrayLike) -> float:
    """``mean((p - y)^2)`` over events (Brier 1950)."""
    p, y = _pair(forecast, outcome)
    return float(np.mean((p - y) ** 2))


def accuracy(forecast: ArrayLike, outcome: ArrayLike) -> float:
    """Share of events where ``p >= 1/2`` exactly when ``y = 1``."""
    p, y = _pair(forecast, outcome)
    return float(np.mean((p >= 0.5) == (y == 1)))


def base_rates(issues: Sequence[str], outcome: Sequence[float]) -> dict[str, float]:
    """Each issue's share of events that happened, and the overall share under ``""``."""
    y = np.asarray(outcome, dtype=float)
    keys = np.asarray(issues)
    rates = {str(k): float(y[keys == k].mean()) for k in np.unique(keys)}
    rates[""] = float(y.mean()) if y.size else 0.0
    return rates


def rate_forecast(rates: dict[str, float], issues: Sequence[str]) -> np.ndarray:
    """The base-rate forecast for each issue (the overall rate for an unseen issue)."""
    return np.array([rates.get(issue, rates[""]) for issue in issues])


def _pair(forecast: ArrayLike, outcome: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(forecast, dtype=float)
    y = np.asarray(outcome, dtype=float)
    if p.shape != y.shape or p.ndim != 1 or p.size == 0:
        raise ValueError("need two equally long, non-empty 1-d sequences")
    if ((p < 0) | (p > 1)).any() or not np.isin(y, (0.0, 1.0)).all():
        raise ValueError("forecasts must lie in [0, 1] and outcomes be 0 or 1")
    return p, y
