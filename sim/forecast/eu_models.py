"""The Nash, procedural and exchange models on DEU issues: who is who, and what is missing.

The models' numerics are in the core (:mod:`sim.core.nash_reference`,
:mod:`sim.core.procedural`, :mod:`sim.core.exchange`); this module maps a DEU
issue onto them. Each function returns the forecast and whether it *fell
back* to the compromise model because the file lacks what the model needs.

* **Nash** (:func:`nash_forecast`): all actors with a position, bargaining
  weights capability x salience (the compromise model's weights, so the two
  differ only in the disagreement point), disagreement point ``rp``. Without
  ``rp`` the Nash solution's limit, the compromise model (a fallback).
* **Procedural** (:func:`procedural_forecast`): ``proc`` picks consultation
  (``CNS``: the Commission proposes, the Council adopts) or codecision
  (``COD``: the Parliament and the Council's pivot bargain); ``counvte`` the
  Council's rule: ``Unan`` unanimity, ``QMV`` the qualified majority of
  ``seeds/eu_council.toml`` (the Treaty of Nice's weights, 260 of 352
  votes). The Council is the member states that take a position on the
  issue, with their treaty votes, and the threshold is the same share of
  *their* votes: a state with no position neither blocks nor counts towards
  a majority (DEU III leaves a state's position blank when it took none, and
  for states not yet members). Under codecision with no position for the
  Parliament, the Parliament is indifferent and the Commission's proposal
  meets only the Council, as under consultation. Fallbacks to the compromise
  model: no ``rp``, ``proc`` or ``counvte``; no member state with a
  position; no Commission position where it proposes.
* **Exchange** (:func:`exchange_forecasts`): the issues of one proposal
  (``prnrnmc``) are its exchange domain; capabilities and saliences as in the
  compromise model.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import cache

import numpy as np

from sim.calibration.seeds import SeedError, seeds_dir
from sim.core.compromise import weighted_mean
from sim.core.exchange import MAX_ROUNDS, exchange_model
from sim.core.nash_reference import Losers, nash_reference
from sim.core.procedural import codecision, consultation
from sim.forecast.deu import DEU_ACTORS, MISSING_SALIENCE, DEUData

COMMISSION, PARLIAMENT = DEU_ACTORS.index("com"), DEU_ACTORS.index("ep")
STATES = tuple(a for a in DEU_ACTORS if a not in ("com", "ep"))


@dataclass(frozen=True)
class Council:
    """The member states' votes (in :data:`STATES` order) and the qualified-majority share."""

    votes: np.ndarray
    qualified_majority: float


@cache
def load_council() -> Council:
    """The Council's votes and threshold from ``seeds/eu_council.toml``."""
    path = seeds_dir() / "eu_council.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        votes = np.array([float(raw["votes"][state]) for state in STATES])
        rule = raw["qualified_majority"]
        share = rule["votes"] / rule["of"]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise SeedError(f"{path}: the Council's votes and threshold ({exc})") from None
    if not (votes > 0).all() or not 0.5 < share <= 1:
        raise SeedError(f"{path}: votes must be > 0 and the majority a share in (1/2, 1]")
    return Council(votes=votes, qualified_majority=share)


def compromise_forecast(data: DEUData, row: int) -> float:
    """The compromise model of one issue (capability x salience weighted mean)."""
    x, s, c = data.issue_arrays(row)
    return float(weighted_mean(x, c * s))


def nash_forecast(data: DEUData, row: int, losers: Losers = "veto") -> tuple[float, bool]:
    """The Nash solution with ``rp`` as disagreement point; fell back if no ``rp``."""
    x, s, c = data.issue_arrays(row)
    reference = float(data.reference[row])
    return nash_reference(x, c * s, reference, losers), math.isnan(reference)


def procedural_forecast(data: DEUData, row: int) -> tuple[float, bool]:
    """Consultation or codecision under the Council's rule (module docstring)."""
    x = data.positions[row]
    reference, procedure, rule = (
        float(data.reference[row]),
        data.procedure[row],
        data.rule[row],
    )
    states = x[2:]
    present = ~np.isnan(states)
    if math.isnan(reference) or not procedure or not rule or not present.any():
        return compromise_forecast(data, row), True
    council = load_council()
    threshold = 1.0 if rule == "Unan" else council.qualified_majority
    members, votes = states[present], council.votes[present]
    if procedure == "COD" and not math.isnan(x[PARLIAMENT]):
        return codecision(reference, x[PARLIAMENT], members, votes, threshold), False
    if math.isnan(x[COMMISSION]):
        return compromise_forecast(data, row), True
    return consultation(reference, x[COMMISSION], members, votes, threshold), False


def exchange_forecasts(data: DEUData, rows: np.ndarray, max_rounds: int = MAX_ROUNDS) -> np.ndarray:
    """The exchange model's forecasts of the issues `rows` of one proposal."""
    positions = data.positions[rows].T  # (actors, issues)
    salience = np.where(np.isnan(data.salience[rows]), MISSING_SALIENCE, data.salience[rows]).T
    return exchange_model(positions, salience / 100.0, data.capability, max_rounds).outcome
