"""The chart gallery behind ``peacesim plot KIND SCENARIO``: one figure per kind.

Each kind reads finished runs' tables (:class:`~sim.talks.results.RunResult`),
the scenario's calibrated positions and the core; the command line runs the
model and hands the results over. See each kind's module for what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np

from sim.calibration.scenario import Scenario
from sim.calibration.seeds import load_issues
from sim.calibration.setup import Setup, build_setup
from sim.charts import record
from sim.charts.games_chart import GameInputs, games_figure
from sim.charts.issues_chart import issues_data, issues_figure
from sim.charts.kinds import KINDS
from sim.charts.paths_chart import paths_figure
from sim.charts.statuses_chart import statuses_figure
from sim.charts.values import Valuer, package_values
from sim.charts.zone_chart import zone_data, zone_figure
from sim.core import pareto_front
from sim.labels import name
from sim.talks.results import RunResult

#: The two issues of the ``issues`` chart when not chosen, first found on the agenda.
DEFAULT_ISSUE_PAIRS = (("territory", "security_guarantees"), ("territory", "nato"))


class ChartError(ValueError):
    """A chart that cannot be drawn from what was asked (a bad actor, issue or round)."""


@dataclass(frozen=True)
class Request:
    kind: str
    scenario: Scenario
    runs: list[RunResult]
    round: int | None = None
    actors: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    labels: list[str] = field(default_factory=list)  # one per run, e.g. "seed 0"


def draw(request: Request) -> plt.Figure:
    """The figure of `request.kind`."""
    if request.kind not in KINDS:
        raise ChartError(f"kind {request.kind!r}: expected one of {', '.join(KINDS)}")
    setup = build_setup(request.scenario)
    run = request.runs[0]
    n = request.round or int(run.rounds["round"].max())
    try:
        row = record.round_row(run.rounds, n)
    except ValueError as exc:
        raise ChartError(str(exc)) from None
    return DRAWERS[request.kind](request, setup, row, n)


def valuers(setup: Setup, row, actors: tuple[str, ...]) -> tuple[Valuer, ...]:
    """Each actor's valuation of packages in the round of `row` (parties' war values from it)."""
    parties = {p.name: p for p in setup.parties}
    mediators = {m.name: m for m in setup.mediators}
    found = []
    for actor in actors:
        if actor in parties:
            party = parties[actor]
            floor = float(row[record.no_deal_column(row.index, actor)])
            found.append(Valuer(party.position, floor, party.commitment))
        else:
            found.append(Valuer(mediators[actor].position, 0.0))
    return tuple(found)


def _zone(request: Request, setup: Setup, row, n: int) -> plt.Figure:
    actors = request.actors or request.scenario.party_names
    known = [p.name for p in setup.parties] + [m.name for m in setup.mediators]
    if len(actors) != 2 or actors[0] == actors[1] or any(a not in known for a in actors):
        raise ChartError(f"--actors {','.join(actors)}: expected two of {', '.join(known)} (a,b)")
    first, second = valuers(setup, row, actors)
    data = zone_data((first, second))
    title = f"{request.scenario.title}: {name(actors[0])} and {name(actors[1])}, round {n}"
    rounds = request.runs[0].rounds
    parties = tuple(actors) == request.scenario.party_names
    return zone_figure(data, title, rounds[rounds["round"] <= n] if parties else None)


def _issues(request: Request, setup: Setup, row, n: int) -> plt.Figure:
    agenda = request.scenario.agenda
    pair = request.issues or next(
        (p for p in DEFAULT_ISSUE_PAIRS if set(p) <= set(agenda)), tuple(agenda[:2])
    )
    if len(pair) != 2 or pair[0] == pair[1] or any(k not in agenda for k in pair):
        raise ChartError(f"--issues {','.join(pair)}: expected two of {', '.join(agenda)} (a,b)")
    issues = load_issues()
    first, second = valuers(setup, row, request.scenario.party_names)
    data = issues_data((first, second), [issues[k] for k in agenda], pair)
    return issues_figure(data, f"{request.scenario.title}: two issues at round {n}")


def game_inputs(request: Request, setup: Setup, row) -> GameInputs:
    """The round's numbers of the ceasefire and demand games, as the model builds them."""
    parties = request.scenario.party_names
    round_valuers = valuers(setup, row, parties)
    _, V = package_values(round_valuers)
    return GameInputs(
        parties=parties,
        no_deal=np.array([v.floor for v in round_valuers]),
        pains=np.array([p.pain for p in setup.parties]),
        truce_penalties=setup.truce_penalties(),
        exploit_gain=setup.exploit_gain,
        exploited_loss=setup.exploited_loss,
        frontier=V[pareto_front(V)],
        n_demands=request.scenario.games.n_demands,
    )


def _games(request: Request, setup: Setup, row, n: int) -> plt.Figure:
    return games_figure(game_inputs(request, setup, row), f"{request.scenario.title}: round {n}")


def _paths(request: Request, setup: Setup, row, n: int) -> plt.Figure:
    labels = request.labels or [f"run {k + 1}" for k in range(len(request.runs))]
    return paths_figure(request.runs, labels, f"{request.scenario.title}: offers and values")


def _statuses(request: Request, setup: Setup, row, n: int) -> plt.Figure:
    rounds = request.runs[0].rounds
    title = f"{request.scenario.title}: status of each issue, round by round"
    return statuses_figure(rounds[rounds["round"] <= n], request.scenario, title)


DRAWERS = {
    "zone": _zone,
    "issues": _issues,
    "paths": _paths,
    "games": _games,
    "statuses": _statuses,
}
