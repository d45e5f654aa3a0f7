"""peacesim and NegMAS 0.16 side by side on the same bilateral domains.

Run (needs the ``bench`` extra: ``pip install -e ".[bench]"``):

    python experiments/benchmarks/negmas_side_by_side.py [--repeat 3] [--max-exponent 7]
    python experiments/benchmarks/negmas_side_by_side.py \
        --write-reference tests/data/negmas_reference.json

Domains: an 8-issue domain modelled on the talks (Russia and Ukraine over the
first eight issues of the istanbul-2022 agenda, calibrated as of 2022-03-21,
red lines and reservations included) and random linear-additive domains of
10**4 .. 10**max_exponent outcomes (issues of 10 levels, no red lines).

1. Identity: both give the same Pareto frontier (as utility pairs; NegMAS
   keeps only the individually rational part, so ours is cut the same way) and
   the same Nash point. Red lines enter NegMAS as a thin utility function that
   returns 0 for an outcome crossing one (and clips to [0, 1], as peacesim).
2. Figures, best of `repeat`, for both and their ratio: utilities of every
   outcome, the frontier from the utility functions, the frontier by Minkowski
   sums (peacesim only, against NegMAS's frontier), Nash and
   Kalai-Smorodinsky given the frontier, and 200 time-based negotiations of
   100 steps (Boulware against Conceder) on the talks and 10**4 domains.
3. Scaling: outcomes against time and peak memory of the whole analysis
   (frontier, Nash, KS; peacesim also counts the zone, streamed), each
   library and size in a fresh process.

The two negotiation protocols are not the same algorithm (NegMAS's time-based
negotiators offer the outcome at the low end of their aspiration band,
peacesim's offer the trade-off outcome), so their agreements are reported, not
compared. Kalai-Smorodinsky differs by definition (NegMAS minimises the spread
of gain ratios against each party's best over all outcomes, peacesim
maximises the smallest ratio against the best individually rational one), so
it is timed, not compared.
"""

from __future__ import annotations

import argparse
import json
import platform
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from bilateral_domains import (
    NEGOTIATIONS,
    STEPS,
    Domain,
    enumerated_front,
    negotiations,
    random_domain,
    talks_domain,
    utilities,
)
from measure import best_of, in_fresh_process
from negmas import (
    BoulwareTBNegotiator,
    ConcederTBNegotiator,
    LinearAdditiveUtilityFunction,
    SAOMechanism,
    make_issue,
    make_os,
)
from negmas import __version__ as negmas_version
from negmas.preferences import UtilityFunction
from negmas.preferences.ops import ks_points, nash_points, pareto_frontier
from negmas.preferences.value_fun import TableFun

from sim.core import kalai_smorodinsky, minkowski_frontier, nash_bargaining

# --- NegMAS ---------------------------------------------------------------


class RedLinedUtility(UtilityFunction):
    """A NegMAS utility: 0 for an outcome crossing a red line, else the linear sum in [0, 1]."""

    def __init__(self, inner: LinearAdditiveUtilityFunction, red_lines, **kwargs) -> None:
        super().__init__(outcome_space=inner.outcome_space, **kwargs)
        self.inner = inner
        self.ruled_out = [set(np.flatnonzero(m).tolist()) for m in red_lines]

    def eval(self, offer):
        if offer is None:
            return self.reserved_value
        if any(level in bad for level, bad in zip(offer, self.ruled_out, strict=True)):
            return 0.0
        return min(max(self.inner.eval(offer), 0.0), 1.0)


@dataclass
class NegmasDomain:
    outcome_space: object
    ufuns: list
    linear: bool


def negmas_domain(domain: Domain) -> NegmasDomain:
    issues = [make_issue(r, name=f"issue{j}") for j, r in enumerate(domain.parties[0].radices)]
    space = make_os(issues)
    ufuns = []
    for party, r in zip(domain.parties, domain.reservation, strict=True):
        values = [TableFun(dict(enumerate(v.tolist()))) for v in party.values]
        linear = LinearAdditiveUtilityFunction(
            values=values, weights=party.weights.tolist(), outcome_space=space, reserved_value=r
        )
        crossed = party.red_lines is not None and any(m.any() for m in party.red_lines)
        ufuns.append(
            RedLinedUtility(linear, party.red_lines, reserved_value=r) if crossed else linear
        )
    linear = all(isinstance(u, LinearAdditiveUtilityFunction) for u in ufuns)
    return NegmasDomain(space, ufuns, linear)


def negmas_utilities(nd: NegmasDomain) -> np.ndarray:
    return np.array([[u(o) for u in nd.ufuns] for o in nd.outcome_space.enumerate()])


def negmas_front(nd: NegmasDomain):
    return pareto_frontier(nd.ufuns, issues=nd.outcome_space.issues)[0]


def utility_ranges(domain: Domain) -> list[tuple[float, float]]:
    """Each party's (lowest, highest) utility, handed to NegMAS's Nash and KS.

    NegMAS finds a range itself only exactly for linear ufuns (the red-lined
    one would be sampled), so both libraries get the same exact numbers, found
    once outside the timings, like the disagreement point peacesim is given.
    """
    U = utilities(domain)
    return [(float(U[:, i].min()), float(U[:, i].max())) for i in range(2)]


def negmas_negotiations(nd: NegmasDomain) -> list:
    agreements = []
    for _ in range(NEGOTIATIONS):
        mechanism = SAOMechanism(outcome_space=nd.outcome_space, n_steps=STEPS)
        mechanism.add(BoulwareTBNegotiator(), ufun=nd.ufuns[0])
        mechanism.add(ConcederTBNegotiator(), ufun=nd.ufuns[1])
        agreements.append(mechanism.run().agreement)
    return agreements


# --- identity ---------------------------------------------------------------


def identity(domain: Domain, nd: NegmasDomain) -> dict:
    """NegMAS's frontier and Nash set beside ours; raises if they differ."""
    theirs = sorted(map(tuple, np.asarray(negmas_front(nd), dtype=float).tolist()))
    exact = minkowski_frontier(*domain.parties)
    rational = exact.U[(exact.U >= domain.reservation).all(axis=1)]
    ours = sorted(map(tuple, rational.tolist()))
    ranges = utility_ranges(domain)
    nash_theirs = [list(map(float, pair)) for pair, _ in nash_points(nd.ufuns, theirs, ranges)]
    nash = nash_bargaining(exact.U, domain.reservation)
    nash_ours = None if nash is None else exact.U[nash].tolist()
    if ours != theirs:
        raise AssertionError(f"{domain.name}: frontiers differ ({len(ours)} vs {len(theirs)})")
    if nash_ours not in nash_theirs:
        raise AssertionError(f"{domain.name}: Nash {nash_ours} not in NegMAS's {nash_theirs}")
    return {"frontier": [list(p) for p in theirs], "nash": nash_theirs}


# --- figures ----------------------------------------------------------------


def figures(
    domain: Domain, repeat: int, negotiate: bool
) -> tuple[list[tuple[str, float, float]], str]:
    """Rows (figure, peacesim seconds, NegMAS seconds) and a note on the negotiations."""
    nd = negmas_domain(domain)
    d = domain.reservation
    front_U = minkowski_frontier(*domain.parties).U
    theirs_front = negmas_front(nd)
    ranges = utility_ranges(domain)
    negmas_frontier_seconds = best_of(repeat, lambda: negmas_front(nd))[0]
    rows = [
        (
            "utilities",
            best_of(repeat, lambda: utilities(domain))[0],
            best_of(repeat, lambda: negmas_utilities(nd))[0],
        ),
        (
            "frontier (enumerated)",
            best_of(repeat, lambda: enumerated_front(domain))[0],
            negmas_frontier_seconds,
        ),
        (
            "frontier (Minkowski, exact)",
            best_of(repeat, lambda: minkowski_frontier(*domain.parties))[0],
            negmas_frontier_seconds,
        ),
        (
            "Nash given the frontier",
            best_of(repeat, lambda: nash_bargaining(front_U, d))[0],
            best_of(repeat, lambda: nash_points(nd.ufuns, theirs_front, ranges))[0],
        ),
        (
            "KS given the frontier",
            best_of(repeat, lambda: kalai_smorodinsky(front_U, d))[0],
            best_of(repeat, lambda: ks_points(nd.ufuns, theirs_front, ranges))[0],
        ),
    ]
    if not negotiate:
        return rows, ""
    t_ours, ours = best_of(1, lambda: negotiations(domain))
    t_theirs, theirs = best_of(1, lambda: negmas_negotiations(nd))
    rows.append((f"{NEGOTIATIONS} negotiations x {STEPS} steps", t_ours, t_theirs))
    reached = (sum(a is not None for a in ours), sum(a is not None for a in theirs))
    return rows, f"agreements reached: peacesim {reached[0]}, NegMAS {reached[1]}"


def print_figures(domain: Domain, repeat: int, negotiate: bool) -> None:
    print(f"\n{domain.name}: {domain.size:,} outcomes")
    print(f"  {'figure':<32} {'peacesim':>11} {'NegMAS':>11} {'ratio':>9}")
    rows, note = figures(domain, repeat, negotiate)
    for name, ours, theirs in rows:
        print(f"  {name:<32} {_ms(ours):>11} {_ms(theirs):>11} {_ratio(ours, theirs):>9}")
    if note:
        print(f"  ({note} of {NEGOTIATIONS})")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _ratio(ours: float, theirs: float) -> str:
    ratio = theirs / ours
    return f"{ratio:.1f}x" if ratio < 10 else f"{ratio:.0f}x"


# --- scaling ----------------------------------------------------------------


def analysis_seconds(exponent: int, repeat: int) -> float:
    """Scaling job (run by a fresh process): frontier, Nash and KS of a random domain."""
    domain = random_domain(exponent)
    nd = negmas_domain(domain)
    ranges = utility_ranges(domain)

    def run():
        front = negmas_front(nd)
        nash_points(nd.ufuns, front, ranges)
        ks_points(nd.ufuns, front, ranges)

    return best_of(repeat, run)[0]


def imports_only() -> float:
    """Scaling baseline: a process that has imported NegMAS (and peacesim) and done nothing."""
    return 0.0


def scaling(max_exponent: int, ours_max_exponent: int) -> None:
    print("\nScaling: random domains, the whole analysis, each run in a fresh process")
    print("  (peacesim: streamed utilities, zone count, frontier, Nash, KS;")
    print("   NegMAS: pareto_frontier from the ufuns, nash_points, ks_points;")
    print("   best of 3 below 10^7 outcomes, one run from 10^7)")
    _, ours_base = in_fresh_process("bilateral_domains", "imports_only")
    _, theirs_base = in_fresh_process("negmas_side_by_side", "imports_only")
    print(f"  after imports alone: peacesim {ours_base:.0f} MiB, NegMAS {theirs_base:.0f} MiB")
    print(f"  {'outcomes':>12} {'peacesim':>10} {'MiB':>6} {'NegMAS':>10} {'MiB':>6} {'ratio':>7}")
    for exponent in range(4, max(max_exponent, ours_max_exponent) + 1):
        repeat = 3 if exponent < 7 else 1
        ours, ours_mib = in_fresh_process("bilateral_domains", "analysis_seconds", exponent, repeat)
        row = f"  {10**exponent:>12,} {_ms(ours):>10} {ours_mib:>6.0f} "
        if exponent <= max_exponent:
            job = ("negmas_side_by_side", "analysis_seconds", exponent, repeat)
            theirs, theirs_mib = in_fresh_process(*job)
            row += f"{_ms(theirs):>10} {theirs_mib:>6.0f} {_ratio(ours, theirs):>7}"
        else:
            row += f"{'not run':>10} {'':>6} {'':>7}"
        print(row)


def write_reference(path: Path) -> None:
    domains = [talks_domain(), random_domain(4)]
    reference = {
        "negmas": negmas_version,
        "domains": [
            {**domain.to_json(), **identity(domain, negmas_domain(domain))} for domain in domains
        ],
    }
    path.write_text(json.dumps(reference, indent=1) + "\n")
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-exponent", type=int, default=7)
    parser.add_argument("--ours-max-exponent", type=int, default=8)
    parser.add_argument("--figures-max-exponent", type=int, default=6)
    parser.add_argument("--write-reference", type=Path)
    args = parser.parse_args()
    if args.write_reference:
        write_reference(args.write_reference)
        return
    print(
        f"{platform.machine()}, {platform.python_version()}, numpy {np.__version__}, "
        f"NegMAS {negmas_version}; best of {args.repeat} (shared machine)"
    )
    domains = [talks_domain()] + [random_domain(k) for k in range(4, args.figures_max_exponent + 1)]
    for domain in domains:
        negmas = negmas_domain(domain)
        identity(domain, negmas)
        print(f"identity checked: {domain.name} (same frontier and Nash point)")
    for domain in domains:
        print_figures(domain, args.repeat, negotiate=domain.size <= 10**4 or "talks" in domain.name)
    scaling(args.max_exponent, args.ours_max_exponent)


if __name__ == "__main__":
    main()
