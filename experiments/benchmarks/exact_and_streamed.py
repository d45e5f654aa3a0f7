"""Time the exact Minkowski frontier and the streamed whole-space analysis.

Run: python experiments/benchmarks/exact_and_streamed.py [--repeat 5] [--exponent 8]

1. The full agenda of seeds/issues.toml (Russia and Ukraine calibrated as for
   istanbul-2022, disagreement point as in bilateral_domains.py): the exact frontier,
   Nash and Kalai-Smorodinsky by Minkowski sums, and the zone count (which
   needs enumeration) streamed; the two frontiers are checked equal.
2. A random 30-issue, 10-level domain (10**30 outcomes): the exact frontier.
3. A random 10**exponent domain: the streamed analysis (both utilities, zone
   count, frontier, Nash, KS) for several chunk sizes, each in a fresh
   process for its peak memory.

Prints best-of-`repeat` wall times (the machine is shared).
"""

from __future__ import annotations

import argparse
import platform

import numpy as np
from bilateral_domains import TALKS_DISAGREEMENT, talks_parties
from measure import best_of, in_fresh_process

from sim.calibration import load_issues
from sim.core import kalai_smorodinsky, nash_bargaining
from sim.core.minkowski_frontier import minkowski_frontier, zone_is_open
from sim.core.streaming import analyse_streamed
from sim.core.utility import AdditiveUtility


def random_parties(n_issues: int, levels: int, seed: int = 0) -> list[AdditiveUtility]:
    rng = np.random.default_rng(seed)
    return [
        AdditiveUtility(
            rng.dirichlet(np.ones(n_issues)),
            tuple(rng.uniform(size=levels) for _ in range(n_issues)),
            tuple(rng.uniform(size=levels) < 0.05 for _ in range(n_issues)),
        )
        for _ in range(2)
    ]


def full_agenda(repeat: int) -> None:
    agenda = list(load_issues())
    parties = talks_parties(agenda)
    d = np.array(TALKS_DISAGREEMENT)
    size = int(np.prod(parties[0].radices))

    def exact():
        front = minkowski_frontier(*parties)
        return front, nash_bargaining(front.U, d), kalai_smorodinsky(front.U, d)

    t_exact, (front, nash, ks) = best_of(repeat, exact)
    t_stream, streamed = best_of(max(1, repeat // 2), lambda: analyse_streamed(parties, d))
    same = np.array_equal(front.U, np.unique(streamed.front_U, axis=0))
    print(f"Full agenda: {len(agenda)} issues, {size:,} packages, reservations {d}")
    print(f"  exact frontier + Nash + KS (Minkowski)   {t_exact * 1000:9.1f} ms")
    print(f"  streamed zone count + frontier + Nash/KS {t_stream * 1000:9.1f} ms")
    print(
        f"  frontier {len(front.U)} points (equal to the streamed one: {same}); "
        f"zone open {zone_is_open(front, d)}, {streamed.zone_size:,} packages; "
        f"Nash {front.U[nash] if nash is not None else None}, "
        f"KS {front.U[ks] if ks is not None else None}"
    )


def thirty_issues(repeat: int) -> None:
    parties = random_parties(30, 10)
    seconds, front = best_of(repeat, lambda: minkowski_frontier(*parties))
    print(
        f"Random 30 issues x 10 levels (10**30 outcomes): exact frontier {seconds * 1000:.1f} ms,"
    )
    print(f"  {len(front.U)} points")


def streamed_job(exponent: int, chunk: int, repeat: int) -> tuple[float, int, int]:
    """One chunk size, run by a fresh process: seconds, zone size, frontier size."""
    parties = random_parties(exponent, 10, seed=1)
    d = np.array([0.4, 0.4])
    seconds, result = best_of(repeat, lambda: analyse_streamed(parties, d, chunk=chunk))
    return seconds, result.zone_size, int(result.front_index.size)


def streamed(exponent: int, repeat: int) -> None:
    print(f"Streamed analysis of 10**{exponent} outcomes (2 parties, red lines), one core:")
    print(f"  {'chunk':>9} {'seconds':>8} {'peak MiB':>9} {'zone':>12} {'frontier':>8}")
    for chunk in (1 << 14, 1 << 16, 1 << 18, 1 << 20):
        job = ("exact_and_streamed", "streamed_job", exponent, chunk, repeat)
        (seconds, zone, front), peak = in_fresh_process(*job)
        print(f"  {chunk:>9,} {seconds:8.2f} {peak:9.0f} {zone:>12,} {front:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--exponent", type=int, default=8)
    args = parser.parse_args()
    print(f"{platform.machine()}, numpy {np.__version__}; best of {args.repeat}")
    full_agenda(args.repeat)
    thirty_issues(args.repeat)
    streamed(args.exponent, max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
