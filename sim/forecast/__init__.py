"""A second lens on the talks: expected-utility, compromise and median forecasts.

One idea per module:

- :mod:`~sim.forecast.models`     the three forecasts of one issue, and of a DEU file
- :mod:`~sim.forecast.deu`        reading EU negotiations in the DEU III format
- :mod:`~sim.forecast.talks`      a scenario's agenda as 0-100 dimensions of calibrated positions
- :mod:`~sim.forecast.agreement`  P(agreed) / P(partial) per documented meeting, for the back-test

The numerics live in :mod:`sim.core.expected_utility` and
:mod:`sim.core.compromise`; this package imports only the core and the
calibration.
"""
