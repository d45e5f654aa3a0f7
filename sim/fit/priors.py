"""What the fit infers: the undocumented numbers of an era's runs, each uniform over its range.

The parameters are the assumptions that the runs of the era's documented
scenarios use and do not fix themselves
(:func:`sim.backtest.run.uncertain_assumptions`), with their central values
and ranges from ``seeds/assumptions.toml``. The file states no distribution
beyond the range ("a plausible range that the back-test and the sweeps
sample from"), so each prior is uniform on ``[low, high]``, independent of
the others. An assumption whose range is one value (the breach of a prisoner
exchange, guarantees' effect on Russia's fear) is fixed, not inferred.

The fit samples each assumption on the normal scores of its range,
``z = Phi^-1(u)`` with ``u = (x - low) / (high - low)`` and ``Phi`` the
standard normal CDF: a standard normal ``z`` is exactly the uniform prior of
``x``, and a proposal kernel on ``z`` never leaves the range. (On the range
itself, a kernel in 37 dimensions proposes values outside the box almost
always: 0.8^37, about 3 in 10,000, land inside when each coordinate does with
probability 0.8.) A normal latent scale suits pyabc's normal kernels: their
density stays close to the prior's, so importance weights stay even (on a
logistic scale, with heavier tails, they did not: see :mod:`sim.fit.abc`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from sim.backtest.run import documented_scenarios, uncertain_assumptions
from sim.calibration.scenario import Scenario
from sim.calibration.seeds import assumption

#: The era whose record the fit is given.
FIT_ERA = "2022"
#: Mass of the central credible interval used for widths (posterior and prior).
INTERVAL = 0.9


@dataclass(frozen=True)
class Prior:
    """A uniform prior on ``[low, high]``; `value` is the central calibration's number.

    A `whole` prior (an assumption whose domain holds whole numbers only, such as
    the days between rounds) is uniform on the whole numbers of the range, each
    with equal chance, as the back-test and the sweeps draw them.
    """

    path: str
    value: float
    low: float
    high: float
    whole: bool = False

    @property
    def width(self) -> float:
        """Width of the prior's central :data:`INTERVAL` interval."""
        return INTERVAL * (self.high - self.low)

    def from_latent(self, z: float | np.ndarray) -> float | np.ndarray:
        """The assumption's value at normal score `z` of its range (:meth:`from_uniform`
        of ``Phi(z)``)."""
        return self.from_uniform(ndtr(z))

    def from_uniform(self, u: float | np.ndarray) -> float | np.ndarray:
        """The assumption's value at quantile `u` of its prior: ``low + (high - low) u``,
        or for a whole prior ``low + floor((high - low + 1) u)`` (at most `high`), each
        whole number of the range for an equal share of u."""
        if not self.whole:
            return self.low + (self.high - self.low) * u
        return np.minimum(self.low + np.floor((self.high - self.low + 1) * u), self.high)

    def to_latent(self, x: float | np.ndarray) -> float | np.ndarray:
        """The normal score of the value `x` (inside the range)."""
        return ndtri((np.asarray(x, dtype=float) - self.low) / (self.high - self.low))


def era_scenarios(era: str) -> list[Scenario]:
    """The shipped scenarios whose documented meetings fall in `era`."""
    return [
        s
        for s in documented_scenarios()
        if any(r.meeting and str(r.date.year) == era for r in s.rounds)
    ]


def fit_priors(scenarios: Sequence[Scenario]) -> list[Prior]:
    """The priors of every assumption the runs of `scenarios` sample, by path."""
    paths = sorted(set().union(*(uncertain_assumptions(s) for s in scenarios)))
    priors = [prior_of(path) for path in paths]
    return [p for p in priors if p.low < p.high]


def prior_of(path: str) -> Prior:
    """The prior of the assumption at `path`: its range, and whole if its domain is."""
    a = assumption(path)
    return Prior(path, a.value, a.low, a.high, a.domain.whole)


def prior_table(priors: Sequence[Prior]) -> pd.DataFrame:
    """One row per prior: path, central value, low, high."""
    return pd.DataFrame(
        [{"path": p.path, "value": p.value, "low": p.low, "high": p.high} for p in priors]
    )
