"""Every chart, drawn from result tables (never from a live model); PNG and SVG.

- :mod:`~sim.charts.style`           colour-blind-safe palette, byte-stable files
- :mod:`~sim.charts.run_charts`      a run: agreement zone, concessions
- :mod:`~sim.charts.sweep_charts`    a sweep's report: heat map, parameters, Sobol' indices
- :mod:`~sim.charts.backtest_chart`  the back-test: calibration and grid
- :mod:`~sim.charts.forecast_chart`  the expected-utility forecast: positions over its rounds
- :mod:`~sim.charts.validation_chart` the forecasts' cross-validated accuracy on EU legislation

Sits above the packages whose results it draws; only :mod:`sim.cli` and the app import it.

The chart gallery (``peacesim plot``) and the house colours are public here:
``draw(Request(kind, scenario, runs))`` with a kind of ``KINDS``; ``OKABE_ITO``
and ``PARTY_COLOURS``. They load on first use, so that a sweep's report, which
needs no model, does not import one.
"""

from importlib import import_module
from typing import Any

#: Public names, by the module that holds them.
PUBLIC = {
    "KINDS": "sim.charts.gallery",
    "Request": "sim.charts.gallery",
    "draw": "sim.charts.gallery",
    "OKABE_ITO": "sim.charts.style",
    "PARTY_COLOURS": "sim.charts.style",
}
__all__ = sorted(PUBLIC)


def __getattr__(name: str) -> Any:
    if name in PUBLIC:
        return getattr(import_module(PUBLIC[name]), name)
    raise AttributeError(f"module 'sim.charts' has no attribute {name!r}")
