"""The model as the fit sees it: assumption values in, the era's record (as a vector) out.

One simulation runs every documented scenario of the era once, with the
same assumption values and the same seed (the back-test's common random
numbers), and reads the statuses at each documented meeting and the talks'
status on its date (:mod:`sim.fit.evidence`). The seed comes from numpy's
global generator, which the fit's samplers seed for each evaluation
(:mod:`sim.fit.sampling`), so a simulation is a function of that seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from sim.calibration.scenario import Scenario, find_scenario, read_scenario_data
from sim.fit.evidence import KEY, Evidence, era_evidence
from sim.fit.posterior import with_assumptions
from sim.fit.priors import Prior, era_scenarios
from sim.talks.record import run_record

#: Seeds of the runs are drawn below this (numpy's legacy generator takes 32 bits).
SEED_BOUND = 2**31 - 1


@dataclass(frozen=True)
class Era:
    """The era's documented scenarios (validated and as raw TOML) and its record."""

    scenarios: tuple[Scenario, ...]
    data: tuple[dict[str, Any], ...]
    evidence: Evidence


@cache
def load_era(era: str) -> Era:
    """The era's scenarios and record, read once per process."""
    scenarios = tuple(era_scenarios(era))
    data = tuple(read_scenario_data(find_scenario(s.name)) for s in scenarios)
    return Era(scenarios, data, era_evidence(scenarios, era))


def era_record(era: str, values: Mapping[str, float], seed: int) -> np.ndarray:
    """The record of one run of each of the era's scenarios with `values` and `seed`."""
    setup = load_era(era)
    rows = [
        run_record(with_assumptions(data, scenario, values, scenario.name), seed)
        for scenario, data in zip(setup.scenarios, setup.data, strict=True)
    ]
    return setup.evidence.of_runs(rows)


@dataclass(frozen=True)
class Simulator:
    """pyabc's model: a particle (each assumption as the normal score of its range,
    :class:`~sim.fit.priors.Prior`) to the era's record (the other assumptions at
    their central values).

    The seed of the runs is drawn from numpy's global generator (see the module
    docstring).
    """

    era: str
    priors: tuple[Prior, ...]

    def __call__(self, parameter: Mapping[str, float]) -> dict[str, np.ndarray]:
        seed = int(np.random.randint(SEED_BOUND))  # noqa: NPY002 - seeded per simulation
        values = {p.path: float(p.from_latent(parameter[p.path])) for p in self.priors}
        return {KEY: era_record(self.era, values, seed)}
