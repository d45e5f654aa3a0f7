"""Every forecast of a DEU file in one interface, from the median voter to the stacked lens.

``eum`` is the weighted mean of the positions after the expected-utility
model's rounds (:func:`sim.core.expected_utility.expected_utility_forecast`);
``compromise`` the weighted mean of the initial positions (Achen 2006);
``median`` their weighted median (Black 1948). Weights are capability x
salience throughout. ``nash``, ``procedural`` and ``exchange`` are the models
of :mod:`sim.forecast.eu_models`; ``stacked`` is their convex combination
with the weights :data:`STACKED_WEIGHTS`, fitted on the training half of
DEU III only (``experiments/validate_deu.py``, which checks they are still
what the fit gives).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from sim.core.compromise import weighted_mean, weighted_median
from sim.core.expected_utility import EUParameters, expected_utility_forecast
from sim.forecast.deu import DEUData
from sim.forecast.eu_models import exchange_forecasts, nash_forecast, procedural_forecast

#: The models that forecast one issue from its positions alone.
ISSUE_MODELS = ("eum", "compromise", "median")
#: The models stacked, in the order of their weights.
COMPONENTS = ("compromise", "median", "eum", "nash", "procedural", "exchange")
MODELS = (*COMPONENTS, "stacked")
#: Stacking weights (:func:`sim.core.stacking.stacking_weights`) fitted on all
#: 180 issues with an outcome of ``experiments/data/deu3-train.csv`` (the odd-
#: numbered proposals of DEU III); their cross-validated score and bootstrap
#: spread are in the README. Refit with ``experiments/validate_deu.py``.
STACKED_WEIGHTS = {
    "compromise": 0.862,
    "median": 0.138,
    "eum": 0.0,
    "nash": 0.0,
    "procedural": 0.0,
    "exchange": 0.0,
}


def forecast_issue(
    model: str,
    positions: np.ndarray,
    salience: np.ndarray,
    capability: np.ndarray,
    seed: int = 0,
    params: EUParameters | None = None,
) -> float:
    """One issue's forecast by a model of :data:`ISSUE_MODELS` (salience on 0-1)."""
    weight = np.asarray(capability, dtype=float) * np.asarray(salience, dtype=float)
    if model == "compromise":
        return float(weighted_mean(positions, weight))
    if model == "median":
        return float(weighted_median(positions, weight))
    if model == "eum":
        return expected_utility_forecast(positions, salience, capability, params, seed).mean
    raise ValueError(f"unknown model {model!r}; expected one of {', '.join(ISSUE_MODELS)}")


def forecast_deu(
    data: DEUData,
    model: str,
    seed: int = 0,
    params: EUParameters | None = None,
    track: Callable[[Iterable[int]], Iterable[int]] = iter,
) -> pd.DataFrame:
    """``isnrnmc, forecast, fallback`` for every issue with positions.

    ``fallback`` marks the forecasts where the file lacks what the model
    needs and the compromise model stands in (:mod:`sim.forecast.eu_models`).
    `track` wraps the loop over issues (or proposals), e.g. in a progress bar.
    """
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; expected one of {', '.join(MODELS)}")
    rows = np.flatnonzero(data.has_positions())
    if model == "stacked":  # the components with a weight (the others change nothing)
        used = [m for m in COMPONENTS if STACKED_WEIGHTS[m] > 0]
        parts = [forecast_deu(data, m, seed, params) for m in used]
        weights = np.array([STACKED_WEIGHTS[m] for m in used])
        stacked = np.column_stack([p["forecast"] for p in parts]) @ weights
        fallback = np.any([p["fallback"] for p in parts], axis=0)
        return _frame(data, rows, stacked, fallback)
    if model == "exchange":
        forecast = np.empty(rows.size)
        for proposal in track(np.unique(data.proposal[rows])):
            mine = data.proposal[rows] == proposal
            forecast[mine] = exchange_forecasts(data, rows[mine])
        return _frame(data, rows, forecast, np.zeros(rows.size, bool))
    if model in ISSUE_MODELS:
        found = [
            (forecast_issue(model, *data.issue_arrays(r), seed=seed, params=params), False)
            for r in track(rows)
        ]
    else:
        one = nash_forecast if model == "nash" else procedural_forecast
        found = [one(data, r) for r in track(rows)]
    forecast, fallback = (np.array(column) for column in zip(*found, strict=True))
    return _frame(data, rows, forecast, fallback)


def _frame(
    data: DEUData, rows: np.ndarray, forecast: np.ndarray, fallback: np.ndarray
) -> pd.DataFrame:
    return pd.DataFrame(
        {"isnrnmc": data.issue[rows], "forecast": forecast, "fallback": fallback.astype(bool)}
    )
