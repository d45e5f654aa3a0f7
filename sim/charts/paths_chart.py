"""The ``paths`` chart: both parties' offers and values round by round, runs side by side.

Top row: the offers in utility space, on the run's Pareto frontier, with the
negotiating text where the run has one and each party's no-deal value in the
last round. Bottom row: each party's value of no deal (fighting on) and its
value of the best deal it is offered (the other's offer or the text), by
round; a deal is possible for a party once the second lies above the first.
One column per run (seeds or strategies). The app draws the same panels one
at a time.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from sim.charts import record
from sim.charts.style import OKABE_ITO, PARTY_COLOURS, war_value_lines
from sim.labels import pretty
from sim.talks.results import RunResult

UTILITY_LABEL = "(utility after renege risk; 1 = its ideal)"


def draw_offers(ax: plt.Axes, rounds: pd.DataFrame, frontier: pd.DataFrame, parties) -> None:
    """Offers of both parties (and the text) on the frontier; gids ``offers-<party>``."""
    a, b = parties
    front = frontier.sort_values(f"utility_{a}")
    ax.plot(
        front[f"utility_{a}"],
        front[f"utility_{b}"],
        "-",
        color="black",
        lw=1,
        label="Pareto frontier",
    )
    for name, colour, marker in zip(parties, PARTY_COLOURS, "os", strict=True):
        xs, ys = record.offer_value(rounds, a, name), record.offer_value(rounds, b, name)
        ax.plot(
            xs,
            ys,
            "-",
            marker=marker,
            color=colour,
            ms=6,
            mec="white",
            gid=f"offers-{name}",
            label=f"{pretty(name)}'s offers",
        )
        if len(xs):
            ax.annotate(
                f"r{int(rounds['round'].iloc[-1])}",
                (xs.iloc[-1], ys.iloc[-1]),
                xytext=(5, 5),
                textcoords="offset points",
                fontsize=8,
                color=colour,
            )
    text = record.text_values(rounds, parties)
    ax.plot(
        text[a],
        text[b],
        "-D",
        color=OKABE_ITO["purple"],
        ms=5,
        gid="text",
        label="The negotiating text",
    )
    if len(rounds):
        last = rounds.iloc[-1]
        no_deal = [float(last[record.no_deal_column(rounds.columns, p)]) for p in parties]
        war_value_lines(ax, no_deal, (a, b))
        # Packages in this corner are worth more than fighting on to both: the zone.
        ax.fill_between(
            [no_deal[0], 1.02],
            no_deal[1],
            1.02,
            color=OKABE_ITO["yellow"],
            alpha=0.25,
            lw=0,
            label="Better than fighting on for both",
        )
    ax.set_xlim(_bottom(ax, 0), 1.02)
    ax.set_ylim(_bottom(ax, 1), 1.02)
    ax.set_xlabel(f"Value to {pretty(a)} {UTILITY_LABEL}")
    ax.set_ylabel(f"Value to {pretty(b)} {UTILITY_LABEL}")
    ax.grid(alpha=0.2)


def draw_values(ax: plt.Axes, rounds: pd.DataFrame, parties) -> None:
    """Each party's no-deal value and value of the best deal offered, by round; gids for tests."""
    x = rounds["round"]
    for name, colour in zip(parties, PARTY_COLOURS, strict=True):
        ax.plot(
            x,
            rounds[record.no_deal_column(rounds.columns, name)],
            ":x",
            color=colour,
            lw=2,
            gid=f"no-deal-{name}",
            label=f"{pretty(name)}: value of fighting on",
        )
        ax.plot(
            x,
            record.best_offer_value(rounds, name, parties),
            "-o",
            color=colour,
            ms=4,
            gid=f"best-offer-{name}",
            label=f"{pretty(name)}: value of the best deal offered",
        )
    _round_axis(ax, rounds)
    ax.set_ylabel(f"Value {UTILITY_LABEL}")
    ax.set_ylim(_bottom(ax, 1), 1.02)
    ax.grid(alpha=0.2)


#: Rounds up to which every round gets a tick with its date.
TICKED_ROUNDS = 12


def _round_axis(ax: plt.Axes, rounds: pd.DataFrame) -> None:
    """Rounds on x, each with its date while there are few."""
    ax.set_xlabel("Round (and its date)")
    if len(rounds) <= TICKED_ROUNDS:
        labels = [f"{r}\n{d[5:]}" for r, d in zip(rounds["round"], rounds["date"], strict=True)]
        ax.set_xticks(list(rounds["round"]), labels, fontsize=7)


def _bottom(ax: plt.Axes, axis: int) -> float:
    """Lower axis limit: just below 0, or below the lowest value drawn (a value is below 0
    when a betrayal would cost a party more than the terms give it)."""
    drawn = [np.asarray(line.get_xydata())[:, axis] for line in ax.lines]
    # a line of only missing values (no offer in any round) has no lowest value
    lowest = min((np.nanmin(v) for v in drawn if np.isfinite(v).any()), default=0.0)
    return min(-0.02, float(lowest) - 0.03)


def draw_zone_size(ax: plt.Axes, rounds: pd.DataFrame, outcome_space: int) -> None:
    """Packages in the agreement zone, by round."""
    ax.plot(
        rounds["round"],
        rounds["zone_size"],
        "-o",
        color=OKABE_ITO["orange"],
        gid="zone-size",
        label="Packages both prefer to no deal",
    )
    _round_axis(ax, rounds)
    ax.set_ylabel(f"Packages in the zone (of {outcome_space:,})")
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.2)


def paths_figure(runs: list[RunResult], labels: list[str], title: str) -> plt.Figure:
    """One column per run: offers on the frontier above, values by round below."""
    fig, axes = plt.subplots(2, len(runs), figsize=(4.4 * len(runs) + 1.2, 9), squeeze=False)
    for column, (run, label) in enumerate(zip(runs, labels, strict=True)):
        draw_offers(axes[0, column], run.rounds, run.frontier, run.parties)
        draw_values(axes[1, column], run.rounds, run.parties)
        axes[0, column].set_title(label)
    handles, labels = [], []
    for ax in axes[:, 0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.append(handle)
            labels.append(label)
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=8, frameon=False)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig
