"""Scores of probabilistic forecasts of yes/no events, and two naive baselines.

* Brier (1950) score: the mean squared difference between the forecast
  probability and the outcome (1 if it happened, else 0). 0 is perfect; a
  constant forecast of 1/2 scores 1/4.
* Logarithmic score (Good 1952): the mean of ``-log p`` over events that
  happened and ``-log(1 - p)`` over those that did not (computed by the
  scoringrules package); 0 is perfect, a forecast of 0 for an event that
  happened scores infinity. A share of n runs is first turned into the
  Krichevsky-Trofimov estimate ``(k + 1/2) / (n + 1)`` (the posterior mean
  under a Jeffreys prior), so that no finite ensemble forecasts certainty
  (:func:`ensemble_probability`).
* Accuracy: the share of events on the side of 1/2 the forecast put them.
* Baselines: always "no" (probability 0), and each issue's base rate in a
  training set (the share of its records that were agreed), falling back to
  the overall rate for an issue the training set lacks.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scoringrules as sr
from numpy.typing import ArrayLike

#: What a summary of forecasts is grouped by (:func:`summarise`).
GROUPS = ["scope", "target", "forecaster"]


def brier_score(forecast: ArrayLike, outcome: ArrayLike) -> float:
    """``mean((p - y)^2)`` over events (Brier 1950)."""
    p, y = _pair(forecast, outcome)
    return float(np.mean((p - y) ** 2))


def log_score(forecast: ArrayLike, outcome: ArrayLike) -> float:
    """``mean(-log|p + y - 1|)`` over events (scoringrules' ``log_score``); inf if a
    forecast gave an event that happened (or failed) no chance at all."""
    p, y = _pair(forecast, outcome)
    with np.errstate(divide="ignore"):  # a forecast of certainty that failed: inf, as defined
        return float(np.mean(sr.log_score(y, p)))


def ensemble_probability(share: ArrayLike, runs: ArrayLike) -> np.ndarray:
    """The Krichevsky-Trofimov estimate ``(k + 1/2) / (n + 1)`` of a share ``k / n`` of
    ``n`` runs; a share with no run count (NaN runs) is returned as it is."""
    p = np.asarray(share, dtype=float)
    n = np.asarray(runs, dtype=float)
    return np.where(np.isnan(n), p, (np.rint(p * n) + 0.5) / (n + 1))


def accuracy(forecast: ArrayLike, outcome: ArrayLike) -> float:
    """Share of events where ``p >= 1/2`` exactly when ``y = 1``."""
    p, y = _pair(forecast, outcome)
    return float(np.mean((p >= 0.5) == (y == 1)))


def summarise(rows: pd.DataFrame) -> pd.DataFrame:
    """Per scope, target and forecaster (in order of appearance): the events, how many
    happened, the Brier score and the accuracy of the rows' forecasts ``p`` of ``y``."""
    return pd.DataFrame(
        [
            {
                **dict(zip(GROUPS, key, strict=True)),
                "events": len(group),
                "happened": int(group["y"].sum()),
                "brier": brier_score(group["p"], group["y"]),
                "accuracy": accuracy(group["p"], group["y"]),
            }
            for key, group in rows.groupby(GROUPS, sort=False)
        ]
    )


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
