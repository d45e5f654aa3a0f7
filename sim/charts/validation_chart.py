"""Chart of the forecasts' cross-validated accuracy on EU legislation (DEU III).

Two panels, one row per forecast, best MAE at the top. Left: the mean
absolute error (points on the 0-100 scale) with its 95% bootstrap interval
over proposals; a dashed line at the compromise model's MAE and a dotted one
a point below it (the bar a forecast must clear to be worth consulting).
Right: the share of issues forecast within 10 points, with its interval.
Drawn from the table of :func:`sim.forecast.validation.score_frame`.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.charts.style import OKABE_ITO, save_figure

#: Colour by kind of forecast: the baseline, the combinations, the single models.
KIND_COLOURS = {
    "baseline": OKABE_ITO["black"],
    "combination": OKABE_ITO["green"],
    "model": OKABE_ITO["blue"],
}
#: How far below the baseline's MAE a forecast must come to beat it (the issue's bar).
MARGIN = 1.0


def validation_chart(
    table: pd.DataFrame,
    path: Path,
    labels: dict[str, str],
    combinations: tuple[str, ...] = ("stacked", "by procedure"),
    baseline: str = "compromise",
) -> list[Path]:
    """The two panels of the module docstring; written as ``path.png`` and ``path.svg``.

    `labels` names each row's forecast for the reader.
    """
    fig = validation_figure(table, labels, combinations, baseline)
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_figure(fig, path)


def validation_figure(
    table: pd.DataFrame,
    labels: dict[str, str],
    combinations: tuple[str, ...] = ("stacked", "by procedure"),
    baseline: str = "compromise",
) -> plt.Figure:
    """The figure of :func:`validation_chart`; each point has the gid ``column:forecast``."""
    rows = table.sort_values("mae", ascending=False, kind="stable").reset_index(drop=True)
    y = np.arange(len(rows))
    kinds = [
        "baseline" if f == baseline else "combination" if f in combinations else "model"
        for f in rows["forecast"]
    ]
    colours = [KIND_COLOURS[k] for k in kinds]
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(11, 0.45 * len(rows) + 1.8), sharey=True, width_ratios=(3, 2)
    )
    for ax, column, axis_label in (
        (left, "mae", "mean absolute error, points on the 0-100 scale (lower is better)"),
        (right, "within", "share of issues within 10 points (higher is better)"),
    ):
        err = np.vstack(
            [rows[column] - rows[f"{column}_low"], rows[f"{column}_high"] - rows[column]]
        )
        for k in range(len(rows)):
            drawn = ax.errorbar(rows[column][k], y[k], xerr=err[:, [k]], fmt="o", ms=6,
                                color=colours[k], ecolor=colours[k], capsize=3)  # fmt: skip
            drawn.lines[0].set_gid(f"{column}:{rows['forecast'][k]}")
        ax.set_xlabel(axis_label, fontsize=9)
        ax.grid(axis="x", color="0.9")
    base = float(rows.loc[rows["forecast"] == baseline, "mae"].iloc[0])
    left.axvline(base, color="0.3", ls="--", lw=1, label=f"{labels[baseline]}: {base:.1f}")
    left.axvline(base - MARGIN, color="0.3", ls=":", lw=1,
                 label=f"{MARGIN:g} point better: the bar to clear")  # fmt: skip
    left.set_yticks(y, [labels[f] for f in rows["forecast"]], fontsize=8)
    for kind, colour in KIND_COLOURS.items():
        left.plot([], [], "o", color=colour, label={"baseline": "baseline", "combination":
                  "combination, refitted per fold", "model": "single model"}[kind])  # fmt: skip
    left.legend(fontsize=8, loc="upper right", frameon=True, framealpha=0.9)
    fig.suptitle(
        f"Forecasts of {int(rows['issues'].iloc[0])} EU legislative issues (DEU III, training "
        "half): leave-one-proposal-out, 95% bootstrap intervals over proposals",
        fontsize=10,
    )
    fig.tight_layout()
    return fig
