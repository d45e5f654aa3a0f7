"""Run past the documents: how likely is the full package by each round?

Each shipped scenario is run for many rounds beyond its dated meetings, over
seeds alone (the central calibration: only the battlefield's luck varies)
and over the assumption ranges too (Latin hypercube x seeds, as in the
back-test). The curve ``P(package agreed by round k)`` is the share of runs
whose package closed in round ``k`` or earlier.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.backtest.run import backtest_sweep, documented_scenarios
from sim.sweeps.runner import Backend, run_sweep

#: The two sources of uncertainty compared: seeds alone, and the assumption ranges too.
VARIANTS = {"seeds": 0.0, "seeds and assumptions": 1.0}


def agreed_by_round(agreement_rounds: np.ndarray, horizon: int) -> np.ndarray:
    """``P(package agreed by round k)`` for ``k = 1..horizon``; NaN rounds never agreed.

    >>> agreed_by_round(np.array([2.0, np.nan, 3.0, 2.0]), 4).tolist()
    [0.0, 0.5, 0.75, 0.75]
    """
    rounds = np.asarray(agreement_rounds, dtype=float)
    k = np.arange(1, horizon + 1)
    closed = np.where(np.isnan(rounds), np.inf, rounds)
    return (closed[None, :] <= k[:, None]).mean(axis=1)


def horizon_table(
    out: Path, horizon: int, runs: int, backend: Backend, progress: bool = True
) -> pd.DataFrame:
    """One row per scenario, variant and round k: the share of runs agreed by round k."""
    rows = []
    for scenario in documented_scenarios():
        for variant, spread in VARIANTS.items():
            sweep = backtest_sweep(scenario, runs, spread, rounds=horizon)
            folder = out / "runs" / f"{scenario.name}-{variant.replace(' ', '-')}-n{runs}"
            store = run_sweep(sweep, folder, backend, progress=progress)
            curve = agreed_by_round(store.load()["agreement_round"].to_numpy(), horizon)
            rows += [
                {"scenario": scenario.name, "variant": variant, "round": k, "p_agreed": p}
                for k, p in enumerate(curve, start=1)
            ]
    return pd.DataFrame(rows)
