"""A second lens on the talks: compromise, median, expected-utility and bargaining-model forecasts.

One idea per module:

- :mod:`~sim.forecast.models`      every model's forecasts of a DEU file, and the stacking weights
- :mod:`~sim.forecast.deu`         reading EU negotiations in the DEU III format
- :mod:`~sim.forecast.eu_models`   the Nash, procedural and exchange models on DEU issues
- :mod:`~sim.forecast.validation`  leave-one-proposal-out cross-validation, bootstrap over proposals
- :mod:`~sim.forecast.talks`       a scenario's agenda as 0-100 dimensions, and every model on them
- :mod:`~sim.forecast.agreement`   P(agreed) / P(partial) per documented meeting, for the back-test

The numerics live in the core (:mod:`sim.core.compromise`,
:mod:`sim.core.expected_utility`, :mod:`sim.core.nash_reference`,
:mod:`sim.core.procedural`, :mod:`sim.core.exchange`, :mod:`sim.core.stacking`);
this package imports only the core and the calibration.
"""
