"""Validate the forecasts on real EU negotiations: the DEU III training half in experiments/data.

Prints, in Markdown:

1. **The cross-validated table.** Every model of :data:`sim.forecast.models.MODELS`
   and two combinations, scored by leave-one-proposal-out cross-validation
   on the issues with an outcome (:mod:`sim.forecast.validation`): MAE and
   share within 10 points, each with a 95% bootstrap interval over proposals,
   and the paired difference from the compromise model. The compromise model
   and the weighted median must reproduce the data README's published 20.4
   and 24.2 (a check of the reader). Models that fit nothing score the same
   in and out of sample; the stacked forecast and the model chosen per
   procedure are refitted without each held-out proposal.
2. The same on the issues with a reference point, where the Nash and
   procedural models do not fall back to the compromise model.
3. **Why**, model by model: how often each forecast sits at the reference
   point or an end of the scale, and how far it moves from the compromise
   model, beside the outcomes.
4. **The stacking weights** fitted on all issues (those of
   :data:`sim.forecast.models.STACKED_WEIGHTS`; the script fails if they
   differ) with their bootstrap spread over proposals.
5. Sensitivity (not used to choose anything): the Nash solution with the
   actors who cannot gain outvoted; the exchange model stopped after fewer
   rounds; the expected-utility model's open choices, round by round.

Nothing here is fitted to anything but this file, and only by the
cross-validation above. On another file (say the held-back half of DEU III)
the two combinations are refitted on that file's own folds; the shipped
combination, fitted on the training half, is scored there by
``peacesim forecast --deu FILE --model stacked``. The first table is also written to
``out/validate-deu/cv.csv`` and drawn as ``out/validate-deu/deu-validation.png``
and ``.svg`` (the PNG is copied to ``experiments/gallery/``). Run:
``python experiments/validate_deu.py [FILE]`` (default the shipped file; about a minute).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from sim.charts.validation_chart import validation_chart
from sim.core.compromise import weighted_mean
from sim.core.exchange import MAX_ROUNDS
from sim.core.expected_utility import EUParameters, expected_utility_forecast
from sim.core.stacking import stacking_weights
from sim.forecast.deu import DEUData, read_deu
from sim.forecast.eu_models import exchange_forecasts, nash_forecast
from sim.forecast.models import COMPONENTS, STACKED_WEIGHTS, forecast_deu
from sim.forecast.validation import (
    WITHIN,
    bootstrap_draws,
    cv_by_procedure,
    cv_stacked,
    interval,
    score_frame,
)

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "deu3-train.csv"
OUT = Path("out") / "validate-deu"
#: The data README's published baselines (MAE on the 180 issues with an outcome).
PUBLISHED = {"compromise": 20.4, "median": 24.2}
LABELS = {
    "compromise": "compromise model (Achen 2006)",
    "median": "weighted median",
    "eum": "expected utility (Bueno de Mesquita)",
    "nash": "Nash solution, reference point as disagreement",
    "procedural": "procedural (consultation / codecision, QMV / unanimity)",
    "exchange": "position exchange (Stokman & Van Oosten)",
    "stacked": "stacked: convex weights, refitted per fold",
    "by procedure": "best model per procedure, chosen per fold",
}
#: Bootstrap draws for the stacking weights (each refits the LP).
WEIGHT_DRAWS = 500


@dataclass(frozen=True)
class Scored:
    """The issues with positions and an outcome, and every forecast of them."""

    outcome: np.ndarray  # (issues,)
    proposal: np.ndarray  # (issues,)
    reference: np.ndarray  # (issues,)
    kind: np.ndarray  # (issues,) "proc counvte"
    forecasts: dict[str, np.ndarray]  # model -> (issues,)
    fallback: dict[str, np.ndarray]  # model -> (issues,) bool (the components only)


def scored_forecasts(data: DEUData) -> Scored:
    """Every component's forecasts, then the two cross-validated combinations."""
    tables = {m: forecast_deu(data, m) for m in COMPONENTS}
    rows = np.flatnonzero(data.has_positions())
    seen = ~np.isnan(data.outcome[rows])
    rows = rows[seen]
    forecasts = {m: t["forecast"].to_numpy()[seen] for m, t in tables.items()}
    fallback = {m: t["fallback"].to_numpy()[seen] for m, t in tables.items()}
    matrix = np.column_stack([forecasts[m] for m in COMPONENTS])
    outcome, proposal = data.outcome[rows], data.proposal[rows]
    kind = data.procedure[rows] + " " + data.rule[rows]
    forecasts["stacked"] = cv_stacked(matrix, outcome, proposal)
    forecasts["by procedure"] = cv_by_procedure(matrix, outcome, proposal, kind)
    return Scored(outcome, proposal, data.reference[rows], kind, forecasts, fallback)


def score_table(scored: Scored, subset: np.ndarray, published: bool) -> pd.DataFrame:
    """Print MAE, within 10 and the gap to the compromise model, with intervals; return them."""
    forecasts = {m: f[subset] for m, f in scored.forecasts.items()}
    table = score_frame(forecasts, scored.outcome[subset], scored.proposal[subset])
    print(
        "| forecast | issues (fallbacks) | MAE [95% interval] | within 10 [95% interval] "
        "| minus compromise [95% interval] | published MAE |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for row in table.itertuples():
        fallback = scored.fallback.get(row.forecast)
        fell = "-" if fallback is None else int(fallback[subset].sum())
        print(
            f"| {LABELS[row.forecast]} | {row.issues} ({fell}) | {row.mae:.1f} "
            f"[{row.mae_low:.1f}, {row.mae_high:.1f}] | {row.within:.2f} "
            f"[{row.within_low:.2f}, {row.within_high:.2f}] | {round(row.gap, 1) + 0.0:+.1f} "
            f"[{row.gap_low:+.1f}, {row.gap_high:+.1f}] "
            f"| {PUBLISHED.get(row.forecast, '-') if published else '-'} |"
        )
    return table


def why_table(scored: Scored) -> None:
    """Where each forecast sits: at the reference point, at an end, how far from compromise."""
    has_ref = ~np.isnan(scored.reference)
    print(
        "| forecast | at the reference point (of 130 with one) | at 0 or 100 "
        "| mean distance from compromise | MAE where it differs from compromise by > 5 "
        "(compromise there) |"
    )
    print("|---|---:|---:|---:|---:|")
    compromise = scored.forecasts["compromise"]
    rows = {"outcome": scored.outcome, **scored.forecasts}
    for name, value in rows.items():
        at_ref = np.isclose(value[has_ref], scored.reference[has_ref], atol=0.5).sum()
        ends = np.mean((value <= 0.5) | (value >= 99.5))
        moved = np.abs(value - compromise) > 5
        where = (
            f"{np.abs(value - scored.outcome)[moved].mean():.1f} "
            f"({np.abs(compromise - scored.outcome)[moved].mean():.1f}), {moved.sum()} issues"
            if name != "outcome" and moved.any()
            else "-"
        )
        distance = np.abs(value - compromise).mean()
        label = "recorded outcome" if name == "outcome" else LABELS[name]
        print(f"| {label} | {at_ref} | {ends:.2f} | {distance:.1f} | {where} |")


def weights_table(scored: Scored) -> np.ndarray:
    """The stacking weights on all issues and their bootstrap spread; returns the weights."""
    matrix = np.column_stack([scored.forecasts[m] for m in COMPONENTS])
    fitted = stacking_weights(matrix, scored.outcome)
    counts, labels = bootstrap_draws(scored.proposal, WEIGHT_DRAWS, seed=1)
    index = np.searchsorted(labels, scored.proposal)
    boot = np.array(
        [
            stacking_weights(np.repeat(matrix, c[index].astype(int), axis=0),
                             np.repeat(scored.outcome, c[index].astype(int)))
            for c in counts
        ]
    )  # fmt: skip
    low, high = interval(boot)
    print("| model | weight | 95% bootstrap interval | share of draws with weight > 0.01 |")
    print("|---|---:|---:|---:|")
    for k, name in enumerate(COMPONENTS):
        print(
            f"| {name} | {fitted[k]:.3f} | [{low[k]:.3f}, {high[k]:.3f}] "
            f"| {np.mean(boot[:, k] > 0.01):.2f} |"
        )
    return fitted


def nash_sensitivity(data: DEUData, scored: Scored) -> None:
    rows = np.flatnonzero(data.has_positions() & ~np.isnan(data.outcome))
    for losers in ("veto", "outvoted"):
        forecast = np.array([nash_forecast(data, r, losers)[0] for r in rows])
        error = np.abs(forecast - scored.outcome)
        ref = ~np.isnan(scored.reference)
        print(
            f"| Nash, losers {losers} | {error.mean():.1f} | {error[ref].mean():.1f} "
            f"| {np.mean(error <= WITHIN):.2f} |"
        )


def exchange_sensitivity(data: DEUData, scored: Scored) -> None:
    """The exchange model's MAE when it stops after a given number of rounds."""
    rows = np.flatnonzero(data.has_positions() & ~np.isnan(data.outcome))
    caps = (0, 1, 2, 5, MAX_ROUNDS)
    print("| rounds at most | " + " | ".join(str(c) for c in caps) + " |")
    print("|---|" + "---:|" * len(caps))
    errors = []
    for cap in caps:
        forecast = np.empty(rows.size)
        for proposal in np.unique(data.proposal[rows]):
            mine = data.proposal[rows] == proposal
            forecast[mine] = exchange_forecasts(data, rows[mine], cap)
        errors.append(np.abs(forecast - scored.outcome).mean())
    print("| MAE | " + " | ".join(f"{e:.1f}" for e in errors) + " |")


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


def eum_sensitivity(data: DEUData) -> None:
    rows = np.flatnonzero(data.has_positions() & ~np.isnan(data.outcome))
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


def main(path: Path) -> None:
    data = read_deu(path)
    scored = scored_forecasts(data)
    everyone = np.ones(scored.outcome.size, bool)
    print(
        f"{path.name}: {data.issue.size} issues of {np.unique(data.proposal).size} proposals; "
        f"{everyone.sum()} with positions and an outcome, of "
        f"{np.unique(scored.proposal).size} proposals\n"
    )
    print("Leave-one-proposal-out cross-validation, all issues with an outcome\n")
    table = score_table(scored, everyone, published=True)
    OUT.mkdir(parents=True, exist_ok=True)
    table.to_csv(OUT / "cv.csv", index=False, float_format="%.4f")
    paths = validation_chart(table, OUT / "deu-validation", LABELS)
    print(f"\nWrote {OUT / 'cv.csv'}, " + ", ".join(map(str, paths)))
    print("\nThe issues with a reference point (no fallbacks for Nash and procedural)\n")
    score_table(scored, ~np.isnan(scored.reference), published=False)
    print("\nWhere the forecasts sit (all issues with an outcome)\n")
    why_table(scored)
    print("\nStacking weights on all issues (the stacked model's), bootstrap over proposals\n")
    fitted = weights_table(scored)
    shipped = np.array([STACKED_WEIGHTS[m] for m in COMPONENTS])
    if path.resolve() == DEFAULT_FILE and not np.allclose(fitted, shipped, atol=5e-4):
        raise SystemExit(
            "STACKED_WEIGHTS in sim/forecast/models.py differ from the fit: "
            + ", ".join(f'"{m}": {w:.3f}' for m, w in zip(COMPONENTS, fitted, strict=True))
        )
    print("\nSensitivity of the Nash solution (not used to choose anything)\n")
    print("| variant | MAE, all | MAE, with a reference point | within 10, all |")
    print("|---|---:|---:|---:|")
    nash_sensitivity(data, scored)
    print("\nThe exchange model, stopped after a number of rounds (not used to choose)\n")
    exchange_sensitivity(data, scored)
    print("\nSensitivity of the expected-utility model (MAE by round; not used to choose)\n")
    eum_sensitivity(data)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FILE)
