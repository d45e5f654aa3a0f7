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

#: Colour, line width and legend label of each measure, and the question it answers. The
#: ceasefire is drawn wide under the package: a package ends the fighting, so the two
#: lines coincide unless a ceasefire is agreed on its own.
MEASURES = {
    "general ceasefire": (OKABE_ITO["sky"], 5.0, "general ceasefire", "general_ceasefire_by"),
    "package agreed": (OKABE_ITO["vermillion"], 1.8, "full package agreed", "package_agreed_by"),
    "talks suspended (ever)": (
        OKABE_ITO["green"],
        1.8,
        "talks broken off (at least once)",
        "talks_suspended_by",
    ),
    "talks suspended that day": (
        OKABE_ITO["purple"],
        1.8,
        "talks suspended that day",
        "talks_suspended_on",
    ),
}
#: Line style and legend label of each variant of the table (the posterior's forecasts
#: add one, :mod:`sim.fit.forecast`).
STYLES = {
    "seeds": ("-", "central calibration (seeds vary)"),
    "seeds and assumptions": ("--", "over the assumption ranges"),
}
#: Characters of an event label before it is cut (the full text is in the record).
EVENT_LABEL = 48
#: Days within which two events' labels sit on opposite sides of their lines.
CLOSE_DAYS = 30


def horizon_chart(
    table: pd.DataFrame,
    record: pd.DataFrame,
    path: Path,
    provenance: dict | None = None,
    styles: dict[str, tuple[str, str]] = STYLES,
) -> list[Path]:
    """The chart of :func:`sim.backtest.horizon.horizon_table`'s `table` and the `record`;
    `styles` names the variants drawn, each with its line style and legend label."""
    eras = sorted(table["era"].unique())
    fig, axes = plt.subplots(len(eras), 1, figsize=(10.5, 4.3 * len(eras)), squeeze=False)
    for ax, era in zip(axes[:, 0], eras, strict=True):
        _panel(ax, table[table["era"] == era], record[record["era"] == era], era, styles)
    handles = [
        Line2D([], [], color=colour, lw=min(width, 3.5), label=label)
        for colour, width, label, _ in MEASURES.values()
    ]
    handles += [
        Line2D([], [], color="grey", ls=style, lw=1.6, label=label)
        for style, label in styles.values()
    ]
    handles += [
        Line2D([], [], marker="o", ls="", color="black", label="what happened: yes"),
        Line2D([], [], marker="o", ls="", mfc="white", color="black", label="what happened: no"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=8.5, frameon=False)
    fig.suptitle(
        "Run forward from each era's documents: does a deal come, and do the talks break off?",
        x=0.01,
        ha="left",
        fontsize=12,
    )
    fig.tight_layout(rect=(0, 0.08, 1, 0.97))
    return save_figure(fig, path, provenance=provenance)


def _panel(
    ax, table: pd.DataFrame, record: pd.DataFrame, era: str, styles: dict[str, tuple[str, str]]
) -> None:
    for measure, (colour, width, _, _) in MEASURES.items():
        for variant, (style, _) in styles.items():
            rows = table[(table["measure"] == measure) & (table["variant"] == variant)]
            ax.plot(
                pd.to_datetime(rows["date"]),
                rows["p"],
                style,
                color=colour,
                lw=width if style == "-" else width * 0.7,
                alpha=0.55 if width > 3 else 1.0,
            )
    colours = {question: colour for colour, _, _, question in MEASURES.values()}
    _events(ax, record[record["question"] == "event"])
    for fact in record[record["question"] != "event"].to_dict("records"):
        yes = fact["outcome"] == "yes"
        colour = colours[fact["question"]]
        ax.plot(
            pd.Timestamp(fact["date"]),
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
    ax.set_ylabel("share of runs by the date")
    ax.set_title(_subtitle(table, era), loc="left", fontsize=10)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.tick_params(labelsize=9)
    ax.grid(alpha=0.25)


def _events(ax, events: pd.DataFrame) -> None:
    """A dotted line and a short label for each event; labels of close events on
    opposite sides of their lines, each on a pale box above the curves, so that a
    curve crossing it does not strike its words through."""
    side, before = "right", None
    for fact in events.sort_values("date").to_dict("records"):
        when = pd.Timestamp(fact["date"])
        close = before is not None and (when - before).days < CLOSE_DAYS
        side = ("left" if side == "right" else "right") if close else "right"
        ax.axvline(when, color="grey", ls=":", lw=1)
        label = textwrap.shorten(fact["source"], EVENT_LABEL, placeholder="...")
        ax.text(
            when,
            0.5,
            f" {label} ",
            rotation=90,
            fontsize=8,
            color="dimgrey",
            ha=side,
            va="center",
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
            zorder=4,
        )
        before = when


def _subtitle(table: pd.DataFrame, era: str) -> str:
    """The panel's title, with the runs the ranges' curves rest on."""
    title = f"{era}: {table['scenario'].iloc[0]} run to the end of {int(era) + 1}"
    ranges = table[table["variant"] == "seeds and assumptions"]
    if "runs" in table and len(ranges):
        kept, drawn = int(ranges["runs"].iloc[0]), int(ranges["runs_drawn"].iloc[0])
        title += f" (over the ranges: {kept} of {drawn} runs agree with the documented rounds)"
    return title
