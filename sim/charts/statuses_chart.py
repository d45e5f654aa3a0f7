"""The ``statuses`` chart: each agenda issue's status round by round, beside the record.

A grid of issues (rows) by rounds (columns): agreed, partial (provisionally
agreed in the text, or both offers name the same level), open, or breached,
read from the run's rounds table (:mod:`sim.charts.record`). Where the
negotiating text names a level of the issue, the cell shows it. Columns
to the right give the documented record (``seeds/outcomes.csv``) of each
meeting the scenario's rounds stand for.
"""

from __future__ import annotations

from textwrap import fill

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from sim.calibration.scenario import Scenario
from sim.calibration.seeds import load_issues, load_outcomes
from sim.charts import record
from sim.charts.style import OKABE_ITO
from sim.labels import pretty

STATUS_COLOURS = {
    "agreed": OKABE_ITO["green"],
    "partial": OKABE_ITO["yellow"],
    "open": "#e6e6e6",
    "breached": OKABE_ITO["vermillion"],
}
#: How the record's ``documented`` values read as the chart's statuses ("" is left blank).
DOCUMENTED = {"agreed": "agreed", "partial": "partial", "not_agreed": "open", "unknown": ""}


def documented_record(scenario: Scenario) -> pd.DataFrame:
    """Issue x meeting grid of the documented statuses of the scenario's meetings ("" if none)."""
    meetings = [r.meeting for r in scenario.rounds if r.meeting]
    found = {(o.meeting, o.issue): DOCUMENTED[o.documented] for o in load_outcomes()}
    return pd.DataFrame(
        {m: [found.get((m, issue), "") for issue in scenario.agenda] for m in meetings},
        index=scenario.agenda,
    )


def statuses_figure(rounds: pd.DataFrame, scenario: Scenario, title: str) -> plt.Figure:
    """The grid; the image carries gid ``statuses`` with codes in ``STATUS_COLOURS`` order."""
    grid = record.statuses(rounds, scenario.agenda)
    documented = documented_record(scenario)
    articles = record.articles(rounds, scenario.agenda)
    codes = {status: k for k, status in enumerate(STATUS_COLOURS)}
    cmap = ListedColormap(list(STATUS_COLOURS.values()))
    width = grid.shape[1] + documented.shape[1]
    fig, ax = plt.subplots(figsize=(2.4 + 0.95 * width, 0.5 * len(grid) + 2.8))
    ax.imshow(
        grid.replace(codes).to_numpy(dtype=float),
        cmap=cmap,
        vmin=-0.5,
        vmax=len(codes) - 0.5,
        aspect="auto",
        gid="statuses",
        extent=(-0.5, grid.shape[1] - 0.5, len(grid) - 0.5, -0.5),
    )
    for (i, j), level in np.ndenumerate(articles.to_numpy()):
        shown = fill(level.replace("_", " "), 12, break_long_words=False)
        ax.text(j, i, shown, ha="center", va="center", fontsize=8, linespacing=0.95)
    offset = grid.shape[1] + 0.5
    if not documented.empty:
        shown = documented.replace({"": np.nan}).replace(codes).to_numpy(dtype=float)
        ax.imshow(
            np.ma.masked_invalid(shown),
            cmap=cmap,
            vmin=-0.5,
            vmax=len(codes) - 0.5,
            aspect="auto",
            gid="documented",
            extent=(offset - 0.5, offset + documented.shape[1] - 0.5, len(grid) - 0.5, -0.5),
        )
    ax.set_xlim(-0.5, offset + documented.shape[1] - 0.5)
    xticks = [*range(grid.shape[1]), *(offset + np.arange(documented.shape[1]))]
    dates = dict(zip(rounds["round"], rounds["date"], strict=True))
    xlabels = [f"Round {r}\n{dates[r]}" for r in grid.columns]
    xlabels += [f"Record:\n{fill(pretty(m), 14)}" for m in documented.columns]
    ax.set_xticks(xticks, xlabels, rotation=30, ha="right", fontsize=8)
    issues = load_issues()
    ax.set_yticks(range(len(grid)), [fill(issues[k].label, 26) for k in grid.index], fontsize=8)
    ax.set_xlabel("Round of the run (left) and the documented outcome (right)")
    ax.set_ylabel("Agenda issue")
    handles = [Patch(color=c, label=s) for s, c in STATUS_COLOURS.items()]
    handles.append(Patch(facecolor="white", edgecolor="0.6", label="not documented"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=5,
              fontsize=8, title="Status", title_fontsize=8, frameon=False)  # fmt: skip
    ax.set_title(title)
    return fig
