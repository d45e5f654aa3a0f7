"""Forecasts from the posterior, scored beside the central calibration, the full ranges
and the naive forecasters.

Each run draws its assumptions from the posterior (particles resampled by
weight, :meth:`~sim.fit.posterior.Posterior.draws`) and a seed: ``runs // 5``
draws x 5 seeds per scenario, as the back-test's Latin hypercube. Every
assumption the fit did not fit (those its screen left out, and those the
fitted record does not reach: the other era's beliefs, costs, balance and
cadence) keeps its central value, as it did in the fit's runs: the posterior
is conditional on them, and the posterior forecaster differs from the
central calibration in the fitted assumptions alone. The scopes: the 2022 meetings *in sample* (the
record the posterior was fitted on); the 2025 meetings and the record after
the documents (:mod:`sim.backtest.validation`) *out of sample*, never seen by
the fit.

Beside the posterior, on the same scopes: the central calibration (spread 0:
seeds only), the full assumption ranges (spread 1) and the naive forecasters
("always no", the base rate). Scores (:mod:`sim.backtest.scoring`): Brier
and accuracy of each share of runs, the logarithmic score of its
Krichevsky-Trofimov estimate, and a reliability table: forecasts in ten
equal bins of probability against the share of events that happened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.backtest.horizon import VARIANTS, variant_curves
from sim.backtest.run import (
    SEEDS_PER_POINT,
    documented_scenarios,
    era_runs,
    forecast_rows,
    forecasts,
    predictions,
    with_record,
)
from sim.backtest.scoring import GROUPS, ensemble_probability, log_score, summarise
from sim.backtest.validation import (
    ERA_SCENARIOS,
    SCOPE,
    era_horizon,
    load_validation,
    validation_forecasts,
    validation_rows,
)
from sim.calibration.scenario import (
    Scenario,
    find_scenario,
    load_scenario,
    read_scenario_data,
    with_overrides,
)
from sim.fit.posterior import PARTICLES, Posterior, assumption_overrides
from sim.sweeps.runner import Backend, Sweep, checked_sweep, run_sweep
from sim.sweeps.spec import SweepSpec

#: The forecasters compared: the posterior, and the two that are not, by the variant of
#: the forward runs (:data:`sim.backtest.horizon.VARIANTS`) that makes them.
POSTERIOR = "posterior"
ALTERNATIVES = {"central calibration": "seeds", "full ranges": "seeds and assumptions"}
#: The sweep parameter that carries a posterior draw (a scenario's whole ``[assumptions]``).
DRAW = "posterior_draw"
#: Seed of the posterior draws and of the runs' seeds (the back-test's sweeps start at 0 too).
FORECAST_SEED = 0
#: Bins of the reliability table.
BINS = 10
#: Which scopes are in sample (the fitted record) and which out of sample.
SAMPLES = {
    "all": "in and out of sample",
    "2022": "in sample",
    "2025": "out of sample",
    SCOPE: "out of sample",
}
#: The scopes pooled in the reliability table (each event once per target).
RELIABILITY_SCOPES = ("2022", "2025", SCOPE)


@dataclass(frozen=True)
class PosteriorBacktest:
    table: pd.DataFrame  # the posterior's forecasts of every documented meeting and issue
    validation: pd.DataFrame  # the posterior's forecasts of the record after the documents
    rows: pd.DataFrame  # every forecaster's forecast of every scored event
    scores: pd.DataFrame  # per scope, target and forecaster: Brier, log score, accuracy
    reliability: pd.DataFrame  # per sample, forecaster and bin
    horizon: pd.DataFrame  # P(package / ceasefire / suspended by date), every variant


def posterior_sha256(folder: Path) -> str:
    """SHA-256 of a fit's particles file: names the runs drawn from it."""
    return hashlib.sha256((folder / PARTICLES).read_bytes()).hexdigest()


def draw_values(posterior: Posterior, draws: int, seed: int) -> list[dict[str, float]]:
    """`draws` sets of the fitted assumptions, drawn from the posterior; every other
    assumption of a run keeps its central value (see the module docstring)."""
    return posterior.draws(draws, seed).to_dict("records")


def posterior_sweep(
    posterior: Posterior, scenario: Scenario, runs: int, until: dt.date | None = None
) -> Sweep:
    """The runs of `scenario` from posterior draws: one design point per draw (its
    assumptions as a scenario's ``[assumptions]``), :data:`SEEDS_PER_POINT` seeds each."""
    data = read_scenario_data(find_scenario(scenario.name))
    draws = max(1, runs // SEEDS_PER_POINT)
    values = draw_values(posterior, draws, FORECAST_SEED)
    choices = {
        f"draw-{i:04d}": with_overrides(data, assumption_overrides(v, scenario))["assumptions"]
        for i, v in enumerate(values)
    }
    title = f"{scenario.name} from posterior draws"
    spec = SweepSpec.model_validate(
        {
            "title": title,
            "scenario": scenario.name,
            "replications": SEEDS_PER_POINT,
            "seed": FORECAST_SEED,
            "until": until,
            "design": {"kind": "grid"},
            "parameters": {DRAW: {"path": "assumptions", "choices": choices}},
        }
    )
    return checked_sweep(spec, title)


def run_posterior_backtest(
    folder: Path, posterior: Posterior, out: Path, runs: int, backend: Backend, progress: bool
) -> PosteriorBacktest:
    """Forecast every scope from the posterior of the fit in `folder`, and from the
    central calibration and the full ranges; score them all (runs under ``out/runs``)."""
    tag = posterior_sha256(folder)[:12]
    command = ["peacesim", "backtest", "--posterior", str(folder), "--runs", str(runs)]

    def drawn(scenario: Scenario, until: dt.date | None = None) -> pd.DataFrame:
        sweep = posterior_sweep(posterior, scenario, runs, until)
        kind = "forward" if until else "meetings"
        name = f"{scenario.name}-posterior-{tag}-{kind}-n{runs}"
        return run_sweep(sweep, out / "runs" / name, backend, progress, command).load()

    scenarios = documented_scenarios()
    table = with_record(pd.concat([predictions(s, drawn(s)) for s in scenarios], ignore_index=True))
    tables = {POSTERIOR: table}
    tables |= {
        name: forecasts(scenarios, out, runs, VARIANTS[variant], backend, progress)
        for name, variant in ALTERNATIVES.items()
    }
    forward: dict[str, dict[str, pd.DataFrame]] = {}  # era -> forecaster -> runs
    curves = []
    for era, name in ERA_SCENARIOS.items():
        scenario = load_scenario(find_scenario(name))
        forward[era] = {POSTERIOR: drawn(scenario, era_horizon(era))}
        for forecaster, variant in ALTERNATIVES.items():
            spread = VARIANTS[variant]
            forward[era][forecaster] = era_runs(out, era, runs, spread, backend, progress)[1]
        by_variant = {ALTERNATIVES.get(f, f): runs for f, runs in forward[era].items()}
        curves.append(variant_curves(era, name, scenario.rounds[0].date, by_variant))
    record = load_validation()
    validations = {
        f: validation_forecasts({era: forward[era][f] for era in forward}, record) for f in tables
    }
    rows = forecaster_rows(tables, validations)
    return PosteriorBacktest(
        table,
        validations[POSTERIOR],
        rows,
        score_rows(rows),
        reliability_table(rows),
        pd.concat(curves, ignore_index=True),
    )


def forecaster_rows(
    tables: dict[str, pd.DataFrame], validations: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """Every forecaster's forecast of every scored event (rows of
    :func:`~sim.backtest.run.forecast_rows`), the model forecasters by their names
    (the keys of `tables` and `validations`) and the naive forecasters once."""
    parts = {
        name: pd.concat(
            [forecast_rows(tables[name]), validation_rows(validations[name])], ignore_index=True
        )
        for name in tables
    }
    models = [rows[rows["forecaster"] == "model"].assign(forecaster=n) for n, rows in parts.items()]
    first = next(iter(parts.values()))
    rows = pd.concat([*models, first[first["forecaster"] != "model"]], ignore_index=True)
    rows.insert(1, "sample", rows["scope"].map(SAMPLES))
    return rows


def score_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Per scope, target and forecaster: Brier score, logarithmic score and accuracy."""
    scores = summarise(rows)
    logs = [
        log_score(ensemble_probability(group["p"], group["runs"]), group["y"])
        for _, group in rows.groupby(GROUPS, sort=False)
    ]
    scores.insert(scores.columns.get_loc("brier") + 1, "log_score", logs)
    scores.insert(1, "sample", scores["scope"].map(SAMPLES))
    return scores


def reliability_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Per sample (in / out of sample), model forecaster and bin of :data:`BINS` equal
    bins of probability: the events, the mean forecast and the share that happened.

    In sample pools both targets of the 2022 meetings; out of sample, both targets
    of the 2025 meetings and the record after the documents.
    """
    pooled = rows[rows["runs"].notna() & rows["scope"].isin(RELIABILITY_SCOPES)]
    found = []
    for (sample, forecaster), group in pooled.groupby(["sample", "forecaster"], sort=False):
        which = np.minimum((group["p"].to_numpy() * BINS).astype(int), BINS - 1)
        for b in np.unique(which):
            inside = group[which == b]
            found.append(
                {
                    "sample": sample,
                    "forecaster": forecaster,
                    "low": b / BINS,
                    "high": (b + 1) / BINS,
                    "events": len(inside),
                    "forecast": float(inside["p"].mean()),
                    "observed": float(inside["y"].mean()),
                }
            )
    return pd.DataFrame(found)
