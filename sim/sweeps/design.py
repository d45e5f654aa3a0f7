"""Experimental designs: the points of parameter space a sweep visits.

* **grid** - the full factorial product of every parameter's levels.
* **lhs** - Latin hypercube sampling (McKay, Beckman & Conover 1979) through
  SALib: `samples` points, each parameter's range cut into `samples` equal
  strata with exactly one point per stratum.
* **sobol** - Saltelli's scheme for Sobol' sensitivity indices (Saltelli 2002;
  Saltelli et al. 2010) through SALib: ``samples * (D + 2)`` points for D
  parameters (first and total order), in the order SALib's analysis expects.
* **morris** - Morris (1991) elementary effects for screening, through SALib:
  ``samples`` trajectories of ``D + 1`` points on a grid of :data:`MORRIS_LEVELS`
  levels, each step changing one parameter by ``p / (2 (p - 1))`` of its range
  (Campolongo, Cariboni & Saltelli 2007); ``samples * (D + 1)`` points.

Samplers work on the unit hypercube; each parameter maps its coordinate to a
value (:meth:`sim.sweeps.spec.Parameter.from_unit`): a stratum of its levels,
a point of its range, or a quantile of its distribution.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
from SALib.sample import latin, morris, sobol

from sim.sweeps.spec import EDGE, SweepSpec

#: Grid levels of a Morris design: p = 4, the choice of Morris (1991) and of
#: Campolongo et al. (2007), SALib's default.
MORRIS_LEVELS = 4


def unit_problem(spec: SweepSpec) -> dict:
    """The SALib problem: every parameter on [0, 1] (values are mapped afterwards)."""
    return unit_box(list(spec.parameters))


def unit_box(names: list[str]) -> dict:
    """The SALib problem of the variables `names`, each on [0, 1]."""
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def design_size(spec: SweepSpec) -> int:
    """The number of points :func:`design_points` makes, computed without making them."""
    if spec.design.kind == "grid":
        return math.prod(len(p.levels()) for p in spec.parameters.values())
    samples = spec.design.samples or 0
    if spec.design.kind == "lhs":
        return samples
    return samples * (len(spec.parameters) + (1 if spec.design.kind == "morris" else 2))


def unit_points(spec: SweepSpec) -> np.ndarray:
    """The design of an ``lhs``, ``sobol`` or ``morris`` sweep on the unit hypercube,
    one row per point (what SALib's analyses read)."""
    problem, samples, seed = unit_problem(spec), spec.design.samples, spec.design.seed
    if spec.design.kind == "lhs":
        return latin.sample(problem, samples, seed=seed)
    if spec.design.kind == "morris":
        return morris.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=seed)
    return sobol.sample(problem, samples, calc_second_order=False, seed=seed)


def design_points(spec: SweepSpec) -> pd.DataFrame:
    """One row per design point, one column per parameter, in design order."""
    names = list(spec.parameters)
    if spec.design.kind == "grid":
        levels = [spec.parameters[n].levels() for n in names]
        return pd.DataFrame(list(itertools.product(*levels)), columns=names)
    unit = np.clip(unit_points(spec), EDGE, 1.0 - EDGE)
    return pd.DataFrame({n: spec.parameters[n].from_unit(unit[:, i]) for i, n in enumerate(names)})
