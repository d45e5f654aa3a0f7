"""ABC-SMC (pyabc) of the undocumented numbers on the documented record of an era.

The procedure (approximate Bayesian computation by sequential Monte Carlo:
Toni et al. 2009, J. R. Soc. Interface 6; Beaumont et al. 2009, Biometrika
96; as implemented by pyabc, Klinger, Rickert & Hasenauer 2018):

* **Parameters and priors**: every assumption the era's runs sample, uniform
  over its range, sampled as the normal score of the range (:mod:`sim.fit.priors`).
* **Data**: the era's record as a vector of statuses per meeting and issue and
  the talks' status per meeting (:mod:`sim.fit.evidence`).
* **Model**: one run of each of the era's documented scenarios
  (:mod:`sim.fit.simulate`); **distance**: the share of the record a run
  gets wrong (:func:`sim.fit.evidence.record_distance`).
* **Generations**: the threshold of generation 0 is the median distance of a
  prior sample as large as a generation; generation 0 accepts prior draws
  within it. Each later generation proposes particles of the last one moved
  by a multivariate normal kernel (pyabc's ``MultivariateNormalTransition``:
  the weighted covariance scaled by Silverman's rule), or draws from the prior
  with probability :data:`~sim.fit.transition.DEFENSIVE_SHARE` (a defensive
  mixture, :mod:`sim.fit.transition`), runs the model, accepts
  a run whose distance is at most the threshold, and weights each accepted
  particle by prior density over proposal density. The threshold is the
  weighted median of the last generation's distances (pyabc's
  ``QuantileEpsilon``); the distance takes few values, so where ties hold
  that median at the last threshold it steps to the largest distance below
  it (:func:`threshold`).
* **Stopping**: after `generations`, when a generation's acceptance rate
  falls below `min_acceptance`, when the threshold reaches 0, or when no
  accepted run lies below the threshold (no next threshold).

Every generation runs in a fresh ``ABCSMC`` loaded from pyabc's database,
with every simulation seeded (:mod:`sim.fit.sampling`): a fit that is
interrupted resumes from its last finished generation and follows the path
an uninterrupted fit would, and the same command gives the same posterior on
any number of workers.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyabc
import pyarrow as pa
import pyarrow.parquet as pq
from pyabc.weighted_statistics import weighted_quantile as pyabc_quantile

from sim.calibration.provenance import canonical_json, content_hash, package_version
from sim.calibration.seeds import seeds_fingerprint
from sim.fit.evidence import KEY, record_distance
from sim.fit.posterior import DATABASE, META_COLUMNS, PARTICLES, SUMMARY
from sim.fit.priors import FIT_ERA, Prior, era_scenarios, fit_priors
from sim.fit.sampling import SeededSampling, seeded_sampler
from sim.fit.settings import FitSettings
from sim.fit.simulate import Simulator, load_era
from sim.fit.transition import DEFENSIVE_SHARE, DefensiveTransition
from sim.sweeps.runner import Backend

#: The quantile of the last generation's distances that sets the next threshold.
THRESHOLD_QUANTILE = 0.5


class FitError(ValueError):
    """A fit that cannot start or go on; the message is one line for the user."""


@dataclass(frozen=True)
class Problem:
    """What is fitted: the priors and the observed record (every other assumption
    keeps its central value)."""

    era: str
    priors: tuple[Prior, ...]
    observed: np.ndarray
    statuses: int  # entries of the record that are status codes (the rest: talks)
    record_sha256: str
    chosen_by: str = "every assumption the era's runs sample"

    def keeping(self, paths: Collection[str], chosen_by: str) -> Problem:
        """The same record, fitting only the priors at `paths` (the rest central)."""
        priors = tuple(p for p in self.priors if p.path in set(paths))
        return replace(self, priors=priors, chosen_by=chosen_by)


def record_problem(era: str = FIT_ERA) -> Problem:
    """Every sampled assumption of `era`, fitted on its documented record."""
    evidence = load_era(era).evidence
    priors = tuple(fit_priors(era_scenarios(era)))
    return Problem(era, priors, evidence.observed(), len(evidence.outcomes), evidence.digest())


@dataclass(frozen=True)
class RecordDistance:
    """pyabc's distance between two summary statistics: :func:`record_distance`."""

    statuses: int

    def __call__(self, x: dict[str, np.ndarray], x_0: dict[str, np.ndarray]) -> float:
        return record_distance(x[KEY], x_0[KEY], self.statuses)


def threshold(distances: np.ndarray, weights: np.ndarray, previous: float | None) -> float:
    """The next acceptance threshold: the weighted median of `distances` (pyabc's
    interpolated weighted quantile), or, if that does not fall below the
    `previous` threshold, the largest distance below it (`previous` if none is)."""
    d = np.asarray(distances, dtype=float)
    w = np.asarray(weights, dtype=float)
    median = float(pyabc_quantile(d, w / w.sum(), alpha=THRESHOLD_QUANTILE))
    if previous is None or median < previous:
        return median
    below = d[d < previous]
    return float(below.max()) if below.size else previous


class SteppedMedianEpsilon(pyabc.QuantileEpsilon):
    """pyabc's weighted-median threshold, stepped down past ties (:func:`threshold`).

    `previous` is the threshold of the generation before the first this
    object sets (read from the database, so a resumed fit sets the same).
    """

    def __init__(self, previous: float | None) -> None:
        super().__init__(initial_epsilon="from_sample", alpha=THRESHOLD_QUANTILE, weighted=True)
        self.previous = previous

    def _update(self, t: int, weighted_distances: pd.DataFrame) -> None:
        last = self._look_up.get(t - 1, self.previous)
        self._look_up[t] = threshold(
            weighted_distances["distance"].to_numpy(), weighted_distances["w"].to_numpy(), last
        )


@dataclass(frozen=True)
class Generation:
    """One finished generation, as stored."""

    generation: int
    epsilon: float
    evaluations: int
    accepted: int

    @property
    def acceptance(self) -> float:
        return self.accepted / self.evaluations


@dataclass(frozen=True)
class FitResult:
    folder: Path
    generations: tuple[Generation, ...]
    calibration: int  # runs of the prior sample that set the first threshold
    stopped: str  # why the fit stopped
    seconds: float  # wall time of the generations run by this call
    started: int  # simulations this call started (some past a generation's end, discarded)

    @property
    def evaluations(self) -> int:
        return self.calibration + sum(g.evaluations for g in self.generations)

    def summary(self) -> dict[str, Any]:
        """The numbers the fit is reported by (no timings: they differ between runs)."""
        last = self.generations[-1]
        return {
            "generations": len(self.generations),
            "final_epsilon": last.epsilon,
            "final_acceptance": last.acceptance,
            "acceptance": sum(g.accepted for g in self.generations)
            / sum(g.evaluations for g in self.generations),
            "evaluations": self.evaluations,
            "stopped": self.stopped,
        }


def identity(problem: Problem, settings: FitSettings) -> dict[str, Any]:
    """What makes two fits the same fit: settings, priors, data, seeds, pyabc's version."""
    return {
        "era": problem.era,
        "settings": settings.path(),
        "priors": [asdict(p) for p in problem.priors],
        "chosen_by": problem.chosen_by,
        "observed": problem.observed.tolist(),
        "record_sha256": problem.record_sha256,
        "seeds_sha256": seeds_fingerprint(),
        "pyabc": metadata.version("pyabc"),
        "procedure": {
            "transition": "MultivariateNormalTransition (Silverman), mixed with the prior "
            f"at {DEFENSIVE_SHARE}",
            "latent": "normal scores of each range",
            "threshold": f"weighted quantile {THRESHOLD_QUANTILE}, stepped past ties",
            "distance": "share of the record missed (sim.fit.evidence)",
            "sampler": "evaluation-parallel, seeded per simulation (sim.fit.sampling)",
        },
    }


def provenance(problem: Problem, settings: FitSettings, command: list[str]) -> dict[str, Any]:
    """The fit's provenance: versions, hashes of the seeds, the record and the
    scenarios, pyabc's settings, the seed and the command (no timestamps)."""
    return {
        "package": "peacesim",
        "version": package_version(),
        "pyabc": metadata.version("pyabc"),
        "seeds_sha256": seeds_fingerprint(),
        "record_sha256": problem.record_sha256,
        "scenarios_sha256": {s.name: content_hash(s) for s in load_era(problem.era).scenarios},
        "settings": asdict(settings),
        "seed": settings.seed,
        "command": command,
    }


def _open(folder: Path, ident: dict[str, Any]) -> str:
    """The database URL of the fit in `folder`, checked to be this fit if it exists."""
    folder.mkdir(parents=True, exist_ok=True)
    summary, database = folder / SUMMARY, folder / DATABASE
    if summary.is_file():
        stored = json.loads(summary.read_text(encoding="utf-8")).get("identity")
        if stored != json.loads(canonical_json(ident)):
            raise FitError(
                f"{folder}: holds another fit (other settings, seeds or record); "
                "use another --out folder"
            )
    elif database.exists():
        raise FitError(f"{folder}: holds a pyabc database without its {SUMMARY}")
    else:
        _write_json(summary, {"identity": ident, "status": "running"})
    return f"sqlite:///{database.resolve()}"


def _stored(history: pyabc.History) -> tuple[int, list[Generation]]:
    """The calibration runs and the finished generations in the database."""
    table = history.get_all_populations()
    calibration = int(table.loc[table["t"] == pyabc.History.PRE_TIME, "samples"].sum())
    rows = table[table["t"] >= 0].sort_values("t")
    return calibration, [
        Generation(int(r.t), float(r.epsilon), int(r.samples), int(r.particles))
        for r in rows.itertuples()
    ]


def stop_reason(
    generations: list[Generation], settings: FitSettings, distances: pd.DataFrame
) -> str | None:
    """Why the fit stops after its last generation, whose accepted particles'
    `distances` (columns ``distance``, ``w``) are given (None: it goes on)."""
    last = generations[-1]
    if len(generations) >= settings.generations:
        return f"generation limit ({settings.generations})"
    if last.acceptance < settings.min_acceptance:
        return f"acceptance below {settings.min_acceptance:g}"
    if last.epsilon <= 0:
        return "threshold 0: runs reproduce the record"
    spent = sum(g.evaluations for g in generations)
    predicted = predicted_runs(generations, settings.population)
    if spent + predicted > settings.max_runs:
        return f"the next generation (~{predicted:,} runs) would pass {settings.max_runs:,} runs"
    d, w = distances["distance"].to_numpy(), distances["w"].to_numpy()
    if threshold(d, w, last.epsilon) >= last.epsilon:
        return "no accepted run below the threshold"
    return None


def predicted_runs(generations: Sequence[Generation], population: int) -> int:
    """The runs the next generation is expected to take: ``population / a``.

    Its acceptance rate ``a`` is extrapolated geometrically from the last two,
    ``a = a_t * min(1, a_t / a_{t-1})`` (a lower threshold never accepts a
    larger share; after one generation, ``a = a_t``). An extrapolation, not a
    bound: each threshold is the median of the last generation's distances,
    and in this project's fits the share accepted has fallen by a factor of
    0.3 to 0.7 a generation (0.62, 0.45, 0.17, 0.053 in the 2022 fit of
    issue 19).

    >>> predicted_runs([Generation(0, 0.1, 1000, 500), Generation(1, 0.05, 2000, 500)], 500)
    4000
    """
    last = generations[-1].acceptance
    decay = min(1.0, last / generations[-2].acceptance) if len(generations) > 1 else 1.0
    return math.ceil(population / (last * decay))


def _abc(problem: Problem, settings: FitSettings, sampler: SeededSampling, previous: float | None):
    # A standard normal on the normal scores is the uniform prior on the range.
    priors = {p.path: pyabc.RV("norm", 0.0, 1.0) for p in problem.priors}
    return pyabc.ABCSMC(
        Simulator(problem.era, problem.priors),
        pyabc.Distribution(**priors),
        RecordDistance(problem.statuses),
        population_size=settings.population,
        transitions=DefensiveTransition(),
        eps=SteppedMedianEpsilon(previous),
        sampler=sampler,
    )


def run_fit(
    problem: Problem,
    settings: FitSettings,
    folder: Path,
    backend: Backend,
    command: list[str],
    report: Callable[[Generation], None] = lambda g: None,
) -> FitResult:
    """Fit `problem` into `folder` (resuming what its database holds); write the
    posterior (:data:`PARTICLES`) and the summary (:data:`SUMMARY`)."""
    logging.getLogger("ABC").setLevel(logging.WARNING)  # pyabc reports every step at INFO
    ident = identity(problem, settings)
    database = _open(folder, ident)
    sampler = seeded_sampler(backend, settings.seed)
    began = time.perf_counter()
    while True:
        history = pyabc.History(database)
        fresh = not history.all_runs()
        calibration, generations = (0, []) if fresh else _stored(history)
        if generations:
            last = history.get_weighted_distances(t=generations[-1].generation)
            reason = stop_reason(generations, settings, last)
            if reason is not None:
                break
        abc = _abc(problem, settings, sampler, generations[-1].epsilon if generations else None)
        if fresh:
            abc.new(database, {KEY: problem.observed})
        else:
            abc.load(database, 1)
        t = len(generations)
        # The main process proposes nothing, but seed it too: a generation is a
        # function of the seed wherever pyabc draws (pyabc draws from numpy's global state).
        main_state = np.random.SeedSequence([settings.seed, t + 1, 2**32]).generate_state(4)
        np.random.seed(main_state)  # noqa: NPY002
        abc.run(max_nr_populations=1)
        report(_stored(pyabc.History(database))[1][-1])
    result = FitResult(
        folder,
        tuple(generations),
        calibration,
        reason,
        time.perf_counter() - began,
        getattr(sampler, "started", 0),
    )
    _write_outputs(result, history, problem, provenance(problem, settings, command), ident)
    return result


def _particles(history: pyabc.History, problem: Problem) -> pd.DataFrame:
    """Every generation's particles: generation, particle, weight, distance, values."""
    paths = [p.path for p in problem.priors]
    parts = []
    # pyabc holds the normal scores; the table holds the assumptions' values.
    for t in range(history.max_t + 1):
        population = history.get_population(t=t)
        rows = [
            {
                "generation": t,
                "particle": i,
                "weight": float(p.weight),
                "distance": float(p.distance),
                **{q.path: float(q.from_latent(p.parameter[q.path])) for q in problem.priors},
            }
            for i, p in enumerate(population.particles)
        ]
        parts.append(pd.DataFrame(rows, columns=[*META_COLUMNS, *paths]))
    return pd.concat(parts, ignore_index=True)


def _write_outputs(
    result: FitResult,
    history: pyabc.History,
    problem: Problem,
    about: dict[str, Any],
    ident: dict[str, Any],
) -> None:
    table = pa.Table.from_pandas(_particles(history, problem), preserve_index=False)
    table = table.replace_schema_metadata({"peacesim": canonical_json(about)})
    tmp = result.folder / f".{PARTICLES}.tmp"
    pq.write_table(table, tmp)
    tmp.replace(result.folder / PARTICLES)
    _write_json(
        result.folder / SUMMARY,
        {
            "identity": ident,
            "status": "finished",
            "provenance": about,
            "priors": [asdict(p) for p in problem.priors],
            "calibration_evaluations": result.calibration,
            "generations": [{**asdict(g), "acceptance": g.acceptance} for g in result.generations],
            "result": result.summary(),
        },
    )


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)
