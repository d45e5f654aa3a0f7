"""Thousands of runs from a config file: spec -> design -> runs -> Parquet store -> report.

- :mod:`~sim.sweeps.spec`               sweep specs (pydantic)
- :mod:`~sim.sweeps.schema`             the JSON Schemas of scenario files and sweep specs
- :mod:`~sim.sweeps.design`             grid, Latin hypercube and Sobol' designs (SALib)
- :mod:`~sim.sweeps.runner`             serial, local pool and Dask back-ends; resumable runs
- :mod:`~sim.sweeps.store`              the crash-safe Parquet store
- :mod:`~sim.sweeps.report`             a sweep's numbers: intervals, Sobol' indices, report text
- :mod:`~sim.sweeps.limits`             bounds on what a user may ask for (runs, seeds, addresses)
- :mod:`~sim.sweeps.threads`            one native thread a worker
- :mod:`~sim.sweeps.lifeline`           worker processes that die with the sweep
- :mod:`~sim.sweeps.forkserver_preload` what the pool's forkserver imports first (if not forked)
- :mod:`~sim.sweeps.dask_workers`       what every Dask worker needs

Imports :mod:`sim.talks`, :mod:`sim.calibration` and :mod:`sim.core`. The package
itself imports nothing: the command line reads :mod:`~sim.sweeps.limits` without
loading the sweep stack (``peacesim run`` never loads it), and the forkserver
imports :mod:`~sim.sweeps.forkserver_preload` before anything else. Import from
the modules (``from sim.sweeps.runner import run_sweep``).
"""
