"""Thousands of runs from a config file: spec -> design -> runs -> Parquet store -> report.

- :mod:`~sim.sweeps.spec`          sweep specs (pydantic)
- :mod:`~sim.sweeps.design`        grid, Latin hypercube and Sobol' designs (SALib)
- :mod:`~sim.sweeps.runner`        serial, local pool and Dask back-ends; resumable runs
- :mod:`~sim.sweeps.store`         the crash-safe Parquet store
- :mod:`~sim.sweeps.dask_workers`  what every Dask worker needs
- :mod:`~sim.sweeps.report`        a sweep's numbers: intervals, Sobol' indices, report text

Imports :mod:`sim.talks`, :mod:`sim.calibration` and :mod:`sim.core`.
"""

from sim.sweeps.runner import Sweep, backend_for, checked_sweep, prepare, run_sweep
from sim.sweeps.spec import SweepSpec, read_spec
from sim.sweeps.store import RunStore, StoreError

__all__ = [
    "RunStore",
    "StoreError",
    "Sweep",
    "SweepSpec",
    "backend_for",
    "checked_sweep",
    "prepare",
    "read_spec",
    "run_sweep",
]
