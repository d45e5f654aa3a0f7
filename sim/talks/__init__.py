"""The talks as a Mesa model: rounds of war, mediation, offers, responses and deals.

- :mod:`~sim.talks.model`       :class:`NegotiationModel`, the round
- :mod:`~sim.talks.view`        what agents may ask of the round (they never import the model)
- :mod:`~sim.talks.agents`      parties and mediators
- :mod:`~sim.talks.strategies`  concession strategies
- :mod:`~sim.talks.tables`      the package and separable-item tables
- :mod:`~sim.talks.analysis`    a round's analysis, from a snapshot of arrays
- :mod:`~sim.talks.results`     a run as plain tables (rounds, summary, frontier, density)
- :mod:`~sim.talks.record`      a run as one flat record (a sweep's row)

Imports :mod:`sim.calibration` and :mod:`sim.core`.
"""

from sim.talks.model import NegotiationModel
from sim.talks.record import OUTCOMES, run_record
from sim.talks.results import RunResult, issue_status, run_model, write_result

__all__ = [
    "OUTCOMES",
    "NegotiationModel",
    "RunResult",
    "issue_status",
    "run_model",
    "run_record",
    "write_result",
]
