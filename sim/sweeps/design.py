"""Experimental designs: the points of parameter space a sweep visits.

* **grid** - the full factorial product of every parameter's levels.
* **lhs** - Latin hypercube sampling (McKay, Beckman & Conover 1979) through
  SALib: `samples` points, each parameter's range cut into `samples` equal
  strata with exactly one point per stratum.
* **sobol** - Saltelli's scheme for Sobol' sensitivity indices (Saltelli 2002;
  Saltelli et al. 2010) through SALib: ``samples * (D + 2)`` points for D
  parameters (first and total order), in the order SALib's analysis expects.

Samplers work on the unit hypercube; each parameter maps its coordinate to a
value (:meth:`sim.sweeps.spec.Parameter.from_unit`): a stratum of its levels,
a point of its range, or a quantile of its distribution.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
from SALib.sample import latin, sobol

from sim.sweeps.spec import EDGE, SweepSpec


def unit_problem(spec: SweepSpec) -> dict:
    """The SALib problem: every parameter on [0, 1] (values are mapped afterwards)."""
    names = list(spec.parameters)
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def design_size(spec: SweepSpec) -> int:
    """The number of points :func:`design_points` makes, computed without making them."""
    if spec.design.kind == "grid":
        return math.prod(len(p.levels()) for p in spec.parameters.values())
    samples = spec.design.samples or 0
    return samples if spec.design.kind == "lhs" else samples * (len(spec.parameters) + 2)


def design_points(spec: SweepSpec) -> pd.DataFrame:
    """One row per design point, one column per parameter, in design order."""
    names = list(spec.parameters)
    if spec.design.kind == "grid":
        levels = [spec.parameters[n].levels() for n in names]
        return pd.DataFrame(list(itertools.product(*levels)), columns=names)
    problem = unit_problem(spec)
    if spec.design.kind == "lhs":
        unit = latin.sample(problem, spec.design.samples, seed=spec.design.seed)
    else:
        unit = sobol.sample(
            problem, spec.design.samples, calc_second_order=False, seed=spec.design.seed
        )
    unit = np.clip(unit, EDGE, 1.0 - EDGE)
    return pd.DataFrame({n: spec.parameters[n].from_unit(unit[:, i]) for i, n in enumerate(names)})
