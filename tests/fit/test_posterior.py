import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.calibration.domains import DomainError
from sim.calibration.scenario import find_scenario, flatten, load_scenario, read_scenario_data
from sim.fit.posterior import (
    PARTICLES,
    SUMMARY,
    Posterior,
    PosteriorError,
    assumption_overrides,
    load_posterior,
    weighted_quantile,
    with_assumptions,
)
from sim.fit.priors import Prior

PRIORS = (Prior("a", 1.0, 0.0, 4.0), Prior("b", 0.5, 0.0, 1.0))
PARTICLES_TABLE = pd.DataFrame(
    {
        "generation": [1, 1, 1, 1],
        "particle": [0, 1, 2, 3],
        "weight": [0.1, 0.2, 0.3, 0.4],
        "distance": [0.0, 0.1, 0.1, 0.2],
        "a": [0.0, 1.0, 2.0, 3.0],
        "b": [0.5, 0.5, 0.5, 0.5],
    }
)
POSTERIOR = Posterior(PARTICLES_TABLE, PRIORS, {"provenance": {"seed": 0}})


def test_weighted_quantiles_by_hand():
    x, w = np.array([3.0, 0.0, 2.0, 1.0]), np.array([0.4, 0.1, 0.3, 0.2])
    # sorted 0, 1, 2, 3 with CDF 0.1, 0.3, 0.6, 1.0
    assert weighted_quantile(x, w, np.array([0.05, 0.1, 0.11, 0.5, 0.61, 1.0])).tolist() == [
        0.0,
        0.0,
        1.0,
        2.0,
        3.0,
        3.0,
    ]
    with pytest.raises(ValueError):
        weighted_quantile(x, np.zeros(4), 0.5)


@given(
    st.lists(st.tuples(st.integers(-50, 50), st.integers(1, 20)), min_size=1, max_size=30),
    st.floats(0.001, 0.999),
)
def test_weighted_quantile_is_numpys_inverted_cdf(pairs, q):
    x = np.array([v for v, _ in pairs], dtype=float)
    w = np.array([k for _, k in pairs], dtype=float)
    expected = np.quantile(x, q, weights=w, method="inverted_cdf")
    assert weighted_quantile(x, w, q) == expected


def test_posterior_summaries_by_hand():
    assert POSTERIOR.mean() == pytest.approx({"a": 2.0, "b": 0.5})
    row = POSTERIOR.intervals().set_index("path").loc["a"]
    # 5% and 95% of the CDF 0.1, 0.3, 0.6, 1.0 over 0, 1, 2, 3
    assert (row["low"], row["high"]) == (0.0, 3.0)
    assert row["width_ratio"] == pytest.approx(3.0 / (0.9 * 4.0))
    assert POSTERIOR.intervals().set_index("path").loc["b", "width_ratio"] == 0.0


def test_effective_size_by_hand():
    # 1 / (0.01 + 0.04 + 0.09 + 0.16)
    assert POSTERIOR.effective_size() == pytest.approx(1 / 0.3)
    even = Posterior(PARTICLES_TABLE.assign(weight=2.0), PRIORS, {})
    assert even.effective_size() == pytest.approx(4.0)
    one = Posterior(PARTICLES_TABLE.assign(weight=[0.0, 0.0, 5.0, 0.0]), PRIORS, {})
    assert one.effective_size() == pytest.approx(1.0)


@given(st.lists(st.floats(0.01, 100.0), min_size=1, max_size=30))
def test_effective_size_lies_between_one_and_the_particles(weights):
    table = pd.DataFrame({"weight": weights, "a": 0.0, "b": 0.0})
    size = Posterior(table, PRIORS, {}).effective_size()
    assert 1.0 - 1e-9 <= size <= len(weights) + 1e-9


def test_the_mean_of_a_whole_assumption_is_a_whole_number():
    whole = (Prior("a", 1.0, 0.0, 4.0, whole=True), PRIORS[1])
    # weighted mean of a: 0.1*0 + 0.2*1 + 0.3*2 + 0.4*3 = 2.0; shifted by 0.4: 2.4 -> 2
    shifted = PARTICLES_TABLE.assign(a=PARTICLES_TABLE["a"] + 0.4)
    assert Posterior(shifted, whole, {}).mean() == {"a": 2.0, "b": 0.5}
    assert Posterior(shifted, PRIORS, {}).mean()["a"] == pytest.approx(2.4)


def test_inferred_values_outside_their_domain_never_become_overrides():
    scenario = load_scenario(find_scenario("istanbul-2022"))
    found = assumption_overrides({"calendar.cadence_days.2022": 4.0}, scenario)
    assert found == {"assumptions.calendar.cadence_days.2022": 4.0}
    for path, value in [
        ("calendar.cadence_days.2022", 2.5),
        ("breach.humanitarian_corridors", -0.1),
        ("breach.humanitarian_corridors", float("nan")),
    ]:
        with pytest.raises(DomainError) as raised:
            assumption_overrides({path: value}, scenario)
        assert raised.value.key == path and "domain" in str(raised.value)


def test_draws_resample_particles_by_weight_and_extend_with_the_same_seed():
    many = POSTERIOR.draws(4000, seed=3)
    assert set(many["a"]) <= {0.0, 1.0, 2.0, 3.0}
    shares = many["a"].value_counts(normalize=True).sort_index().to_numpy()
    assert shares == pytest.approx([0.1, 0.2, 0.3, 0.4], abs=0.03)
    pd.testing.assert_frame_equal(POSTERIOR.draws(10, seed=3), many.head(10))
    assert POSTERIOR.draw(7, seed=3) == {"a": many["a"][7], "b": 0.5}


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("a", float("nan"), "a: expected values in its prior's range [0, 4], got nan"),
        ("a", 4.5, "a: expected values in its prior's range [0, 4], got 4.5"),
        ("b", -float("inf"), "b: expected values in its prior's range [0, 1], got -inf"),
        ("weight", -1.0, "weight: expected finite weights >= 0, not all 0"),
        ("weight", float("inf"), "weight: expected finite weights >= 0, not all 0"),
    ],
)
def test_a_posterior_with_a_value_outside_its_range_is_refused(tmp_path, column, value, said):
    table = PARTICLES_TABLE.copy()
    table.loc[2, column] = value
    table.to_parquet(tmp_path / PARTICLES)
    priors = [{"path": p.path, "value": p.value, "low": p.low, "high": p.high} for p in PRIORS]
    (tmp_path / SUMMARY).write_text(json.dumps({"priors": priors, "provenance": {"seed": 4}}))
    with pytest.raises(PosteriorError) as raised:
        load_posterior(tmp_path)
    assert str(raised.value) == f"{tmp_path / PARTICLES}: {said}"


def test_load_the_last_generation_of_a_fit(tmp_path):
    earlier = PARTICLES_TABLE.assign(generation=0, weight=0.25)
    pd.concat([earlier, PARTICLES_TABLE]).to_parquet(tmp_path / PARTICLES)
    priors = [{"path": p.path, "value": p.value, "low": p.low, "high": p.high} for p in PRIORS]
    (tmp_path / SUMMARY).write_text(json.dumps({"priors": priors, "provenance": {"seed": 4}}))
    loaded = load_posterior(tmp_path)
    assert loaded.priors == PRIORS and loaded.about["provenance"]["seed"] == 4
    pd.testing.assert_frame_equal(loaded.particles, PARTICLES_TABLE)


def test_a_folder_without_a_fit_is_one_line(tmp_path):
    with pytest.raises(PosteriorError, match="expected the folder of a finished `peacesim fit`"):
        load_posterior(tmp_path)
    (tmp_path / PARTICLES).write_text("not parquet")
    (tmp_path / SUMMARY).write_text("{}")
    with pytest.raises(PosteriorError, match="not a fit's summary"):
        load_posterior(tmp_path)


def test_overrides_set_only_what_the_scenarios_runs_sample():
    scenario = load_scenario(find_scenario("belarus-2022"))
    values = {
        "battlefield.theta.2022": 0.6,
        "actors.russia.belief.2025": 0.7,  # another era's: unused by this scenario
        "commitment.ukraine.loss": 0.2,
    }
    assert assumption_overrides(values, scenario) == {
        "assumptions.battlefield.theta.2022": 0.6,
        "assumptions.commitment.ukraine.loss": 0.2,
    }
    data = read_scenario_data(find_scenario("belarus-2022"))
    changed = with_assumptions(data, scenario, values, "belarus-2022")
    assert flatten(changed.assumptions) == {
        "battlefield.theta.2022": 0.6,
        "commitment.ukraine.loss": 0.2,
    }
