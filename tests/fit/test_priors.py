import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from sim.backtest.run import uncertain_assumptions
from sim.calibration.seeds import assumption
from sim.fit.priors import FIT_ERA, INTERVAL, Prior, era_scenarios, fit_priors, prior_table


def test_the_fit_infers_every_sampled_assumption_of_2022_with_a_range():
    scenarios = era_scenarios(FIT_ERA)
    assert [s.name for s in scenarios] == ["antalya-2022", "belarus-2022", "istanbul-2022"]
    priors = fit_priors(scenarios)
    used = set().union(*(uncertain_assumptions(s) for s in scenarios))
    paths = [p.path for p in priors]
    assert paths == sorted(paths) and set(paths) <= used
    # only the assumptions whose range is one value are left out, at that value
    assert used - set(paths) == {"breach.prisoners", "commitment.russia.guarantee_effect"}
    for p in priors:
        a = assumption(p.path)
        assert (p.value, p.low, p.high) == (a.value, a.low, a.high) and p.low < p.high
        assert p.whole == a.domain.whole
    assert [p.path for p in priors if p.whole] == ["calendar.cadence_days.2022"]
    assert not any("2025" in p for p in paths)
    assert prior_table(priors)["path"].tolist() == paths


def test_prior_width_is_the_central_interval_of_the_uniform():
    assert Prior("x", 0.5, 0.2, 1.2).width == INTERVAL * 1.0


@given(st.floats(-6, 6), st.floats(-5, 5), st.floats(0.01, 10))
def test_normal_scores_map_onto_the_range_and_back(z, low, span):
    prior = Prior("x", low, low, low + span)
    x = prior.from_latent(z)
    assert low <= x <= low + span
    assert np.isclose(prior.to_latent(x), z, atol=1e-6)


@given(st.floats(0.001, 0.999))
def test_a_standard_normal_score_is_the_uniform_prior(u):
    # P(x <= low + u (high - low)) = P(z <= Phi^-1(u)) = u
    prior = Prior("x", 0.0, -2.0, 2.0)
    x = -2.0 + 4.0 * u
    assert np.isclose(stats.norm.cdf(prior.to_latent(x)), u)
    assert np.isclose(prior.from_latent(stats.norm.ppf(u)), x)


def test_a_whole_prior_gives_each_whole_number_of_its_range_an_equal_share():
    # cadence 1..7 days: Phi(z) in [k/7, (k+1)/7) gives 1 + k
    prior = Prior("calendar.cadence_days.2022", 3.0, 1.0, 7.0, whole=True)
    u = (np.arange(7000) + 0.5) / 7000
    values = prior.from_latent(stats.norm.ppf(u))
    assert set(values) == {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0}
    assert np.array_equal(np.bincount(values.astype(int))[1:], np.full(7, 1000))
    assert prior.from_latent(40.0) == 7.0 and prior.from_latent(-40.0) == 1.0
