"""Publication charts of a run, drawn from its result tables only.

* :func:`agreement_zone_chart` - utility space, Russia against Ukraine: every
  outcome as a density, the Pareto frontier, reservation lines, the shaded
  agreement zone, the Nash and Kalai-Smorodinsky points and each side's
  offers round by round.
* :func:`concession_chart` - each party's value of fighting on, its
  subjective chance of winning, and the worth to it of both sides' offers and
  of the negotiating text, by round.

Colours are the Okabe-Ito palette, safe for colour-blind readers; each chart
is written as PNG and SVG.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm

from sim.charts.style import MARKS, OKABE_ITO, PARTY_COLOURS, save_figure, war_value_lines
from sim.labels import pretty
from sim.talks.results import DENSITY_BINS, RunResult


def agreement_zone_chart(
    result: RunResult, path: Path, title: str | None = None, provenance: dict | None = None
) -> list[Path]:
    """The utility-space chart; returns the files written (`provenance` in their metadata)."""
    a, b = result.parties
    rounds, last = result.rounds, result.rounds.iloc[-1]
    fig, ax = plt.subplots(figsize=(7.2, 6.4))

    counts = np.zeros((DENSITY_BINS, DENSITY_BINS))
    i = np.clip((result.density[f"utility_{a}"] * DENSITY_BINS).astype(int), 0, DENSITY_BINS - 1)
    j = np.clip((result.density[f"utility_{b}"] * DENSITY_BINS).astype(int), 0, DENSITY_BINS - 1)
    counts[i, j] = result.density["outcomes"]
    masked = np.ma.masked_equal(counts.T, 0)
    mesh = ax.pcolormesh(
        np.linspace(0, 1, DENSITY_BINS + 1),
        np.linspace(0, 1, DENSITY_BINS + 1),
        masked,
        cmap="Greys",
        norm=LogNorm(vmin=1, vmax=max(2, counts.max())),
        shading="flat",
        alpha=0.75,
    )
    bar = fig.colorbar(mesh, ax=ax, pad=0.02, fraction=0.045)
    bar.set_label("Possible packages per cell (log scale)")

    r_a, r_b = last[f"war_value_{a}"], last[f"war_value_{b}"]
    if int(last["zone_size"]) > 0:
        ax.fill_between(
            [r_a, 1],
            r_b,
            1,
            color=OKABE_ITO["yellow"],
            alpha=0.25,
            zorder=1,
            label=f"Agreement zone ({int(last['zone_size']):,} packages)",
        )
    else:
        ax.plot([], [], " ", label="No agreement zone: no package beats fighting on for both")
    war_value_lines(ax, [r_a, r_b], (a, b))

    front = result.frontier.sort_values(f"utility_{a}")
    ax.plot(
        front[f"utility_{a}"],
        front[f"utility_{b}"],
        "-",
        color=OKABE_ITO["black"],
        lw=1.2,
        marker=".",
        ms=4,
        label="Pareto frontier",
        zorder=3,
    )

    for k, (name, colour, marker) in enumerate(
        zip(result.parties, PARTY_COLOURS, "os", strict=True)
    ):
        xs = rounds[f"utility_to_{a}_of_offer_by_{name}"]
        ys = rounds[f"utility_to_{b}_of_offer_by_{name}"]
        ax.plot(xs, ys, "-", color=colour, lw=1.0, alpha=0.7, zorder=4)
        ax.scatter(
            xs,
            ys,
            color=colour,
            marker=marker,
            s=36,
            zorder=5,
            edgecolor="white",
            label=f"{pretty(name)}'s offers (rounds 1-{len(rounds)})",
        )
        ax.annotate(
            f"r{len(rounds)}",
            (xs.iloc[-1], ys.iloc[-1]),
            textcoords="offset points",
            xytext=(6, 4 - 10 * k),
            fontsize=8,
            color=colour,
        )

    texts = rounds[[f"text_value_{a}", f"text_value_{b}"]].dropna()
    if not texts.empty:
        x, y = texts.to_numpy().T
        ax.plot(x, y, "-", color=OKABE_ITO["orange"], lw=1.0, alpha=0.7, zorder=4)
        ax.scatter(x, y, zorder=5, **MARKS["text"])

    for zorder, key in enumerate(("ks", "nash"), start=6):
        x, y = last[f"{key}_utility_{a}"], last[f"{key}_utility_{b}"]
        if pd.notna(x) and pd.notna(y):
            ax.scatter([x], [y], zorder=zorder, **MARKS[key])

    ax.text(
        0.99,
        0.985,
        "Packages on an axis cross a red line of\nthe other side and are worth 0 to it",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=7.5,
        color="0.3",
    )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(f"Value to {pretty(a)} (0 = worst, 1 = its ideal; renege risk priced in)")
    ax.set_ylabel(f"Value to {pretty(b)} (0 = worst, 1 = its ideal; renege risk priced in)")
    ax.set_title(title or f"{result.scenario}: agreement zone after round {len(rounds)}")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.12), ncol=2, fontsize=8, frameon=False)
    ax.grid(alpha=0.2)
    return save_figure(fig, path, provenance)


def _shade_suspensions(ax, dates: pd.Series, suspended: pd.Series) -> None:
    """Grey spans over the rounds in which the talks were suspended (labelled once)."""
    label: str | None = "Talks suspended"
    for start, end in _spans(dates.tolist(), suspended.tolist()):
        ax.axvspan(start, end, color="0.85", alpha=0.6, lw=0, label=label, zorder=0)
        label = None


def _spans(dates: list, flags: list[bool]) -> list[tuple]:
    """Runs of consecutive flagged rounds, from the first's date to the next round's."""
    spans, start = [], None
    for i, (date, flag) in enumerate(zip(dates, flags, strict=True)):
        if flag and start is None:
            start = date
        if start is not None and (not flag or i == len(dates) - 1):
            spans.append((start, date))
            start = None
    return spans


def concession_chart(
    result: RunResult, path: Path, title: str | None = None, provenance: dict | None = None
) -> list[Path]:
    """Fighting on against the offers on the table, by date, one panel per party; the
    spans where the talks were suspended shaded (markers only while few rounds)."""
    rounds = result.rounds
    x = pd.to_datetime(rounds["date"])
    few = len(rounds) <= 12
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.6), sharey=True)
    for ax, me, colour in zip(axes, result.parties, PARTY_COLOURS, strict=True):
        (other,) = [p for p in result.parties if p != me]
        series = (
            (f"war_value_{me}", ":", {"color": colour, "lw": 2.2}, "Fighting on (war value)"),
            (f"belief_{me}", "-", {"color": "0.55", "lw": 1.2}, "Its chance of winning (belief)"),
            (f"utility_to_{me}_of_offer_by_{me}", "--s", {"color": colour}, "Its own offer"),
            (
                f"utility_to_{me}_of_offer_by_{other}",
                "-^",
                {"color": OKABE_ITO["black"], "alpha": 0.7},
                f"{pretty(other)}'s offer",
            ),
            (
                f"text_value_{me}",
                "-P",
                {"color": OKABE_ITO["orange"], "markeredgecolor": "black"},
                "The negotiating text",
            ),
        )
        for column, style, kwargs, label in series:
            shown = style if few else style.rstrip("sP^")
            ax.plot(x, pd.to_numeric(rounds[column]), shown, label=label, **kwargs)
        _shade_suspensions(ax, x, rounds["talks"] == "suspended")
        ax.set_title(f"Worth to {pretty(me)}")
        ax.set_xlabel("Date of the round")
        if few:
            ax.set_xticks(list(x))
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        ax.grid(alpha=0.2)
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8, frameon=False
        )
    axes[0].set_ylabel("Value (0 = worst, 1 = ideal); belief as a probability")
    axes[0].set_ylim(-0.02, 1.05)
    fig.suptitle(title or f"{result.scenario}: what fighting on and the offers are worth")
    fig.tight_layout()
    return save_figure(fig, path, provenance)
