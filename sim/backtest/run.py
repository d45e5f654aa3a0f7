"""The back-test: does the calibrated model reproduce the documented record?

For every shipped scenario whose rounds name a documented meeting
(``meeting = ...`` in ``scenarios/*.toml``), the scenario is run many times:
over seeds (the battlefield swings) and over the calibration's uncertainty,
each undocumented number drawn from its range in ``seeds/assumptions.toml``
by Latin hypercube (the runs are a sweep, :mod:`sim.sweeps.runner`, so they run in
parallel and resume). After each meeting's round, every agenda issue is
agreed, partial or not agreed (:func:`sim.talks.results.issue_status`); the
predicted probability of agreement is the share of runs in which it is
agreed. There is no per-meeting or per-issue switch. The main forecasts
use the full ranges and fit nothing to the record. One number is then
fitted, by a stated procedure (:func:`fit_spread`): how wide the ranges
should be, chosen on the 2022 meetings and scored on 2025, and the reverse.
The baselines that learn from the record are scored in sample (leave one
meeting out) and across eras the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.backtest.scoring import base_rates, brier_score, rate_forecast, summarise
from sim.backtest.validation import (
    ERA_SCENARIOS,
    era_horizon,
    load_validation,
    validation_forecasts,
    validation_scores,
)
from sim.calibration.scenario import (
    Scenario,
    find_scenario,
    flatten,
    load_scenario,
    shipped_scenarios,
)
from sim.calibration.seeds import SCORED, assumption, load_outcomes, valued_assumptions
from sim.sweeps.runner import Backend, Sweep, checked_sweep, run_sweep
from sim.sweeps.spec import SweepSpec

#: Seeds per sampled set of assumptions.
SEEDS_PER_POINT = 5
#: Spreads of the assumption ranges tried by the fit (1 = the full ranges).
SPREADS = (0.0, 0.25, 0.5, 0.75, 1.0)
#: The era the spread is fitted on (in sample); the other era is out of sample.
TRAIN_ERA = "2022"
#: Tables of ``seeds/assumptions.toml`` whose every valued entry a run uses;
#: the per-actor and per-era entries are picked in :func:`uncertain_assumptions`.
SAMPLED_TABLES = ("method", "commitment", "breach", "levers", "talks")
#: Assumptions of the clock strategies and of the analysis' games: a run's
#: statuses never read them.
UNUSED = ("levers.truce_breach_penalty",)


@dataclass(frozen=True)
class Backtest:
    table: pd.DataFrame  # one row per meeting and agenda issue
    scores: pd.DataFrame  # one row per (scope, forecaster, target)
    fit: pd.DataFrame  # the spread fitted on one era and scored on the other
    spread: float  # the spread of table and scores, fitted on TRAIN_ERA
    validation: pd.DataFrame  # one row per scored fact after the documents


def documented_scenarios() -> list[Scenario]:
    """The shipped scenarios with rounds that stand for documented meetings."""
    found = [load_scenario(p) for p in shipped_scenarios()]
    return [s for s in found if any(r.meeting for r in s.rounds)]


def uncertain_assumptions(scenario: Scenario) -> list[str]:
    """Paths of every assumption a run of `scenario` uses and does not fix itself."""
    era = str(scenario.as_of.year)
    valued = valued_assumptions()
    paths = [p for p in valued if p.split(".")[0] in SAMPLED_TABLES]
    paths += [f"battlefield.{k}" for k in ("drift", "engagement_rate", "misreading")]
    paths.append(f"calendar.cadence_days.{era}")
    if scenario.battlefield.theta is None:
        paths.append(f"battlefield.theta.{era}")
    for party in scenario.party_names:
        chosen = scenario.parties[party]
        for key in ("belief", "confidence", "war_cost", "pain"):
            if getattr(chosen, key) is None:
                paths.append(f"actors.{party}.{key}" + ("" if key == "pain" else f".{era}"))
    for name, event in scenario.events.items():
        paths += [
            f"events.{name}.{key}"
            for key in ("signal", "cost")
            if getattr(event, key) is None and f"events.{name}.{key}" in valued
        ]
    fixed = flatten(scenario.assumptions)
    return [p for p in paths if p not in UNUSED and p not in fixed]


def uncertainty_parameters(scenario: Scenario, spread: float = 1.0) -> dict[str, dict]:
    """Sweep parameters: each undocumented number of the scenario, uniform over its range.

    `spread` scales every range about its central value: 1 is the range of
    ``assumptions.toml``, 0 the central value alone (then only seeds vary). A
    count (a domain of whole numbers, e.g. the days between rounds) takes each
    whole number of its range with equal chance.
    """
    parameters = {}
    for source in uncertain_assumptions(scenario):
        a = assumption(source)
        low = a.value - spread * (a.value - a.low)
        high = a.value + spread * (a.high - a.value)
        name = source.replace(".", "_")
        path = f"assumptions.{source}"
        if a.domain.whole:
            levels = a.domain.whole_numbers(low, high)
            parameters[name] = {"path": path, "values": levels}
        elif low < high:
            parameters[name] = {"path": path, "range": [round(low, 12), round(high, 12)]}
        else:
            parameters[name] = {"path": path, "values": [a.value]}
    return parameters


def backtest_sweep(
    scenario: Scenario,
    runs: int,
    spread: float = 1.0,
    seed: int = 0,
    rounds: int | None = None,
    until: dt.date | None = None,
) -> Sweep:
    """The runs of one scenario: ``runs // SEEDS_PER_POINT`` LHS points x 5 seeds.

    With spread 0 there is one design point: `runs` seeds of the central
    calibration. `rounds` runs past the scenario's dated rounds, `until` to a date.
    """
    title = f"back-test of {scenario.name}, spread {spread}"
    points, seeds = (1, runs) if spread == 0 else (max(1, runs // SEEDS_PER_POINT), SEEDS_PER_POINT)
    spec = SweepSpec.model_validate(
        {
            "title": title,
            "scenario": scenario.name,
            "replications": seeds,
            "seed": seed,
            "rounds": rounds,
            "until": until,
            "design": {"kind": "lhs", "samples": points, "seed": seed},
            "parameters": uncertainty_parameters(scenario, spread),
        }
    )
    return checked_sweep(spec, title)


def predictions(scenario: Scenario, runs: pd.DataFrame) -> pd.DataFrame:
    """Per meeting and agenda issue: the share of runs agreed, partial, either.

    Where the record names the level agreed (prisoners: an exchange, not all for
    all), a run agreed at another level counts as not agreed.
    """
    statuses = [json.loads(text) for text in runs["meeting_status"]]
    levels = [json.loads(text) for text in runs["meeting_levels"]]
    named = {(o.meeting, o.issue): o.level for o in load_outcomes() if o.level}
    rows = []
    for rnd in scenario.rounds:
        if rnd.meeting is None:
            continue
        for issue in scenario.agenda:
            want = named.get((rnd.meeting, issue))
            seen = np.array(
                [
                    "not_agreed"
                    if want and s[rnd.meeting][issue] == "agreed" and lv[rnd.meeting][issue] != want
                    else s[rnd.meeting][issue]
                    for s, lv in zip(statuses, levels, strict=True)
                    if rnd.meeting in s
                ]
            )
            rows.append(
                {
                    "meeting": rnd.meeting,
                    "scenario": scenario.name,
                    "issue": issue,
                    "runs": seen.size,
                    "predicted_agreement": float(np.mean(seen == "agreed")),
                    "predicted_partial": float(np.mean(seen == "partial")),
                }
            )
    return pd.DataFrame(rows)


def with_record(predicted: pd.DataFrame) -> pd.DataFrame:
    """Add each meeting's date and what the record documents (blank where it is silent)."""
    outcomes = load_outcomes()
    record = pd.DataFrame(
        [{"meeting": o.meeting, "issue": o.issue, "documented": o.documented} for o in outcomes]
    )
    dates = {o.meeting: o.meeting_date.isoformat() for o in outcomes}
    table = predicted.merge(record, on=["meeting", "issue"], how="left")
    table["documented"] = table["documented"].fillna("")
    table.insert(0, "meeting_date", table["meeting"].map(dates))
    table["era"] = table["meeting_date"].str[:4]
    return table.sort_values(["meeting_date", "issue"], ignore_index=True)


def score_table(table: pd.DataFrame) -> pd.DataFrame:
    """Brier score and accuracy of the model and the baselines, by scope and target
    (:func:`forecast_rows` summarised)."""
    return summarise(forecast_rows(table))


def forecast_rows(table: pd.DataFrame) -> pd.DataFrame:
    """One row per scope, target, forecaster and scored meeting-issue: the forecast
    ``p``, the runs it is a share of (``runs``; NaN for a baseline) and the outcome ``y``.

    Targets: ``agreed`` (the record says agreed) forecast by P(agreed), and
    ``agreed or partial`` forecast by P(agreed) + P(partial). Scopes: all
    recorded meeting-issues, and each era on its own; the base-rate baseline
    is fitted leaving the scored meeting out (all) or on the other era.
    """
    scored = table[table["documented"].isin(SCORED)].reset_index(drop=True)
    parts = []
    agreed = scored["predicted_agreement"].to_numpy()
    counts = (
        scored["runs"].to_numpy(dtype=float) if "runs" in scored else np.full(len(scored), np.nan)
    )
    for target, happened, p_model in (
        ("agreed", ("agreed",), agreed),
        (
            "agreed or partial",
            ("agreed", "partial"),
            agreed + scored["predicted_partial"].to_numpy(),
        ),
    ):
        y = scored["documented"].isin(happened).astype(float).to_numpy()
        for era in ("all", *sorted(scored["era"].unique())):
            if era == "all":
                mask = np.ones(len(scored), bool)
                p_rate = _leave_one_meeting_out(scored, y)
            else:
                mask = (scored["era"] == era).to_numpy()
                rates = base_rates(scored["issue"][~mask], y[~mask])  # the other era
                p_rate = rate_forecast(rates, scored["issue"][mask])
            for forecaster, p, runs in (
                ("model", p_model[mask], counts[mask]),
                ("always no agreement", np.zeros(mask.sum()), np.nan),
                ("issue base rate", p_rate, np.nan),
            ):
                parts.append(
                    pd.DataFrame(
                        {
                            "scope": era,
                            "target": target,
                            "forecaster": forecaster,
                            "meeting": scored["meeting"][mask].to_numpy(),
                            "issue": scored["issue"][mask].to_numpy(),
                            "runs": runs,
                            "p": np.clip(p, 0, 1),
                            "y": y[mask],
                        }
                    )
                )
    return pd.concat(parts, ignore_index=True)


def _leave_one_meeting_out(scored: pd.DataFrame, y: np.ndarray) -> np.ndarray:
    p = np.empty(len(scored))
    for meeting in scored["meeting"].unique():
        held = (scored["meeting"] == meeting).to_numpy()
        rates = base_rates(scored["issue"][~held], y[~held])
        p[held] = rate_forecast(rates, scored["issue"][held])
    return p


def era_brier(table: pd.DataFrame, eras: set[str]) -> float:
    """Brier score of P(agreed) on the recorded meeting-issues of `eras`."""
    scored = table[table["documented"].isin(SCORED) & table["era"].isin(eras)]
    y = (scored["documented"] == "agreed").astype(float)
    return brier_score(scored["predicted_agreement"], y)


def fit_spread(tables: dict[float, pd.DataFrame]) -> pd.DataFrame:
    """Fit the spread of the assumption ranges on one era; score it on the others.

    The one fitted number is the spread (see :func:`uncertainty_parameters`),
    chosen from :data:`SPREADS` to minimise the Brier score on the training
    era (ties to the smaller spread); the chosen spread's forecasts are then
    scored on the other era, against the full ranges' score there.
    """
    eras = sorted(set(next(iter(tables.values()))["era"]))
    rows = []
    for train in eras:
        test = set(eras) - {train}
        fitted = {spread: era_brier(table, {train}) for spread, table in tables.items()}
        best = min(fitted, key=lambda spread: (fitted[spread], spread))
        rows.append(
            {
                "fitted_on": train,
                "scored_on": ",".join(sorted(test)),
                "spread": best,
                "brier_on_fit_era": fitted[best],
                "brier_out_of_sample": era_brier(tables[best], test),
                "brier_full_ranges": era_brier(tables[max(tables)], test),
            }
        )
    return pd.DataFrame(rows)


def forecasts(
    scenarios: list[Scenario],
    out: Path,
    runs: int,
    spread: float,
    backend: Backend,
    progress: bool,
) -> pd.DataFrame:
    """The meeting x issue table of one spread (runs stored under ``out/runs``)."""
    parts = []
    for scenario in scenarios:
        sweep = backtest_sweep(scenario, runs, spread)
        folder = out / "runs" / f"{scenario.name}-n{runs}-spread{spread:g}"
        command = ["peacesim", "backtest", "--runs", str(runs)]  # the provenance's
        store = run_sweep(sweep, folder, backend, progress, command)
        parts.append(predictions(scenario, store.load()))
    return with_record(pd.concat(parts, ignore_index=True))


def era_runs(
    out: Path,
    era: str,
    runs: int,
    spread: float,
    backend: Backend,
    progress: bool,
    command: list[str] | None = None,
) -> tuple[Scenario, pd.DataFrame]:
    """The stored forward runs of one era (its last documented talks, to the end of the
    following year) at one spread of the assumption ranges."""
    scenario = load_scenario(find_scenario(ERA_SCENARIOS[era]))
    sweep = backtest_sweep(scenario, runs, spread, until=era_horizon(era))
    folder = out / "runs" / f"{scenario.name}-forward-n{runs}-spread{spread:g}"
    store = run_sweep(sweep, folder, backend, progress, command)
    return scenario, store.load()


def forward_forecasts(
    out: Path, runs: int, spread: float, backend: Backend, progress: bool
) -> pd.DataFrame:
    """The record after the documents, forecast by each era's forward runs at `spread`."""
    command = ["peacesim", "backtest", "--runs", str(runs)]  # the provenance's
    forward = {
        era: era_runs(out, era, runs, spread, backend, progress, command)[1]
        for era in ERA_SCENARIOS
    }
    return validation_forecasts(forward, load_validation())


def run_backtest(out: Path, runs: int, backend: Backend, progress: bool = True) -> Backtest:
    """Forecast every documented meeting at each spread, then the record after the documents.

    ``backtest.csv`` and ``scores.csv`` hold the forecasts at the spread fitted
    on :data:`TRAIN_ERA` (in sample there, out of sample on the other era);
    ``scores.csv`` also scores the full assumption ranges (nothing fitted, the
    forecaster ``model, full ranges``); ``fit.csv`` holds the fit both ways.
    ``validation.csv`` holds the forward forecasts of the record after the
    documents at the fitted spread, scored in ``scores.csv`` as the scope
    "after the documents" (:mod:`sim.backtest.validation`), with the full
    ranges beside them.
    """
    scenarios = documented_scenarios()
    tables = {
        spread: forecasts(scenarios, out, runs, spread, backend, progress) for spread in SPREADS
    }
    fit = fit_spread(tables)
    chosen = float(fit.set_index("fitted_on").loc[TRAIN_ERA, "spread"])
    table = tables[chosen]
    full = score_table(tables[max(SPREADS)])
    full = full[full["forecaster"] == "model"].assign(forecaster="model, full ranges")
    validation = forward_forecasts(out, runs, chosen, backend, progress)
    validation_full = forward_forecasts(out, runs, max(SPREADS), backend, progress)
    scores = pd.concat(
        [score_table(table), full, validation_scores(validation, validation_full)],
        ignore_index=True,
    )
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "backtest.csv", index=False, float_format="%.4f")
    scores.to_csv(out / "scores.csv", index=False, float_format="%.4f")
    fit.to_csv(out / "fit.csv", index=False, float_format="%.4f")
    validation.to_csv(out / "validation.csv", index=False, float_format="%.4f")
    return Backtest(table, scores, fit, chosen, validation)
