"""The report of a sweep: what its runs say about the question it asks.

Reads a results folder (never a live model) and computes:

* the outcome against each parameter alone, averaged over the others, with
  95% intervals (Wilson 1927 for yes/no outcomes, the normal approximation
  for others), written as ``summary.csv``;
* first-order and total Sobol' indices (Sobol' 2001; Saltelli et al. 2010,
  through SALib) when the design is ``sobol``, and Morris elementary effects
  (Morris 1991; Campolongo, Cariboni & Saltelli 2007) when it is ``morris``,
  each with SALib's bootstrap 95% interval (:data:`RESAMPLES` resamples);
* the text of ``report.md``.

The charts of a report are drawn by :mod:`sim.charts.sweep_charts`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import ValidationError
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis

from sim.calibration.scenario import describe_error
from sim.labels import pretty
from sim.sweeps.spec import SweepSpec
from sim.sweeps.store import RunStore, StoreError

#: A numeric parameter with more distinct values than this is binned.
MAX_LEVELS = 12
BINS = 8
Z95 = 1.959963984540054
#: Bootstrap resamples behind the 95% intervals of Sobol' indices and Morris effects
#: (SALib's default of 100 leaves the interval's own width noisy).
RESAMPLES = 1000


@dataclass(frozen=True)
class Outcome:
    """The quantity a report is about, one value per run."""

    values: pd.Series
    label: str
    binary: bool


def outcome_of(runs: pd.DataFrame, spec: SweepSpec) -> Outcome:
    """The spec's report outcome for each run (a yes/no outcome as 0/1)."""
    chosen = spec.report.outcome
    if isinstance(chosen, str):
        values = runs[chosen].astype(float)
        label = spec.report.label or pretty(chosen)
        return Outcome(values, label, runs[chosen].dtype == bool)
    conditions = chosen if isinstance(chosen, list) else [chosen]
    holds = pd.Series(True, index=runs.index)
    for condition in conditions:
        if condition.column not in runs:
            raise StoreError(f"report.outcome: no column {condition.column!r} in the runs")
        holds &= runs[condition.column].isin(condition.among)
    label = spec.report.label or " and ".join(
        f"{pretty(c.column)} in {', '.join(map(str, c.among))}" for c in conditions
    )
    return Outcome(holds.astype(float), label, True)


def interval(values: pd.Series, binary: bool) -> tuple[float, float, float, int]:
    """Mean and 95% interval of `values` (NaN dropped): (mean, low, high, n).

    For 0/1 values the Wilson (1927) score interval with ``z = 1.96``::

        (p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)

    otherwise ``mean -/+ z s / sqrt(n)``.
    """
    x = values.dropna().to_numpy(dtype=float)
    n = x.size
    if n == 0:
        return (np.nan, np.nan, np.nan, 0)
    mean = float(x.mean())
    z = Z95
    if binary:
        centre = (mean + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(mean * (1 - mean) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return (mean, float(centre - half), float(centre + half), n)
    half = z * float(x.std(ddof=1)) / np.sqrt(n) if n > 1 else 0.0
    return (mean, mean - half, mean + half, n)


def levels_of(column: pd.Series) -> pd.Series:
    """A parameter's values as levels: as they are, or equal-width bins (their centres)."""
    if column.dtype.kind not in "fiu" or column.nunique() <= MAX_LEVELS:
        return column
    edges = np.linspace(column.min(), column.max(), BINS + 1)
    index = np.clip(np.searchsorted(edges, column.to_numpy(), side="right") - 1, 0, BINS - 1)
    centres = (edges[:-1] + edges[1:]) / 2
    return pd.Series(np.round(centres[index], 6), index=column.index, name=column.name)


def by_parameter(runs: pd.DataFrame, spec: SweepSpec, outcome: Outcome) -> pd.DataFrame:
    """The outcome at each level of each parameter: one row per (parameter, level)."""
    rows = []
    for name, parameter in spec.parameters.items():
        levels = levels_of(runs[name])
        groups = levels.groupby(levels, sort=True).groups
        order = [c for c in parameter.choices if c in groups] if parameter.choices else groups
        for level in order:
            index = groups[level]
            mean, low, high, n = interval(outcome.values.loc[index], outcome.binary)
            rows.append(
                {
                    "parameter": name,
                    "value": level,
                    "runs": n,
                    "mean": mean,
                    "low": low,
                    "high": high,
                }
            )
    return pd.DataFrame(rows)


def point_means(
    runs: pd.DataFrame, spec: SweepSpec, outcome: Outcome, points: int, kind: str
) -> np.ndarray | None:
    """The outcome's mean over replications at each design point, in design order;
    None unless the design is of `kind` and all its `points` have finished runs."""
    if spec.design.kind != kind:
        return None
    y = outcome.values.groupby(runs["point"]).mean().sort_index()
    if len(y) != points or y.isna().any():
        return None
    return y.to_numpy()


def sobol_indices(
    runs: pd.DataFrame, spec: SweepSpec, outcome: Outcome, points: int
) -> pd.DataFrame | None:
    """First-order and total Sobol' indices of the outcome's mean over replications.

    Saltelli et al. (2010) estimators through SALib: with A, B the two base
    matrices and AB_i A with column i from B,
    ``S1_i = mean(f(B) (f(AB_i) - f(A))) / V`` and
    ``ST_i = mean((f(A) - f(AB_i))^2) / (2 V)`` (Jansen 1999), V the variance of
    the outcome. ``S1_conf`` and ``ST_conf`` are half-widths of bootstrap 95%
    intervals. None unless the design is Sobol' and all its `points` have
    finished runs.
    """
    from sim.sweeps.design import unit_problem

    y = point_means(runs, spec, outcome, points, "sobol")
    if y is None:
        return None
    problem = unit_problem(spec)
    result = sobol_analysis.analyze(
        problem, y, calc_second_order=False, num_resamples=RESAMPLES, seed=spec.design.seed
    )
    return pd.DataFrame(
        {
            "parameter": problem["names"],
            "S1": result["S1"],
            "S1_conf": result["S1_conf"],
            "ST": result["ST"],
            "ST_conf": result["ST_conf"],
        }
    )


def morris_effects(
    runs: pd.DataFrame, spec: SweepSpec, outcome: Outcome, points: int
) -> pd.DataFrame | None:
    """Morris elementary effects of the outcome's mean over replications.

    Each step of a trajectory moves one parameter by ``delta`` (in units of its
    range) and gives the elementary effect ``(f(x + delta e_i) - f(x)) / delta``;
    over the trajectories, ``mu_star`` is the mean of their absolute values
    (Campolongo et al. 2007: the measure to screen by, as effects of opposite
    sign do not cancel), ``mu_star_conf`` the half-width of its bootstrap 95%
    interval, ``sigma`` their standard deviation (interactions or non-linearity)
    and ``mu`` their mean. None unless the design is Morris and all its `points`
    have finished runs.
    """
    from sim.sweeps.design import unit_points

    y = point_means(runs, spec, outcome, points, "morris")
    if y is None:
        return None
    return morris_table(list(spec.parameters), unit_points(spec), y, spec.design.seed)


def morris_table(names: list[str], unit: np.ndarray, y: np.ndarray, seed: int) -> pd.DataFrame:
    """SALib's Morris analysis of outputs `y` at the design `unit` (on [0, 1] per
    variable): ``parameter``, ``mu_star``, ``mu_star_conf``, ``sigma``, ``mu``."""
    from sim.sweeps.design import MORRIS_LEVELS, unit_box

    result = morris_analysis.analyze(
        unit_box(names), unit, y, num_resamples=RESAMPLES, num_levels=MORRIS_LEVELS, seed=seed
    )
    return pd.DataFrame(
        {
            "parameter": names,
            "mu_star": np.asarray(result["mu_star"], dtype=float),
            "mu_star_conf": np.asarray(result["mu_star_conf"], dtype=float),
            "sigma": np.asarray(result["sigma"], dtype=float),
            "mu": np.asarray(result["mu"], dtype=float),
        }
    )


def tick(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else pretty(str(value))


def wrap(text: str, width: int = 70) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


# --- the report ---------------------------------------------------------------------


@dataclass(frozen=True)
class SweepSummary:
    """A sweep's finished runs and the numbers its report shows."""

    folder: Path
    spec: SweepSpec
    manifest: dict
    runs: pd.DataFrame
    outcome: Outcome
    table: pd.DataFrame
    indices: pd.DataFrame | None
    effects: pd.DataFrame | None


def summarise(folder: Path) -> SweepSummary:
    """Read the sweep in `folder`, compute its report's numbers, write ``summary.csv``."""
    store = RunStore(folder)
    manifest = store.manifest()
    # Read back as JSON: dates were stored as ISO strings, which strict JSON input accepts.
    try:
        spec = SweepSpec.model_validate_json(json.dumps(manifest["spec"]))
    except ValidationError as exc:
        key, expected = describe_error(exc.errors()[0])
        raise StoreError(f"{store.manifest_path}: spec.{key}: expected {expected}") from None
    runs = store.load()
    if runs.empty:
        raise StoreError(f"{folder}: no finished runs yet")
    outcome = outcome_of(runs, spec)
    table = by_parameter(runs, spec, outcome)
    table.to_csv(folder / "summary.csv", index=False, float_format="%.6f")
    indices = sobol_indices(runs, spec, outcome, manifest["points"])
    effects = morris_effects(runs, spec, outcome, manifest["points"])
    return SweepSummary(folder, spec, manifest, runs, outcome, table, indices, effects)


def markdown(summary: SweepSummary, written: list[Path]) -> str:
    """The text of ``report.md``, naming the charts `written`."""
    spec, manifest, runs = summary.spec, summary.manifest, summary.runs
    outcome, table, indices = summary.outcome, summary.table, summary.indices
    mean, low, high, n = interval(outcome.values, outcome.binary)
    lines = [
        f"# {spec.title}",
        "",
        *([spec.question.strip(), ""] if spec.question else []),
        f"- Scenario: `{spec.scenario}`; design: {spec.design.kind}, "
        f"{manifest['points']} points x {spec.replications} seeds = {manifest['runs']} runs "
        f"({n} finished{' - incomplete' if len(runs) < manifest['runs'] else ''}).",
        f"- Outcome: **{outcome.label}**: {mean:.3f} overall (95% interval {low:.3f}-{high:.3f}).",
        "",
        "## By parameter",
        "",
        "| parameter | value | runs | mean | 95% interval |",
        "|---|---|---:|---:|---|",
    ]
    for row in table.to_dict("records"):
        lines.append(
            f"| {row['parameter']} | {tick(row['value'])} | {row['runs']} | {row['mean']:.3f} "
            f"| {row['low']:.3f}-{row['high']:.3f} |"
        )
    if indices is not None:
        lines += ["", "## Sobol' indices", "", "| parameter | S1 | ST |", "|---|---:|---:|"]
        for row in indices.to_dict("records"):
            lines.append(
                f"| {row['parameter']} | {row['S1']:.3f} +/- {row['S1_conf']:.3f} "
                f"| {row['ST']:.3f} +/- {row['ST_conf']:.3f} |"
            )
    if summary.effects is not None:
        lines += ["", "## Morris elementary effects", "", "| parameter | mu* | sigma |"]
        lines += ["|---|---:|---:|"]
        for row in summary.effects.sort_values("mu_star", ascending=False).to_dict("records"):
            lines.append(
                f"| {row['parameter']} | {row['mu_star']:.3f} +/- {row['mu_star_conf']:.3f} "
                f"| {row['sigma']:.3f} |"
            )
    lines += ["", "## Charts", ""]
    lines += [f"![{p.stem}]({p.name})" for p in written if p.suffix == ".png"]
    return "\n".join(lines) + "\n"
