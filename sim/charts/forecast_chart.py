"""Chart of the expected-utility forecast: each issue's positions moving over the rounds.

One panel per agenda issue. Lines: every player's position (0-100 along the
issue's levels, labelled on the left) after each round of the
expected-utility model; actors drawn in the same place are nudged apart by
a hair so that none hides another. At the right, the three forecasts: the
expected-utility model (weighted mean of the final positions), the
compromise model and the weighted median, and beside them the bargaining
simulation's outcome after the documented rounds: the agreed package, else
the negotiating text's article (nothing where no text was drafted).
"""

from __future__ import annotations

from pathlib import Path
from textwrap import fill
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.calibration.scenario import Scenario
from sim.charts.style import OKABE_ITO, PARTY_COLOURS, save_figure
from sim.forecast.talks import IssueForecast, level_position
from sim.labels import pretty

#: Colours of the third parties, in the order they appear (parties use PARTY_COLOURS).
OTHER_COLOURS = tuple(
    OKABE_ITO[k] for k in ("orange", "green", "purple", "sky", "black", "yellow", "blue")
)
#: Vertical nudge between actors drawn at the same place, in scale points.
NUDGE = 1.2
COLUMNS = 4
FORECAST_MARKERS = {
    "forecast: expected utility": "*",
    "forecast: compromise": "D",
    "forecast: weighted median": "^",
}


def actor_name(actor: str) -> str:
    """An actor key as a name: ``united_states`` -> "The United States", ``eu`` -> "The EU"."""
    return pretty(actor)


def _colours(actors: tuple[str, ...], parties: tuple[str, str]) -> dict[str, str]:
    others = iter(OTHER_COLOURS)
    return {a: PARTY_COLOURS[parties.index(a)] if a in parties else next(others) for a in actors}


def _panel(
    ax: plt.Axes,
    forecast: IssueForecast,
    colours: dict[str, str],
    simulated: pd.Series | None = None,
) -> None:
    dim, eum = forecast.dimension, forecast.eum
    rounds = np.arange(eum.rounds + 1)
    players = [i for i, x in enumerate(dim.positions) if not np.isnan(x)]
    for n, i in enumerate(players):
        nudge = (n - (len(players) - 1) / 2) * NUDGE
        ax.plot(rounds, eum.history[:, i] + nudge, "-o", ms=3, lw=1.6,
                color=colours[dim.actors[i]], label=actor_name(dim.actors[i]))  # fmt: skip
    end = eum.rounds + 0.8
    for (label, marker), value in zip(
        FORECAST_MARKERS.items(), (eum.mean, forecast.compromise, forecast.median), strict=True
    ):
        ax.plot([end], [value], marker, ms=9 if marker == "*" else 6, color="0.25",
                mfc="white" if marker != "*" else "0.25", label=label)  # fmt: skip
    levels = [level_position(k, dim.issue) for k in range(len(dim.issue.levels))]
    article = "" if simulated is None else simulated.get(f"article_{dim.issue.key}", "")
    if article:
        level = level_position(dim.issue.levels.index(article), dim.issue)
        ax.plot([end + 0.35], [level], "s", ms=7, color=OKABE_ITO["orange"], mec="black",
                label="simulation: its text or package")  # fmt: skip
    ax.set_yticks(
        levels,
        [fill(lv.replace("_", " "), 13, break_long_words=False) for lv in dim.issue.levels],
        fontsize=8,
    )
    ax.set_ylim(-8, 108)
    ax.set_xlim(-0.3, end + 0.8)
    ax.set_xticks(rounds)
    ax.set_title(fill(dim.issue.label, 34), fontsize=9)
    ax.grid(axis="y", color="0.9")


def forecast_chart(
    forecasts: list[IssueForecast],
    scenario: Scenario,
    path: Path,
    simulated: pd.Series | None = None,
) -> list[Path]:
    """Small multiples of every issue's rounds; written as ``path.png`` and ``path.svg``.

    `simulated`: the last row of the simulation's rounds table (its
    ``article_<issue>`` columns), drawn beside the forecasts.
    """
    rows = -(-len(forecasts) // COLUMNS)
    fig, axes = plt.subplots(rows, COLUMNS, figsize=(3.0 * COLUMNS, 2.9 * rows), squeeze=False)
    colours = _colours(forecasts[0].dimension.actors, scenario.party_names)
    for ax, forecast in zip(axes.flat, forecasts, strict=False):
        _panel(ax, forecast, colours, simulated)
    for ax in axes.flat[len(forecasts) :]:
        ax.axis("off")
    for ax in axes[:, 0]:
        ax.set_ylabel("Position (level; 0-100 scale)")
    for ax in axes.flat[len(forecasts) - COLUMNS : len(forecasts)]:  # the lowest of each column
        ax.set_xlabel("Round of the expected-utility model")
    handles: dict[str, Any] = {}
    labels: dict[str, str] = {}
    for ax in axes.flat:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(lab, h)
            labels[lab] = lab
    fig.legend(list(handles.values()), list(labels.values()), loc="lower center", ncol=4,
               fontsize=8, frameon=False, bbox_to_anchor=(0.5, 0.0))  # fmt: skip
    fig.suptitle(
        f"{scenario.title}:\npositions over the expected-utility model's rounds, and the forecasts",
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_figure(fig, path)
