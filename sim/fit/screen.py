"""Which assumptions the record depends on: a Morris screen of the fit's distance.

ABC-SMC with importance weights degenerates when it fits many numbers the
data barely touch: in 37 dimensions the weights of a 2022 fit collapsed
onto one particle (docs/explanation/fit.md). The standard remedy is factor
fixing (Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*,
ch. 3): screen every assumption by its effect on the quantity fitted, fit
those with an effect, and keep the others at their central values.

The screen is Morris's (1991, *Technometrics* 33) with the trajectories of
Campolongo, Cariboni & Saltelli (2007, *Environ. Model. Softw.* 22), through
SALib: `trajectories` paths of ``d + 1`` points on a grid of
:data:`~sim.sweeps.design.MORRIS_LEVELS` levels of each prior's quantile,
each step moving one assumption. The output at a point is the mean distance
to the record (:func:`sim.fit.evidence.record_distance`) over `replicates`
seeds; every point of a trajectory uses the same seeds (common random
numbers), so an elementary effect compares like with like. An assumption
is **kept** when its ``mu*`` (the mean absolute elementary effect) reaches
:data:`KEEP_SHARE` of the largest.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from SALib.sample import morris as morris_sample

from sim.calibration.provenance import canonical_json
from sim.fit.evidence import record_distance
from sim.fit.priors import Prior
from sim.fit.sampling import executor_of
from sim.fit.simulate import SEED_BOUND, era_record
from sim.sweeps.design import MORRIS_LEVELS, unit_box
from sim.sweeps.report import morris_table
from sim.sweeps.runner import Backend

#: An assumption is fitted when its mu* is at least this share of the largest.
KEEP_SHARE = 0.25
#: Points simulated per job sent to a worker.
CHUNK = 16
#: The screen's table and what it was computed from, kept in a fit's folder.
STORED = "screen.json"


@dataclass(frozen=True)
class ScreenSettings:
    """How the screen runs (``peacesim fit`` sets the trajectories)."""

    trajectories: int
    replicates: int = 4
    seed: int = 0


def unit_design(priors: Sequence[Prior], settings: ScreenSettings) -> np.ndarray:
    """The Morris design on the priors' quantiles: ``trajectories * (d + 1)`` rows."""
    return morris_sample.sample(
        unit_box([p.path for p in priors]),
        settings.trajectories,
        num_levels=MORRIS_LEVELS,
        seed=settings.seed,
    )


def point_seeds(settings: ScreenSettings, dimensions: int) -> np.ndarray:
    """The run seeds of every design point (rows) and replicate (columns): one set per
    trajectory, shared by its ``dimensions + 1`` points."""
    per_trajectory = np.array(
        [
            np.random.SeedSequence([settings.seed, t]).generate_state(settings.replicates)
            for t in range(settings.trajectories)
        ],
        dtype=np.int64,
    ).reshape(settings.trajectories, settings.replicates)
    return np.repeat(per_trajectory % SEED_BOUND, dimensions + 1, axis=0)


def mean_distances(
    era: str,
    priors: Sequence[Prior],
    unit: np.ndarray,
    seeds: np.ndarray,
    observed: np.ndarray,
    statuses: int,
) -> np.ndarray:
    """The mean distance to `observed` at each row of `unit` (quantiles of `priors`),
    over that row's `seeds`."""
    out = np.empty(len(unit))
    for i, (u, row_seeds) in enumerate(zip(unit, seeds, strict=True)):
        values = {p.path: float(p.from_uniform(q)) for p, q in zip(priors, u, strict=True)}
        out[i] = np.mean(
            [
                record_distance(era_record(era, values, int(s)), observed, statuses)
                for s in row_seeds
            ]
        )
    return out


def screen(
    era: str,
    priors: Sequence[Prior],
    observed: np.ndarray,
    statuses: int,
    settings: ScreenSettings,
    backend: Backend,
) -> pd.DataFrame:
    """Morris effects of every prior on the distance to `observed`, one row per prior
    (``path``, ``mu_star``, ``mu_star_conf``, ``sigma``, ``mu``, ``kept``), by mu*."""
    unit = unit_design(priors, settings)
    seeds = point_seeds(settings, len(priors))
    executor = executor_of(backend)
    jobs = [
        executor.submit(
            mean_distances,
            era,
            tuple(priors),
            unit[start : start + CHUNK],
            seeds[start : start + CHUNK],
            observed,
            statuses,
        )
        for start in range(0, len(unit), CHUNK)
    ]
    y = np.concatenate([job.result() for job in jobs])
    return effects(priors, unit, y, settings.seed)


def effects(priors: Sequence[Prior], unit: np.ndarray, y: np.ndarray, seed: int) -> pd.DataFrame:
    """SALib's Morris analysis of outputs `y` at the design `unit`
    (:func:`sim.sweeps.report.morris_table`), each prior kept by :data:`KEEP_SHARE`."""
    table = morris_table([p.path for p in priors], unit, y, seed).rename(
        columns={"parameter": "path"}
    )
    table["kept"] = table["mu_star"] >= KEEP_SHARE * table["mu_star"].max()
    return table.sort_values(["mu_star", "path"], ascending=[False, True], ignore_index=True)


def screen_identity(
    era: str, priors: Sequence[Prior], observed: np.ndarray, settings: ScreenSettings, **hashes: str
) -> dict[str, Any]:
    """What makes two screens the same screen: the era, priors, record, settings, the
    rule that keeps an assumption and the `hashes` of the inputs (seeds, record)."""
    return {
        "era": era,
        "priors": [asdict(p) for p in priors],
        "observed": observed.tolist(),
        "settings": asdict(settings),
        "keep_share": KEEP_SHARE,
        **hashes,
    }


def store_screen(folder: Path, identity: dict[str, Any], table: pd.DataFrame) -> None:
    """Keep `table` in `folder` with its `identity`, losslessly (JSON floats round-trip),
    so that a fit resumed after an interruption does not screen again."""
    record = {"identity": identity, "table": table.to_dict(orient="list")}
    (folder / STORED).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def stored_screen(folder: Path, identity: dict[str, Any]) -> pd.DataFrame | None:
    """The screen kept in `folder` if it was computed from `identity`, else None."""
    path = folder / STORED
    if not path.is_file():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    if record.get("identity") != json.loads(canonical_json(identity)):
        return None
    return pd.DataFrame(record["table"])
