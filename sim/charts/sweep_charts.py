"""The charts of a sweep's report, and the report itself.

* ``heatmap`` - the outcome over the first two parameters (or the spec's
  ``report.heatmap`` pair), one cell per pair of levels or bins;
* ``parameters`` - the outcome against each parameter alone, averaged over
  the others, with 95% intervals;
* ``sobol`` - first-order and total Sobol' indices when the design is ``sobol``;
* ``morris`` - Morris elementary effects (mu* and sigma) when it is ``morris``.

The numbers come from :mod:`sim.sweeps.report`; charts are PNG and SVG
(:mod:`sim.charts.style`).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.charts.style import OKABE_ITO, SEQUENTIAL, save_figure
from sim.labels import pretty
from sim.sweeps.report import Outcome, levels_of, markdown, summarise, tick, wrap
from sim.sweeps.spec import SweepSpec
from sim.sweeps.store import RunStore


def _axis_label(spec: SweepSpec, name: str) -> str:
    return f"{pretty(name)}\n({spec.parameters[name].path})"


def heatmap_chart(
    runs: pd.DataFrame,
    spec: SweepSpec,
    outcome: Outcome,
    path: Path,
    provenance: dict | None = None,
) -> list[Path]:
    x_name, y_name = spec.report.heatmap or tuple(spec.parameters)[:2]
    grid = (
        pd.DataFrame(
            {"x": levels_of(runs[x_name]), "y": levels_of(runs[y_name]), "v": outcome.values}
        )
        .groupby(["y", "x"])["v"]
        .mean()
        .unstack("x")
    )
    grid = grid.reindex(
        index=_order(spec, y_name, grid.index), columns=_order(spec, x_name, grid.columns)
    )
    fig, ax = plt.subplots(figsize=(7.5, 5.8))
    limits = (0.0, 1.0) if outcome.binary else (np.nanmin(grid.values), np.nanmax(grid.values))
    image = ax.imshow(
        grid.values, origin="lower", aspect="auto", cmap=SEQUENTIAL, vmin=limits[0], vmax=limits[1]
    )
    if spec.parameters[x_name].choices:  # names: wrapped upright
        ax.set_xticks(range(grid.shape[1]), [wrap(tick(v), 14) for v in grid.columns])
    else:
        ax.set_xticks(
            range(grid.shape[1]), [tick(v) for v in grid.columns], rotation=45, ha="right"
        )
    ax.set_yticks(range(grid.shape[0]), [wrap(tick(v), 18) for v in grid.index])
    if grid.size <= 15 * 15:
        middle = (limits[0] + limits[1]) / 2
        for (i, j), value in np.ndenumerate(grid.values):
            if np.isfinite(value):
                colour = "black" if value > middle else "white"
                ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=8, color=colour)
    ax.set_xlabel(_axis_label(spec, x_name))
    ax.set_ylabel(_axis_label(spec, y_name))
    fig.colorbar(image, ax=ax, label=wrap(outcome.label, 40))
    fig.suptitle(wrap(spec.title, 80), fontsize=11, x=0.02, ha="left")
    fig.tight_layout()
    return save_figure(fig, path, provenance)


def _order(spec: SweepSpec, name: str, levels: pd.Index) -> list:
    """A parameter's levels in the spec's order of its choices, else as sorted."""
    choices = spec.parameters[name].choices
    return [c for c in choices if c in levels] if choices else list(levels)


def parameters_chart(
    table: pd.DataFrame,
    spec: SweepSpec,
    outcome: Outcome,
    path: Path,
    provenance: dict | None = None,
) -> list[Path]:
    names = list(spec.parameters)
    # A panel of named choices is as wide as its labels need (an inch a choice).
    widths = [max(3.6, 1.0 * (table["parameter"] == n).sum()) for n in names]
    fig, axes = plt.subplots(
        1,
        len(names),
        figsize=(sum(widths) + 0.8, 4.2),
        sharey=True,
        squeeze=False,
        gridspec_kw={"width_ratios": widths},
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
                yerr=np.clip([mean - low, high - mean], 0.0, None),  # Wilson centres off the mean
                fmt="o",
                capsize=5,
                color=OKABE_ITO["blue"],
                label="mean over runs, 95% interval",
            )
            ax.set_xticks(x, [wrap(pretty(str(v)), 12) for v in rows["value"]], fontsize=9)
            ax.set_xlim(-0.5, len(rows) - 0.5)
        else:
            x = rows["value"].astype(float).to_numpy()
            ax.fill_between(x, low, high, color=OKABE_ITO["sky"], alpha=0.35, label="95% interval")
            ax.plot(x, mean, marker="o", color=OKABE_ITO["blue"], label="mean over runs")
        ax.set_xlabel(_axis_label(spec, name))
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel(wrap(outcome.label, 28))
    if outcome.binary:
        axes[0][0].set_ylim(-0.02, 1.02)
    axes[0][0].legend(loc="best", fontsize=8)
    fig.suptitle(wrap(spec.title, 90), fontsize=11, x=0.02, ha="left")
    fig.tight_layout()
    return save_figure(fig, path, provenance)


def sobol_chart(
    indices: pd.DataFrame,
    spec: SweepSpec,
    outcome: Outcome,
    path: Path,
    provenance: dict | None = None,
) -> list[Path]:
    """First-order and total indices with their 95% intervals, largest total on top."""
    indices = indices.sort_values("ST")
    fig, ax = plt.subplots(figsize=(6.5, 0.6 * len(indices) + 2.0))
    y = np.arange(len(indices))
    for offset, key, colour, label in (
        (-0.18, "S1", OKABE_ITO["blue"], "first order S1, 95% interval"),
        (0.18, "ST", OKABE_ITO["orange"], "total ST, 95% interval"),
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
    fig.suptitle(wrap(spec.title, 70), fontsize=11, x=0.02, ha="left")  # the spec's question
    fig.tight_layout()
    return save_figure(fig, path, provenance)


def morris_chart(
    effects: pd.DataFrame,
    spec: SweepSpec,
    outcome: Outcome,
    path: Path,
    provenance: dict | None = None,
) -> list[Path]:
    """mu* with its 95% interval and sigma of each parameter, largest mu* on top."""
    fig = morris_figure(
        effects.assign(label=[pretty(n) for n in effects["parameter"]]),
        f"Morris elementary effect on: {outcome.label}\n(per full range of a parameter)",
        spec.title,
    )
    return save_figure(fig, path, provenance)


def morris_figure(
    effects: pd.DataFrame, xlabel: str, title: str, cutoff: float | None = None
) -> plt.Figure:
    """Bars of ``mu_star`` (interval ``mu_star_conf``) and points of ``sigma``, one row
    per ``label``, largest mu* on top; a dashed line at `cutoff` if given."""
    effects = effects.sort_values("mu_star", kind="stable")
    fig, ax = plt.subplots(figsize=(6.5, 0.32 * len(effects) + 2.0))
    y = np.arange(len(effects))
    ax.barh(
        y,
        effects["mu_star"],
        height=0.6,
        # mu* is not negative: the interval's lower arm stops at 0
        xerr=[np.minimum(effects["mu_star_conf"], effects["mu_star"]), effects["mu_star_conf"]],
        color=OKABE_ITO["blue"],
        label="mu* (mean absolute effect), 95% interval",
        capsize=2,
    )
    ax.scatter(
        effects["sigma"],
        y,
        marker="D",
        s=18,
        color=OKABE_ITO["orange"],
        zorder=3,
        label="sigma (spread of the effects)",
    )
    if cutoff is not None:
        ax.axvline(
            cutoff,
            color=OKABE_ITO["vermillion"],
            linestyle="--",
            linewidth=1,
            label="cut-off: kept from here",
        )
    ax.set_yticks(y, list(effects["label"]))
    ax.set_xlabel(xlabel)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.legend(loc="lower right", fontsize=8)
    fig.suptitle(wrap(title, 70), fontsize=11, x=0.02, ha="left")
    fig.tight_layout()
    return fig


def write_report(folder: Path) -> list[Path]:
    """Charts, ``summary.csv`` and ``report.md`` for the sweep in `folder`; returns the files."""
    summary = summarise(folder)
    spec, runs, outcome = summary.spec, summary.runs, summary.outcome
    about = RunStore(folder).provenance()
    written = [folder / "summary.csv"]
    if len(spec.parameters) >= 2:
        written += heatmap_chart(runs, spec, outcome, folder / "heatmap", about)
    written += parameters_chart(summary.table, spec, outcome, folder / "parameters", about)
    if summary.indices is not None:
        written += sobol_chart(summary.indices, spec, outcome, folder / "sobol", about)
    if summary.effects is not None:
        written += morris_chart(summary.effects, spec, outcome, folder / "morris", about)
    (folder / "report.md").write_text(markdown(summary, written), encoding="utf-8")
    return [*written, folder / "report.md"]
