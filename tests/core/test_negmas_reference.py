"""peacesim's frontier and Nash point against NegMAS 0.16's, stored by
experiments/benchmarks/negmas_side_by_side.py --write-reference (NegMAS not needed here)."""

import json
from pathlib import Path

import numpy as np
import pytest

from sim.core import AdditiveUtility, minkowski_frontier, nash_bargaining, stream_utilities
from sim.core.pareto import pareto_front

REFERENCE = json.loads((Path(__file__).parents[1] / "data" / "negmas_reference.json").read_text())


def _parties(domain):
    return [
        AdditiveUtility(np.array(p["weights"]), tuple(map(np.array, p["values"])), _red(p))
        for p in domain["parties"]
    ]


def _red(party):
    red = party["red_lines"]
    return None if red is None else tuple(np.array(m, dtype=bool) for m in red)


@pytest.mark.parametrize("domain", REFERENCE["domains"], ids=lambda d: d["name"])
def test_frontier_and_nash_equal_negmas(domain):
    parties = _parties(domain)
    r = np.array(domain["reservation"])
    theirs = sorted(map(tuple, domain["frontier"]))
    exact = minkowski_frontier(*parties)
    assert sorted(map(tuple, exact.U[(exact.U >= r).all(axis=1)].tolist())) == theirs
    U = np.concatenate([u for _, u in stream_utilities(parties)], axis=1).T
    enumerated = np.unique(U[pareto_front(U)], axis=0)
    assert sorted(map(tuple, enumerated[(enumerated >= r).all(axis=1)].tolist())) == theirs
    assert exact.U[nash_bargaining(exact.U, r)].tolist() in domain["nash"]
