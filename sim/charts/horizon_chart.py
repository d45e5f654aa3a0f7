"""P(package agreed by round k) for each scenario run past its documented rounds."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim.charts.style import OKABE_ITO, save_figure

COLOURS = (OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["green"], OKABE_ITO["purple"])
STYLES = {"seeds": "-", "seeds and assumptions": "--"}


def horizon_chart(table: pd.DataFrame, dated: dict[str, int], path: Path) -> list[Path]:
    """One line per scenario and variant; a tick marks each scenario's last dated round."""
    fig, ax = plt.subplots(figsize=(8.2, 5.0))
    for colour, (scenario, rows) in zip(
        COLOURS, table.groupby("scenario", sort=True), strict=False
    ):
        for variant, style in STYLES.items():
            mine = rows[rows["variant"] == variant]
            ax.plot(
                mine["round"],
                mine["p_agreed"],
                style,
                color=colour,
                lw=2 if style == "-" else 1.4,
                label=f"{scenario}, {variant}",
            )
        ax.axvline(dated[scenario], color=colour, lw=0.8, alpha=0.5, ls=":")
    ax.set_xlabel("Round of talks (dotted: each scenario's last documented meeting)")
    ax.set_ylabel("P(full package agreed by this round)")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(1, table["round"].max())
    ax.grid(alpha=0.25)
    ax.set_title("Run past the documents: when does the full package close?", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return save_figure(fig, path)
