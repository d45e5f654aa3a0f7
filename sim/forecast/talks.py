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

The forecasts of each issue are then those of :mod:`sim.forecast.models`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.calibration.positions import RED_LINE_INTENSITY, Position
from sim.calibration.scenario import Scenario
from sim.calibration.seeds import Issue, assumption, load_issues
from sim.calibration.setup import build_setup
from sim.core.compromise import weighted_mean, weighted_median
from sim.core.expected_utility import EUForecast, EUParameters, expected_utility_forecast

SCALE_TOP = 100.0


@dataclass(frozen=True)
class Dimension:
    """One agenda issue as an expected-utility dimension."""

    issue: Issue
    actors: tuple[str, ...]
    positions: np.ndarray  # 0-100; NaN where the actor has no position
    salience: np.ndarray  # 0-1
    capability: np.ndarray


@dataclass(frozen=True)
class IssueForecast:
    """The three forecasts of one issue (the expected-utility model with its rounds)."""

    dimension: Dimension
    eum: EUForecast
    compromise: float
    median: float


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
    """The three forecasts of one dimension; actors without a position sit out (NaN if all do)."""
    plays = ~np.isnan(dimension.positions)
    x = np.where(plays, dimension.positions, 0.0)
    s = np.where(plays, dimension.salience, 0.0)
    weight = dimension.capability * s
    anyone = weight.sum() > 0  # else nobody takes a position: no forecast
    return IssueForecast(
        dimension=dimension,
        eum=expected_utility_forecast(x, s, dimension.capability, params, seed),
        compromise=float(weighted_mean(x, weight)) if anyone else np.nan,
        median=float(weighted_median(x, weight)) if anyone else np.nan,
    )


def forecast_scenario(
    scenario: Scenario,
    params: EUParameters | None = None,
    seed: int = 0,
    drawn: Mapping[str, float] | None = None,
) -> list[IssueForecast]:
    """The forecasts of every agenda issue of `scenario`."""
    return [forecast_dimension(d, params, seed) for d in dimensions(scenario, drawn)]


#: The forecasts of :func:`summary_frame`, column -> heading.
FORECAST_COLUMNS = {
    "compromise": "Compromise",
    "median": "Weighted median",
    "eum": "Expected utility",
    "eum_median": "Expected utility (median)",
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
        row.update(compromise=f.compromise, median=f.median, eum=f.eum.mean)
        row.update(eum_median=f.eum.median, eum_rounds=f.eum.rounds)
        rows.append(row)
    return pd.DataFrame(rows)
