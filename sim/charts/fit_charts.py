"""Charts of a fit (``peacesim fit``) and of its forecasts (``peacesim backtest --posterior``).

* :func:`marginals_chart` - every fitted assumption: the posterior's weighted
  histogram over the flat prior on its range, the central calibration's value
  and the posterior's 90% interval.
* :func:`width_ratio_chart` - the width of each posterior interval over that of
  the prior: which numbers the record identifies and which it leaves free.
* :func:`screen_chart` - the Morris screen that chose which assumptions to
  fit: each assumption's effect on the distance to the record, and the cut-off.
* :func:`reliability_chart` - forecasts binned by probability against the share
  of events that happened, in and out of sample, one line per forecaster.

Each reads tables (:meth:`sim.fit.posterior.Posterior.intervals`, the
particles, :func:`sim.fit.forecast.reliability_table`), never a model.
"""

from __future__ import annotations

import math
from pathlib import Path
from textwrap import fill

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.charts.style import OKABE_ITO, save_figure
from sim.charts.sweep_charts import morris_figure

#: Panels per row of the marginals chart.
COLUMNS = 6
#: Histogram bins over each prior range.
HISTOGRAM_BINS = 20
#: A width ratio below this reads as "identified by the record" (a chart's colour, not a test).
IDENTIFIED = 0.75
#: Colours of the forecasters in the reliability chart.
FORECASTERS = {
    "posterior": OKABE_ITO["vermillion"],
    "central calibration": OKABE_ITO["blue"],
    "full ranges": OKABE_ITO["green"],
}


def assumption_label(path: str) -> str:
    """A dotted assumption path as a short title: ``actors.russia.belief.2022`` ->
    ``russia · belief · 2022``."""
    parts = path.split(".")
    parts = parts[1:] if parts[0] == "actors" else parts
    return " · ".join(p.replace("_", " ") for p in parts)


def effective_note(effective: float, particles: int, assumptions: int) -> str:
    """The line a chart of a posterior carries about its effective sample size; it
    warns when the weighted particles are fewer than the assumptions they describe."""
    note = f"effective sample size {effective:.1f} of {particles} weighted particles"
    if effective < assumptions:
        note += (
            f" - fewer than the {assumptions} assumptions: the weights have collapsed, and "
            "the intervals describe a few particles, not what the record identifies"
        )
    return note


def marginals_chart(
    particles: pd.DataFrame, intervals: pd.DataFrame, path: Path, provenance: dict | None = None
) -> list[Path]:
    """:func:`marginals_figure` as PNG and SVG."""
    return save_figure(marginals_figure(particles, intervals), path, provenance=provenance)


def marginals_figure(particles: pd.DataFrame, intervals: pd.DataFrame) -> plt.Figure:
    """One panel per assumption of `intervals`: the weighted histogram of the
    posterior `particles` (columns ``weight`` and one per path) against the prior."""
    n = len(intervals)
    rows = math.ceil(n / COLUMNS)
    fig, axes = plt.subplots(rows, COLUMNS, figsize=(2.55 * COLUMNS, 1.95 * rows), squeeze=False)
    weights = particles["weight"].to_numpy(dtype=float)
    weights = weights / weights.sum()
    for ax, row in zip(axes.flat, intervals.to_dict("records"), strict=False):
        _marginal(ax, particles[row["path"]].to_numpy(dtype=float), weights, row)
    for ax in axes.flat[n:]:
        ax.remove()
    handles = [
        Patch(color="lightgrey", label="prior: uniform on the range of seeds/assumptions.toml"),
        Patch(color=OKABE_ITO["vermillion"], alpha=0.75, label="posterior (weighted particles)"),
        Patch(color=OKABE_ITO["vermillion"], alpha=0.15, label="posterior 90% interval"),
        Line2D([], [], color="black", ls="--", lw=1.2, label="central calibration"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=9, frameon=False)
    effective = float(1.0 / np.sum(weights**2))
    fig.suptitle(
        "What the 2022 record says about each assumption: posterior against prior (density)\n"
        + fill(effective_note(effective, len(weights), n), 150),
        x=0.01,
        ha="left",
        fontsize=12,
    )
    fig.tight_layout(rect=(0, 0.035, 1, 0.965))
    return fig


def _marginal(ax: plt.Axes, values: np.ndarray, weights: np.ndarray, row: dict) -> None:
    low, high = row["prior_low"], row["prior_high"]
    ax.axvspan(row["low"], row["high"], color=OKABE_ITO["vermillion"], alpha=0.15, lw=0)
    ax.axhline(1.0 / (high - low), color="darkgrey", lw=5, alpha=0.6, solid_capstyle="butt")
    ax.hist(
        values,
        gid=f"posterior:{row['path']}",
        bins=HISTOGRAM_BINS,
        range=(low, high),
        weights=weights,
        density=True,
        color=OKABE_ITO["vermillion"],
        alpha=0.75,
    )
    ax.axvline(row["central"], color="black", ls="--", lw=1.2)
    ax.set_xlim(low, high)
    ax.set_yticks([])
    ax.tick_params(axis="x", labelsize=7)
    ax.set_title(
        f"{assumption_label(row['path'])}\nwidth ratio {row['width_ratio']:.2f}", fontsize=8
    )


def width_ratio_chart(
    intervals: pd.DataFrame,
    path: Path,
    provenance: dict | None = None,
    effective: tuple[float, int] | None = None,
) -> list[Path]:
    """:func:`width_ratio_figure` as PNG and SVG."""
    return save_figure(width_ratio_figure(intervals, effective), path, provenance=provenance)


def width_ratio_figure(
    intervals: pd.DataFrame, effective: tuple[float, int] | None = None
) -> plt.Figure:
    """Horizontal bars: each assumption's posterior-to-prior width ratio, smallest at the top;
    `effective` (the effective sample size and the particles) adds :func:`effective_note`."""
    table = intervals.sort_values(["width_ratio", "path"], ascending=[False, True])
    fig, ax = plt.subplots(figsize=(8.5, 0.24 * len(table) + 2.0))
    identified = table["width_ratio"] < IDENTIFIED
    colours = np.where(identified, OKABE_ITO["vermillion"], OKABE_ITO["sky"])
    ax.barh([assumption_label(p) for p in table["path"]], table["width_ratio"], color=colours)
    ax.axvline(1.0, color="black", lw=1, ls="--")
    ax.set_xlabel("width of the posterior's 90% interval / width of the prior's")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlim(0, max(1.1, float(table["width_ratio"].max()) * 1.05))
    ax.legend(
        handles=[
            Patch(color=OKABE_ITO["vermillion"], label=f"narrowed by the record (< {IDENTIFIED})"),
            Patch(color=OKABE_ITO["sky"], label="left about as free as the prior"),
            Line2D([], [], color="black", ls="--", label="prior width"),
        ],
        # below the axes: bars near 1 reach the right edge, where a legend would hide them
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=3,
        fontsize=8,
    )
    title = "Which assumptions the 2022 record identifies"
    if effective is not None:
        title += "\n" + fill(effective_note(*effective, len(table)), 90)
    ax.set_title(title, loc="left", fontsize=11 if effective is None else 9)
    ax.grid(axis="x", alpha=0.25)
    fig.tight_layout()
    return fig


def screen_chart(
    screen: pd.DataFrame,
    cutoff: float,
    replicates: int,
    path: Path,
    provenance: dict | None = None,
) -> list[Path]:
    """The fit's Morris screen (:func:`sim.fit.screen.screen`): mu* and sigma of every
    assumption's effect on the distance to the record; those from `cutoff` are fitted."""
    fig = morris_figure(
        screen.assign(label=[assumption_label(p) for p in screen["path"]]),
        "Morris elementary effect on the share of the 2022 record a run misses\n"
        f"(per full range of an assumption; mean of {replicates} runs at each point)",
        f"Which assumptions are fitted: the {int(screen['kept'].sum())} whose effect on the "
        f"2022 record reaches the cut-off ({cutoff / screen['mu_star'].max():.2g} of the "
        "largest mu*); the others stay at their central values",
        cutoff,
    )
    return save_figure(fig, path, provenance=provenance)


def reliability_chart(
    reliability: pd.DataFrame, path: Path, provenance: dict | None = None
) -> list[Path]:
    """:func:`reliability_figure` as PNG and SVG."""
    return save_figure(reliability_figure(reliability), path, provenance=provenance)


def reliability_figure(reliability: pd.DataFrame) -> plt.Figure:
    """One panel per sample: each forecaster's binned forecasts against what happened."""
    samples = list(dict.fromkeys(reliability["sample"]))
    fig, axes = plt.subplots(1, len(samples), figsize=(5.4 * len(samples), 5.2), squeeze=False)
    for ax, sample in zip(axes[0], samples, strict=True):
        part = reliability[reliability["sample"] == sample]
        ax.plot([0, 1], [0, 1], color="grey", ls="--", lw=1)
        for forecaster, colour in FORECASTERS.items():
            rows = part[part["forecaster"] == forecaster]
            ax.plot(rows["forecast"], rows["observed"], "-", color=colour, lw=1.2, alpha=0.8)
            ax.scatter(
                rows["forecast"],
                rows["observed"],
                gid=f"{sample}:{forecaster}",
                s=18 + 6 * rows["events"],
                color=colour,
                edgecolor="black",
                lw=0.5,
                zorder=3,
            )
        events = int(part[part["forecaster"] == "posterior"]["events"].sum())
        ax.set_title(f"{sample} ({events} forecasts)", loc="left", fontsize=10)
        ax.set_xlabel("forecast probability (mean of the bin)")
        ax.set_xlim(-0.03, 1.03)
        ax.set_ylim(-0.03, 1.03)
        ax.set_aspect("equal")
        ax.grid(alpha=0.25)
    axes[0, 0].set_ylabel("share of those events that happened")
    handles = [
        Line2D([], [], color=c, marker="o", lw=1.2, label=name) for name, c in FORECASTERS.items()
    ]
    handles.append(Line2D([], [], color="grey", ls="--", label="perfect reliability"))
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=9, frameon=False)
    fig.suptitle(
        "Reliability: forecasts in ten bins of probability (marker area: forecasts in the bin)",
        x=0.01,
        ha="left",
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0.07, 1, 0.95))
    return fig
