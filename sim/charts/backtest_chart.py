"""The back-test chart: a calibration plot and the meeting x issue grid.

Left, reliability (calibration) diagram: forecasts binned by predicted
probability of agreement against the share of those meeting-issues the
record calls agreed; a well-calibrated forecaster lies on the diagonal.
Right, every meeting (rows) and issue (columns) coloured by the predicted
probability of agreement, the record marked on top: a filled circle for
agreed, a half-filled one for partly agreed, a ring for not agreed, nothing
where the record is silent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from sim.calibration.seeds import SCORED
from sim.charts.style import OKABE_ITO, SEQUENTIAL, save_figure
from sim.labels import pretty

BIN_EDGES = np.linspace(0.0, 1.0, 6)
MARKERS: dict[str, dict[str, Any]] = {
    "agreed": {"marker": "o", "fillstyle": "full"},
    "partial": {"marker": "o", "fillstyle": "left"},
    "not_agreed": {"marker": "o", "fillstyle": "none"},
    "unknown": {"marker": "x", "fillstyle": "none"},
}


def backtest_chart(table: pd.DataFrame, path: Path) -> list[Path]:
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(12.4, 6.4), gridspec_kw={"width_ratios": [1, 2.0]}
    )
    _calibration(left, table[table["documented"].isin(SCORED)])
    _grid(fig, right, table)
    fig.tight_layout()
    return save_figure(fig, path)


def _calibration(ax: plt.Axes, scored: pd.DataFrame) -> None:
    p = scored["predicted_agreement"].to_numpy()
    y = (scored["documented"] == "agreed").to_numpy(dtype=float)
    index = np.clip(np.digitize(p, BIN_EDGES[1:-1]), 0, len(BIN_EDGES) - 2)
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label="perfect calibration")
    for b in np.unique(index):
        inside = index == b
        area = 30 + 12 * inside.sum()
        ax.scatter(
            p[inside].mean(),
            y[inside].mean(),
            s=area,
            color=OKABE_ITO["blue"],
            alpha=0.8,
            edgecolor="black",
            zorder=3,
        )
        ax.annotate(
            f"n={inside.sum()}",
            (p[inside].mean(), y[inside].mean()),
            textcoords="offset points",
            xytext=(0, np.sqrt(area) / 2 + 3),  # just above the marker's edge
            ha="center",
            fontsize=8,
        )
    ax.scatter(
        [],
        [],
        s=60,
        color=OKABE_ITO["blue"],
        edgecolor="black",
        label="forecasts in a bin (area ~ count)",
    )
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.05, 1.1)
    ax.set_xlabel("Predicted probability of agreement (mean in bin)")
    ax.set_ylabel("Share the record calls agreed")
    ax.set_title("Calibration: forecasts against the record", loc="left", fontsize=11)
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)


def _grid(fig: plt.Figure, ax: plt.Axes, table: pd.DataFrame) -> None:
    rows = table.drop_duplicates("meeting")[["meeting_date", "meeting"]].reset_index(drop=True)
    issues = sorted(table["issue"].unique())
    grid = (
        table.pivot(index="meeting", columns="issue", values="predicted_agreement")
        .reindex(index=rows["meeting"], columns=issues)
        .to_numpy()
    )
    row_of = {meeting: i for i, meeting in enumerate(rows["meeting"])}
    cmap = plt.get_cmap(SEQUENTIAL).with_extremes(bad="#DDDDDD")
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for r in table[table["documented"] != ""].itertuples():
        i = row_of[r.meeting]
        value = grid[i, issues.index(r.issue)]
        colour = "black" if value > 0.5 else "white"
        ax.plot(
            issues.index(r.issue),
            i,
            markersize=11,
            color=colour,
            markeredgewidth=1.6,
            linestyle="none",
            **MARKERS[r.documented],
        )
    ax.set_xticks(range(len(issues)), [pretty(i) for i in issues], rotation=40, ha="right")
    # A meeting's key may end with its date, which the label shows already.
    names = [f"{d}  {pretty(m.removesuffix(f'-{d}'))}" for d, m in rows.itertuples(index=False)]
    ax.set_yticks(range(len(rows)), names)
    ax.set_title("Predicted probability of agreement; the record marked", loc="left", fontsize=11)
    fig.colorbar(image, ax=ax, label="Predicted probability of agreement", fraction=0.04)
    handles = [
        Line2D(
            [],
            [],
            color="grey",
            linestyle="none",
            markersize=9,
            label="Unknown (not scored)" if k == "unknown" else pretty(k),
            **style,
        )
        for k, style in MARKERS.items()
    ]
    handles.append(Line2D([], [], color="none", label="grey cell: issue not on the agenda"))
    ax.legend(
        handles=handles,
        title="Record",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.32),
        ncol=4,
        fontsize=8,
        frameon=False,
    )
