"""The ``issues`` chart: two issues against each other, the rest of the package held fixed.

Each cell is a package that takes level ``a`` of the first issue, level ``b``
of the second and the held levels of every other issue: the Nash package of
the round (:func:`sim.core.nash_bargaining`), or when there is none the
package closest to a deal. A party accepts the cell when
its value there (:mod:`sim.charts.values`: utility after the risk that the
other side reneges) is at least its value of fighting on; the overlap of
the two acceptable regions is the agreement zone of this two-issue slice
(:func:`sim.core.agreement_zone`). Each cell is labelled with its value to both
parties.
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import fill

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch, Rectangle

from sim.calibration.seeds import Issue
from sim.charts.values import Valuer, package_values
from sim.core import agreement_zone, nash_bargaining
from sim.labels import name

#: Cell colours: acceptable to neither, to the first party only, to the second only, to both.
# Light tints of Okabe-Ito vermillion, blue and green, so the cell labels stay legible.
REGION_COLOURS = ("#f2f2f2", "#f4c3a3", "#a9d3f0", "#7fcfb9")


@dataclass(frozen=True)
class IssuesData:
    parties: tuple[str, str]
    issues: tuple[Issue, Issue]
    index: tuple[int, int]  # positions of the two issues on the agenda
    U: np.ndarray  # (levels of first issue, levels of second, 2)
    reservations: np.ndarray
    acceptable: np.ndarray  # (levels, levels, 2) booleans
    zone: np.ndarray  # (levels, levels) booleans
    held: np.ndarray  # level of every agenda issue in the held package
    held_name: str

    @property
    def held_cell(self) -> tuple[int, int]:
        """The cell of the held package: its levels of the two issues."""
        return int(self.held[self.index[0]]), int(self.held[self.index[1]])


def held_package(valuers: tuple[Valuer, Valuer]) -> tuple[np.ndarray, str]:
    """The package the other issues are held at, and what it is.

    The round's Nash package when some package beats fighting on for both;
    otherwise the package closest to doing so, ``argmax_x min_i (v_i(x) - w_i)``
    (first such package on ties).
    """
    levels, V = package_values(valuers)
    d = np.array([v.floor for v in valuers])
    index = nash_bargaining(V, d)
    if index is not None:
        return levels[index], "the round's Nash package"
    closest = int(np.argmax((V - d).min(axis=1)))
    return levels[closest], "the package closest to a deal (none beats fighting on for both)"


def issues_data(
    valuers: tuple[Valuer, Valuer], agenda: list[Issue], pair: tuple[str, str]
) -> IssuesData:
    """The two-issue slice through the round's Nash package (or the status quo if none)."""
    keys = [issue.key for issue in agenda]
    first, second = (keys.index(key) for key in pair)
    d = np.array([v.floor for v in valuers])
    held, held_name = held_package(valuers)
    n_a, n_b = len(agenda[first].levels), len(agenda[second].levels)
    levels = np.tile(held, (n_a * n_b, 1))
    levels[:, first], levels[:, second] = np.divmod(np.arange(n_a * n_b), n_b)
    U = np.column_stack([value(levels) for value in valuers])
    return IssuesData(
        parties=(valuers[0].position.actor, valuers[1].position.actor),
        issues=(agenda[first], agenda[second]),
        index=(first, second),
        U=U.reshape(n_a, n_b, 2),
        reservations=d,
        acceptable=(U >= d).reshape(n_a, n_b, 2),
        zone=agreement_zone(U, d).reshape(n_a, n_b),
        held=held,
        held_name=held_name,
    )


def issues_figure(data: IssuesData, title: str) -> plt.Figure:
    """The grid; the image carries gid ``regions`` (0 neither, 1 first, 2 second, 3 both)."""
    (a, b), (x_issue, y_issue) = data.parties, data.issues
    regions = data.acceptable[..., 0] * 1 + data.acceptable[..., 1] * 2
    fig, ax = plt.subplots(figsize=(7.6, 6.4))
    ax.imshow(
        regions.T,
        origin="lower",
        cmap=ListedColormap(REGION_COLOURS),
        vmin=-0.5,
        vmax=3.5,
        gid="regions",
    )
    for i in range(regions.shape[0]):
        for j in range(regions.shape[1]):
            u = data.U[i, j]
            ax.text(i, j, f"{u[0]:.2f} / {u[1]:.2f}", ha="center", va="center", fontsize=8)
    i, j = data.held_cell
    ax.add_patch(Rectangle((i - 0.47, j - 0.47), 0.94, 0.94, fill=False, lw=2, ls="--", gid="held"))
    # Level names wrapped to a cell's width, so neighbours never run into each other.
    ax.set_xticks(range(len(x_issue.levels)), [fill(lv, 16) for lv in x_issue.labels], fontsize=8)
    ax.set_yticks(range(len(y_issue.levels)), [fill(lv, 22) for lv in y_issue.labels], fontsize=8)
    ax.set_xlabel(f"{x_issue.label} (level of the issue)")
    ax.set_ylabel(f"{y_issue.label} (level of the issue)")
    handles = [
        Patch(facecolor="none", edgecolor="black", ls="--", label="The held package"),
        Patch(color=REGION_COLOURS[0], label="Acceptable to neither"),
        Patch(color=REGION_COLOURS[1], label=f"Acceptable to {name(a)} only"),
        Patch(color=REGION_COLOURS[2], label=f"Acceptable to {name(b)} only"),
        Patch(color=REGION_COLOURS[3], label="Acceptable to both (agreement zone)"),
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, -0.17),
        ncol=2,
        fontsize=8,
        frameon=False,
        title=(
            f"Cells: value to {name(a)} / {name(b)} (utility after renege risk); "
            "acceptable = at least its value of fighting on "
            f"({data.reservations[0]:.2f} / {data.reservations[1]:.2f}).\n"
            f"Other issues held at {data.held_name}."
        ),
        title_fontsize=8,
    )
    ax.set_title(title)
    return fig
