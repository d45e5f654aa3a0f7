"""The numeric core of peacesim: pure numpy/scipy/nashpy, arrays in, arrays out.

Nothing here knows about Mesa, files or plots. One idea per module:

- :mod:`~sim.core.space`       outcome spaces in mixed radix, streamed in chunks
- :mod:`~sim.core.utility`     additive multi-issue utilities, value shapes, red lines
- :mod:`~sim.core.zone`        the agreement zone (and its size when thresholds depend on a class)
- :mod:`~sim.core.dominance`   2-D dominance counts by group, without a pass over the points
- :mod:`~sim.core.pareto`      the Pareto frontier (also streamed)
- :mod:`~sim.core.minkowski_frontier`  the exact two-party frontier of an additive agenda
- :mod:`~sim.core.streaming`   the whole space streamed: utilities, zone count, frontier
- :mod:`~sim.core.bargaining`  Nash, Kalai-Smorodinsky, Rubinstein
- :mod:`~sim.core.concession`  Faratin-Sierra-Jennings concession curves
- :mod:`~sim.core.offers`      trade-off offers
- :mod:`~sim.core.alternating_offers`  a bilateral negotiation between two concession strategies
- :mod:`~sim.core.games`       ceasefire and Nash demand games, equilibria via nashpy
- :mod:`~sim.core.expected_utility`  Bueno de Mesquita's expected-utility model (Scholz et al. 2011)
- :mod:`~sim.core.compromise`  the compromise model (weighted mean) and the weighted median
- :mod:`~sim.core.nash_reference`  the Nash solution with a reference point as disagreement point
- :mod:`~sim.core.procedural`  consultation and codecision: agenda setter, pivots, win-sets
- :mod:`~sim.core.exchange`    the position-exchange model across a proposal's issues
- :mod:`~sim.core.stacking`    convex stacking weights with the least absolute error

The last four are not re-exported here: the Nash solution and stacking load
``scipy.optimize``, which the simulation does not need at start-up.
"""

from sim.core.bargaining import kalai_smorodinsky, nash_bargaining, rubinstein
from sim.core.compromise import weighted_mean, weighted_median
from sim.core.concession import aspiration, concession
from sim.core.dominance import DominanceCounter, dominance_counter
from sim.core.expected_utility import EUParameters, expected_utility_forecast
from sim.core.games import ceasefire_game, demand_game, equilibria, round_ceasefire_game
from sim.core.minkowski_frontier import Frontier, minkowski_frontier
from sim.core.offers import trade_off_offer
from sim.core.pareto import pareto_front, pareto_front_streaming
from sim.core.space import OutcomeSpace
from sim.core.streaming import StreamedAnalysis, analyse_streamed, stream_utilities
from sim.core.utility import AdditiveUtility, exponential_value, utility_matrix
from sim.core.zone import agreement_zone, class_zone

__all__ = [
    "AdditiveUtility",
    "DominanceCounter",
    "EUParameters",
    "Frontier",
    "OutcomeSpace",
    "StreamedAnalysis",
    "agreement_zone",
    "analyse_streamed",
    "aspiration",
    "ceasefire_game",
    "class_zone",
    "concession",
    "demand_game",
    "dominance_counter",
    "equilibria",
    "expected_utility_forecast",
    "exponential_value",
    "kalai_smorodinsky",
    "minkowski_frontier",
    "nash_bargaining",
    "pareto_front",
    "pareto_front_streaming",
    "round_ceasefire_game",
    "rubinstein",
    "stream_utilities",
    "trade_off_offer",
    "utility_matrix",
    "weighted_mean",
    "weighted_median",
]
