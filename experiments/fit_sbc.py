"""Simulation-based calibration of the fit: on records the model generates at known
values, does the posterior's 90% interval hold the true value?

    .venv/bin/python experiments/fit_sbc.py --posterior out/fit \\
        [--fits 20] [--runs 100] [--generations 3] [--out out/sbc]

The assumptions checked are those the fit on the real record (``--posterior``)
fitted: with ``peacesim fit``'s default, those its Morris screen of the record
kept (:mod:`sim.fit.screen`), the numbers the record should identify. Every
other assumption keeps its central value, in the synthetic runs and in the fits.
Fit ``i`` draws the true values and the synthetic record's seed with seed
``i`` (:func:`sim.fit.sbc.synthetic_problem`) and fits with seed ``i`` and the
fit's own procedure at smaller settings, in ``OUT/fit-i`` (rerun the command
to resume). Writes ``OUT/sbc.csv`` (one row per fit and assumption: the truth,
the interval, whether it holds it) and prints the coverage per assumption,
over all, the share of fits whose intervals all hold their truths, and the
posteriors' effective sample sizes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from sim.fit.posterior import load_posterior
from sim.fit.priors import FIT_ERA
from sim.fit.sbc import check
from sim.fit.settings import FitSettings
from sim.sweeps.runner import backend_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posterior", type=Path, required=True, help="the fit on the record")
    parser.add_argument("--fits", type=int, default=20)
    parser.add_argument("--runs", type=int, default=100, help="particles per generation")
    parser.add_argument("--generations", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("out/sbc"))
    args = parser.parse_args()
    chosen = list(load_posterior(args.posterior).priors)
    print("checked:", ", ".join(p.path for p in chosen))
    parts = []
    began = time.perf_counter()
    with backend_for(args.workers) as backend:
        for i in range(args.fits):
            settings = FitSettings(population=args.runs, generations=args.generations, seed=i)
            found = check(FIT_ERA, chosen, settings, args.out / f"fit-{i:02d}", backend)
            parts.append(found)
            print(f"fit {i}: {found['inside'].sum()} of {len(found)} inside", flush=True)
    table = pd.concat(parts, ignore_index=True)
    args.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out / "sbc.csv", index=False, float_format="%.6g")
    by_assumption = table.groupby("path")[["inside", "width_ratio"]].mean()
    print(by_assumption.round(3).to_string())
    whole = table.groupby("fit")["inside"].all().mean()
    effective = table.groupby("fit")["effective_size"].first()
    print(
        f"effective sample size of the posteriors: median {effective.median():.1f}, "
        f"least {effective.min():.1f} of {args.runs}"
    )
    print(
        f"coverage of the 90% intervals: {table['inside'].mean():.3f} over "
        f"{len(table)} (fit, assumption) pairs; all inside in {whole:.2f} of {args.fits} fits; "
        f"{table.groupby('fit')['evaluations'].first().sum():,} runs, "
        f"{(time.perf_counter() - began) / 60:.1f} min"
    )


if __name__ == "__main__":
    main()
