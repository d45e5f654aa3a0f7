"""The three forecasts of one issue in one interface: expected utility, compromise, median.

``eum`` is the weighted mean of the positions after the expected-utility
model's rounds (:func:`sim.core.expected_utility.expected_utility_forecast`);
``compromise`` the weighted mean of the initial positions (Achen 2006);
``median`` their weighted median (Black 1948). Weights are capability x
salience throughout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from sim.core.compromise import weighted_mean, weighted_median
from sim.core.expected_utility import EUParameters, expected_utility_forecast
from sim.forecast.deu import DEUData

MODELS = ("eum", "compromise", "median")


def forecast_issue(
    model: str,
    positions: np.ndarray,
    salience: np.ndarray,
    capability: np.ndarray,
    seed: int = 0,
    params: EUParameters | None = None,
) -> float:
    """One model's forecast of one issue (positions on any scale, salience on 0-1)."""
    weight = np.asarray(capability, dtype=float) * np.asarray(salience, dtype=float)
    if model == "compromise":
        return float(weighted_mean(positions, weight))
    if model == "median":
        return float(weighted_median(positions, weight))
    if model == "eum":
        return expected_utility_forecast(positions, salience, capability, params, seed).mean
    raise ValueError(f"unknown model {model!r}; expected one of {', '.join(MODELS)}")


def forecast_deu(
    data: DEUData,
    model: str,
    seed: int = 0,
    params: EUParameters | None = None,
    track: Callable[[Iterable[int]], Iterable[int]] = iter,
) -> pd.DataFrame:
    """``isnrnmc, forecast`` for every issue with positions (`track` wraps the loop,
    e.g. in a progress bar)."""
    rows = np.flatnonzero(data.has_positions())
    forecasts = [
        forecast_issue(model, *data.issue_arrays(row), seed=seed, params=params)
        for row in track(rows)
    ]
    return pd.DataFrame({"isnrnmc": data.issue[rows], "forecast": forecasts})
