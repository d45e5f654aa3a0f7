"""The defensive proposal: its density by hand, its weights bounded, its draws' mixture."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pyabc import Parameter
from scipy.stats import multivariate_normal, norm

from sim.fit.transition import DEFENSIVE_SHARE, DefensiveTransition


def fitted(points: np.ndarray, weights: np.ndarray, share: float = DEFENSIVE_SHARE):
    transition = DefensiveTransition(share)
    columns = [f"a{i}" for i in range(points.shape[1])]
    transition.fit(pd.DataFrame(points, columns=columns), weights / weights.sum())
    return transition, columns


def test_the_density_is_the_prior_and_the_kernels_mixed_by_hand():
    # Two particles in one dimension, weights 1/4 and 3/4 (an effective sample of
    # 1 / (1/16 + 9/16) = 1.6): Silverman's factor (4 / (n (d + 2)))^(1 / (d + 4)) at
    # n = 1.6, d = 1; the kernel's variance is the weighted (unbiased) variance times its
    # square.
    transition, _ = fitted(np.array([[-1.0], [1.0]]), np.array([0.25, 0.75]))
    mean = 0.25 * -1 + 0.75 * 1
    variance = (0.25 * (-1 - mean) ** 2 + 0.75 * (1 - mean) ** 2) / (1 - (0.25**2 + 0.75**2))
    h2 = (4 / (1.6 * 3)) ** (2 / 5) * variance
    x = 0.3
    kernels = 0.25 * norm.pdf(x, -1, np.sqrt(h2)) + 0.75 * norm.pdf(x, 1, np.sqrt(h2))
    got = transition.pdf(Parameter({"a0": x}))
    assert np.isclose(got, DEFENSIVE_SHARE * norm.pdf(x) + (1 - DEFENSIVE_SHARE) * kernels)
    table = transition.pdf(pd.DataFrame({"a0": [x, x]}))
    assert np.allclose(table, got)


@settings(max_examples=60, deadline=None)
@given(
    points=arrays(np.float64, (12, 3), elements=st.floats(-3, 3)),
    probe=arrays(np.float64, (5, 3), elements=st.floats(-8, 8)),
    share=st.floats(0.05, 0.95),
)
def test_no_weight_exceeds_one_over_the_share(points, probe, share):
    transition, columns = fitted(points + np.eye(12, 3) * 0.5, np.ones(12), share)
    prior = multivariate_normal(np.zeros(3)).pdf(probe)
    weights = prior / transition.pdf(pd.DataFrame(probe, columns=columns))
    assert (weights <= 1 / share * (1 + 1e-9)).all()


def test_a_share_of_the_draws_comes_from_the_prior():
    # Particles far from 0 with a tiny spread: a draw near 0 can only come from the prior.
    points = np.array([[50.0], [50.1], [49.9], [50.05]])
    transition, _ = fitted(points, np.ones(4), share=0.3)
    np.random.seed(3)  # noqa: NPY002 - the transition draws from numpy's global state, as pyabc does
    draws = transition.rvs(4000)["a0"].to_numpy()
    from_prior = np.abs(draws) < 10
    assert abs(from_prior.mean() - 0.3) < 0.03
    assert abs(draws[from_prior].std() - 1.0) < 0.08
    assert isinstance(transition.rvs(), Parameter)
