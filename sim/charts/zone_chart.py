"""The ``zone`` chart: the value space of any two actors at a chosen round.

Every package of the agenda is a point ``(v_a(x), v_b(x))``, each actor's
value of it in that round (:mod:`sim.charts.values`: a party's calibrated
utility discounted by the risk that the other side reneges). The chart shows
their density, the Pareto frontier (:func:`sim.core.pareto_front`), each
actor's no-deal line (a party's value of fighting on that round), the
agreement zone ``{x : v_a(x) >= w_a and v_b(x) >= w_b}``
(:func:`sim.core.agreement_zone`; Raiffa 1982, ch. 4) and the Nash (1950) and
Kalai-Smorodinsky (1975) points with the no-deal values as the disagreement
point. A mediator's floor is 0, so with a mediator the zone is the party's
acceptable set alone.

The zone is drawn one way everywhere (``peacesim run`` draws this chart for
its last round): its packages as dots (:data:`sim.charts.style.MARKS`), above
the Nash and KS marks, and again in a close-up beside the whole space, where
a zone of a few packages next to the marks stays visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.patches import Rectangle

from sim.charts import record
from sim.charts.style import MARKS, OKABE_ITO, PARTY_COLOURS
from sim.charts.values import Valuer, package_values
from sim.core import agreement_zone, kalai_smorodinsky, nash_bargaining
from sim.core.pareto import pareto_front
from sim.labels import capital, name, possessive

#: Cells per axis of the density of all packages.
DENSITY_BINS = 60
#: Least width of the close-up, in units of value.
CLOSE_UP_SPAN = 0.12


@dataclass(frozen=True)
class ZoneData:
    """What the chart draws, all from core functions on the actors' utilities."""

    actors: tuple[str, str]
    U: np.ndarray  # (n_packages, 2): values, below 0 where a betrayal costs more than the terms
    reservations: np.ndarray  # (2,): the no-deal values
    zone: np.ndarray  # boolean mask over the rows of U
    front: np.ndarray  # frontier utilities, sorted by the first actor's
    nash: np.ndarray | None  # utilities of the Nash point
    ks: np.ndarray | None


def zone_data(valuers: tuple[Valuer, Valuer]) -> ZoneData:
    """Zone, frontier and bargaining points of two actors in one round."""
    _, U = package_values(valuers)
    d = np.array([v.floor for v in valuers])
    front = U[pareto_front(U)]
    front = front[np.argsort(front[:, 0], kind="stable")]
    nash, ks = nash_bargaining(U, d), kalai_smorodinsky(U, d)
    return ZoneData(
        actors=(valuers[0].position.actor, valuers[1].position.actor),
        U=U,
        reservations=d,
        zone=agreement_zone(U, d),
        front=front,
        nash=None if nash is None else U[nash],
        ks=None if ks is None else U[ks],
    )


def zone_figure(data: ZoneData, title: str, rounds: pd.DataFrame | None = None) -> plt.Figure:
    """All packages (left) and a close-up of the zone, or of where the no-deal lines cross.

    `rounds`: the run's rounds up to this one, when the actors are its two
    parties; both offers and the negotiating text are then drawn round by round.
    Artists carry gids for tests: ``zone``, ``frontier``, ``nash``, ``ks`` on the
    left, the same with ``-close-up`` on the right.
    """
    fig, (ax, close) = plt.subplots(
        1, 2, figsize=(12.0, 6.6), gridspec_kw={"width_ratios": (1.08, 0.8), "wspace": 0.3}
    )
    mesh = _density(ax, data)
    fig.colorbar(mesh, ax=ax, pad=0.02, fraction=0.045).set_label(
        "Possible packages per cell (log scale)"
    )
    window = close_up_window(data)
    for axes, suffix in ((ax, ""), (close, "-close-up")):
        _common(axes, data, rounds, suffix)
    _packages_near(close, data, window)
    x0, x1, y0, y1 = window
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ls="--", lw=1.0, color="0.2",
                           label="The close-up (right)"))  # fmt: skip
    a, b = data.actors
    for axes in (ax, close):
        axes.set_xlabel(f"Value to {name(a)} (0 = worst, 1 = ideal; after renege risk)")
        axes.grid(alpha=0.2)
    ax.set_ylabel(f"Value to {name(b)} (0 = worst, 1 = ideal; after renege risk)")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    close.set_xlim(x0, x1)
    close.set_ylim(y0, y1)
    ax.set_title(f"All {len(data.U):,} packages", fontsize=10)
    close.set_title("Close-up of the dashed box", fontsize=10)
    # Said in the legend, where it hides nothing drawn.
    ax.plot(
        [], [], " ", label="Packages on an axis hold a level the other side rejects: worth 0 to it"
    )
    if not data.zone.any():
        close.text(0.5, 0.96, "No package is worth more than\nfighting on to both",
                   transform=close.transAxes, ha="center", va="top", fontsize=9, color="0.25",
                   bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})  # fmt: skip
    handles, labels = _legend_entries(ax, close)
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.02), ncol=3,
               fontsize=8, frameon=False)  # fmt: skip
    fig.suptitle(title)
    return fig


def close_up_window(data: ZoneData) -> tuple[float, float, float, float]:
    """The square (x0, x1, y0, y1) around the zone, the Nash and KS points and the
    crossing of the no-deal lines, with a margin; at least :data:`CLOSE_UP_SPAN` wide."""
    points = np.vstack(
        [data.U[data.zone], data.reservations[None, :]]
        + [p[None, :] for p in (data.nash, data.ks) if p is not None]
    )
    low, high = points.min(axis=0), points.max(axis=0)
    span = min(1.04, max(CLOSE_UP_SPAN, float((high - low).max()) * 1.3))  # at most the view
    x0, y0 = np.clip((low + high) / 2 - span / 2, -0.02, 1.02 - span)
    return float(x0), float(x0 + span), float(y0), float(y0 + span)


def _density(ax: plt.Axes, data: ZoneData):
    edges = np.linspace(0.0, 1.0, DENSITY_BINS + 1)
    shown = np.clip(data.U, 0.0, 1.0)  # values below 0 are drawn on the axis
    counts = np.histogram2d(shown[:, 0], shown[:, 1], bins=[edges, edges])[0]
    return ax.pcolormesh(
        edges,
        edges,
        np.ma.masked_equal(counts.T, 0),
        cmap="Greys",
        norm=LogNorm(vmin=1, vmax=max(2.0, counts.max())),
        alpha=0.7,
    )


def _common(ax: plt.Axes, data: ZoneData, rounds: pd.DataFrame | None, suffix: str) -> None:
    """What both panels show: zone, no-deal lines, frontier, offers and text, Nash and KS."""
    a, b = data.actors
    in_zone = np.unique(data.U[data.zone], axis=0).reshape(-1, 2)  # at or above both floors
    size = MARKS["zone"]["s"] * (2.5 if suffix else 1.0)
    size_label = f"Agreement zone ({int(data.zone.sum()):,} of {len(data.U):,} packages)"
    shown = size_label if len(in_zone) else "_empty"  # matplotlib leaves "_..." out
    ax.scatter(in_zone[:, 0], in_zone[:, 1], gid=f"zone{suffix}", label=shown,
               **{**MARKS["zone"], "s": size})  # fmt: skip
    if not len(in_zone):
        ax.plot([], [], " ", label="No agreement zone: no package beats fighting on for both")
    r_a, r_b = data.reservations
    ax.axvline(r_a, color=PARTY_COLOURS[0], ls=":", lw=1.6,
               label=f"{capital(possessive(a))} value of no deal")  # fmt: skip
    ax.axhline(r_b, color=PARTY_COLOURS[1], ls=":", lw=1.6,
               label=f"{capital(possessive(b))} value of no deal")  # fmt: skip
    front = np.clip(data.front, 0.0, 1.0)
    ax.plot(front[:, 0], front[:, 1], "-", color="black", lw=1.2, marker=".", ms=4, zorder=3,
            gid=f"frontier{suffix}", label="Pareto frontier")  # fmt: skip
    if rounds is not None and len(rounds):
        _offers(ax, rounds, (a, b))
    for zorder, key in enumerate(("ks", "nash"), start=5):
        point = getattr(data, key)
        if point is not None:
            ax.scatter(point[0], point[1], zorder=zorder, gid=f"{key}{suffix}", **MARKS[key])


def _offers(ax: plt.Axes, rounds: pd.DataFrame, parties: tuple[str, str]) -> None:
    """Each party's offers and the negotiating text, round by round."""
    a, b = parties
    last = int(rounds["round"].iloc[-1])
    for party, colour, marker in zip(parties, PARTY_COLOURS, "os", strict=True):
        xs, ys = record.offer_value(rounds, a, party), record.offer_value(rounds, b, party)
        ax.plot(xs, ys, "-", color=colour, lw=1.0, alpha=0.7, zorder=4)
        ax.scatter(xs, ys, color=colour, marker=marker, s=36, zorder=4, edgecolor="white",
                   label=f"{capital(possessive(party))} offers (rounds 1-{last})")  # fmt: skip
    text = record.text_values(rounds, parties).dropna()
    if not text.empty:
        ax.plot(text[a], text[b], "-", color=OKABE_ITO["orange"], lw=1.0, alpha=0.7, zorder=4)
        ax.scatter(text[a], text[b], zorder=4, **MARKS["text"])


def _packages_near(ax: plt.Axes, data: ZoneData, window: tuple[float, ...]) -> None:
    """Every package in the close-up's window, as a small grey dot."""
    x0, x1, y0, y1 = window
    U = np.unique(data.U, axis=0)
    near = U[(U[:, 0] >= x0) & (U[:, 0] <= x1) & (U[:, 1] >= y0) & (U[:, 1] <= y1)]
    ax.scatter(near[:, 0], near[:, 1], s=5, color="0.6", lw=0, zorder=1,
               label="Other packages (close-up)")  # fmt: skip


def _legend_entries(*axes: plt.Axes) -> tuple[list, list[str]]:
    """Each label once, in the order the panels draw them."""
    entries: dict[str, Any] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    return list(entries.values()), list(entries)
