"""A fitted posterior: its particles and weights, summaries, draws, and scenarios set from them.

``peacesim fit --out DIR`` writes ``DIR/posterior.parquet`` (every
generation's particles: ``generation``, ``particle``, ``weight``,
``distance`` and one column per assumption path) and ``DIR/fit.json`` (the
priors, the settings, the generations and the provenance). The posterior is
the last generation: a weighted sample (weights summing to 1).

Summaries use weighted quantiles: the ``q``-quantile of a weighted sample is
the smallest value whose weighted empirical distribution function reaches
``q`` (the inverse of the empirical CDF; Hyndman & Fan 1996, definition 1,
with weights). The credible interval is the central :data:`~sim.fit.priors.INTERVAL`
one; the **width ratio** of an assumption is the width of its posterior
interval over that of its prior (uniform: ``INTERVAL * (high - low)``).
Near 1 the record leaves the number where the prior had it; well below 1 the
record identifies it.

:func:`assumption_overrides` is the one place where inferred numbers become a
scenario's ``[assumptions]``; a posterior draw or the posterior mean enters
``peacesim run``, the app and the forecasts only through it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.backtest.run import uncertain_assumptions
from sim.calibration.scenario import Scenario, validate_scenario, with_overrides
from sim.calibration.seeds import check_in_domain
from sim.fit.priors import INTERVAL, Prior

#: Columns of ``posterior.parquet`` besides one per assumption.
META_COLUMNS = ("generation", "particle", "weight", "distance")
#: File names in a fit's folder.
PARTICLES, SUMMARY, DATABASE = "posterior.parquet", "fit.json", "fit.db"


class PosteriorError(ValueError):
    """A folder that holds no finished fit; the message is one line for the user."""


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float | np.ndarray) -> np.ndarray:
    """The `q`-quantiles of `values` weighted by `weights` (inverse weighted ECDF).

    ``min {x_i : sum_{j: x_j <= x_i} w_j >= q * sum_j w_j}``; with equal weights
    this is numpy's ``inverted_cdf`` quantile.
    """
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.shape != w.shape or x.ndim != 1 or x.size == 0 or (w < 0).any() or w.sum() <= 0:
        raise ValueError(
            "need equally long 1-d values and non-negative weights with a positive sum"
        )
    order = np.argsort(x, kind="stable")
    cdf = np.cumsum(w[order]) / w.sum()
    # A tolerance so that a q on a step of the CDF is not lost to rounding in the sum.
    at = np.searchsorted(cdf, np.asarray(q, dtype=float) - 1e-12, side="left")
    return x[order][np.minimum(at, x.size - 1)]


@dataclass(frozen=True)
class Posterior:
    """The last generation of a fit: one row per particle, its weight and its values."""

    particles: pd.DataFrame
    priors: tuple[Prior, ...]
    about: dict[str, Any]  # the fit's provenance (fit.json)

    @property
    def paths(self) -> list[str]:
        return [p.path for p in self.priors]

    @property
    def weights(self) -> np.ndarray:
        w = self.particles["weight"].to_numpy(dtype=float)
        return w / w.sum()

    def effective_size(self) -> float:
        """Kish's effective sample size of the weights, ``1 / sum_i w_i^2`` (weights
        summing to 1; Kish 1965, *Survey Sampling*; Liu 2001, *Monte Carlo Strategies
        in Scientific Computing*, 2.5.3): n for equal weights, 1 when one particle
        holds all the weight. Far below the number of assumptions, the weighted
        particles are too few to describe the posterior: its intervals and width
        ratios describe a handful of particles, not what the record identifies."""
        return float(1.0 / np.sum(self.weights**2))

    def mean(self) -> dict[str, float]:
        """The posterior mean of every assumption (inside its range: the prior is a box),
        rounded to the nearest whole number for a whole prior (its domain has no other)."""
        found = {}
        for prior in self.priors:
            mean = float(self.weights @ self.particles[prior.path].to_numpy(dtype=float))
            found[prior.path] = float(round(mean)) if prior.whole else mean
        return found

    def draws(self, n: int, seed: int) -> pd.DataFrame:
        """`n` draws of the posterior (particles resampled by weight, with replacement),
        one row each; the first k of n draws are the k draws asked for with the same seed."""
        rng = np.random.default_rng(seed)
        picked = rng.choice(len(self.particles), size=n, p=self.weights)
        return self.particles[self.paths].iloc[picked].reset_index(drop=True)

    def draw(self, index: int, seed: int) -> dict[str, float]:
        """Draw number `index` (from 0) of :meth:`draws` with `seed`."""
        row = self.draws(index + 1, seed).iloc[index]
        return {p: float(row[p]) for p in self.paths}

    def intervals(self) -> pd.DataFrame:
        """Per assumption: prior, central value, posterior mean, interval, width ratio."""
        lo, hi = (1 - INTERVAL) / 2, (1 + INTERVAL) / 2
        rows = []
        mean = self.mean()
        for prior in self.priors:
            values = self.particles[prior.path].to_numpy(dtype=float)
            low, high = weighted_quantile(values, self.weights, np.array([lo, hi]))
            rows.append(
                {
                    "path": prior.path,
                    "central": prior.value,
                    "prior_low": prior.low,
                    "prior_high": prior.high,
                    "mean": mean[prior.path],
                    "low": float(low),
                    "high": float(high),
                    "width_ratio": float((high - low) / prior.width),
                }
            )
        return pd.DataFrame(rows)


def load_posterior(folder: str | Path) -> Posterior:
    """The posterior of the fit in `folder` (a :class:`PosteriorError` if there is none)."""
    folder = Path(folder)
    summary, particles = folder / SUMMARY, folder / PARTICLES
    if not summary.is_file() or not particles.is_file():
        raise PosteriorError(
            f"--posterior {str(folder)[:100]}: expected the folder of a finished "
            f"`peacesim fit` ({SUMMARY} and {PARTICLES})"
        )
    try:
        about = json.loads(summary.read_text(encoding="utf-8"))
        table = pd.read_parquet(particles)
        priors = tuple(Prior(**p) for p in about["priors"])
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise PosteriorError(f"{summary}: not a fit's summary ({exc})") from None
    last = table[table["generation"] == table["generation"].max()].reset_index(drop=True)
    _check_particles(last, priors, particles)
    return Posterior(last, priors, about)


def _check_particles(particles: pd.DataFrame, priors: tuple[Prior, ...], file: Path) -> None:
    """A :class:`PosteriorError` naming `file`, the column and the value unless every
    particle lies inside its prior's range (a fit proposes nothing else) and the
    weights are finite, non-negative and not all 0: an edited or corrupt file is
    refused before a value of it reaches a scenario."""
    missing = [p.path for p in priors if p.path not in particles.columns]
    if particles.empty or "weight" not in particles.columns or missing:
        raise PosteriorError(f"{file}: expected particles, weights and {missing[:1] or 'more'}")
    weights = particles["weight"].to_numpy(dtype=float)
    if not (np.isfinite(weights).all() and (weights >= 0).all() and weights.sum() > 0):
        raise PosteriorError(f"{file}: weight: expected finite weights >= 0, not all 0")
    for prior in priors:
        values = particles[prior.path].to_numpy(dtype=float)
        outside = ~((values >= prior.low) & (values <= prior.high))  # NaN is outside too
        if outside.any():
            raise PosteriorError(
                f"{file}: {prior.path}: expected values in its prior's range "
                f"[{prior.low:g}, {prior.high:g}], got {float(values[outside][0])!r}"
            )


def assumption_overrides(values: Mapping[str, float], scenario: Scenario) -> dict[str, float]:
    """Overrides (``assumptions.<path>``) setting each of `values` that a run of
    `scenario` samples; the scenario's own numbers and unused paths are left alone.

    The one place where inferred numbers enter a scenario (a posterior draw,
    the posterior mean, a particle in the fit), so each is checked here against
    its assumption's domain (:func:`~sim.calibration.seeds.check_in_domain`): a
    :class:`~sim.calibration.domains.DomainError` naming the path, the value and
    the domain for one outside it.
    """
    used = set(uncertain_assumptions(scenario))
    return {
        f"assumptions.{path}": check_in_domain(path, v)
        for path, v in values.items()
        if path in used
    }


def with_assumptions(
    data: dict[str, Any], scenario: Scenario, values: Mapping[str, float], source: str
) -> Scenario:
    """`scenario` (read from `data`) with the assumptions `values` set, validated."""
    return validate_scenario(with_overrides(data, assumption_overrides(values, scenario)), source)
