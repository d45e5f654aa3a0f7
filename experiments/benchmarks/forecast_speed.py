"""Time the expected-utility model on one issue of many actors (30 by default).

Run: python experiments/benchmarks/forecast_speed.py [--actors 30] [--issues 20] [--repeat 7]

Draws `issues` random issues (positions on 0-100, saliences, capabilities),
plays the model until no position moves or the 10-round cap (the default),
and prints the best of `repeat` runs of the whole batch per issue and per
round (the minimum is the least disturbed run on a shared machine), beside
one round alone and the compromise model. Also times the whole DEU III file
of experiments/data (188 issues of up to 30 actors) under every model.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from sim.core.compromise import weighted_mean
from sim.core.expected_utility import EUParameters, expected_utility_forecast
from sim.forecast.deu import read_deu
from sim.forecast.models import MODELS, forecast_deu

DEU_FILE = Path(__file__).resolve().parents[1] / "data" / "deu3-train.csv"


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The shortest of `repeat` timings of `work`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=30)
    parser.add_argument("--issues", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    shape = (args.issues, args.actors)
    x, s, c = rng.uniform(0, 100, shape), rng.uniform(0.1, 1, shape), rng.uniform(0.1, 10, shape)
    issues = list(zip(x, s, c, strict=True))
    rounds = sum(expected_utility_forecast(*issue).rounds for issue in issues)
    one_round = EUParameters(max_rounds=1)
    settle = best_of(args.repeat, lambda: [expected_utility_forecast(*i) for i in issues])
    single = best_of(
        args.repeat, lambda: [expected_utility_forecast(*i, one_round) for i in issues]
    )
    mean = best_of(args.repeat, lambda: [weighted_mean(xi, ci * si) for xi, si, ci in issues])
    deu = read_deu(DEU_FILE)
    deu_times = {
        m: best_of(max(1, args.repeat // 3), lambda m=m: forecast_deu(deu, m)) for m in MODELS
    }
    print(f"{platform.processor() or platform.machine()}, numpy {np.__version__}")
    print(f"{args.actors} actors, {args.issues} random issues, best of {args.repeat}:")
    per_issue = 1e3 * settle / args.issues
    print(
        f"  to a stop or the {EUParameters().max_rounds}-round cap "
        f"(mean {rounds / args.issues:.1f} rounds): {per_issue:.2f} ms per issue"
    )
    print(f"  one round: {1e3 * single / args.issues:.2f} ms per issue")
    print(f"  compromise model: {1e6 * mean / args.issues:.1f} us per issue")
    print(f"DEU III file, {deu.issue.size} issues:")
    for model, seconds in deu_times.items():
        print(f"  {model}: {seconds:.3f} s")


if __name__ == "__main__":
    main()
