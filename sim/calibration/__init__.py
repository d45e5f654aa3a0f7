"""From the documents to a run's parameters: seeds -> positions -> scenario -> set-up.

- :mod:`~sim.calibration.seeds`      reads ``seeds/``: issues, statements, assumptions, the record
- :mod:`~sim.calibration.domains`    where each kind of number keeps its meaning
- :mod:`~sim.calibration.positions`  statements -> weights, value functions, red lines
- :mod:`~sim.calibration.scenario`   a scenario TOML file -> a validated :class:`Scenario`
- :mod:`~sim.calibration.setup`      a scenario -> every actor calibrated, every number of one run

Imports only :mod:`sim.core`.
"""

from sim.calibration.domains import DOMAINS, Domain, DomainError
from sim.calibration.positions import Position, Stance, calibrate_actor, calibrate_parties
from sim.calibration.scenario import Scenario, ScenarioError, find_scenario, load_scenario, vary
from sim.calibration.seeds import (
    SeedError,
    assumption,
    check_in_domain,
    load_issues,
    load_outcomes,
)
from sim.calibration.setup import Setup, build_setup

__all__ = [
    "DOMAINS",
    "Domain",
    "DomainError",
    "Position",
    "Scenario",
    "ScenarioError",
    "SeedError",
    "Setup",
    "Stance",
    "assumption",
    "build_setup",
    "calibrate_actor",
    "calibrate_parties",
    "check_in_domain",
    "find_scenario",
    "load_issues",
    "load_outcomes",
    "load_scenario",
    "vary",
]
