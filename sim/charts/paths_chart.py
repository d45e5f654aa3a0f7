"""The ``paths`` chart: both parties' offers and values round by round, runs side by side.

Top row: the offers in utility space, on the run's Pareto frontier, with the
negotiating text where the run has one, each party's no-deal value in the
last round and the agreement zone's packages on the frontier (drawn as the
zone chart draws the zone). Bottom row: each party's value of no deal (fighting on) and its
value of the best deal it is offered (the other's offer or the text), by
round; a deal is possible for a party once the second lies above the first.
One column per run (seeds or strategies). The app draws the same panels one
at a time.
"""

from __future__ import annotations

from textwrap import fill

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.ticker import MaxNLocator

from sim.charts import record
from sim.charts.style import MARKS, OKABE_ITO, PARTY_COLOURS, war_value_lines
from sim.labels import capital, name, possessive, pretty
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
    # No round labels at the paths' ends: a label near an axis runs into its ticks, and
    # the rounds are the lower panel's axis.
    for party, colour, marker in zip(parties, PARTY_COLOURS, "os", strict=True):
        xs, ys = record.offer_value(rounds, a, party), record.offer_value(rounds, b, party)
        ax.plot(xs, ys, "-", marker=marker, color=colour, ms=6, mec="white",
                gid=f"offers-{party}", label=f"{capital(possessive(party))} offers")  # fmt: skip
    text = record.text_values(rounds, parties)
    mark = MARKS["text"]
    ax.plot(text[a], text[b], "-", marker=mark["marker"], color=mark["color"], ms=7, mec="black",
            mew=0.5, gid="text", label=mark["label"])  # fmt: skip
    if len(rounds):
        last = rounds.iloc[-1]
        no_deal = [float(last[record.no_deal_column(rounds.columns, p)]) for p in parties]
        war_value_lines(ax, no_deal, (a, b))
        _zone_on_frontier(ax, frontier[[f"utility_{p}" for p in parties]].to_numpy(), no_deal,
                          int(last["zone_size"]))  # fmt: skip
    ax.set_xlim(_bottom(ax, 0), 1.02)
    ax.set_ylim(_bottom(ax, 1), 1.02)
    ax.set_xlabel(f"Value to {name(a)}\n{UTILITY_LABEL}")
    ax.set_ylabel(f"Value to {name(b)}\n{UTILITY_LABEL}")
    ax.grid(alpha=0.2)


def _zone_on_frontier(ax: plt.Axes, front: np.ndarray, no_deal: list[float], size: int) -> None:
    """The zone's packages on the frontier, drawn as the zone is everywhere (gid ``zone``);
    their number is the zone chart's and the zone-size chart's."""
    if size == 0:
        ax.plot([], [], " ", label="No agreement zone: no package beats fighting on for both")
        return
    shown = front[(front >= np.array(no_deal)).all(axis=1)]
    label = "Agreement zone (its packages on the frontier)"
    ax.scatter(shown[:, 0], shown[:, 1], gid="zone", label=label, **MARKS["zone"])


def draw_values(ax: plt.Axes, rounds: pd.DataFrame, parties) -> None:
    """Each party's no-deal value and value of the best deal offered, by round; gids for tests."""
    x = rounds["round"]
    for party, colour in zip(parties, PARTY_COLOURS, strict=True):
        ax.plot(
            x,
            rounds[record.no_deal_column(rounds.columns, party)],
            ":x",
            color=colour,
            lw=2,
            gid=f"no-deal-{party}",
            label=f"{pretty(party)}: value of fighting on",
        )
        ax.plot(
            x,
            record.best_offer_value(rounds, party, parties),
            "-o",
            color=colour,
            ms=4,
            gid=f"best-offer-{party}",
            label=f"{pretty(party)}: value of the best deal offered",
        )
    _round_axis(ax, rounds)
    ax.set_ylabel(f"Value\n{UTILITY_LABEL}")
    ax.set_ylim(_bottom(ax, 1), 1.02)
    ax.grid(alpha=0.2)


#: Rounds up to which every round gets a tick with its date.
TICKED_ROUNDS = 12


def _round_axis(ax: plt.Axes, rounds: pd.DataFrame) -> None:
    """Rounds on x, each with its date while there are few."""
    ax.set_xlabel("Round (and its date)")
    if len(rounds) <= TICKED_ROUNDS:
        labels = [f"{r}\n{d[5:]}" for r, d in zip(rounds["round"], rounds["date"], strict=True)]
        ax.set_xticks(list(rounds["round"]), labels, fontsize=8)


def _bottom(ax: plt.Axes, axis: int) -> float:
    """Lower axis limit: just below 0, or below the lowest value drawn (a value is below 0
    when a betrayal would cost a party more than the terms give it)."""
    drawn = [np.asarray(line.get_xydata(), dtype=float)[:, axis] for line in ax.lines]
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
    # A count: whole numbers, and room above an empty zone's zeros.
    ax.set_ylim(0, max(1, int(rounds["zone_size"].max())) * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.2)


def paths_figure(runs: list[RunResult], labels: list[str], title: str) -> plt.Figure:
    """One column per run: offers on the frontier above, values by round below."""
    fig, axes = plt.subplots(2, len(runs), figsize=(3.7 * len(runs) + 1.2, 8.6), squeeze=False)
    for column, (run, label) in enumerate(zip(runs, labels, strict=True)):
        draw_offers(axes[0, column], run.rounds, run.frontier, run.parties)
        draw_values(axes[1, column], run.rounds, run.parties)
        axes[0, column].set_title(label)
        if column:  # the first column's labels name both rows' axes
            axes[0, column].set_ylabel("")
            axes[1, column].set_ylabel("")
    entries: dict[str, Artist] = {}
    for ax in axes.flat:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    fig.legend(list(entries.values()), list(entries), loc="lower center", ncol=3, fontsize=8,
               frameon=False)  # fmt: skip
    fig.suptitle(fill(title, int(fig.get_figwidth() * 10)))
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig
