"""Simulation-based calibration: does the fit recover the values a record was generated from?

Talts, Betancourt, Simpson, Vehtari & Gelman (2018, "Validating Bayesian
inference algorithms with simulation-based calibration", arXiv:1804.06788)
check an inference procedure on data simulated at known parameters drawn
from the prior: over many such fits, a calibrated posterior's central 90%
interval holds the true value in 90% of them. Here each check draws true
values of a few assumptions from their priors (every other assumption keeps
its central value), runs the era's scenarios once at those values with a
drawn seed (the synthetic record), fits that record with the same procedure
(:mod:`sim.fit.abc`, smaller settings), and asks whether each true value lies
in its posterior interval (:meth:`sim.fit.posterior.Posterior.intervals`).
ABC with a threshold above 0 approximates a posterior wider than the exact
one, so coverage at or above the nominal level is expected; coverage well
below it would mean the procedure is overconfident.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sim.fit.abc import Problem, run_fit
from sim.fit.posterior import load_posterior
from sim.fit.priors import Prior
from sim.fit.settings import FitSettings
from sim.fit.simulate import SEED_BOUND, era_record, load_era
from sim.sweeps.runner import Backend


def synthetic_problem(
    era: str, priors: Sequence[Prior], seed: int
) -> tuple[Problem, dict[str, float]]:
    """A problem whose record is one run at true values of `priors` drawn from them
    (with `seed`), and those true values."""
    rng = np.random.default_rng(seed)
    truth = {p.path: float(rng.uniform(p.low, p.high)) for p in priors}
    observed = era_record(era, truth, int(rng.integers(SEED_BOUND)))
    evidence = load_era(era).evidence
    digest = hashlib.sha256(observed.tobytes() + repr(sorted(truth.items())).encode()).hexdigest()
    problem = Problem(
        era,
        tuple(priors),
        observed,
        len(evidence.outcomes),
        digest,
        "the assumptions checked; true values drawn from their priors",
    )
    return problem, truth


def covered(intervals: pd.DataFrame, truth: dict[str, float]) -> pd.DataFrame:
    """Per assumption of `truth`: the true value, the posterior interval, whether it holds it."""
    rows = intervals.set_index("path").loc[list(truth)]
    values = np.array(list(truth.values()))
    low, high = rows["low"].to_numpy(), rows["high"].to_numpy()
    return pd.DataFrame(
        {
            "path": list(truth),
            "truth": values,
            "low": low,
            "high": high,
            "width_ratio": rows["width_ratio"].to_numpy(),
            "inside": (low <= values) & (values <= high),
        }
    )


def check(
    era: str, priors: Sequence[Prior], settings: FitSettings, folder: Path, backend: Backend
) -> pd.DataFrame:
    """One check: a synthetic record drawn with the settings' seed, fitted into `folder`
    (resumes); per assumption, :func:`covered` with the fit's final threshold, its runs
    and its posterior's effective sample size."""
    problem, truth = synthetic_problem(era, priors, settings.seed)
    result = run_fit(problem, settings, folder, backend, ["sbc", str(settings.seed)])
    posterior = load_posterior(folder)
    found = covered(posterior.intervals(), truth)
    found.insert(0, "fit", settings.seed)
    found["epsilon"] = result.generations[-1].epsilon
    found["evaluations"] = result.evaluations
    found["effective_size"] = posterior.effective_size()
    return found
