"""Calibrate what the documents leave open: ABC-SMC on the record, and the posterior's use.

- :mod:`~sim.fit.priors`     the fitted assumptions, uniform on their ranges
- :mod:`~sim.fit.evidence`   the record as data, and the distance between records
- :mod:`~sim.fit.simulate`   the model as the fit sees it: assumptions in, a record out
- :mod:`~sim.fit.sampling`   pyabc's evaluation-parallel samplers, seeded per simulation
- :mod:`~sim.fit.settings`   how a fit runs: population, seed and where it stops
- :mod:`~sim.fit.abc`        the fit: pyabc's ABC-SMC, resumable, written with provenance
- :mod:`~sim.fit.posterior`  a fitted posterior: summaries, draws, scenario overrides
- :mod:`~sim.fit.forecast`   forecasts from posterior draws, scored against the alternatives
- :mod:`~sim.fit.sbc`        simulation-based calibration of the procedure

Imports :mod:`sim.backtest` and below. Nothing here is imported by a run
without ``--posterior``; only :mod:`~sim.fit.abc` and :mod:`~sim.fit.sampling`
load pyabc.
"""
