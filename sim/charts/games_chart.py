"""The ``games`` chart: a round's ceasefire game and Nash demand game as payoff tables.

Both games are built by the core (:func:`sim.core.round_ceasefire_game`,
:func:`sim.core.demand_game`) from the round's numbers and solved by
:func:`sim.core.equilibria` (nashpy). Each cell shows the row player's
payoff / the column player's; cells that are pure equilibria are outlined,
mixed equilibria are listed under the tables.

Ceasefire game (hold fire / fight on): a truce is worth the value of
fighting on plus the round of war costs (pain) it saves; fighting on is
worth the value of fighting on; breaking a truce the other side keeps gains
``exploit_gain`` less the sanctions penalty, and being exploited costs
``exploited_loss``. Demand game (Nash 1953): each party names a value from
the frontier packages both prefer to fighting on (values after renege risk,
:mod:`sim.charts.values`); compatible demands are met, otherwise both get
their value of fighting on.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch, Rectangle

from sim.charts.style import OKABE_ITO
from sim.core import agreement_zone, demand_game, equilibria, round_ceasefire_game
from sim.labels import pretty

MOVES = ("Hold fire", "Fight on")


@dataclass(frozen=True)
class Game:
    title: str
    A: np.ndarray
    B: np.ndarray
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    equilibria: list[tuple[np.ndarray, np.ndarray]]
    method: str
    incompatible: np.ndarray | None = None  # demand game: cells where demands are not met

    def pure_cells(self) -> list[tuple[int, int]]:
        """Cells of the pure equilibria."""
        return [
            (int(r.argmax()), int(c.argmax()))
            for r, c in self.equilibria
            if r.max() == 1 and c.max() == 1
        ]

    def mixed(self) -> list[tuple[np.ndarray, np.ndarray]]:
        return [(r, c) for r, c in self.equilibria if r.max() < 1 or c.max() < 1]


@dataclass(frozen=True)
class GameInputs:
    """The round's numbers the two games are built from, one value per party."""

    parties: tuple[str, str]
    no_deal: np.ndarray
    pains: np.ndarray  # what one more round of war costs each
    truce_penalties: np.ndarray
    exploit_gain: float
    exploited_loss: float
    frontier: np.ndarray  # values of the frontier packages this round, (m, 2)
    n_demands: int


def ceasefire(inputs: GameInputs) -> Game:
    A, B = round_ceasefire_game(
        inputs.no_deal,
        inputs.pains,
        inputs.exploit_gain,
        inputs.exploited_loss,
        inputs.truce_penalties,
    )
    found, method = equilibria(A, B)
    return Game("Ceasefire game", A, B, MOVES, MOVES, found, method)


def demand(inputs: GameInputs) -> Game | None:
    """The demand game over the frontier packages in the zone; None when the zone is empty."""
    front = inputs.frontier[agreement_zone(inputs.frontier, inputs.no_deal)]
    if front.shape[0] == 0:
        return None
    A, B, demands0, demands1 = demand_game(front, inputs.no_deal, inputs.n_demands)
    found, method = equilibria(A, B)
    met = (
        (front[None, None, :, 0] >= demands0[:, None, None])
        & (front[None, None, :, 1] >= demands1[None, :, None])
    ).any(axis=2)
    return Game(
        "Nash demand game",
        A,
        B,
        tuple(f"demand {v:.2f}" for v in demands0),
        tuple(f"demand {v:.2f}" for v in demands1),
        found,
        method,
        incompatible=~met,
    )


def games_figure(inputs: GameInputs, title: str) -> plt.Figure:
    """Both payoff tables side by side; equilibrium cells are patches with gid ``equilibrium``."""
    games = [ceasefire(inputs), demand(inputs)]
    fig, axes = plt.subplots(1, 2, figsize=(12, 5.6), gridspec_kw={"width_ratios": [1, 1.5]})
    a, b = (pretty(p) for p in inputs.parties)
    for ax, game in zip(axes, games, strict=True):
        if game is None:
            ax.text(0.5, 0.5, "No package beats no deal:\nno demand game", ha="center")
            ax.set_axis_off()
            continue
        _payoff_table(ax, game, a, b)
    handles = [
        Patch(facecolor="white", edgecolor=OKABE_ITO["green"], lw=3, label="Pure equilibrium"),
        Patch(facecolor="#e8e8e8", label="Incompatible demands: both get their no-deal value"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=9, frameon=False)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def _payoff_table(ax: plt.Axes, game: Game, row_party: str, col_party: str) -> None:
    n_rows, n_cols = game.A.shape
    shade = np.ones_like(game.A) if game.incompatible is None else 1.0 - 0.09 * game.incompatible
    ax.imshow(shade, cmap="gray", vmin=0, vmax=1, aspect="auto")
    size = 10 if n_rows <= 2 else 8
    for i in range(n_rows):
        for j in range(n_cols):
            ax.text(
                j,
                i,
                f"{game.A[i, j]:.2f} / {game.B[i, j]:.2f}",
                ha="center",
                va="center",
                fontsize=size,
                gid=f"payoff-{i}-{j}",
            )
    for i, j in game.pure_cells():
        ax.add_patch(
            Rectangle(
                (j - 0.48, i - 0.48),
                0.96,
                0.96,
                fill=False,
                lw=3,
                edgecolor=OKABE_ITO["green"],
                gid="equilibrium",
            )
        )
    ax.set_xticks(range(n_cols), game.col_labels, rotation=20 if n_cols > 2 else 0, fontsize=8)
    ax.set_yticks(range(n_rows), game.row_labels, fontsize=8)
    ax.set_xlabel(f"{col_party}'s move (payoffs are utilities, 0 to 1)")
    ax.set_ylabel(f"{row_party}'s move")
    mixed = game.mixed()
    found = (
        f"{len(game.equilibria)} equilibri{'um' if len(game.equilibria) == 1 else 'a'}: "
        f"{len(game.pure_cells())} pure (outlined), {len(mixed)} mixed"
    )
    if len(mixed) == 1:  # one mixed equilibrium is worth spelling out
        r, c = mixed[0]
        found += (
            f"\nmixed: {row_party} {_mix(r, game.row_labels)};"
            f"\n{col_party} {_mix(c, game.col_labels)}"
        )
    ax.set_title(
        f"{game.title} ({game.method.replace('_', ' ')})\n{found}\n"
        f"cell = {row_party}'s payoff / {col_party}'s",
        fontsize=10,
    )


def _mix(sigma: np.ndarray, labels: tuple[str, ...]) -> str:
    """A mixed strategy in words: ``Hold fire with p = 0.40, Fight on with p = 0.60``."""
    return ", ".join(
        f"{label} with p = {p:.2f}" for label, p in zip(labels, sigma, strict=True) if p > 0
    )
