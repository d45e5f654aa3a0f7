"""Every chart, drawn from result tables (never from a live model); PNG and SVG.

- :mod:`~sim.charts.style`           colour-blind-safe palette, byte-stable files
- :mod:`~sim.charts.run_charts`      a run: agreement zone, concessions
- :mod:`~sim.charts.sweep_charts`    a sweep's report: heat map, parameters, Sobol' indices
- :mod:`~sim.charts.backtest_chart`  the back-test: calibration and grid
- :mod:`~sim.charts.forecast_chart`  the expected-utility forecast: positions over its rounds
- :mod:`~sim.charts.validation_chart` the forecasts' cross-validated accuracy on EU legislation

Sits above the packages whose results it draws; only :mod:`sim.cli` imports it.
"""
