"""Time the numeric core on one million outcomes of two parties.

Run: python experiments/benchmarks/core_million.py [--outcomes-exponent 6] [--repeat 5]

Builds a 10**n outcome space (n issues of 10 levels), two random additive
utilities with red lines, and times each step: decoding the space, the
utilities, the agreement zone, the Pareto frontier, Nash and Kalai-Smorodinsky.
Prints the best of `repeat` runs for each step (the usual way to time code
on a shared machine: the minimum is the least disturbed run).
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from sim.core import (
    AdditiveUtility,
    OutcomeSpace,
    agreement_zone,
    kalai_smorodinsky,
    nash_bargaining,
    pareto_front,
    utility_matrix,
)


def random_utility(rng: np.random.Generator, radices: tuple[int, ...]) -> AdditiveUtility:
    weights = rng.dirichlet(np.ones(len(radices)))
    values = tuple(rng.uniform(size=r) for r in radices)
    red_lines = tuple(rng.uniform(size=r) < 0.05 for r in radices)
    return AdditiveUtility(weights, values, red_lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outcomes-exponent", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    space = OutcomeSpace((10,) * args.outcomes_exponent)
    parties = [random_utility(rng, space.radices) for _ in range(2)]
    d = np.array([0.4, 0.4])

    steps = {}

    def timed(name, fn):
        best = np.inf
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - start)
        steps[name] = best
        return result

    levels = timed("decode outcome space", lambda: space.decode(np.arange(space.size)))
    U = timed("utilities (2 parties)", lambda: utility_matrix(parties, levels))
    zone = timed("agreement zone", lambda: agreement_zone(U, d))
    front = timed("Pareto frontier", lambda: pareto_front(U))
    nash = timed("Nash bargaining", lambda: nash_bargaining(U, d))
    ks = timed("Kalai-Smorodinsky", lambda: kalai_smorodinsky(U, d))

    print(f"{space.size:,} outcomes, 2 parties; {platform.machine()}, numpy {np.__version__}")
    print(
        f"zone {zone.sum():,} outcomes, frontier {front.size} points, Nash row {nash}, KS row {ks}"
    )
    for name, seconds in steps.items():
        print(f"  {name:<24} {seconds * 1000:8.1f} ms")
    core = sum(v for k, v in steps.items() if k != "decode outcome space")
    print(f"  {'total (excl. decode)':<24} {core * 1000:8.1f} ms")
    print(f"  {'total':<24} {sum(steps.values()) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
