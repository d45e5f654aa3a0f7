"""The Nash solution with a reference point against hand-derived values, and its properties.

Hand derivation (q = 0, quadratic loss, gains g_i = x (2 x_i - x)): two
actors at 10 and 30 with equal weights maximise log x + log(20 - x) +
log x + log(60 - x); the first-order condition 2/x = 1/(20 - x) + 1/(60 - x)
gives x^2 - 60 x + 600 = 0, x = 30 - sqrt(300). With weights 3 and 1 it is
4/x = 3/(20 - x) + 1/(60 - x): 4 (20 - x)(60 - x) = x (3 (60 - x) + (20 - x)),
8 x^2 - 520 x + 4800 = 0, x = (65 - sqrt(1825)) / 2.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.core.compromise import weighted_mean
from sim.core.nash_reference import nash_reference
from tests.core.strategies import issue_actors


@pytest.mark.parametrize(
    ("positions", "weights", "reference", "expected"),
    [
        ([10.0, 30.0], [1.0, 1.0], 0.0, 30 - math.sqrt(300)),
        ([10.0, 30.0], [3.0, 1.0], 0.0, (65 - math.sqrt(1825)) / 2),
        ([90.0, 70.0], [1.0, 1.0], 100.0, 70 + math.sqrt(300)),  # mirrored: 100 - 12.68
        ([40.0], [1.0], 0.0, 40.0),  # one actor gets its ideal
        ([40.0, 40.0], [1.0, 2.0], 0.0, 40.0),
        ([10.0, 30.0, 50.0], [1.0, 1.0, 1.0], np.nan, 30.0),  # no reference: the mean
    ],
)
def test_by_hand(positions, weights, reference, expected):
    found = nash_reference(np.array(positions), np.array(weights), reference)
    assert found == pytest.approx(expected, abs=1e-8)


@pytest.mark.parametrize(
    ("positions", "weights", "reference"),
    [
        ([0.0, 40.0, 100.0], [1.0, 1.0, 1.0], 0.0),  # an actor at q
        ([20.0, 80.0], [1.0, 1.0], 50.0),  # actors on both sides of q
        ([50.0], [1.0], 50.0),
    ],
)
def test_nobody_can_be_made_better_off_without_a_loser_gives_the_reference(
    positions, weights, reference
):
    assert nash_reference(np.array(positions), np.array(weights), reference) == reference


@pytest.mark.parametrize(
    ("positions", "weights", "reference", "expected"),
    [
        ([0.0, 10.0, 30.0], [5.0, 1.0, 1.0], 0.0, 30 - math.sqrt(300)),  # the actor at q is out
        ([20.0, 10.0, 30.0], [1.0, 1.0, 1.0], 15.0, 30 - math.sqrt(75)),
        ([20.0, 80.0], [1.0, 1.0], 50.0, 50.0),  # equal weight on both sides: q
        ([50.0, 50.0], [1.0, 1.0], 50.0, 50.0),  # nobody off q
    ],
)
def test_outvoted_variant_by_hand(positions, weights, reference, expected):
    # Second case: 10 is outvoted by 20 and 30 (q = 15, a = 5 and 15):
    # 2/y = 1/(10 - y) + 1/(30 - y), y^2 - 30 y + 150 = 0, y = 15 - sqrt(75).
    found = nash_reference(np.array(positions), np.array(weights), reference, losers="outvoted")
    assert found == pytest.approx(expected, abs=1e-8)


def test_zero_weight_actors_take_no_part():
    with_idle = nash_reference(np.array([10.0, 30.0, 0.0]), np.array([1.0, 1.0, 0.0]), 0.0)
    assert with_idle == pytest.approx(30 - math.sqrt(300))


@pytest.mark.parametrize(
    ("positions", "weights"),
    [([1.0, 2.0], [1.0, -1.0]), ([1.0, 2.0], [0.0, 0.0]), ([1.0], [1.0, 1.0]), ([np.inf], [1.0])],
)
def test_bad_input_is_an_error(positions, weights):
    with pytest.raises(ValueError):
        nash_reference(np.array(positions), np.array(weights), 0.0)


reference_points = st.integers(-20, 120).map(float)


@given(issue_actors(), reference_points)
def test_the_solution_is_the_reference_or_pareto_and_individually_rational(actors, q):
    x, s, c = actors
    w = c * s
    found = nash_reference(x, w, q)
    side = np.sign(x - q)
    if (side > 0).all() or (side < 0).all():
        assert x.min() - 1e-7 <= found <= x.max() + 1e-7  # Pareto: between the positions
        gains = (q - x) ** 2 - (found - x) ** 2
        assert (gains >= -1e-6).all()  # nobody loses against q
    else:
        assert found == q


@given(issue_actors(min_actors=2), reference_points)
def test_the_product_is_maximal(actors, q):
    x, s, c = actors
    w = c * s
    side = np.sign(x - q)
    if not ((side > 0).all() or (side < 0).all()) or np.ptp(x) == 0:
        return
    found = nash_reference(x, w, q)

    def log_product(point: np.ndarray) -> np.ndarray:
        gains = (q - x) ** 2 - (point[:, None] - x) ** 2
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where((gains > 0).all(axis=1), (w * np.log(gains)).sum(axis=1), -np.inf)

    grid = np.linspace(min(q, x.min()), max(q, x.max()), 2001)
    assert log_product(np.array([found]))[0] >= log_product(grid).max() - 1e-6


@given(issue_actors(), st.floats(0.1, 10), st.floats(-50, 50))
def test_scale_of_weights_and_translation_do_not_matter(actors, factor, shift):
    x, s, c = actors
    w = c * s
    base = nash_reference(x, w, -10.0)
    assert nash_reference(x, factor * w, -10.0) == pytest.approx(base, abs=1e-6)
    assert nash_reference(x + shift, w, -10.0 + shift) == pytest.approx(base + shift, abs=1e-6)


@given(issue_actors())
def test_a_far_reference_point_gives_the_compromise_model(actors):
    x, s, c = actors
    w = c * s
    mean = float(weighted_mean(x, w))
    for far in (-1e6, 1e6):  # the error shrinks as spread^2 / distance
        assert nash_reference(x, w, far) == pytest.approx(mean, abs=0.05)


@given(issue_actors(), reference_points)
def test_mirroring_the_scale_mirrors_the_solution(actors, q):
    x, s, c = actors
    w = c * s
    for losers in ("veto", "outvoted"):
        left = nash_reference(x, w, q, losers)
        right = nash_reference(100 - x, w, 100 - q, losers)
        assert right == pytest.approx(100 - left, abs=1e-6)
