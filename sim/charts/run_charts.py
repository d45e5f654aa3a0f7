"""Publication charts of a run, drawn from its result tables only.

* :func:`agreement_zone_chart` - the gallery's ``zone`` chart of the last round
  (:mod:`sim.charts.zone_chart`): every package, the Pareto frontier, both
  no-deal lines, the agreement zone, the Nash and Kalai-Smorodinsky points and
  each side's offers round by round, with a close-up of the zone.
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
import pandas as pd

from sim.calibration.scenario import Scenario
from sim.charts.gallery import Request, draw
from sim.charts.style import OKABE_ITO, PARTY_COLOURS, save_figure
from sim.labels import pretty
from sim.talks.results import RunResult


def agreement_zone_chart(
    result: RunResult, scenario: Scenario, path: Path, provenance: dict | None = None
) -> list[Path]:
    """The ``zone`` chart of the run's last round, with both offers and the text round by
    round (what ``peacesim plot zone`` draws); returns the files written."""
    return save_figure(draw(Request("zone", scenario, [result])), path, provenance)


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


def _apart(dates: pd.Series) -> bool:
    """Whether a tick on every round's date leaves each label room: the closest two rounds
    at least a twelfth of the span apart (else the axis chooses its own dates)."""
    days = dates.diff().dt.days.iloc[1:]
    return days.empty or days.min() * 12 >= (dates.max() - dates.min()).days


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
        if few and _apart(x):
            ax.set_xticks(list(x))
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        ax.grid(alpha=0.2)
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8, frameon=False
        )
    axes[0].set_ylabel("Value (0 = worst, 1 = ideal); belief as a probability")
    axes[0].set_ylim(-0.02, 1.05)
    fig.suptitle(title or f"{result.title}: what fighting on and the offers are worth")
    fig.tight_layout()
    return save_figure(fig, path, provenance)
