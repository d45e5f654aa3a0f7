"""Validate the forecasts on real EU negotiations: the DEU III half in experiments/data.

For each model: the mean absolute error (MAE) of the forecast against the
recorded outcome ``out`` (0-100) and the share of issues forecast within 10
points, over the issues with positions and an outcome; beside the baselines
published in the data's README. The compromise model and the weighted
median are computed first as a check of the reader (they must give the
published 20.4 and 24.2).

The expected-utility model runs with its defaults (``EUParameters()``,
chosen from the paper and its replications, not from this file). The second
table varies one open choice at a time, as a sensitivity report. Its line
"first version" gives the defaults this file was first scored with; they were
changed afterwards to the paper's text (see :mod:`sim.core.expected_utility`),
not chosen by these numbers.

Run: ``python experiments/validate_deu.py [FILE]`` (default the shipped file).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from sim.core.compromise import weighted_mean
from sim.core.expected_utility import EUParameters, expected_utility_forecast
from sim.forecast.deu import DEUData, read_deu
from sim.forecast.models import forecast_deu

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "deu3-train.csv"
#: The data README's published baselines (MAE on the 180 issues with an outcome).
PUBLISHED = {"compromise": 20.4, "median": 24.2, "unweighted mean": 20.5, "Commission": 36.4}
WITHIN = 10.0


def scores(forecast: np.ndarray, outcome: np.ndarray) -> tuple[int, float, float]:
    """Issues scored, MAE, share within :data:`WITHIN` points (blank outcomes skipped)."""
    seen = ~np.isnan(outcome) & ~np.isnan(forecast)
    error = np.abs(forecast[seen] - outcome[seen])
    return int(seen.sum()), float(error.mean()), float(np.mean(error <= WITHIN))


def eum_paths(data: DEUData, rows: np.ndarray, params: EUParameters) -> np.ndarray:
    """Weighted mean position after each round (issues x rounds+1), last value carried on."""
    paths = np.empty((rows.size, params.max_rounds + 1))
    for n, row in enumerate(rows):
        x, s, c = data.issue_arrays(row)
        means = [
            weighted_mean(h, c * s) for h in expected_utility_forecast(x, s, c, params).history
        ]
        paths[n] = np.pad(means, (0, params.max_rounds + 1 - len(means)), mode="edge")
    return paths


def main(path: Path) -> None:
    data = read_deu(path)
    outcome_of = dict(zip(data.issue, data.outcome, strict=True))
    print(
        f"{path.name}: {data.issue.size} issues, "
        f"{int(np.sum(~np.isnan(data.outcome)))} with an outcome\n"
    )
    print("| Forecast | Issues | MAE | Within 10 | Published MAE |")
    print("|---|---|---|---|---|")
    for model in ("compromise", "median", "eum"):
        table = forecast_deu(data, model)
        n, mae, share = scores(
            table["forecast"].to_numpy(), table["isnrnmc"].map(outcome_of).to_numpy()
        )
        label = {"eum": "expected utility (weighted mean after the rounds)"}.get(model, model)
        print(f"| {label} | {n} | {mae:.1f} | {share:.2f} | {PUBLISHED.get(model, '-')} |")
    rows = np.flatnonzero(data.has_positions() & ~np.isnan(data.outcome))
    medians = [expected_utility_forecast(*data.issue_arrays(r)).median for r in rows]
    n, mae, share = scores(np.array(medians), data.outcome[rows])
    print(
        f"| expected utility (weighted median after the rounds) | {n} | {mae:.1f} "
        f"| {share:.2f} | - |"
    )
    for label, forecast in (
        ("unweighted mean", np.nanmean(data.positions, axis=1)),
        ("Commission", data.positions[:, 0]),
    ):
        n, mae, share = scores(forecast, data.outcome)
        print(f"| {label} | {n} | {mae:.1f} | {share:.2f} | {PUBLISHED[label]} |")

    print(
        "\nSensitivity of the expected-utility model (MAE by round; not used to choose defaults)\n"
    )
    base = EUParameters()
    variants = {
        "defaults (target's r, nearest offer)": base,
        "each side's own r": replace(base, perspective="own"),
        "strongest offer": replace(base, offer_choice="strongest"),
        "own r, strongest offer (first version)": replace(
            base, perspective="own", offer_choice="strongest"
        ),
        "risk-neutral (r = 1)": replace(base, risk=False),
        "Q = 0.5": replace(base, q=0.5),
        "votes by capability only": replace(base, votes="capability"),
    }
    rounds = (0, 1, 2, 5, base.max_rounds)
    print("| Variant | " + " | ".join(f"round {r}" for r in rounds) + " |")
    print("|---|" + "---|" * len(rounds))
    for label, params in variants.items():
        errors = np.abs(eum_paths(data, rows, params) - data.outcome[rows, None]).mean(axis=0)
        print(f"| {label} | " + " | ".join(f"{errors[r]:.1f}" for r in rounds) + " |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FILE)
