"""The fit's Morris screen: its design and seeds, effects of known functions, a real screen."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.fit.abc import record_problem
from sim.fit.priors import Prior
from sim.fit.screen import (
    KEEP_SHARE,
    ScreenSettings,
    effects,
    point_seeds,
    screen,
    screen_identity,
    store_screen,
    stored_screen,
    unit_design,
)
from sim.sweeps.runner import backend_for

PRIORS = tuple(Prior(f"a.{name}", 0.5, 0.0, 1.0) for name in "xyz")


def test_the_design_has_a_trajectory_of_d_plus_1_points_each_moving_one_assumption():
    unit = unit_design(PRIORS, ScreenSettings(trajectories=6, seed=2))
    assert unit.shape == (6 * 4, 3)
    for t in range(6):
        steps = np.diff(unit[4 * t : 4 * t + 4], axis=0)
        assert ((steps != 0).sum(axis=1) == 1).all()  # one assumption per step
        assert ((steps != 0).sum(axis=0) == 1).all()  # each assumption once
        assert np.allclose(np.abs(steps[steps != 0]), 2 / 3)  # Morris's delta on 4 levels


@settings(max_examples=25, deadline=None)
@given(trajectories=st.integers(1, 6), replicates=st.integers(1, 5), seed=st.integers(0, 2**31))
def test_every_point_of_a_trajectory_shares_its_seeds(trajectories, replicates, seed):
    chosen = ScreenSettings(trajectories=trajectories, replicates=replicates, seed=seed)
    seeds = point_seeds(chosen, dimensions=3)
    assert seeds.shape == (trajectories * 4, replicates)
    blocks = seeds.reshape(trajectories, 4, replicates)
    assert (blocks == blocks[:, :1]).all()
    assert (seeds >= 0).all() and (seeds < 2**31 - 1).all()
    assert np.array_equal(point_seeds(chosen, 3), seeds)  # a function of the settings


@settings(max_examples=25, deadline=None)
@given(y=st.lists(st.floats(-1e6, 1e6), min_size=8, max_size=8), seed=st.integers(0, 50))
def test_a_stored_screen_comes_back_exactly_and_only_for_its_own_inputs(tmp_path_factory, y, seed):
    folder = tmp_path_factory.mktemp("screen")
    chosen = ScreenSettings(trajectories=2, seed=seed)
    unit = unit_design(PRIORS, chosen)
    table = effects(PRIORS, unit, np.array(y), seed)
    ident = screen_identity("2022", PRIORS, np.array([0, 1, 2]), chosen, seeds_sha256="s")
    assert stored_screen(folder, ident) is None  # nothing kept yet
    store_screen(folder, ident, table)
    pd.testing.assert_frame_equal(stored_screen(folder, ident), table)
    other_record = screen_identity("2022", PRIORS, np.array([0, 1, 1]), chosen, seeds_sha256="s")
    other_seeds = screen_identity("2022", PRIORS, np.array([0, 1, 2]), chosen, seeds_sha256="t")
    assert stored_screen(folder, other_record) is None
    assert stored_screen(folder, other_seeds) is None


def test_the_effects_of_a_linear_function_are_its_slopes():
    # y = 3 x - 0.5 y (+ 0 z): each elementary effect of x is 3, of y -0.5, of z 0.
    unit = unit_design(PRIORS, ScreenSettings(trajectories=10, seed=1))
    table = effects(PRIORS, unit, 3 * unit[:, 0] - 0.5 * unit[:, 1], seed=1).set_index("path")
    assert np.allclose(table["mu_star"], [3.0, 0.5, 0.0])
    assert np.allclose(table["mu"], [3.0, -0.5, 0.0])
    assert np.allclose(table["sigma"], 0.0, atol=1e-12)
    # kept: mu* at least a quarter of the largest (0.75 here)
    assert table["kept"].tolist() == [True, False, False] and KEEP_SHARE == 0.25


def test_a_real_screen_ranks_every_assumption_and_keeps_a_few(tmp_path):
    problem = record_problem()
    chosen = ScreenSettings(trajectories=2, replicates=1, seed=0)
    with backend_for(1) as backend:
        table = screen(
            problem.era, problem.priors, problem.observed, problem.statuses, chosen, backend
        )
    assert sorted(table["path"]) == sorted(p.path for p in problem.priors)
    assert (table["mu_star"].diff().dropna() <= 0).all()  # largest first
    assert 1 <= table["kept"].sum() < len(table)
    assert table.loc[0, "kept"] and (table["mu_star"] >= 0).all()
