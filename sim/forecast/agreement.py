"""From the forecasts to P(agreed) and P(partial) per meeting and issue.

The back-test of the simulation (:mod:`sim.backtest.run`) scores, for every
documented meeting and agenda issue, the predicted probability that the
issue was agreed (and agreed or partial). This module gives the forecast
the same output, so the two lenses are scored by the same functions.

**Status of one issue in one play of the model.** The model plays one
round of challenges per round of the talks: a meeting that is the scenario's
``k``-th round is read after the model's ``k``-th round (or its last, if it
settled earlier). Take the two parties' positions then, each rounded to the
nearest level of the issue:

* *agreed*: both settle on the same level;
* *partial*: different levels, but the gap between them is at most
  :data:`CONVERGED_SHARE` of the initial gap (they met at least halfway);
* *not agreed*: otherwise.

**Status of one issue under a point forecast** (``compromise``, ``median``,
``nash``, ``procedural``, ``exchange``, ``stacked``; :func:`point_status`):
the forecast, rounded to the nearest level, is *agreed* when it differs from
the status quo level (the model forecasts that the issue settles there);
otherwise, or when a party has no position, *not agreed*. These models
forecast an outcome, not a meeting's progress: they never forecast
*partial*. Whether a party could block the forecast is the models' business
(the Nash and procedural models give either party a veto), not this
mapping's. The procedural model's setter is the meeting round's host.

**Probabilities.** The model is played :func:`meeting_predictions`'s
``draws`` times, each with every actor's capability drawn uniformly from
its range in ``seeds/assumptions.toml`` and offers tied in strength broken
at random; P(agreed) and P(partial) are the shares of plays. Positions are
calibrated as of the meeting's date, or the scenario's
``calibration_date`` when it sets one (as the simulation does).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from sim.calibration.scenario import Scenario
from sim.calibration.seeds import assumption
from sim.core.expected_utility import EUParameters
from sim.forecast.models import MODELS, STACKED_WEIGHTS
from sim.forecast.talks import (
    Dimension,
    IssueForecast,
    dimensions,
    forecast_dimension,
    nearest_level,
    point_forecasts,
)

#: Share of the initial gap between the parties that may remain for "partial".
CONVERGED_SHARE = 0.5


def issue_status(forecast: IssueForecast, parties: tuple[str, str], after_round: int) -> str:
    """``agreed``, ``partial`` or ``not_agreed`` after a round (see the module docstring)."""
    dim = forecast.dimension
    pair = [dim.actors.index(p) for p in parties]
    start = dim.positions[pair]
    end = forecast.eum.history[min(after_round, forecast.eum.rounds), pair]
    if np.isnan(start).any():
        return "not_agreed"
    if nearest_level(end[0], dim.issue) == nearest_level(end[1], dim.issue):
        return "agreed"
    if abs(end[0] - end[1]) <= CONVERGED_SHARE * abs(start[0] - start[1]):
        return "partial"
    return "not_agreed"


def point_status(value: float, dim: Dimension, parties: tuple[str, str]) -> str:
    """``agreed`` or ``not_agreed`` for a point forecast (see the module docstring)."""
    ends = [dim.positions[dim.actors.index(p)] for p in parties]
    if np.isnan(value) or np.isnan(ends).any():  # as in issue_status: no position, no deal
        return "not_agreed"
    return "agreed" if nearest_level(value, dim.issue) != dim.issue.status_quo else "not_agreed"


def meeting_predictions(
    scenario: Scenario,
    draws: int = 100,
    seed: int = 0,
    params: EUParameters | None = None,
    model: str = "eum",
) -> pd.DataFrame:
    """Per documented meeting and agenda issue: the shares of plays agreed and partial.

    `model` is one of :data:`sim.forecast.models.MODELS`. The columns are those
    of :func:`sim.backtest.run.predictions`, so :func:`sim.backtest.run.with_record`
    and :func:`sim.backtest.run.score_table` apply unchanged.
    """
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; expected one of {', '.join(MODELS)}")
    params = replace(params or EUParameters(), tie_break="random")
    rng = np.random.default_rng(seed)
    rows = []
    for number, rnd in enumerate(scenario.rounds, start=1):
        if rnd.meeting is None:
            continue
        date = scenario.calibration_date or rnd.date
        dims = dimensions(scenario.model_copy(update={"calibration_date": date}))
        play = Play(scenario.party_names, rnd.host, number, params, model)
        statuses = _plays(dims, play, draws, rng)
        for d, seen in zip(dims, statuses.T, strict=True):
            rows.append(
                {
                    "meeting": rnd.meeting,
                    "scenario": scenario.name,
                    "issue": d.issue.key,
                    "runs": draws,
                    "predicted_agreement": float(np.mean(seen == "agreed")),
                    "predicted_partial": float(np.mean(seen == "partial")),
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Play:
    """What one meeting's plays share: who bargains, who hosts, which round, which model."""

    parties: tuple[str, str]
    host: str | None
    after_round: int
    params: EUParameters
    model: str


def _plays(dims: list[Dimension], play: Play, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Each issue's status (columns) in each play (rows), capabilities drawn per play."""
    statuses = np.empty((draws, len(dims)), dtype=object)
    for n in range(draws):
        capability = _draw_capabilities(dims[0].actors, rng)
        play_seed = int(rng.integers(2**32))
        drawn = [replace(d, capability=capability) for d in dims]
        statuses[n] = _statuses(drawn, play, play_seed)
    return statuses


def _statuses(dims: list[Dimension], play: Play, play_seed: int) -> list[str]:
    """Every issue's status in one play of the model."""
    uses_eum = play.model == "eum" or (play.model == "stacked" and STACKED_WEIGHTS["eum"] > 0)
    forecasts = [forecast_dimension(d, play.params, play_seed) for d in dims] if uses_eum else []
    if play.model == "eum":
        return [issue_status(f, play.parties, play.after_round) for f in forecasts]
    eum = np.array([f.eum.mean for f in forecasts]) if uses_eum else None
    values = point_forecasts(dims, play.parties, play.host, (play.model,), eum)[play.model]
    return [point_status(v, d, play.parties) for v, d in zip(values, dims, strict=True)]


def _draw_capabilities(actors: tuple[str, ...], rng: np.random.Generator) -> np.ndarray:
    """One capability per actor, uniform over its assumed range."""
    ranges = [assumption(f"capability.{a}") for a in actors]
    return rng.uniform([a.low for a in ranges], [a.high for a in ranges])
