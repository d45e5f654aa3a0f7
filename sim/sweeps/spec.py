"""Sweep specifications: which scenario, which parameters, which design.

A sweep spec is a TOML file (``experiments/*.toml``)::

    title = "How much must Russia's war costs rise before a ceasefire zone opens?"
    scenario = "istanbul-2022"        # a name from scenarios/ or a path
    replications = 20                 # seeds per design point
    seed = 0                          # replication r runs with seed + r

    [design]
    kind = "grid"                     # grid | lhs | sobol | morris
    samples = 64                      # lhs: points; sobol: base sample N; morris: trajectories

    [parameters.russia_war_cost]      # the name is the results column
    path = "parties.russia.war_cost"  # dotted path into the scenario
    range = [0.0, 0.1]                # with count: grid levels; alone: uniform
    count = 11

Each parameter gives exactly one of ``values`` (a list), ``range`` (with an
optional ``count``), ``distribution`` (uniform, loguniform, normal,
triangular) or ``choices`` (named scenario fragments, e.g. mediator sets).
Everything is checked before any run: a bad key, value or path gives a
:class:`~sim.calibration.scenario.ScenarioError` naming the file and key.
Besides types (no coercion, finite numbers): seeds lie in 0..2^63-1 (every
replication's), no two parameters set one path (or one inside the other), a
report's outcome is not empty, a sweep of more than :data:`MAX_RUNS` runs needs
``--yes``, and :func:`sim.sweeps.runner.checked_sweep` checks that parameter
names are not columns of the results and that report conditions name one.

Every value a parameter can take lies in the domain of the number it sets
(:mod:`sim.calibration.domains`): each of its ``values``, both ends of its
``range``, the ``low`` and ``high`` of its distribution (a normal needs both
where its path has a domain). An ``assumptions.*`` path is checked here, against
its assumption's domain; every other path by
:func:`~sim.sweeps.runner.checked_sweep`, which validates the scenario at each end.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, PrivateAttr, model_validator
from scipy import stats

from sim.calibration.domains import Domain
from sim.calibration.scenario import (
    MAX_ROUNDS,
    MAX_TEXT,
    MAX_TITLE,
    KeyProblem,
    Strict,
    read_scenario_data,
    shorten,
    suggest,
    validate_as,
)
from sim.calibration.seeds import SeedError, assumption
from sim.resources import find_shipped
from sim.sweeps.limits import MAX_SEED, MAX_WORKERS, scheduler_address
from sim.talks.record import OUTCOMES

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: Keeps unit coordinates off 0 and 1, where unbounded quantiles are infinite.
EDGE = 1e-9


class Distribution(Strict):
    """A continuous distribution, sampled by its inverse CDF (so LHS/Sobol strata carry over)."""

    kind: Literal["uniform", "loguniform", "normal", "triangular"]
    """``uniform`` and ``loguniform`` need ``low`` and ``high``; ``normal`` needs ``mean``
    and ``sd`` (and is cut to ``low``, ``high`` if given); ``triangular`` needs ``low``,
    ``mode`` and ``high``."""
    low: float | None = None
    """Lower bound."""
    high: float | None = None
    """Upper bound, above ``low``."""
    mean: float | None = None
    """Mean of a normal distribution."""
    sd: float | None = Field(None, gt=0.0)
    """Standard deviation of a normal distribution."""
    mode: float | None = None
    """Mode of a triangular distribution, between ``low`` and ``high``."""

    @model_validator(mode="after")
    def _complete(self) -> Distribution:
        needs = {
            "uniform": ("low", "high"),
            "loguniform": ("low", "high"),
            "normal": ("mean", "sd"),
            "triangular": ("low", "mode", "high"),
        }[self.kind]
        for key in needs:
            if getattr(self, key) is None:
                raise KeyProblem(key, f"a number (a {self.kind} distribution needs {needs})")
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise KeyProblem("high", f"a number above low ({self.low})")
        if self.kind == "loguniform" and self.low <= 0:  # type: ignore[operator]
            raise KeyProblem("low", "a positive number for a loguniform distribution")
        if self.kind == "triangular" and not self.low <= self.mode <= self.high:  # type: ignore[operator]
            raise KeyProblem("mode", "a number between low and high")
        if self.low is not None and self.high is not None and math.isinf(self.high - self.low):
            raise KeyProblem("high", "a high whose distance from low is a finite number")
        if not np.isfinite(self.ppf(np.array([EDGE, 0.5, 1.0 - EDGE]))).all():
            # a normal whose bounds lie so far out in its tail that its quantiles overflow
            raise KeyProblem("sd", "an sd that leaves the normal some mass between low and high")
        return self

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Values at quantiles `u` in (0, 1); a normal is truncated to [low, high] if given."""
        lo, hi = self.low, self.high
        if self.kind == "uniform":
            return lo + u * (hi - lo)  # type: ignore[operator]
        if self.kind == "loguniform":
            return np.exp(np.log(lo) + u * (np.log(hi) - np.log(lo)))  # type: ignore[arg-type]
        if self.kind == "triangular":
            c = (self.mode - lo) / (hi - lo)  # type: ignore[operator]
            return stats.triang.ppf(u, c, loc=lo, scale=hi - lo)  # type: ignore[operator]
        a = -np.inf if lo is None else (lo - self.mean) / self.sd  # type: ignore[operator]
        b = np.inf if hi is None else (hi - self.mean) / self.sd  # type: ignore[operator]
        return stats.truncnorm.ppf(u, a, b, loc=self.mean, scale=self.sd)


class Parameter(Strict):
    """One swept parameter, a ``[parameters.NAME]`` table: a dotted path and the values
    it takes, given by exactly one of ``values``, ``range``, ``distribution`` or ``choices``.
    NAME (lower-case letters, digits, ``_``) becomes a column of the results."""

    path: str = Field(pattern=r"^[A-Za-z_][\w-]*(\.[\w-]+)*$")
    """Dotted path of the scenario key it sets (``parties.russia.war_cost``,
    ``assumptions.commitment.ukraine.base_risk``)."""
    values: list[bool] | list[int] | list[float] | list[str] | None = Field(None, min_length=1)
    """The values it takes, all of one type."""
    range: Annotated[list[float], Field(min_length=2, max_length=2)] | None = None
    """``[low, high]``: with ``count``, evenly spaced levels; alone, uniform on the range."""
    count: int | None = Field(None, ge=2, le=10_000)
    """Levels of a ``range``, ends included."""
    distribution: Distribution | None = None
    """A continuous distribution, sampled by its inverse CDF (not in a grid design)."""
    choices: dict[str, dict[str, Any]] | None = Field(None, min_length=1)
    """Named scenario fragments written at ``path`` (e.g. mediator sets); the results
    column holds the name."""
    # An assumption of whole numbers (days between rounds): a range alone draws each whole
    # number in it with equal chance, as the back-test does, not a real number it refuses.
    _whole: Domain | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _one_form(self) -> Parameter:
        given = [k for k in ("values", "range", "distribution", "choices") if getattr(self, k)]
        if len(given) != 1:
            raise KeyProblem("(parameter)", "exactly one of values, range, distribution or choices")
        if self.count is not None and self.range is None:
            raise KeyProblem("count", "count only together with range")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise KeyProblem("range", "[low, high] with low < high")
        if self.range is not None and math.isinf(self.range[1] - self.range[0]):
            raise KeyProblem("range", "[low, high] with high - low a finite number")
        self._check_domain()
        return self

    def ends(self) -> list[tuple[str, float | None]]:
        """The least and greatest value of a range or a distribution, each with its key
        (None: a normal distribution unbounded on that side); none for other forms."""
        if self.range is not None:
            return [("range", self.range[0]), ("range", self.range[1])]
        if self.distribution is not None:
            return [
                ("distribution.low", self.distribution.low),
                ("distribution.high", self.distribution.high),
            ]
        return []

    def _check_domain(self) -> None:
        """Every value, and the ends of a range or a distribution, in the domain of the
        assumption at an ``assumptions.*`` path (a bad path is named by the sweep's check)."""
        if not self.path.startswith("assumptions."):
            return
        try:
            domain = assumption(self.path.removeprefix("assumptions.")).domain
        except SeedError:
            return
        self._whole = domain if domain.whole else None
        where = f"{domain.describe()}, the domain of {self.path}"
        for key, value in [
            *((f"values[{i}]", v) for i, v in enumerate(self.values or [])),
            *self.ends(),
        ]:
            if value is None:
                raise KeyProblem(key, f"a bound inside {where}")
            if not domain.contains(value):
                raise KeyProblem(key, f"{where}, got {shorten(repr(value))}")

    @property
    def discrete(self) -> bool:
        return self.distribution is None and (
            self.range is None or self.count is not None or self._whole is not None
        )

    def levels(self) -> list[Any]:
        """The values of a discrete parameter, in order (choices by name)."""
        if self.values is not None:
            return list(self.values)
        if self.choices is not None:
            return list(self.choices)
        if self.range is not None and self.count is not None:
            low, high = self.range
            return [round(float(x), 12) for x in np.linspace(low, high, self.count)]
        if self.range is not None and self._whole is not None:
            return self._whole.whole_numbers(*self.range)
        raise ValueError("a continuous parameter has no levels")

    def from_unit(self, u: np.ndarray) -> list[Any]:
        """Values at points `u` of [0, 1): strata of the levels, or quantiles of the range."""
        if self.discrete:
            levels = self.levels()
            index = np.minimum((u * len(levels)).astype(int), len(levels) - 1)
            return [levels[i] for i in index]
        if self.range is not None:
            lo, hi = self.range
            return [round(float(x), 12) for x in lo + u * (hi - lo)]
        return [round(float(x), 12) for x in self.distribution.ppf(u)]  # type: ignore[union-attr]

    def scenario_value(self, value: Any) -> Any:
        """What is written at `path`: the named fragment for a choice, else the value."""
        return self.choices[value] if self.choices is not None else value


class Design(Strict):
    """How the design points are laid out (SALib for ``lhs`` and ``sobol``)."""

    kind: Literal["grid", "lhs", "sobol", "morris"] = "grid"
    """``grid``: every combination of the parameters' levels; ``lhs``: a Latin hypercube
    of ``samples`` points; ``sobol``: Saltelli's scheme for first-order and total Sobol'
    indices (no second-order ones), ``samples`` base samples; ``morris``: Morris
    elementary effects to screen many parameters cheaply, ``samples`` trajectories."""
    samples: int | None = Field(None, ge=1, le=10_000_000)
    """Points of an ``lhs`` design, base samples (a power of 2) of a ``sobol`` design,
    or trajectories (at least 2) of a ``morris`` design; none for a grid."""
    seed: int = Field(0, ge=0, le=MAX_SEED)
    """Seed of the ``lhs``, ``sobol`` or ``morris`` sampler."""

    @model_validator(mode="after")
    def _samples_given(self) -> Design:
        if self.kind != "grid" and self.samples is None:
            raise KeyProblem("samples", f"a number of samples for a {self.kind} design")
        if self.kind == "grid" and self.samples is not None:
            raise KeyProblem("samples", "no samples for a grid design (it takes every level)")
        if self.kind == "sobol" and self.samples & (self.samples - 1):  # type: ignore[operator]
            raise KeyProblem("samples", "a power of 2 for a Sobol' design (e.g. 64, 128)")
        if self.kind == "morris" and self.samples < 2:  # type: ignore[operator]
            raise KeyProblem("samples", "at least 2 trajectories for a Morris design")
        return self


class Among(Strict):
    """A yes/no condition: is a record column one of some values (e.g. offered levels)?

    A report outcome is one such condition, or a list of them that must all hold.
    """

    column: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """A column of the results (a record column, ``offer_ukraine_nato``)."""
    among: list[bool] | list[str] | list[float] = Field(min_length=1)
    """The values for which the condition holds."""


class Report(Strict):
    """What ``peacesim report`` charts."""

    outcome: str | Among | Annotated[list[Among], Field(min_length=1)] = "agreement"
    """A column of the run record (``agreement``, ``agreement_round``, ...), or a yes/no
    condition ``{ column = ..., among = [...] }``, or a list of them that must all hold."""
    label: str | None = Field(None, min_length=1, max_length=MAX_TITLE, pattern=r"\S")
    """The outcome's axis label (default: the column's name, or the conditions)."""
    heatmap: Annotated[list[str], Field(min_length=2, max_length=2)] | None = None
    """The two parameters of the heat map, by name (default: the first two)."""


class Execution(Strict):
    """Where the runs go; ``peacesim sweep --workers`` and ``--scheduler`` override it."""

    scheduler: str | None = None
    """Address of a Dask scheduler (``tcp://10.0.0.5:8786``) to run on a cluster."""
    workers: int | None = Field(None, ge=1, le=MAX_WORKERS)
    """Local worker processes (default: all cores; 1 runs in the calling process)."""

    @model_validator(mode="after")
    def _address(self) -> Execution:
        if self.scheduler is not None:
            try:
                scheduler_address(self.scheduler)
            except ValueError as exc:
                raise KeyProblem("scheduler", str(exc)) from None
        return self


class SweepSpec(Strict):
    """A sweep spec: many runs of one scenario, some of its keys varied."""

    title: str = Field(min_length=1, max_length=MAX_TITLE, pattern=r"\S")
    """A one-line title, the question the sweep answers."""
    question: str = Field("", max_length=MAX_TEXT)
    """The question at length, with the documents behind it."""
    scenario: str = Field(min_length=1, max_length=1000)
    """The base scenario: a shipped name (``istanbul-2022``) or a file, relative to the spec."""
    rounds: int | None = Field(None, ge=1, le=MAX_ROUNDS)
    """Rounds to run (default: the scenario's dated rounds); more runs past the documents."""
    until: dt.date | None = None
    """Run every design point to this date (sets the scenario's ``calendar.until``)."""
    replications: int = Field(1, ge=1, le=100_000)
    """Seeds per design point."""
    seed: int = Field(0, ge=0, le=MAX_SEED)
    """Replication ``r`` runs with seed ``seed + r``."""
    design: Design = Design()
    """How the design points are laid out."""
    parameters: dict[str, Parameter] = Field(
        min_length=1, json_schema_extra={"propertyNames": {"pattern": NAME.pattern}}
    )
    """The swept parameters, ``[parameters.NAME]`` tables."""
    report: Report = Report()
    """What ``peacesim report`` charts."""
    execution: Execution = Execution()
    """Where the runs go."""

    @model_validator(mode="after")
    def _cross_checks(self) -> SweepSpec:
        for name, parameter in self.parameters.items():
            if not NAME.match(name):
                raise KeyProblem(f"parameters.{name}", "a name of lower-case letters, digits, _")
            if self.design.kind == "grid" and not parameter.discrete:
                raise KeyProblem(
                    f"parameters.{name}",
                    "values, range with count, or choices (a grid design needs levels)",
                )
        if self.seed + self.replications - 1 > MAX_SEED:
            last = MAX_SEED - self.replications + 1
            raise KeyProblem("seed", f"a seed at most {last} (seed + replications - 1 < 2^63)")
        seen: dict[str, str] = {}
        for name, parameter in self.parameters.items():
            parts = parameter.path.split(".")
            for depth in range(1, len(parts) + 1):
                other = seen.get(".".join(parts[:depth]))
                if other is not None:  # the same path, or inside the other's
                    raise KeyProblem(
                        f"parameters.{name}.path", f"a path not set by parameters.{other} too"
                    )
            seen[parameter.path] = name
        for name, parameter in self.parameters.items():
            if any(p.startswith(f"{parameter.path}.") for p in seen):
                raise KeyProblem(f"parameters.{name}.path", "a path not inside another parameter's")
        outcome = self.report.outcome
        if isinstance(outcome, str) and outcome not in OUTCOMES:
            raise KeyProblem(
                "report.outcome",
                f"one of {', '.join(OUTCOMES)} or a table, got {shorten(repr(outcome))}"
                + suggest(outcome, OUTCOMES),
            )
        names = list(self.parameters)
        for i, axis in enumerate(self.report.heatmap or ()):
            if axis not in names:
                raise KeyProblem(
                    f"report.heatmap[{i}]",
                    f"a name from [parameters] ({', '.join(names)}), got {shorten(repr(axis))}"
                    + suggest(axis, names),
                )
        return self


def find_spec(name: str | Path) -> Path:
    """A sweep spec's file: a path, or the bare name of a shipped spec (``war-costs``);
    `name` itself if none exists."""
    return find_shipped(name, "experiments")


def read_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep spec (:mod:`sim.sweeps.runner` checks its scenario paths)."""
    return validate_as(SweepSpec, read_scenario_data(path, "sweep spec"), str(path))
