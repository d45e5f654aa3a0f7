"""The talks as expected-utility dimensions: one 0-100 scale per agenda issue.

For a scenario, every actor at the table or around it (the two parties and
the scenario's mediators) becomes a player on every agenda issue:

* **Position**: the actor's calibrated ideal level (:mod:`sim.calibration.positions`)
  as ``100 * level / (levels - 1)``; the issue's levels are ordered along
  one scale (``seeds/issues.toml``), so the index is a position.
* **Salience**: the calibrated emphasis (the highest intensity of the
  actor's statements on the issue, 1 mentioned .. 3 a precondition; the
  salience scale of Bueno de Mesquita 1994) divided by 3. A party silent on
  an issue has the calibration's ``unmentioned_intensity``. A mediator with
  no statement on an issue has no position and salience 0: it does not play
  on that issue.
* **Capability**: ``capability.<actor>`` in ``seeds/assumptions.toml``
  (value, range and the quoted reason), the same on every issue.
* **Reference point**: the issue's ``status_quo`` level (``seeds/issues.toml``),
  the level that holds while there is no agreement.

The forecasts of each issue are then those of the DEU models
(:mod:`sim.forecast.models`), with the talks' own procedure:

* ``eum``, ``compromise``, ``median``: as on DEU issues; ``nash``: every
  player, weights capability x salience, the status quo as disagreement point.
* ``procedural``: both parties must agree (each can block: unanimity of two).
  When the round's host mediator states a position on the issue it proposes,
  as the Commission does under consultation (the parties can amend a proposal
  only together): :func:`sim.core.procedural.consultation`. Otherwise the two
  parties bargain with the status quo as disagreement point, as the two
  chambers do under codecision: :func:`sim.core.procedural.codecision`.
  The scenario's table takes the host of its first round that has one. A
  party with no position on the issue: the compromise model.
* ``exchange``: the whole agenda is one proposal; every player trades across
  the issues it plays on (:func:`sim.core.exchange.exchange_model`).
* ``stacked``: the DEU stacking weights (:data:`sim.forecast.models.STACKED_WEIGHTS`),
  fitted on EU legislation and applied here unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from sim.calibration.positions import RED_LINE_INTENSITY, Position
from sim.calibration.scenario import Scenario
from sim.calibration.seeds import Issue, assumption, load_issues
from sim.calibration.setup import build_setup
from sim.core.compromise import weighted_mean, weighted_median
from sim.core.exchange import exchange_model
from sim.core.expected_utility import EUForecast, EUParameters, expected_utility_forecast
from sim.core.nash_reference import nash_reference
from sim.core.procedural import codecision, consultation
from sim.forecast.models import COMPONENTS, STACKED_WEIGHTS

SCALE_TOP = 100.0
#: The forecasts that are one point per issue (all but the expected-utility rounds).
POINT_MODELS = ("compromise", "median", "nash", "procedural", "exchange", "stacked")


@dataclass(frozen=True)
class Dimension:
    """One agenda issue as an expected-utility dimension."""

    issue: Issue
    actors: tuple[str, ...]
    positions: np.ndarray  # 0-100; NaN where the actor has no position
    salience: np.ndarray  # 0-1
    capability: np.ndarray

    @property
    def reference(self) -> float:
        """The status quo's position: the level that holds without an agreement."""
        return level_position(self.issue.status_quo, self.issue)


@dataclass(frozen=True)
class IssueForecast:
    """The forecasts of one issue (the expected-utility model with its rounds)."""

    dimension: Dimension
    eum: EUForecast
    compromise: float
    median: float
    nash: float = np.nan
    procedural: float = np.nan
    exchange: float = np.nan
    stacked: float = np.nan


def level_position(level: int, issue: Issue) -> float:
    """A level's position on the 0-100 scale of its issue."""
    return SCALE_TOP * level / (len(issue.levels) - 1)


def nearest_level(position: float, issue: Issue) -> int:
    """The level of `issue` nearest a position on its 0-100 scale."""
    return int(np.rint(position / SCALE_TOP * (len(issue.levels) - 1)))


def capabilities(actors: tuple[str, ...], drawn: Mapping[str, float] | None = None) -> np.ndarray:
    """Each actor's capability: `drawn` if given there, else its assumed value."""
    drawn = drawn or {}
    return np.array([drawn.get(a, assumption(f"capability.{a}").value) for a in actors])


def scenario_positions(scenario: Scenario) -> dict[str, Position]:
    """The calibrated positions of the scenario's parties and mediators."""
    setup = build_setup(scenario)
    parties = {p.name: p.position for p in setup.parties}
    return parties | {m.name: m.position for m in setup.mediators}


def dimensions(scenario: Scenario, drawn: Mapping[str, float] | None = None) -> list[Dimension]:
    """Every agenda issue as a dimension (see the module docstring)."""
    positions = scenario_positions(scenario)
    actors = tuple(positions)
    capability = capabilities(actors, drawn)
    issues = load_issues()
    found = []
    for key in scenario.agenda:
        issue = issues[key]
        stances = [positions[a].stance(key) for a in actors]
        found.append(
            Dimension(
                issue=issue,
                actors=actors,
                positions=np.array(
                    [np.nan if s.ideal is None else level_position(s.ideal, issue) for s in stances]
                ),
                salience=np.array(
                    [
                        0.0 if s.ideal is None else min(s.emphasis / RED_LINE_INTENSITY, 1.0)
                        for s in stances
                    ]
                ),
                capability=capability,
            )
        )
    return found


def forecast_dimension(
    dimension: Dimension, params: EUParameters | None = None, seed: int = 0
) -> IssueForecast:
    """The expected-utility, compromise and median forecasts of one dimension.

    Actors without a position sit out (NaN if all do); the bargaining models
    are :func:`point_forecasts`'.
    """
    plays = ~np.isnan(dimension.positions)
    x = np.where(plays, dimension.positions, 0.0)
    s = np.where(plays, dimension.salience, 0.0)
    return IssueForecast(
        dimension=dimension,
        eum=expected_utility_forecast(x, s, dimension.capability, params, seed),
        compromise=_weighted(weighted_mean, dimension),
        median=_weighted(weighted_median, dimension),
    )


def _players(dim: Dimension) -> tuple[np.ndarray, np.ndarray]:
    """Positions and weights (capability x salience) of the actors who play on `dim`."""
    weight = np.where(np.isnan(dim.positions), 0.0, dim.capability * dim.salience)
    plays = weight > 0
    return dim.positions[plays], weight[plays]


def _weighted(forecast: Callable[[np.ndarray, np.ndarray], np.ndarray], dim: Dimension) -> float:
    """The weighted mean or median of the players' positions; NaN if nobody plays."""
    x, weight = _players(dim)
    return float(forecast(x, weight)) if x.size else np.nan


def point_forecasts(
    dims: list[Dimension],
    parties: tuple[str, str],
    setter: str | None,
    models: tuple[str, ...] = POINT_MODELS,
    eum: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Each model of `models` (of :data:`POINT_MODELS`) on every dimension; NaN where nobody plays.

    `setter` is the round's host (the procedural model); `eum` the expected-utility
    forecasts, needed for ``stacked`` only if its weight is not zero.
    """
    wanted = set(models)
    if "stacked" in wanted:
        wanted |= {m for m in COMPONENTS if STACKED_WEIGHTS[m] > 0}
    found: dict[str, np.ndarray] = {}
    if "exchange" in wanted:
        found["exchange"] = _exchange(dims)
    for name, forecast in (("compromise", weighted_mean), ("median", weighted_median)):
        if name in wanted:
            found[name] = np.array([_weighted(forecast, d) for d in dims])
    if "nash" in wanted:
        found["nash"] = np.array([_nash(d) for d in dims])
    if "procedural" in wanted:
        found["procedural"] = np.array([_procedural(d, parties, setter) for d in dims])
    if "stacked" in wanted:
        parts = found | ({} if eum is None else {"eum": eum})
        found["stacked"] = sum(
            (w * parts[m] for m, w in STACKED_WEIGHTS.items() if w > 0), np.zeros(len(dims))
        )
    return {m: found[m] for m in models}


def _nash(dim: Dimension) -> float:
    """The Nash solution of the players with the status quo as disagreement point."""
    x, weight = _players(dim)
    return nash_reference(x, weight, dim.reference) if x.size else np.nan


def _procedural(dim: Dimension, parties: tuple[str, str], setter: str | None) -> float:
    """The talks' procedure (module docstring); a party with no position: the compromise model."""
    a, b = (dim.positions[dim.actors.index(p)] for p in parties)
    if np.isnan(a) or np.isnan(b):
        return _weighted(weighted_mean, dim)
    host = np.nan if setter is None else dim.positions[dim.actors.index(setter)]
    if not np.isnan(host):
        return consultation(dim.reference, host, np.array([a, b]), np.ones(2), 1.0)
    return codecision(dim.reference, a, np.array([b]), np.ones(1), 1.0)


def _exchange(dims: list[Dimension]) -> np.ndarray:
    """The exchange model over the whole agenda (one proposal)."""
    positions = np.column_stack([d.positions for d in dims])
    salience = np.column_stack([d.salience for d in dims])
    return exchange_model(positions, salience, dims[0].capability).outcome


def agenda_setter(scenario: Scenario) -> str | None:
    """The host of the scenario's first round that names one (the procedural model's setter)."""
    return next((r.host for r in scenario.rounds if r.host), None)


def forecast_scenario(
    scenario: Scenario,
    params: EUParameters | None = None,
    seed: int = 0,
    drawn: Mapping[str, float] | None = None,
) -> list[IssueForecast]:
    """Every forecast of every agenda issue of `scenario`."""
    dims = dimensions(scenario, drawn)
    forecasts = [forecast_dimension(d, params, seed) for d in dims]
    eum = np.array([f.eum.mean for f in forecasts])
    bargaining = ("nash", "procedural", "exchange", "stacked")
    points = point_forecasts(dims, scenario.party_names, agenda_setter(scenario), bargaining, eum)
    return [
        replace(
            f,
            nash=float(points["nash"][k]),
            procedural=float(points["procedural"][k]),
            exchange=float(points["exchange"][k]),
            stacked=float(points["stacked"][k]),
        )
        for k, f in enumerate(forecasts)
    ]


#: The forecasts of :func:`summary_frame`, column -> heading.
FORECAST_COLUMNS = {
    "compromise": "Compromise",
    "median": "Weighted median",
    "eum": "Expected utility",
    "eum_median": "Expected utility (median)",
    "nash": "Nash",
    "procedural": "Procedural",
    "exchange": "Exchange",
    "stacked": "Stacked",
}


def summary_frame(forecasts: list[IssueForecast], parties: tuple[str, str]) -> pd.DataFrame:
    """One row per issue: who plays, the parties' ideals, each forecast on 0-100, and the
    expected-utility model's rounds."""
    rows = []
    for f in forecasts:
        dim = f.dimension
        players = [a for a, x in zip(dim.actors, dim.positions, strict=True) if not np.isnan(x)]
        row: dict[str, object] = {"issue": dim.issue.key, "players": ";".join(players)}
        row.update({p: dim.positions[dim.actors.index(p)] for p in parties})
        row.update(status_quo=dim.reference)
        row.update(compromise=f.compromise, median=f.median, eum=f.eum.mean)
        row.update(eum_median=f.eum.median, eum_rounds=f.eum.rounds)
        row.update(nash=f.nash, procedural=f.procedural, exchange=f.exchange, stacked=f.stacked)
        rows.append(row)
    return pd.DataFrame(rows)
