"""The report of a sweep: what its runs say about the question it asks.

Reads a results folder (never a live model) and writes:

* ``heatmap`` - the outcome over the first two parameters (or the spec's
  ``report.heatmap`` pair), one cell per pair of levels or bins;
* ``parameters`` - the outcome against each parameter alone, averaged over
  the others, with 95% intervals (Wilson 1927 for yes/no outcomes, the
  normal approximation for others);
* ``sobol`` - first-order and total Sobol' indices (Sobol' 2001; Saltelli
  et al. 2010, through SALib) when the design is ``sobol``;
* ``report.md`` and ``summary.csv`` - the same numbers as text.

Charts are PNG and SVG (:mod:`sim.chart_style`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analysis

from sim.chart_style import OKABE_ITO, SEQUENTIAL, pretty, save_figure
from sim.store import RunStore, StoreError
from sim.sweep_spec import SweepSpec

#: A numeric parameter with more distinct values than this is binned.
MAX_LEVELS = 12
BINS = 8
Z95 = 1.959963984540054


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


def sobol_indices(
    runs: pd.DataFrame, spec: SweepSpec, outcome: Outcome, points: int
) -> pd.DataFrame | None:
    """First-order and total Sobol' indices of the outcome's mean over replications.

    None unless the design is Sobol' and all its `points` have finished runs.
    """
    if spec.design.kind != "sobol":
        return None
    from sim.design import unit_problem

    y = outcome.values.groupby(runs["point"]).mean().sort_index()
    problem = unit_problem(spec)
    if len(y) != points or y.isna().any():
        return None
    result = sobol_analysis.analyze(
        problem, y.to_numpy(), calc_second_order=False, seed=spec.design.seed
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


# --- charts ---------------------------------------------------------------------------


def _axis_label(spec: SweepSpec, name: str) -> str:
    return f"{pretty(name)}\n({spec.parameters[name].path})"


def heatmap_chart(runs: pd.DataFrame, spec: SweepSpec, outcome: Outcome, path: Path) -> list[Path]:
    x_name, y_name = spec.report.heatmap or tuple(spec.parameters)[:2]
    grid = (
        pd.DataFrame(
            {"x": levels_of(runs[x_name]), "y": levels_of(runs[y_name]), "v": outcome.values}
        )
        .groupby(["y", "x"])["v"]
        .mean()
        .unstack("x")
    )
    fig, ax = plt.subplots(figsize=(7.5, 5.8))
    limits = (0.0, 1.0) if outcome.binary else (np.nanmin(grid.values), np.nanmax(grid.values))
    image = ax.imshow(
        grid.values, origin="lower", aspect="auto", cmap=SEQUENTIAL, vmin=limits[0], vmax=limits[1]
    )
    ax.set_xticks(range(grid.shape[1]), [_tick(v) for v in grid.columns], rotation=45, ha="right")
    ax.set_yticks(range(grid.shape[0]), [_tick(v) for v in grid.index])
    if grid.size <= 15 * 15:
        middle = (limits[0] + limits[1]) / 2
        for (i, j), value in np.ndenumerate(grid.values):
            if np.isfinite(value):
                colour = "black" if value > middle else "white"
                ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=7, color=colour)
    ax.set_xlabel(_axis_label(spec, x_name))
    ax.set_ylabel(_axis_label(spec, y_name))
    ax.set_title(_wrap(spec.title), fontsize=11, loc="left")
    fig.colorbar(image, ax=ax, label=_wrap(outcome.label, 40))
    return save_figure(fig, path)


def parameters_chart(table: pd.DataFrame, spec: SweepSpec, outcome: Outcome, path: Path):
    names = list(spec.parameters)
    fig, axes = plt.subplots(
        1, len(names), figsize=(3.6 * len(names) + 0.6, 3.8), sharey=True, squeeze=False
    )
    for ax, name in zip(axes[0], names, strict=True):
        rows = table[table["parameter"] == name]
        categorical = rows["value"].map(lambda v: isinstance(v, str)).any()
        mean, low, high = (rows[k].to_numpy(dtype=float) for k in ("mean", "low", "high"))
        if categorical:  # separate options: points with whiskers, no line between them
            x = np.arange(len(rows))
            ax.errorbar(
                x,
                mean,
                yerr=[mean - low, high - mean],
                fmt="o",
                capsize=5,
                color=OKABE_ITO["blue"],
                label="mean over runs, 95% interval",
            )
            ax.set_xticks(x, [pretty(str(v)) for v in rows["value"]], rotation=30, ha="right")
            ax.set_xlim(-0.5, len(rows) - 0.5)
        else:
            x = rows["value"].astype(float).to_numpy()
            ax.fill_between(x, low, high, color=OKABE_ITO["sky"], alpha=0.35, label="95% interval")
            ax.plot(x, mean, marker="o", color=OKABE_ITO["blue"], label="mean over runs")
        ax.set_xlabel(_axis_label(spec, name))
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel(_wrap(outcome.label, 40))
    if outcome.binary:
        axes[0][0].set_ylim(-0.02, 1.02)
    axes[0][0].legend(loc="best", fontsize=8)
    fig.suptitle(_wrap(spec.title, 90), fontsize=11, x=0.02, ha="left")
    fig.tight_layout()
    return save_figure(fig, path)


def sobol_chart(indices: pd.DataFrame, spec: SweepSpec, outcome: Outcome, path: Path):
    fig, ax = plt.subplots(figsize=(6.5, 0.6 * len(indices) + 2.0))
    y = np.arange(len(indices))
    for offset, key, colour, label in (
        (-0.18, "S1", OKABE_ITO["blue"], "first order S1"),
        (0.18, "ST", OKABE_ITO["orange"], "total ST"),
    ):
        ax.barh(
            y + offset,
            indices[key],
            height=0.34,
            xerr=indices[f"{key}_conf"],
            color=colour,
            label=label,
            capsize=3,
        )
    ax.set_yticks(y, [pretty(n) for n in indices["parameter"]])
    ax.set_xlabel(f"Sobol' index of: {outcome.label}")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(_wrap(f"Which parameter drives it? {spec.title}", 70), fontsize=11, loc="left")
    return save_figure(fig, path)


def _tick(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else pretty(str(value))


def _wrap(text: str, width: int = 70) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


# --- the report -----------------------------------------------------------------------


def write_report(folder: Path) -> list[Path]:
    """Charts, ``summary.csv`` and ``report.md`` for the sweep in `folder`; returns the files."""
    store = RunStore(folder)
    manifest = store.manifest()
    spec = SweepSpec.model_validate(manifest["spec"])
    runs = store.load()
    if runs.empty:
        raise StoreError(f"{folder}: no finished runs yet")
    outcome = outcome_of(runs, spec)
    table = by_parameter(runs, spec, outcome)
    table.to_csv(folder / "summary.csv", index=False, float_format="%.6f")
    written = [folder / "summary.csv"]
    if len(spec.parameters) >= 2:
        written += heatmap_chart(runs, spec, outcome, folder / "heatmap")
    written += parameters_chart(table, spec, outcome, folder / "parameters")
    indices = sobol_indices(runs, spec, outcome, manifest["points"])
    if indices is not None:
        written += sobol_chart(indices, spec, outcome, folder / "sobol")
    text = markdown(spec, manifest, runs, outcome, table, indices, written)
    (folder / "report.md").write_text(text, encoding="utf-8")
    return [*written, folder / "report.md"]


def markdown(spec, manifest, runs, outcome, table, indices, written) -> str:
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
            f"| {row['parameter']} | {_tick(row['value'])} | {row['runs']} | {row['mean']:.3f} "
            f"| {row['low']:.3f}-{row['high']:.3f} |"
        )
    if indices is not None:
        lines += ["", "## Sobol' indices", "", "| parameter | S1 | ST |", "|---|---:|---:|"]
        for row in indices.to_dict("records"):
            lines.append(
                f"| {row['parameter']} | {row['S1']:.3f} +/- {row['S1_conf']:.3f} "
                f"| {row['ST']:.3f} +/- {row['ST_conf']:.3f} |"
            )
    lines += ["", "## Charts", ""]
    lines += [f"![{p.stem}]({p.name})" for p in written if p.suffix == ".png"]
    return "\n".join(lines) + "\n"
