"""Hypothesis strategies shared by the core tests."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.core.space import OutcomeSpace
from sim.core.utility import AdditiveUtility, utility_matrix


@st.composite
def utility_sets(draw, parties: int | None = None, max_rows: int = 60):
    """Utility matrices with many ties and duplicate rows (values on a coarse grid)."""
    k = draw(st.sampled_from([2, 3, 5])) if parties is None else parties
    n = draw(st.integers(0, max_rows))
    grid = draw(st.sampled_from([3, 5, 1000]))
    values = st.integers(0, grid).map(lambda v: v / grid)
    return draw(arrays("float64", (n, k), elements=values))


@st.composite
def additive_utilities(draw, max_issues: int = 4, max_levels: int = 4):
    """Random valid (weights, values, red_lines) for a small outcome space."""
    k = draw(st.integers(1, max_issues))
    radices = draw(st.lists(st.integers(1, max_levels), min_size=k, max_size=k))
    raw = draw(st.lists(st.integers(0, 10), min_size=k, max_size=k).filter(lambda w: sum(w) > 0))
    weights = [w / sum(raw) for w in raw]
    unit = st.floats(0, 1, allow_nan=False)
    values = [draw(st.lists(unit, min_size=r, max_size=r)) for r in radices]
    red_lines = [draw(st.lists(st.booleans(), min_size=r, max_size=r)) for r in radices]
    return radices, weights, values, red_lines


@st.composite
def issue_actors(draw, min_actors: int = 1, max_actors: int = 8):
    """(positions on 0-100, saliences in (0, 1], capabilities > 0) of one issue's actors."""
    n = draw(st.integers(min_actors, max_actors))
    grid = st.integers(0, 20).map(lambda v: 5.0 * v)  # coarse: many shared positions
    positions = draw(st.lists(grid, min_size=n, max_size=n))
    salience = draw(st.lists(st.integers(1, 10).map(lambda v: v / 10), min_size=n, max_size=n))
    capability = draw(st.lists(st.floats(0.1, 100), min_size=n, max_size=n))
    return np.array(positions), np.array(salience), np.array(capability)


@st.composite
def bilateral_domains(draw, max_issues: int = 5, max_levels: int = 4, red_lines: bool = True):
    """Two AdditiveUtility-ready parties over one small space (coarse grid: many ties)."""
    k = draw(st.integers(1, max_issues))
    radices = draw(st.lists(st.integers(1, max_levels), min_size=k, max_size=k))
    grid = draw(st.sampled_from([2, 4, 1000]))
    level_value = st.integers(0, grid).map(lambda v: v / grid)
    parties = []
    for _ in range(2):
        raw = draw(st.lists(st.integers(0, 6), min_size=k, max_size=k).filter(lambda w: sum(w)))
        values = [draw(st.lists(level_value, min_size=r, max_size=r)) for r in radices]
        flags = st.booleans() if red_lines else st.just(False)
        red = [draw(st.lists(flags, min_size=r, max_size=r)) for r in radices]
        parties.append(([w / sum(raw) for w in raw], values, red))
    return radices, parties


def domain_parties(domain) -> list[AdditiveUtility]:
    """The two AdditiveUtility parties of a :func:`bilateral_domains` draw."""
    _radices, parties = domain
    return [
        AdditiveUtility(np.array(w), tuple(map(np.array, v)), tuple(map(np.array, r)))
        for w, v, r in parties
    ]


def enumerated(parties: list[AdditiveUtility]) -> np.ndarray:
    """Every outcome's utilities, shape ``(n_outcomes, n_parties)``, by full enumeration."""
    space = OutcomeSpace(parties[0].radices)
    return utility_matrix(parties, space.decode(np.arange(space.size)))
