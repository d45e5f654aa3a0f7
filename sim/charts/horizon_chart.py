"""P(package), P(general ceasefire) and P(talks suspended) by date, with what really happened.

One panel per era: the share of forward runs in which each event has
happened by a date (solid: the central calibration, dashed: over the
assumption ranges), and the validation record after the documents on the
same time axis: a filled marker where the record says yes, a hollow one
where it says no, a dotted line and a label for each reported event the
model does not forecast.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from sim.charts.style import OKABE_ITO, save_figure

#: Colour of each measure, and the validation question it answers.
MEASURES = {
    "package agreed": (OKABE_ITO["vermillion"], "package_agreed_by"),
    "general ceasefire": (OKABE_ITO["blue"], "general_ceasefire_by"),
    "talks suspended (ever)": (OKABE_ITO["green"], "talks_suspended_by"),
    "talks suspended that day": (OKABE_ITO["sky"], "talks_suspended_on"),
}
STYLES = {"seeds": "-", "seeds and assumptions": "--"}
#: Words of an event label before it is cut (the full text is in the record).
EVENT_LABEL = 42


def horizon_chart(
    table: pd.DataFrame,
    record: pd.DataFrame,
    path: Path,
    provenance: dict | None = None,
    styles: dict[str, str] = STYLES,
) -> list[Path]:
    """The chart of :func:`sim.backtest.horizon.horizon_table`'s `table` and the `record`;
    `styles` gives each variant of the table its line style (the posterior's forecasts
    add a variant, :mod:`sim.fit.forecast`)."""
    eras = sorted(table["era"].unique())
    fig, axes = plt.subplots(len(eras), 1, figsize=(10.5, 4.2 * len(eras)), squeeze=False)
    for ax, era in zip(axes[:, 0], eras, strict=True):
        _panel(ax, table[table["era"] == era], record[record["era"] == era], era, styles)
    handles = (
        [
            Line2D([], [], color=colour, lw=2, label=f"P({measure} by the date)")
            for measure, (colour, _) in MEASURES.items()
        ]
        + [
            Line2D(
                [],
                [],
                color="grey",
                ls=style,
                lw=1.6,
                label=variant.replace("seeds", "runs over seeds", 1),
            )
            for variant, style in styles.items()
        ]
        + [
            Line2D([], [], marker="o", ls="", color="black", label="record: yes"),
            Line2D([], [], marker="o", ls="", mfc="white", color="black", label="record: no"),
        ]
    )
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=8.5, frameon=False)
    fig.suptitle(
        "Run forward from each era's documents: does a deal come, and do the talks break off?",
        x=0.01,
        ha="left",
        fontsize=12,
    )
    fig.tight_layout(rect=(0, 0.09, 1, 0.97))
    return save_figure(fig, path, provenance=provenance)


def _panel(ax, table: pd.DataFrame, record: pd.DataFrame, era: str, styles: dict[str, str]) -> None:
    scenario = table["scenario"].iloc[0]
    for measure, (colour, _) in MEASURES.items():
        for variant, style in styles.items():
            rows = table[(table["measure"] == measure) & (table["variant"] == variant)]
            ax.plot(
                pd.to_datetime(rows["date"]),
                rows["p"],
                style,
                color=colour,
                lw=2.0 if style == "-" else 1.3,
            )
    colours = {question: colour for colour, question in MEASURES.values()}
    for fact in record.to_dict("records"):
        when = pd.Timestamp(fact["date"])
        if fact["question"] == "event":
            ax.axvline(when, color="grey", ls=":", lw=1)
            label = textwrap.shorten(fact["source"], EVENT_LABEL, placeholder="...")
            ax.text(
                when, 0.5, label, rotation=90, fontsize=7, color="dimgrey", ha="right", va="center"
            )
            continue
        yes = fact["outcome"] == "yes"
        colour = colours[fact["question"]]
        ax.plot(
            when,
            1.0 if yes else 0.0,
            "o",
            ms=7,
            color=colour,
            mfc=colour if yes else "white",
            mew=1.6,
            clip_on=False,
            zorder=5,
        )
    ax.set_ylim(-0.04, 1.04)
    ax.set_ylabel("share of runs")
    ax.set_title(f"{era}: {scenario} run to the end of {int(era) + 1}", loc="left", fontsize=10)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.grid(alpha=0.25)
