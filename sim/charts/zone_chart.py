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
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

from sim.charts.style import MARKS, OKABE_ITO, PARTY_COLOURS
from sim.charts.values import Valuer, package_values
from sim.core import agreement_zone, kalai_smorodinsky, nash_bargaining
from sim.core.pareto import pareto_front
from sim.labels import pretty

#: Cells per axis of the density of all packages.
DENSITY_BINS = 60


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


def zone_figure(data: ZoneData, title: str) -> plt.Figure:
    """The chart; artists carry gids (``zone``, ``frontier``, ``nash``, ``ks``) for tests."""
    a, b = data.actors
    fig, ax = plt.subplots(figsize=(7.2, 6.6))
    edges = np.linspace(0.0, 1.0, DENSITY_BINS + 1)
    shown = np.clip(data.U, 0.0, 1.0)  # values below 0 are drawn on the axis
    counts = np.histogram2d(shown[:, 0], shown[:, 1], bins=[edges, edges])[0]
    mesh = ax.pcolormesh(
        edges,
        edges,
        np.ma.masked_equal(counts.T, 0),
        cmap="Greys",
        norm=LogNorm(vmin=1, vmax=max(2.0, counts.max())),
        alpha=0.7,
    )
    fig.colorbar(mesh, ax=ax, pad=0.02, fraction=0.045).set_label(
        "Possible packages per cell (log scale)"
    )
    in_zone = np.unique(data.U[data.zone], axis=0)  # all at or above the no-deal values
    ax.scatter(
        in_zone[:, 0],
        in_zone[:, 1],
        s=9,
        color=OKABE_ITO["orange"],
        alpha=0.8,
        lw=0,
        zorder=2,
        gid="zone",
        label=f"Agreement zone ({int(data.zone.sum()):,} of {len(data.U):,} packages)",
    )
    if not data.zone.any():
        ax.text(
            0.5,
            0.93,
            "No package is worth more than fighting on to both",
            transform=ax.transAxes,
            ha="center",
            fontsize=10,
            color="0.25",
        )
    r_a, r_b = data.reservations
    ax.axvline(r_a, color=PARTY_COLOURS[0], ls=":", lw=1.6, label=f"{pretty(a)}'s value of no deal")
    ax.axhline(r_b, color=PARTY_COLOURS[1], ls=":", lw=1.6, label=f"{pretty(b)}'s value of no deal")
    front = np.clip(data.front, 0.0, 1.0)
    ax.plot(
        front[:, 0],
        front[:, 1],
        "-",
        color="black",
        lw=1.2,
        marker=".",
        ms=4,
        zorder=3,
        gid="frontier",
        label="Pareto frontier",
    )
    for zorder, key in enumerate(("ks", "nash"), start=4):
        point = getattr(data, key)
        if point is not None:
            ax.scatter(point[0], point[1], zorder=zorder, gid=key, **MARKS[key])
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(f"Value to {pretty(a)} (utility, 0 = worst, 1 = ideal; after renege risk)")
    ax.set_ylabel(f"Value to {pretty(b)} (utility, 0 = worst, 1 = ideal; after renege risk)")
    ax.set_title(title)
    ax.grid(alpha=0.2)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.11), ncol=2, fontsize=8, frameon=False)
    return fig
