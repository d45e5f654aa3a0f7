"""The ``zone`` chart: the utility space of any two actors at a chosen round.

Every package of the agenda is a point ``(u_a(x), u_b(x))``, with ``u`` each
actor's calibrated additive utility (:mod:`sim.calibration.positions`). The
chart shows their density, the Pareto frontier (:func:`sim.core.pareto_front`),
each actor's reservation line, the agreement zone
``{x : u_a(x) >= r_a and u_b(x) >= r_b}`` (:func:`sim.core.agreement_zone`;
Raiffa 1982, ch. 4) and the Nash (1950) and Kalai-Smorodinsky (1975) points
with the reservations as the disagreement point.

A party's reservation is its value of no deal in that round of the run; a
mediator has no walk-away option in the model, so its reservation is the
bottom of the scale, 0, and the zone is then the party's alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

from sim.calibration.positions import Position
from sim.charts.style import OKABE_ITO, PARTY_COLOURS
from sim.core import OutcomeSpace, agreement_zone, kalai_smorodinsky, nash_bargaining
from sim.core.pareto import pareto_front
from sim.labels import pretty

#: Cells per axis of the density of all packages.
DENSITY_BINS = 60


@dataclass(frozen=True)
class ZoneData:
    """What the chart draws, all from core functions on the actors' utilities."""

    actors: tuple[str, str]
    U: np.ndarray  # (n_packages, 2)
    reservations: np.ndarray  # (2,)
    zone: np.ndarray  # boolean mask over the rows of U
    front: np.ndarray  # frontier utilities, sorted by the first actor's
    nash: np.ndarray | None  # utilities of the Nash point
    ks: np.ndarray | None


def package_utilities(positions: tuple[Position, ...]) -> np.ndarray:
    """Utilities of every package of the agenda to each actor: ``(n_packages, n_actors)``."""
    utilities = [p.utility() for p in positions]
    space = OutcomeSpace(utilities[0].radices)
    levels = space.decode(np.arange(space.size))
    return np.column_stack([u(levels) for u in utilities])


def zone_data(positions: tuple[Position, Position], reservations: np.ndarray) -> ZoneData:
    """Zone, frontier and bargaining points of two actors with reservations `reservations`."""
    U = package_utilities(positions)
    d = np.asarray(reservations, dtype=float)
    front = U[pareto_front(U)]
    front = front[np.argsort(front[:, 0], kind="stable")]
    nash, ks = nash_bargaining(U, d), kalai_smorodinsky(U, d)
    return ZoneData(
        actors=(positions[0].actor, positions[1].actor),
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
    counts = np.histogram2d(data.U[:, 0], data.U[:, 1], bins=[edges, edges])[0]
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
    in_zone = np.unique(data.U[data.zone], axis=0)
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
    r_a, r_b = data.reservations
    ax.axvline(r_a, color=PARTY_COLOURS[0], ls=":", lw=1.6, label=f"{pretty(a)}'s reservation")
    ax.axhline(r_b, color=PARTY_COLOURS[1], ls=":", lw=1.6, label=f"{pretty(b)}'s reservation")
    ax.plot(
        data.front[:, 0],
        data.front[:, 1],
        "-",
        color="black",
        lw=1.2,
        marker=".",
        ms=4,
        zorder=3,
        gid="frontier",
        label="Pareto frontier",
    )
    if data.ks is not None:
        ax.scatter(
            *data.ks,
            marker="D",
            s=150,
            facecolor="none",
            edgecolor=OKABE_ITO["purple"],
            lw=2,
            zorder=4,
            gid="ks",
            label="Kalai–Smorodinsky point",
        )
    if data.nash is not None:
        ax.scatter(
            *data.nash,
            marker="*",
            s=180,
            color=OKABE_ITO["green"],
            edgecolor="black",
            lw=0.6,
            zorder=5,
            gid="nash",
            label="Nash point",
        )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(f"Utility to {pretty(a)} (0 = worst, 1 = its ideal)")
    ax.set_ylabel(f"Utility to {pretty(b)} (0 = worst, 1 = its ideal)")
    ax.set_title(title)
    ax.grid(alpha=0.2)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.11), ncol=2, fontsize=8, frameon=False)
    return fig
