"""Scoring the forecasts on DEU: leave-one-proposal-out cross-validation and the bootstrap.

**Scores.** The mean absolute error (MAE) against the recorded outcome, and
the share of issues forecast within :data:`WITHIN` points, over the issues
with an outcome.

**Leave one proposal out.** Issues of one proposal share a negotiation, so
they are held out together: for each proposal, anything fitted (the stacking
weights, the model chosen per procedure) is fitted on the issues of all other
proposals and forecasts the held-out proposal's issues. A model that fits
nothing gives the same forecasts in and out of sample.

* :func:`cv_stacked`: the convex weights with the least absolute error
  (:func:`sim.core.stacking.stacking_weights`).
* :func:`cv_by_procedure`: for each procedure and voting rule (``proc`` x
  ``counvte``), the model with the least MAE on the training issues of that
  kind (all training issues if there are none).

**The bootstrap over proposals** (a cluster bootstrap, Davison & Hinkley 1997,
section 3.8): proposals are drawn with replacement, each bringing all its
issues; every score is recomputed on each draw, and the interval is the
2.5th to 97.5th percentile of the draws. Paired differences between two
forecasts use the same draws.

References
----------
Davison, A. C. & Hinkley, D. V. (1997). *Bootstrap Methods and their
Application*. Cambridge University Press.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.core.stacking import stacking_weights

#: "Within 10 points" of the outcome on the 0-100 scale.
WITHIN = 10.0
#: Bootstrap draws and the interval's coverage.
DRAWS = 2000
LEVEL = 0.95


def cv_stacked(forecasts: np.ndarray, outcomes: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Out-of-fold stacked forecasts, leaving each group (proposal) out in turn."""
    out = np.empty(outcomes.size)
    for group in np.unique(groups):
        held = groups == group
        weights = stacking_weights(forecasts[~held], outcomes[~held])
        out[held] = forecasts[held] @ weights
    return out


def cv_by_procedure(
    forecasts: np.ndarray, outcomes: np.ndarray, groups: np.ndarray, kinds: np.ndarray
) -> np.ndarray:
    """Out-of-fold forecasts of the model chosen per kind of procedure on the other groups."""
    out = np.empty(outcomes.size)
    for group in np.unique(groups):
        held = groups == group
        for kind in np.unique(kinds[held]):
            train = ~held & (kinds == kind)
            if not train.any():
                train = ~held
            errors = np.abs(forecasts[train] - outcomes[train, None]).mean(axis=0)
            here = held & (kinds == kind)
            out[here] = forecasts[here, int(np.argmin(errors))]
    return out


def bootstrap_draws(
    groups: np.ndarray, draws: int = DRAWS, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``(counts, labels)``: how often each group is drawn, ``(draws, groups)``, and the groups.

    Each draw resamples as many groups as there are, with replacement.
    """
    labels = np.unique(groups)
    rng = np.random.default_rng(seed)
    picks = rng.integers(labels.size, size=(draws, labels.size))
    counts = np.zeros((draws, labels.size))
    np.add.at(counts, (np.arange(draws)[:, None], picks), 1.0)
    return counts, labels


def bootstrap_means(
    values: np.ndarray, groups: np.ndarray, counts: np.ndarray, labels: np.ndarray
) -> np.ndarray:
    """The mean of each column of `values` (issues x columns) on each draw: (draws, columns)."""
    index = np.searchsorted(labels, groups)
    sums = np.zeros((labels.size, values.shape[1]))
    np.add.at(sums, index, values)
    sizes = np.bincount(index, minlength=labels.size).astype(float)
    return (counts @ sums) / (counts @ sizes)[:, None]


def interval(samples: np.ndarray, level: float = LEVEL) -> np.ndarray:
    """The percentile interval of each column of `samples`: ``(2, columns)``."""
    tail = (1 - level) / 2 * 100
    return np.percentile(samples, [tail, 100 - tail], axis=0)


def score_frame(
    forecasts: dict[str, np.ndarray],
    outcome: np.ndarray,
    groups: np.ndarray,
    baseline: str = "compromise",
    draws: int = DRAWS,
    seed: int = 0,
) -> pd.DataFrame:
    """One row per forecast: MAE, share within :data:`WITHIN`, the paired MAE gap to `baseline`.

    Each score has its bootstrap interval over `groups` (``*_low``, ``*_high``;
    the same draws for every forecast, so the gaps are paired).
    """
    names = list(forecasts)
    error = np.column_stack([np.abs(forecasts[m] - outcome) for m in names])
    counts, labels = bootstrap_draws(groups, draws, seed)
    mae = bootstrap_means(error, groups, counts, labels)
    near = bootstrap_means((error <= WITHIN).astype(float), groups, counts, labels)
    gap = mae - mae[:, [names.index(baseline)]]
    columns: dict[str, np.ndarray] = {}
    for name, point, samples in (
        ("mae", error.mean(axis=0), mae),
        ("within", (error <= WITHIN).mean(axis=0), near),
        ("gap", error.mean(axis=0) - error[:, names.index(baseline)].mean(), gap),
    ):
        low, high = interval(samples)
        columns |= {name: point, f"{name}_low": low, f"{name}_high": high}
    return pd.DataFrame({"forecast": names, "issues": outcome.size, **columns})
