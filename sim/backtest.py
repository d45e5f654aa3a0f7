"""The back-test: does the calibrated model reproduce the documented record?

For every shipped scenario whose rounds name a documented meeting
(``meeting = ...`` in ``scenarios/*.toml``), the scenario is run many times:
over seeds (the battlefield swings) and over the calibration's uncertainty,
each undocumented number drawn from its range in ``seeds/assumptions.toml``
by Latin hypercube (the runs are a sweep, :mod:`sim.sweep`, so they run in
parallel and resume). After each meeting's round, every agenda issue is
agreed, partial or not agreed (:func:`sim.results.issue_status`); the
predicted probability of agreement is the share of runs in which it is
agreed. Nothing is fitted to the record, and there is no per-meeting or
per-issue switch: the model's forecasts are out of sample by construction.
The baselines that do learn from the record are scored both in sample
(leave one meeting out) and across eras (trained on 2022, scored on 2025,
and the reverse).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.scenario import Scenario, load_scenario, read_scenario_data
from sim.scoring import accuracy, base_rates, brier_score, rate_forecast
from sim.seeds import assumption, load_outcomes
from sim.sweep import SCENARIO_DIR, Sweep, run_sweep
from sim.sweep_spec import SweepSpec

#: Seeds per sampled set of assumptions.
SEEDS_PER_POINT = 5
#: Assumptions of the calibration method sampled in every scenario.
METHOD_ASSUMPTIONS = ("acceptable_value", "rejected_cap", "opposed_default", "curvature")


@dataclass(frozen=True)
class Backtest:
    table: pd.DataFrame  # one row per meeting and agenda issue
    scores: pd.DataFrame  # one row per (scope, forecaster, target)


def documented_scenarios() -> list[Scenario]:
    """The shipped scenarios with rounds that stand for documented meetings."""
    found = [load_scenario(p) for p in sorted(SCENARIO_DIR.glob("*.toml"))]
    return [s for s in found if any(r.meeting for r in s.rounds)]


def uncertainty_parameters(scenario: Scenario) -> dict[str, dict]:
    """Sweep parameters: each undocumented number of the scenario, uniform over its range."""
    era = str(scenario.as_of.year)
    paths = {f"calibration.{k}": f"method.{k}" for k in METHOD_ASSUMPTIONS}
    for party in scenario.party_names:
        settings = scenario.parties[party]
        if settings.reservation is None:
            paths[f"parties.{party}.reservation"] = f"actors.{party}.reservation.{era}"
        if settings.war_cost is None:
            paths[f"parties.{party}.war_cost"] = f"actors.{party}.war_cost"
        chosen = scenario.strategies.get(party)
        if chosen is None or chosen.e is None:
            paths[f"strategies.{party}.e"] = f"actors.{party}.concession_e"
    parameters = {}
    for path, source in paths.items():
        a = assumption(source)
        if a.low < a.high:
            name = path.replace(".", "_")
            parameters[name] = {"path": path, "range": [max(a.low, 1e-6), a.high]}
    return parameters


def backtest_sweep(scenario: Scenario, runs: int, seed: int = 0) -> Sweep:
    """The runs of one scenario: ``runs // SEEDS_PER_POINT`` LHS points x 5 seeds."""
    from sim.design import design_points

    spec = SweepSpec.model_validate(
        {
            "title": f"back-test of {scenario.name}",
            "scenario": scenario.name,
            "replications": SEEDS_PER_POINT,
            "seed": seed,
            "design": {"kind": "lhs", "samples": max(1, runs // SEEDS_PER_POINT), "seed": seed},
            "parameters": uncertainty_parameters(scenario),
        }
    )
    base = read_scenario_data(SCENARIO_DIR / f"{scenario.name}.toml")
    return Sweep(spec, scenario.name, base, design_points(spec))


def predictions(scenario: Scenario, runs: pd.DataFrame) -> pd.DataFrame:
    """Per meeting and agenda issue: the share of runs agreed, partial, either."""
    statuses = [json.loads(text) for text in runs["meeting_status"]]
    rows = []
    for rnd in scenario.rounds:
        if rnd.meeting is None:
            continue
        for issue in scenario.agenda:
            seen = np.array([s[rnd.meeting][issue] for s in statuses if rnd.meeting in s])
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
    record = pd.DataFrame(
        [
            {"meeting": o.meeting, "issue": o.issue, "documented": o.documented}
            for o in load_outcomes()
        ]
    )
    dates = {o.meeting: o.meeting_date.isoformat() for o in load_outcomes()}
    table = predicted.merge(record, on=["meeting", "issue"], how="left")
    table["documented"] = table["documented"].fillna("")
    table.insert(0, "meeting_date", table["meeting"].map(dates))
    table["era"] = table["meeting_date"].str[:4]
    return table.sort_values(["meeting_date", "issue"], ignore_index=True)


def score_table(table: pd.DataFrame) -> pd.DataFrame:
    """Brier score and accuracy of the model and the baselines, by scope and target.

    Targets: ``agreed`` (the record says agreed) forecast by P(agreed), and
    ``agreed or partial`` forecast by P(agreed) + P(partial). Scopes: all
    recorded meeting-issues, and each era on its own; the base-rate baseline
    is fitted leaving the scored meeting out (all) or on the other era.
    """
    scored = table[table["documented"] != ""].reset_index(drop=True)
    rows = []
    for target, column, happened in (
        ("agreed", "p_agreed", ("agreed",)),
        ("agreed or partial", "p_progress", ("agreed", "partial")),
    ):
        y = scored["documented"].isin(happened).astype(float).to_numpy()
        p_model = scored["predicted_agreement"].to_numpy()
        if column == "p_progress":
            p_model = p_model + scored["predicted_partial"].to_numpy()
        p_rate = _leave_one_meeting_out(scored, y)
        for era in ("all", *sorted(scored["era"].unique())):
            mask = np.ones(len(scored), bool) if era == "all" else (scored["era"] == era).to_numpy()
            if era != "all":
                train = ~mask
                rates = base_rates(scored["issue"][train], y[train])
                p_rate_era = rate_forecast(rates, scored["issue"][mask])
            else:
                p_rate_era = p_rate
            for forecaster, p in (
                ("model", p_model[mask]),
                ("always no agreement", np.zeros(mask.sum())),
                ("issue base rate", p_rate_era),
            ):
                rows.append(
                    {
                        "scope": era,
                        "target": target,
                        "forecaster": forecaster,
                        "events": int(mask.sum()),
                        "happened": int(y[mask].sum()),
                        "brier": brier_score(np.clip(p, 0, 1), y[mask]),
                        "accuracy": accuracy(np.clip(p, 0, 1), y[mask]),
                    }
                )
    return pd.DataFrame(rows)


def _leave_one_meeting_out(scored: pd.DataFrame, y: np.ndarray) -> np.ndarray:
    p = np.empty(len(scored))
    for meeting in scored["meeting"].unique():
        held = (scored["meeting"] == meeting).to_numpy()
        rates = base_rates(scored["issue"][~held], y[~held])
        p[held] = rate_forecast(rates, scored["issue"][held])
    return p


def run_backtest(out: Path, runs: int, backend, progress: bool = True) -> Backtest:
    """Run every documented scenario `runs` times; write ``backtest.csv`` and scores."""
    parts = []
    for scenario in documented_scenarios():
        sweep = backtest_sweep(scenario, runs)
        folder = out / "runs" / f"{scenario.name}-n{runs}"
        store = run_sweep(sweep, folder, backend, progress=progress)
        parts.append(predictions(scenario, store.load()))
    table = with_record(pd.concat(parts, ignore_index=True))
    scores = score_table(table)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "backtest.csv", index=False, float_format="%.4f")
    scores.to_csv(out / "scores.csv", index=False, float_format="%.4f")
    return Backtest(table, scores)
