"""Every figure the README and the docs show, made from the code, and the facts its
captions state.

    .venv/bin/python experiments/gallery.py                # quick figures from the code (~1 min)
    .venv/bin/python experiments/gallery.py --recompute    # and rerun the long ones (hours)
    .venv/bin/python experiments/gallery.py --only plot    # some figures (names below)

Writes ``experiments/gallery/*.png``, the facts each figure's caption states in
``experiments/gallery/facts.json``, and each caption between
``<!-- gallery:NAME -->`` and ``<!-- /gallery:NAME -->`` in README.md and the docs
pages (``docs/**/*.md``): a caption is made from the facts, never typed.
``tests/test_gallery_captions.py`` fails when a caption no longer matches its
facts, or the quick facts no longer match what the code gives; after a change
of the model, run this script (with ``--recompute`` for the long figures).

The figures, by name:

* quick, from the code in seconds: ``run`` (``peacesim run istanbul-2022``: the
  zone and concessions charts), ``plot`` (the five ``peacesim plot`` kinds,
  istanbul-2022 run for :data:`PLOT_ROUNDS` rounds), ``forecast`` (``peacesim
  forecast --chart``, 2022 and 2025), ``app`` (the classroom app after
  :data:`APP_STEPS` steps: needs the ``.[app]`` extra and ``/usr/bin/chromium``,
  and is skipped, saying so, without them);
* long, drawn from stored results in ``experiments/results/`` unless
  ``--recompute`` reruns them on all local cores (times on 2 shared cores):
  ``war-costs``, ``guarantees-neutrality``, ``mediators``, ``spring-2022`` (the
  sweeps of ``experiments/*.toml``, tens of minutes each),
  ``betrayal-curvature-2025`` (seconds), ``screen-brier``,
  ``screen-agreement`` (Morris screening of every assumption, minutes),
  ``sobol-brier``, ``sobol-agreement`` (Sobol' indices of the assumptions the
  screens keep, 4096 base samples: minutes and half an hour), ``horizon`` (each
  era's talks run forward to the end of the next year, 800 runs: about an hour), ``backtest``
  (``peacesim backtest``: hours), ``deu-validation``
  (``experiments/validate_deu.py``: a minute). Each stored result has a stamp
  (``NAME.json``: the seeds' and a sweep spec's hashes) that the tests compare
  with the current ones; a change of the model's code needs ``--recompute``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from sim.calibration import find_scenario, load_scenario
from sim.calibration.provenance import provenance
from sim.charts import Request, draw
from sim.charts.layout import problems
from sim.charts.style import save_as
from sim.labels import name
from sim.talks import NegotiationModel, RunResult, run_model

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "experiments" / "gallery"
RESULTS = ROOT / "experiments" / "results"
FACTS = GALLERY / "facts.json"
WORK = ROOT / "out" / "gallery"
SCENARIO = "istanbul-2022"
#: Rounds of the ``plot`` figures: the four dated ones and as many more (the statuses grid
#: then fits a page).
PLOT_ROUNDS = 8
PATH_SEEDS = (0, 1, 2)
#: Steps of the app before its screenshot.
APP_STEPS = 5
SWEEPS = (
    "war-costs",
    "guarantees-neutrality",
    "mediators",
    "screen-brier",
    "screen-agreement",
    "sobol-brier",
    "sobol-agreement",
    "spring-2022",
    "betrayal-curvature-2025",
)
#: Each sweep's figure in the gallery: the report chart the README shows.
SWEEP_CHARTS = {
    "war-costs": "heatmap",
    "guarantees-neutrality": "heatmap",
    "mediators": "parameters",
    "screen-brier": "morris",
    "screen-agreement": "morris",
    "sobol-brier": "sobol",
    "sobol-agreement": "sobol",
    "spring-2022": "heatmap",
    "betrayal-curvature-2025": "heatmap",
}
#: Each Sobol' analysis and the Morris screen that chose its parameters.
SCREENS = {"sobol-brier": "screen-brier", "sobol-agreement": "screen-agreement"}
#: A screened assumption goes on to the Sobol' analysis when its mu* is at least this
#: share of the largest mu* of its screen (the others stay at their central values).
KEEP_SHARE = 0.5
#: How many of the largest total indices the criterion on interval widths covers, and
#: the widest half-width it allows (issue 20).
TOP_INDICES = 5
HALF_WIDTH = 0.05
#: Forward runs per era and variant of the horizon (as ``experiments/horizon.py``).
HORIZON_RUNS = 200
BACKTEST_RUNS = 100


# --- saving ------------------------------------------------------------------------------


def save(fig, file: str) -> Path:
    """`fig` as ``experiments/gallery/FILE``."""
    return save_as(fig, GALLERY / file)


def keep_png(drawn: list[Path], file: str) -> Path:
    """The PNG of charts a module wrote as PNG and SVG, copied into the gallery."""
    png = next(p for p in drawn if p.suffix == ".png")
    return Path(shutil.copyfile(png, GALLERY / file))


def checked_savefig() -> None:
    """Make every figure saved from here on refuse to be written if its labels overlap, or
    its text is too small or the figure too wide for a page (the charts' modules save
    their own figures, so the check sits where they all pass)."""
    save_figure = Figure.savefig

    def savefig(fig: Figure, path: Any, *args: Any, **kwargs: Any) -> None:
        found = problems(fig)
        if found:
            raise SystemExit(f"{fig.get_suptitle() or path}: not readable: {'; '.join(found)}")
        save_figure(fig, path, *args, **kwargs)

    Figure.savefig = savefig  # type: ignore[method-assign]


# --- quick figures -----------------------------------------------------------------------


def run_of(rounds: int | None = None, seed: int = 0) -> RunResult:
    return run_model(NegotiationModel(load_scenario(find_scenario(SCENARIO)), seed, rounds))


def text_from(rounds: pd.DataFrame) -> int | None:
    drafted = rounds.loc[rounds["text_value_russia"].notna(), "round"]
    return int(drafted.iloc[0]) if len(drafted) else None


def agreed_in(rounds: pd.DataFrame) -> int | None:
    agreed = rounds.loc[rounds["package_agreed"].astype(bool), "round"]
    return int(agreed.iloc[0]) if len(agreed) else None


def run_facts() -> dict[str, Any]:
    result = run_of()
    scenario = load_scenario(find_scenario(SCENARIO))
    return {
        "scenario": SCENARIO,
        "issues": len(scenario.agenda),
        "packages": result.summary["outcome_space"],
        "rounds": int(result.summary["rounds"]),
        "zone_size": result.summary["zone_size"],
        "agreed_in": agreed_in(result.rounds),
        "text_from": text_from(result.rounds),
    }


def make_run() -> None:
    from sim.charts.run_charts import agreement_zone_chart, concession_chart

    scenario = load_scenario(find_scenario(SCENARIO))
    result = run_of()
    about = provenance(scenario, 0, ["peacesim", "run", SCENARIO, "--seed", "0"])
    with tempfile.TemporaryDirectory() as folder:
        keep_png(
            agreement_zone_chart(result, scenario, Path(folder) / "z", about),
            f"{SCENARIO}-agreement-zone.png",
        )
        keep_png(
            concession_chart(result, Path(folder) / "c", provenance=about),
            f"{SCENARIO}-concessions.png",
        )


def plot_facts() -> dict[str, Any]:
    rounds = run_of(PLOT_ROUNDS).rounds
    last = rounds.iloc[-1]
    opened = rounds.loc[rounds["zone_size"] > 0, "round"]
    return {
        "scenario": SCENARIO,
        "rounds": PLOT_ROUNDS,
        "rounds_run": len(rounds),
        "agreed_in": agreed_in(rounds),
        "zone_opens_in": int(opened.iloc[0]) if len(opened) else None,
        "zone_size": int(last["zone_size"]),
        "seeds": list(PATH_SEEDS),
    }


def make_plot() -> None:
    scenario = load_scenario(find_scenario(SCENARIO))
    runs = [run_of(PLOT_ROUNDS, seed) for seed in PATH_SEEDS]
    for kind in ("zone", "issues", "paths", "games", "statuses"):
        chosen = runs if kind == "paths" else runs[:1]
        labels = [f"seed {seed}" for seed in PATH_SEEDS[: len(chosen)]]
        save(draw(Request(kind, scenario, chosen, labels=labels)), f"plot-{kind}-{SCENARIO}.png")


def forecast_facts() -> dict[str, Any]:
    """Where the simulation's text sits against the forecasts, issue by issue (2022)."""
    from sim.forecast.talks import forecast_scenario, nearest_level

    scenario = load_scenario(find_scenario(SCENARIO))
    last = run_of().rounds.iloc[-1]
    at: dict[str, list[str]] = {"compromise": [], "expected utility": []}
    for forecast in forecast_scenario(scenario):
        issue = forecast.dimension.issue
        article = last.get(f"article_{issue.key}") or ""
        if not article:
            continue
        level = issue.levels.index(article)
        for key, value in (
            ("compromise", forecast.compromise),
            ("expected utility", forecast.eum.mean),
        ):
            if nearest_level(value, issue) == level:
                at[key].append(issue.key)
    return {"scenario": SCENARIO, "text_at": at}


def make_forecast() -> None:
    from sim.charts.forecast_chart import forecast_chart
    from sim.forecast.talks import forecast_scenario

    for scenario_name in (SCENARIO, "istanbul-2025"):
        scenario = load_scenario(find_scenario(scenario_name))
        simulated = run_model(NegotiationModel(scenario, seed=0)).rounds.iloc[-1]
        with tempfile.TemporaryDirectory() as folder:
            drawn = forecast_chart(
                forecast_scenario(scenario), scenario, Path(folder) / "f", simulated
            )
            keep_png(drawn, f"{scenario_name}-forecast.png")


def app_facts() -> dict[str, Any]:
    return {"scenario": SCENARIO, "steps": APP_STEPS}


def make_app() -> None:
    """A screenshot of ``peacesim app`` after :data:`APP_STEPS` steps, in headless Chromium."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("app: skipped, the .[app] extra is not installed; the stored screenshot stays")
        return
    if not chromium.exists():
        print("app: skipped, /usr/bin/chromium is absent; the stored screenshot stays")
        return
    port = 8790
    server = subprocess.Popen(
        [sys.executable, "-m", "sim", "app", SCENARIO, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=["--headless=new"])
            page = browser.new_page(viewport={"width": 1500, "height": 1800})
            for _ in range(120):  # the server takes a few seconds to start
                try:
                    page.goto(f"http://127.0.0.1:{port}/")
                    break
                except PlaywrightError:  # the server is not up yet
                    page.wait_for_timeout(1000)
            step = page.get_by_role("button", name="Step", exact=True)
            step.wait_for(timeout=120_000)
            for n in range(1, APP_STEPS + 1):
                step.click()
                page.get_by_text(f"Step: {n}").wait_for(timeout=60_000)
            page.wait_for_timeout(1000)  # the charts' last images
            page.screenshot(path=GALLERY / f"app-{SCENARIO}.png", full_page=True)
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


# --- long figures: sweeps -----------------------------------------------------------------


def spec_of(sweep: str):
    from sim.sweeps.spec import read_spec

    return read_spec(ROOT / "experiments" / f"{sweep}.toml")


def stamp(**more: str) -> dict[str, str]:
    """What stored results depend on besides the code: the seeds, and `more` (a sweep's
    spec); written beside them as ``experiments/results/NAME.json``."""
    from sim.calibration.seeds import seeds_fingerprint

    return {"seeds_sha256": seeds_fingerprint(), **more}


def sweep_stamp(sweep: str) -> dict[str, str]:
    from sim.calibration.provenance import content_hash

    return stamp(spec_sha256=content_hash(spec_of(sweep)))


def current_stamp(key: str) -> dict[str, str]:
    """The stamp a long figure's stored results would have if recomputed now."""
    return sweep_stamp(key) if key in SWEEPS else stamp()


def write_stamp(key: str, found: dict[str, str]) -> None:
    (RESULTS / f"{key}.json").write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")


def recompute_sweep(sweep: str) -> None:
    """Run the sweep on all local cores (resuming in ``out/gallery/``) and store the
    columns its report and captions read as ``experiments/results/SWEEP.csv``."""
    from sim.sweeps.runner import backend_for, prepare, run_sweep

    prepared = prepare(ROOT / "experiments" / f"{sweep}.toml", max_runs=None)
    with backend_for(None) as backend:
        store = run_sweep(prepared, WORK / sweep, backend, True, ["peacesim", "sweep", sweep])
    runs = store.load().sort_values("run_id")
    outcome = prepared.spec.report.outcome
    conditions = (
        [] if isinstance(outcome, str) else outcome if isinstance(outcome, list) else [outcome]
    )
    keep = ["run_id", "point", "seed", *prepared.spec.parameters, "agreement", "agreement_round"]
    keep += [outcome] if isinstance(outcome, str) else [c.column for c in conditions]
    runs[list(dict.fromkeys(keep))].to_csv(
        RESULTS / f"{sweep}.csv", index=False, float_format="%.6f"
    )
    write_stamp(sweep, sweep_stamp(sweep))


@dataclass(frozen=True)
class StoredSweep:
    """The stored runs of a sweep and its report's numbers (indices and effects None
    for a design that has none)."""

    spec: Any
    runs: pd.DataFrame
    outcome: Any
    table: pd.DataFrame
    indices: pd.DataFrame | None  # Sobol'
    effects: pd.DataFrame | None  # Morris


def sweep_summary(sweep: str) -> StoredSweep:
    """The stored runs of `sweep` and its report's numbers."""
    from sim.sweeps.design import design_size
    from sim.sweeps.report import by_parameter, morris_effects, outcome_of, sobol_indices

    spec = spec_of(sweep)
    runs = pd.read_csv(RESULTS / f"{sweep}.csv", keep_default_na=False, na_values=[""])
    outcome = outcome_of(runs, spec)
    points = design_size(spec)
    return StoredSweep(
        spec,
        runs,
        outcome,
        by_parameter(runs, spec, outcome),
        sobol_indices(runs, spec, outcome, points),
        morris_effects(runs, spec, outcome, points),
    )


def screened_in(effects: pd.DataFrame) -> list[str]:
    """The parameters a Morris screen keeps for the Sobol' analysis, largest mu* first:
    those whose mu* is at least :data:`KEEP_SHARE` of the largest."""
    ranked = effects.sort_values("mu_star", ascending=False)
    return ranked["parameter"][ranked["mu_star"] >= KEEP_SHARE * ranked["mu_star"].max()].tolist()


def make_sweep(sweep: str) -> None:
    from sim.charts import sweep_charts

    s = sweep_summary(sweep)
    chart = SWEEP_CHARTS[sweep]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / chart
        if chart == "heatmap":
            drawn = sweep_charts.heatmap_chart(s.runs, s.spec, s.outcome, path)
        elif chart == "parameters":
            drawn = sweep_charts.parameters_chart(s.table, s.spec, s.outcome, path)
        elif chart == "morris":
            drawn = sweep_charts.morris_chart(s.effects, s.spec, s.outcome, path)
        else:
            drawn = sweep_charts.sobol_chart(s.indices, s.spec, s.outcome, path)
        keep_png(drawn, sweep_file(sweep))


def sweep_facts(sweep: str) -> dict[str, Any]:
    """The numbers a sweep's caption states: the outcome overall and at each level, and
    a Sobol' analysis's indices or a Morris screen's effects."""
    s = sweep_summary(sweep)
    spec, runs, outcome, table, indices = s.spec, s.runs, s.outcome, s.table, s.indices
    facts: dict[str, Any] = {
        "runs": len(runs),
        "horizon": (
            f"{spec.rounds} rounds"
            if spec.rounds
            else f"to {spec.until}"
            if spec.until
            else "the dated rounds"
        ),
        "label": outcome.label,
        "binary": bool(outcome.binary),
        "mean": round(float(outcome.values.mean()), 4),
        "by": {
            parameter: {
                str(row["value"]): [round(row[k], 4) for k in ("mean", "low", "high")]
                for row in rows.to_dict("records")
            }
            for parameter, rows in table.groupby("parameter", sort=False)
        },
    }
    if indices is not None:
        top = indices.sort_values("ST", ascending=False)
        facts["total_indices"] = {
            r["parameter"]: [round(float(r[k]), 3) for k in ("ST", "ST_conf", "S1", "S1_conf")]
            for r in top.to_dict("records")
        }
        facts["widest_top"] = round(float(top["ST_conf"].head(TOP_INDICES).max()), 3)
        facts["same"] = round(float(outcome.values.value_counts(normalize=True).iloc[0]), 4)
        facts["samples"] = spec.design.samples
        if sweep in SCREENS:
            screen = spec_of(SCREENS[sweep])
            facts["screen"] = SCREENS[sweep]
            facts["fixed"] = [p for p in screen.parameters if p not in spec.parameters]
    if s.effects is not None:
        ranked = s.effects.sort_values("mu_star", ascending=False)
        facts["effects"] = {
            r["parameter"]: [round(float(r[k]), 3) for k in ("mu_star", "mu_star_conf", "sigma")]
            for r in ranked.to_dict("records")
        }
        facts["kept"] = screened_in(s.effects)
    if sweep == "guarantees-neutrality":
        facts["least_guarantee"] = least_guarantee(runs, outcome.values)
    if sweep == "spring-2022":
        facts["changes"] = spring_changes(runs, outcome.values)
    if sweep == "betrayal-curvature-2025":
        facts["cells"] = heatmap_cells(runs, spec.report.heatmap, outcome.values)
    return facts


def heatmap_cells(runs: pd.DataFrame, axes: list[str], values: pd.Series) -> dict[str, Any]:
    """The heatmap's `axes` and its cells as ``[x, y, mean outcome]``, in grid order."""
    x, y = axes
    means = values.groupby([runs[x], runs[y]]).mean()
    cells = [[float(a), float(b), round(float(m), 4)] for (a, b), m in means.items()]
    return {"axes": [x, y], "values": cells}


#: The spring-2022 sweep's point as documented, and the changes its table reads: each row's
#: label and the values it changes at each of its cells.
SPRING_DOCUMENTED = {
    "guarantees": "on_paper",
    "russia_belief": 0.85,
    "costs": "as_documented",
    "mediators": "as_documented",
}
SPRING_CHANGES: dict[str, list[dict[str, Any]]] = {
    "as documented": [{}],
    "guarantees backed by a guarantor state": [{"guarantees": "backed"}],
    "Russia less sure of winning (0.75 / 0.65)": [
        {"russia_belief": 0.75},
        {"russia_belief": 0.65},
    ],
    "a mediator who threatens to walk away": [{"mediators": "plus_walk_away"}],
    "costs that bite (Russia 0.15, Ukraine 0.2)": [{"costs": "biting"}],
    "costs that bite and a walk-away threat": [{"costs": "biting", "mediators": "plus_walk_away"}],
    "costs that bite and backed guarantees": [{"costs": "biting", "guarantees": "backed"}],
    "backed guarantees and Russia at 0.65": [{"guarantees": "backed", "russia_belief": 0.65}],
    "backed guarantees, Russia at 0.75 and a walk-away threat": [
        {"guarantees": "backed", "russia_belief": 0.75, "mediators": "plus_walk_away"}
    ],
}


def spring_changes(runs: pd.DataFrame, closed: pd.Series) -> dict[str, list[float]]:
    """The share of runs closing at each cell of :data:`SPRING_CHANGES`: the documented
    point with the cell's values changed."""
    shares = {}
    for label, cells in SPRING_CHANGES.items():
        shares[label] = []
        for cell in cells:
            point = {**SPRING_DOCUMENTED, **cell}
            rows = pd.concat([runs[k] == v for k, v in point.items()], axis=1).all(axis=1)
            shares[label].append(round(float(closed[rows].mean()), 2))
    return shares


def least_guarantee(runs: pd.DataFrame, closed: pd.Series) -> dict[str, Any]:
    """At each renege risk: the least guarantee effect at which every run closes the trade
    (None if none does), with the share closing at it."""
    found = {}
    for risk, rows in runs.groupby("renege_risk"):
        shares = closed[rows.index].groupby(rows["guarantee_effect"]).mean()
        full = shares[shares >= 1.0]
        found[f"{risk:g}"] = None if full.empty else round(float(full.index[0]), 4)
    return found


# --- long figures: horizon and back-test --------------------------------------------------


def recompute_horizon() -> None:
    from sim.backtest.horizon import horizon_table
    from sim.sweeps.runner import backend_for

    with backend_for(None) as backend:
        table = horizon_table(WORK / "horizon", HORIZON_RUNS, backend)
    table.to_csv(RESULTS / "horizon.csv", index=False, float_format="%.4f")
    write_stamp("horizon", stamp())


def make_horizon() -> None:
    from sim.backtest.validation import load_validation
    from sim.charts.horizon_chart import horizon_chart

    table = pd.read_csv(RESULTS / "horizon.csv", dtype={"era": str})
    with tempfile.TemporaryDirectory() as folder:
        drawn = horizon_chart(table, load_validation(), Path(folder) / "h")
        keep_png(drawn, "horizon.png")


def horizon_facts() -> dict[str, Any]:
    """Each era's forward runs at the dates of the record after the documents: the share of
    runs in which each event has happened."""
    from sim.backtest.validation import load_validation

    table = pd.read_csv(RESULTS / "horizon.csv", dtype={"era": str})
    record = load_validation()
    rows = []
    for (era, variant), part in table.groupby(["era", "variant"], sort=True):
        dates = sorted({d.isoformat() for d in record.loc[record["era"] == era, "date"]})
        at = part[part["date"].isin(dates)].pivot_table(index="date", columns="measure", values="p")
        rows += [
            {
                "era": era,
                "variant": variant,
                "date": date,
                "runs": int(part["runs"].iloc[0]),
                "p": {m: round(float(p), 2) for m, p in at.loc[date].items()},
            }
            for date in at.index
        ]
    kept = {
        f"{era} {variant}": int(part["runs"].iloc[0])
        for (era, variant), part in table.groupby(["era", "variant"], sort=True)
    }
    return {
        "runs": HORIZON_RUNS,
        "rows": rows,
        "kept": kept,
        "targets": [_target(table, *target) for target in HORIZON_TARGETS],
    }


#: The targets set for this work: (era, measure, the date it is asked by).
HORIZON_TARGETS = (
    ("2022", "package agreed", "2022-09-30"),
    ("2025", "general ceasefire", "2025-11-30"),
    ("2022", "talks suspended (ever)", "2022-05-31"),
)


def _target(table: pd.DataFrame, era: str, measure: str, by: str) -> dict[str, Any]:
    """A target's share in each variant, at the last date of the table on or before `by`."""
    rows = table[(table["era"] == era) & (table["measure"] == measure) & (table["date"] <= by)]
    last = rows[rows["date"] == rows["date"].max()]
    return {
        "measure": measure,
        "by": by,
        "p": {r["variant"]: round(float(r["p"]), 2) for r in last.to_dict("records")},
    }


def recompute_backtest() -> None:
    from sim.backtest.run import run_backtest
    from sim.sweeps.runner import backend_for

    with backend_for(None) as backend:
        run_backtest(WORK / "backtest", BACKTEST_RUNS, backend)
    for file in ("backtest.csv", "scores.csv", "fit.csv"):
        shutil.copyfile(WORK / "backtest" / file, RESULTS / f"backtest-{file}")
    write_stamp("backtest", stamp())


def make_backtest() -> None:
    from sim.charts.backtest_chart import backtest_chart

    table = pd.read_csv(RESULTS / "backtest-backtest.csv", keep_default_na=False)
    with tempfile.TemporaryDirectory() as folder:
        keep_png(backtest_chart(table, Path(folder) / "b"), "backtest.png")


def backtest_facts() -> dict[str, Any]:
    scores = pd.read_csv(RESULTS / "backtest-scores.csv", dtype={"scope": str})
    fit = pd.read_csv(RESULTS / "backtest-fit.csv", dtype={"fitted_on": str})
    return {
        "runs": BACKTEST_RUNS,
        "fit": {
            r["fitted_on"]: {
                "spread": float(r["spread"]),
                "out_of_sample": round(float(r["brier_out_of_sample"]), 3),
            }
            for r in fit.to_dict("records")
        },
        "scores": [
            {k: r[k] for k in ("scope", "target", "forecaster", "events")}
            | {"brier": round(float(r["brier"]), 3)}
            for r in scores.to_dict("records")
        ],
    }


# --- long figures: the forecasts' validation on DEU III ----------------------------------------


def recompute_deu() -> None:
    """``experiments/validate_deu.py`` (about a minute): its table stored, its chart drawn."""
    subprocess.run(
        [sys.executable, str(ROOT / "experiments" / "validate_deu.py")],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.copyfile(ROOT / "out" / "validate-deu" / "cv.csv", RESULTS / "deu-validation.csv")
    write_stamp("deu-validation", stamp())


def deu_labels() -> dict[str, str]:
    """The forecasts' names, as ``experiments/validate_deu.py`` writes them."""
    spec = importlib.util.spec_from_file_location(
        "validate_deu", ROOT / "experiments" / "validate_deu.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["validate_deu"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.LABELS


def make_deu() -> None:
    from sim.charts.validation_chart import validation_chart

    table = pd.read_csv(RESULTS / "deu-validation.csv")
    with tempfile.TemporaryDirectory() as folder:
        keep_png(validation_chart(table, Path(folder) / "v", deu_labels()), "deu-validation.png")


def deu_facts() -> dict[str, Any]:
    table = pd.read_csv(RESULTS / "deu-validation.csv")
    keys = (
        "mae",
        "mae_low",
        "mae_high",
        "within",
        "within_low",
        "within_high",
        "gap",
        "gap_low",
        "gap_high",
    )
    return {
        "labels": deu_labels(),
        "rows": [
            {
                "forecast": r["forecast"],
                "issues": int(r["issues"]),
                **{k: round(float(r[k]), 2) for k in keys},
            }
            for r in table.to_dict("records")
        ],
    }


def deu_caption(f: dict) -> str:
    rows = [
        "| forecast | MAE [95% interval] | within 10 points | minus compromise [95% interval] |",
        "|---|---:|---:|---:|",
    ]
    for r in f["rows"]:
        mae = f"{r['mae']:.1f}"
        mae = f"**{mae}**" if r["forecast"] == "compromise" else mae
        gap = (
            "-"
            if r["forecast"] == "compromise"
            else (f"{r['gap']:+.1f} [{r['gap_low']:+.1f}, {r['gap_high']:+.1f}]")
        )
        rows.append(
            f"| {f['labels'].get(r['forecast'], r['forecast'])} | {mae} [{r['mae_low']:.1f}, "
            f"{r['mae_high']:.1f}] | {r['within']:.2f} [{r['within_low']:.2f}, "
            f"{r['within_high']:.2f}] | {gap} |"
        )
    return "\n".join(rows)


# --- the figures and their captions ----------------------------------------------------------


def _share(x: float) -> str:
    return f"{100 * x:.0f}%"


def _issues(keys: list[str]) -> str:
    words = [name(k) for k in keys]
    return (
        "none"
        if not words
        else words[0]
        if len(words) == 1
        else (f"{', '.join(words[:-1])} and {words[-1]}")
    )


def run_caption(f: dict) -> str:
    zone = "none" if not f["zone_size"] else f"{f['zone_size']:,}"
    agreed = (
        f"a package closes in round {f['agreed_in']}" if f["agreed_in"] else ("no package closes")
    )
    text = f"drafted from round {f['text_from']}" if f["text_from"] else "never drafted"
    return (
        f"`peacesim run {f['scenario']}` after its {f['rounds']} documented rounds (seed 0). "
        f"Left, every possible package (one level for each of the {f['issues']} agenda "
        f"issues, {f['packages']:,} packages in all) as a grey density, placed by what it is "
        "worth to Russia (x) and to Ukraine (y): its terms, discounted by the risk that the "
        "other side reneges. The dotted lines are what **fighting on** is worth to each side; "
        "the packages above both would form the **agreement zone**, drawn as yellow dots "
        f"(here: {zone}). The black curve is the Pareto frontier, the orange crosses the "
        f"**single negotiating text** ({text}), the squares and dots each party's offers "
        f"round by round; {agreed}. Right, a close-up of the dashed box."
    )


def plot_caption(f: dict) -> str:
    if f["agreed_in"]:
        outcome = (
            f"where the zone opens in round {f['zone_opens_in']} and the package closes in "
            f"round {f['agreed_in']} ({f['zone_size']:,} package(s) in the zone then), "
            "so the run stops there"
        )
    elif f["zone_opens_in"]:
        outcome = f"where the zone opens in round {f['zone_opens_in']} but no package closes"
    else:
        outcome = "where no zone opens and no package closes"
    seeds = ", ".join(map(str, f["seeds"]))
    return (
        f"The charts below are {f['scenario']} run for {f['rounds']} rounds "
        f"(`--rounds {f['rounds']}`, seed 0; `paths` with seeds {seeds}), {outcome}. "
        "Each shows the last round run."
    )


def forecast_caption(f: dict) -> str:
    at = f["text_at"]
    return (
        f"In {f['scenario']} the simulation's text after the documented rounds sits at the "
        f"compromise model's level on {_issues(at['compromise'])}, and at the "
        f"expected-utility forecast on {_issues(at['expected utility'])}."
    )


def app_caption(f: dict) -> str:
    return f"The classroom app after {f['steps']} steps of {f['scenario']} (seed 0)."


def _value(f: dict, x: float) -> str:
    """An outcome value as the caption says it: a share, or a number."""
    return _share(x) if f["binary"] else f"{x:.1f}"


def _level(key: str) -> str:
    """A parameter's level as the caption says it: a number as written, a choice by name."""
    try:
        float(key)
    except ValueError:
        return name(key)
    return key


def _levels(f: dict, parameter: str) -> str:
    return ", ".join(f"{_value(f, v[0])} at {_level(k)}" for k, v in f["by"][parameter].items())


def war_costs_caption(f: dict) -> str:
    return (
        f"{f['label']} ({f['runs']} runs, {f['horizon']}): {_value(f, f['mean'])} overall. "
        f"By Russia's chance of winning: {_levels(f, 'russia_belief')}. By its cost of "
        f"fighting on: {_levels(f, 'russia_war_cost')}."
    )


def guarantees_caption(f: dict) -> str:
    least = f["least_guarantee"]
    parts = [
        f"at a renege risk of {risk}, "
        + ("no share closes every run" if g is None else f"{_share(g)} or more")
        for risk, g in least.items()
    ]
    return (
        f"{f['label']} ({f['runs']} runs, {f['horizon']}): {_value(f, f['mean'])} overall. "
        "The least share of Ukraine's fear that guarantees must remove for every run to "
        "close the trade: " + "; ".join(parts) + "."
    )


def mediators_caption(f: dict) -> str:
    rows = [f"| mediators | {f['label']} (mean, 95% interval) |", "|---|---|"]
    for choice, (mean, low, high) in f["by"]["mediators"].items():
        rows.append(f"| {name(choice)} | {_value(f, mean)} ({_value(f, low)}–{_value(f, high)}) |")
    return "\n".join(rows) + (
        f"\n\n{f['runs']} runs, {f['horizon']}. By the strength of shuttle calls: "
        f"{_levels(f, 'shuttle_calls')}."
    )


def sweep_caption(f: dict) -> str:
    """Any sweep's outcome overall and at each level of each parameter."""
    levels = "; ".join(f"by {name(p)}: {_levels(f, p)}" for p in f["by"])
    overall = _value(f, f["mean"])
    return f"{f['label']} ({f['runs']} runs, {f['horizon']}): {overall} overall; {levels}."


def corner_caption(f: dict) -> str:
    """A heatmap whose outcome happens in a few cells: those cells, and how many there are."""
    x, y = f["cells"]["axes"]
    hit = [c for c in f["cells"]["values"] if c[2] > 0]
    cells = "; ".join(
        f"{_value(f, share)} at {name(x)} {_level(str(a))}, {name(y)} {_level(str(b))}"
        for a, b, share in hit
    )
    return (
        f"{f['label']} ({f['runs']} runs, {f['horizon']}, every other assumption at its "
        f"central value): {_value(f, f['mean'])} overall, and above 0 in {len(hit)} of "
        f"{len(f['cells']['values'])} cells: {cells}."
    )


def spring_caption(f: dict) -> str:
    """:func:`sweep_caption`, then the table of :data:`SPRING_CHANGES`."""
    documented = (
        "from the documents (guarantees on paper, Russia at 0.85, documented costs and mediators)"
    )
    rows = [f"| {documented} | P(package by {f['label'].rsplit(' by ', 1)[-1]}) |", "|---|---:|"]
    for label, shares in f["changes"].items():
        rows.append(f"| {label} | {' / '.join(f'{p:.1f}' for p in shares)} |")
    return sweep_caption(f) + "\n\n" + "\n".join(rows)


#: Share of runs with one and the same outcome above which Sobol' indices rank nothing: they
#: rest on the few runs that differ.
SOBOL_FLAT = 0.9


def _fixed(f: dict) -> str:
    if not f.get("fixed"):
        return ""
    return (
        f" The other {len(f['fixed'])} assumptions of the screen ({f['screen']}) stay at "
        "their central values: " + ", ".join(name(p) for p in f["fixed"]) + "."
    )


def sobol_caption(f: dict) -> str:
    top = list(f["total_indices"].items())
    ranking = "; ".join(
        f"{i}. {name(k)} {st:.2f} ± {st_conf:.2f} (first order {s1:.2f} ± {s1_conf:.2f})"
        for i, (k, (st, st_conf, s1, s1_conf)) in enumerate(top, start=1)
    )
    met = "within" if f["widest_top"] <= HALF_WIDTH else "NOT within"
    caption = (
        f"{f['label']}: {f['mean']:.2f} on average over {f['runs']} runs ({f['horizon']}; "
        f"{f['samples']} base samples). Total Sobol' indices, largest first, with 95% "
        f"bootstrap intervals: {ranking}. The widest half-width among the {TOP_INDICES} "
        f"largest is {f['widest_top']:.3f}, {met} the ±{HALF_WIDTH} set for this analysis."
        + _fixed(f)
    )
    if f["same"] >= SOBOL_FLAT:
        caption += (
            f" The outcome is the same in {_share(f['same'])} of the runs: the indices rest on "
            "the few that differ, and do not rank the assumptions."
        )
    return caption


def morris_caption(f: dict) -> str:
    ranking = "; ".join(
        f"{name(k)} {mu:.2f} ± {conf:.2f} (sigma {sigma:.2f})"
        for k, (mu, conf, sigma) in f["effects"].items()
    )
    return (
        f"{f['label']}, Morris elementary effects over {f['runs']} runs ({f['horizon']}): "
        f"mu*, the mean absolute change per full range, with its 95% bootstrap interval, "
        f"largest first: {ranking}. Kept for the Sobol' analysis (mu* at least "
        f"{KEEP_SHARE:.0%} of the largest): " + ", ".join(name(k) for k in f["kept"]) + "."
    )


def horizon_caption(f: dict) -> str:
    measures = list(f["rows"][0]["p"]) if f["rows"] else []
    rows = [
        "| era | variant | date | " + " | ".join(measures) + " |",
        "|---|---|---|" + "---:|" * len(measures),
    ]
    for r in f["rows"]:
        cells = " | ".join(f"{r['p'][m]:.2f}" for m in measures)
        rows.append(f"| {r['era']} | {r['variant']} | {r['date']} | {cells} |")
    kept = ", ".join(f"{k} {n}" for k, n in f["kept"].items())
    targets = "; ".join(
        f"P({t['measure']} by {t['by']}) {t['p']['seeds']:.2f} with the central calibration "
        f"and {t['p']['seeds and assumptions']:.2f} over the ranges"
        for t in f["targets"]
    )
    return "\n".join(rows) + (
        f"\n\nShare of forward runs ({f['runs']} drawn an era and variant, those that do "
        "not contradict the record they start from kept: "
        f"{kept}) in which each event has happened by the record's dates after the "
        f"documents. Against the targets set for this work: {targets}."
    )


#: Columns of the back-test's score table: heading -> forecaster in ``scores.csv``.
SCORE_COLUMNS = {
    "model (spread fitted on 2022)": "model",
    "model, full ranges": "model, full ranges",
    "always no": "always no agreement",
    "issue base rate": "issue base rate",
}


#: How the back-test's scopes read in its table.
SCOPES = {"all": "all meetings", "2022": "2022, in sample", "2025": "2025, out of sample"}


def backtest_caption(f: dict) -> str:
    scores = {(r["scope"], r["target"], r["forecaster"]): r for r in f["scores"]}
    rows = [
        "| scope | target | " + " | ".join(SCORE_COLUMNS) + " |",
        "|---|---|" + "---:|" * len(SCORE_COLUMNS),
    ]
    for scope, target in dict.fromkeys((r["scope"], r["target"]) for r in f["scores"]):
        events = scores[(scope, target, "model")]["events"]
        cells = [
            f"{scores[(scope, target, k)]['brier']:.3f}" if (scope, target, k) in scores else "-"
            for k in SCORE_COLUMNS.values()
        ]
        cells[0] = f"**{cells[0]}**"
        label = f"{SCOPES.get(scope, scope)} ({events})"
        rows.append(f"| {label} | {target} | " + " | ".join(cells) + " |")
    fit = f["fit"]
    return "\n".join(rows) + (
        f"\n\n{f['runs']} runs per scenario and spread. The spread fitted on 2022 is "
        f"{fit['2022']['spread']:g} (scored {fit['2022']['out_of_sample']:.3f} on 2025), the "
        f"one fitted on 2025 {fit['2025']['spread']:g} (scored "
        f"{fit['2025']['out_of_sample']:.3f} on 2022)."
    )


@dataclass(frozen=True)
class Entry:
    """A figure of the gallery: what draws it, its facts, its caption, and (for a long
    figure) what recomputes its stored results."""

    make: Callable[[], None]
    facts: Callable[[], dict]
    caption: Callable[[dict], str]
    files: tuple[str, ...]  # what `make` writes in experiments/gallery/
    recompute: Callable[[], None] | None = None


PLOT_FILES = tuple(
    f"plot-{kind}-{SCENARIO}.png" for kind in ("zone", "issues", "paths", "games", "statuses")
)
SWEEP_CAPTIONS = {
    "war-costs": war_costs_caption,
    "guarantees-neutrality": guarantees_caption,
    "mediators": mediators_caption,
    "screen-brier": morris_caption,
    "screen-agreement": morris_caption,
    "sobol-brier": sobol_caption,
    "sobol-agreement": sobol_caption,
    "spring-2022": spring_caption,
    "betrayal-curvature-2025": corner_caption,
}


def sweep_file(sweep: str) -> str:
    chart = SWEEP_CHARTS[sweep]
    return f"{sweep}.png" if chart in ("sobol", "morris") else f"{sweep}-{chart}.png"


#: Figures the pages show that another command makes, and that command: the fit's charts
#: are drawn from its posterior (``peacesim fit``, about 15 minutes; its tables are in
#: ``experiments/fit-2022/``), not from results stored here.
MADE_ELSEWHERE = {
    f"experiments/gallery/fit-{name}.png": "peacesim fit --out out/fit-2022"
    for name in ("screen", "posterior-marginals", "width-ratio", "posterior-horizon", "reliability")
}

FIGURES: dict[str, Entry] = {
    "run": Entry(
        make_run,
        run_facts,
        run_caption,
        (f"{SCENARIO}-agreement-zone.png", f"{SCENARIO}-concessions.png"),
    ),
    "plot": Entry(make_plot, plot_facts, plot_caption, PLOT_FILES),
    "forecast": Entry(
        make_forecast,
        forecast_facts,
        forecast_caption,
        (f"{SCENARIO}-forecast.png", "istanbul-2025-forecast.png"),
    ),
    "app": Entry(make_app, app_facts, app_caption, (f"app-{SCENARIO}.png",)),
    **{
        sweep: Entry(
            lambda s=sweep: make_sweep(s),
            lambda s=sweep: sweep_facts(s),
            SWEEP_CAPTIONS[sweep],
            (sweep_file(sweep),),
            lambda s=sweep: recompute_sweep(s),
        )
        for sweep in SWEEPS
    },
    "horizon": Entry(
        make_horizon, horizon_facts, horizon_caption, ("horizon.png",), recompute_horizon
    ),
    "backtest": Entry(
        make_backtest, backtest_facts, backtest_caption, ("backtest.png",), recompute_backtest
    ),
    "deu-validation": Entry(
        make_deu, deu_facts, deu_caption, ("deu-validation.png",), recompute_deu
    ),
}
QUICK = tuple(k for k, f in FIGURES.items() if f.recompute is None)


# --- captions in the documents ------------------------------------------------------------

BLOCK = re.compile(
    r"<!-- gallery:(?P<name>[\w-]+) -->\n(?P<body>.*?)\n?<!-- /gallery:(?P=name) -->", re.S
)


def block(key: str, caption: str) -> str:
    """A caption between its markers."""
    return f"<!-- gallery:{key} -->\n{caption}\n<!-- /gallery:{key} -->"


def documents() -> list[Path]:
    """The files whose captions come from the gallery: README.md and any docs/ page."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def with_captions(text: str, facts: dict[str, dict]) -> str:
    """`text` with each marked caption made from `facts` (one without facts yet stays)."""

    def caption(m: re.Match) -> str:
        key = m["name"]
        return block(key, FIGURES[key].caption(facts[key])) if key in facts else m[0]

    return BLOCK.sub(caption, text)


def write_captions(facts: dict[str, dict]) -> None:
    for path in documents():
        text = path.read_text(encoding="utf-8")
        path.write_text(with_captions(text, facts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(FIGURES), help="these figures only")
    parser.add_argument(
        "--recompute",
        action="store_true",
        help="rerun the long figures' sweeps instead of their stored results",
    )
    args = parser.parse_args()
    checked_savefig()
    made = {}
    for key in args.only or FIGURES:
        figure = FIGURES[key]
        if args.recompute and figure.recompute is not None:
            print(f"{key}: recomputing (long)")
            figure.recompute()
        figure.make()
        made[key] = figure.facts()
        print(f"{key}: {json.dumps(made[key])[:120]}")
    # Read now, not at the start: another run of this script may have written meanwhile.
    facts = json.loads(FACTS.read_text(encoding="utf-8")) if FACTS.exists() else {}
    facts.update(made)
    # Keys in the order the captions list them (a sweep's levels, the record's dates).
    FACTS.write_text(json.dumps(facts, indent=1) + "\n", encoding="utf-8")
    write_captions(facts)


if __name__ == "__main__":
    main()
