import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.calibration.scenario import ScenarioError
from sim.sweeps.design import design_points
from sim.sweeps.runner import prepare
from sim.sweeps.spec import Distribution, SweepSpec, read_spec
from tests.conftest import ROOT
from tests.sweeps.specs import SMALL_SPEC, write_spec

BAD_SPECS = [
    # (replacement in SMALL_SPEC, key named in the error)
    (
        'path = "parties.russia.war_cost"',
        'path = "parties.russia.war_costs"',
        "parameters.russia_war_cost",
    ),
    ("range = [0.0, 0.1]", "range = [0.0, 1.5]", "parameters.russia_war_cost"),
    ("range = [0.0, 0.1]", "range = [0.1, 0.0]", "parameters.russia_war_cost.range"),
    ("count = {count}", "count = 1", "parameters.russia_war_cost.count"),
    ("values = [0.55, 0.8]", "values = []", "parameters.ukraine_belief.values"),
    ('path = "parties.russia.war_cost"', 'path = "agenda.x"', "parameters.russia_war_cost"),
    ('scenario = "antalya-2022"', 'scenario = "no-such-scenario"', "scenario"),
    ("replications = {replications}", "replications = 0", "replications"),
    (
        "count = {count}",
        'count = 3\ndistribution = {{kind = "uniform", low = 0, high = 1}}',
        "parameters.russia_war_cost",
    ),
]


PARAMETER = "[parameters.russia_war_cost]"
BAD_SPECS += [
    # issue 15: seeds within 0..2^63-1 (every replication's seed too)
    ("replications = {replications}", "seed = 9223372036854775808\nreplications = 2", "seed"),
    ("replications = {replications}", "seed = 9223372036854775807\nreplications = 2", "seed"),
    ("replications = {replications}", "seed = -1\nreplications = 2", "seed"),
    # parameter names that would overwrite a column of the stored row
    (PARAMETER, "[parameters.run_id]", "parameters.run_id"),
    (PARAMETER, "[parameters.seed]", "parameters.seed"),
    (PARAMETER, "[parameters.utility_russia]", "parameters.utility_russia"),
    (PARAMETER, "[parameters.agreement]", "parameters.agreement"),
    # two parameters setting one path, or one inside the other
    (
        "parties.ukraine.belief",
        "parties.russia.war_cost",
        "parameters.ukraine_belief.path",
    ),
    ("parties.ukraine.belief", "parties.russia", "parameters.ukraine_belief.path"),
    # no coercion: booleans and strings are not numbers
    ("range = [0.0, 0.1]", 'range = ["0", "0.1"]', "parameters.russia_war_cost.range"),
    ("values = [0.55, 0.8]", "values = [true, 0.8]", "parameters.ukraine_belief.values"),
    ("values = [0.55, 0.8]", 'values = [0.55, "0.8"]', "parameters.ukraine_belief.values"),
    ("values = [0.55, 0.8]", "values = [0.55, nan]", "parameters.ukraine_belief.values"),
    ('title = "test sweep"', 'title = ""', "title"),
    # report: a non-empty outcome on known columns
    ("[parameters.russia", "[report]\noutcome = []\n[parameters.russia", "report.outcome"),
    (
        "[parameters.russia",
        '[report]\noutcome = {{ column = "no_such", among = ["x"] }}\n[parameters.russia',
        "report.outcome[0].column",
    ),
    # a malformed scheduler address
    (
        "[parameters.russia",
        '[execution]\nscheduler = "tcp://host"\n[parameters.russia',
        "execution.scheduler",
    ),
    # unbounded work: 600,000 runs refused before the design is laid out
    ("replications = {replications}", "replications = 100000", "(total runs)"),
]


ASSUMED = """
[parameters.renege_risk]
path = "assumptions.commitment.ukraine.base_risk"
"""
BAD_SPECS += [
    # issue 24: every value, range end and distribution bound inside the number's domain
    (
        "[parameters.russia",
        ASSUMED + "values = [0.3, 1.5]\n[parameters.russia",
        "parameters.renege_risk.values[1]",
    ),
    (
        "[parameters.russia",
        ASSUMED + "range = [-0.5, 0.5]\n[parameters.russia",
        "parameters.renege_risk.range",
    ),
    (
        "[parameters.russia",
        ASSUMED + 'distribution = {{kind = "normal", mean = 0.5, sd = 0.1}}\n[parameters.russia',
        "parameters.renege_risk.distribution.low",
    ),
    (
        "[parameters.russia",
        ASSUMED + 'distribution = {{kind = "uniform", low = 0.5, high = 2}}\n[parameters.russia',
        "parameters.renege_risk.distribution.high",
    ),
    (
        "[parameters.russia",
        '[parameters.cadence]\npath = "assumptions.calendar.cadence_days.2022"\n'
        "values = [2.5, 3]\n[parameters.russia",
        "parameters.cadence.values[0]",
    ),
    # the same through the scenario's own keys: checked at both ends
    ("range = [0.0, 0.1]", "range = [-1e308, 1e308]", "parameters.russia_war_cost.range"),
    ("range = [0.0, 0.1]", "range = [-0.1, 0.1]", "parameters.russia_war_cost.range"),
    ("values = [0.55, 0.8]", "values = [0.55, 1.0]", "parameters.ukraine_belief"),
]


@pytest.mark.parametrize(("old", "new", "key"), BAD_SPECS)
def test_bad_specs_are_rejected_naming_the_key(tmp_path, old, new, key):
    assert old in SMALL_SPEC
    path = write_spec(tmp_path, SMALL_SPEC.replace(old, new))
    with pytest.raises(ScenarioError) as info:
        prepare(path)
    assert info.value.key.startswith(key), info.value
    assert str(path) in str(info.value)


def test_design_checks(tmp_path):
    grid_with_distribution = SMALL_SPEC.replace(
        "range = [0.0, 0.1]\ncount = {count}",
        'distribution = {{kind = "uniform", low = 0.0, high = 0.1}}',
    )
    with pytest.raises(ScenarioError, match="grid design needs levels"):
        read_spec(write_spec(tmp_path, grid_with_distribution))
    sobol = SMALL_SPEC + '\n[design]\nkind = "sobol"\nsamples = 48\n'
    with pytest.raises(ScenarioError, match="power of 2"):
        read_spec(write_spec(tmp_path, sobol))
    lhs = SMALL_SPEC + '\n[design]\nkind = "lhs"\n'
    with pytest.raises(ScenarioError, match=r"design\.samples"):
        read_spec(write_spec(tmp_path, lhs))


def test_cli_rejects_a_bad_spec_with_one_line_and_exit_2(tmp_path):
    path = write_spec(tmp_path, SMALL_SPEC.replace("war_cost", "war_kost"))
    done = subprocess.run(
        [sys.executable, "-m", "sim", "sweep", str(path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "parties.russia.war_kost" in lines[0], done.stderr
    assert str(path) in lines[0]
    assert not (tmp_path / "out").exists()  # rejected before anything ran


def test_shipped_specs_are_valid():
    specs = sorted((ROOT / "experiments").glob("*.toml"))
    assert len(specs) >= 3
    for path in specs:
        question = prepare(path).spec.question
        assert re.search(r"\(00[0-4]\)", question), f"{path} cites no source document"


def test_grid_is_the_full_product(tmp_path):
    spec = read_spec(write_spec(tmp_path, count=4))
    points = design_points(spec)
    assert len(points) == 4 * 2
    assert sorted(points["russia_war_cost"].unique()) == pytest.approx([0, 0.1 / 3, 0.2 / 3, 0.1])
    assert len(points.drop_duplicates()) == len(points)


def _spec(kind: str, samples: int, dims: int = 3) -> SweepSpec:
    return SweepSpec.model_validate(
        {
            "title": "t",
            "scenario": "antalya-2022",
            "design": {"kind": kind, "samples": samples, "seed": 3},
            "parameters": {
                f"p{i}": {"path": f"x.p{i}", "range": [float(i), float(i + 1)]} for i in range(dims)
            },
        }
    )


@given(st.integers(2, 60))
def test_latin_hypercube_puts_one_point_in_each_stratum(n):
    points = design_points(_spec("lhs", n))
    for i, name in enumerate(points.columns):
        strata = np.floor((points[name].to_numpy() - i) * n).astype(int)
        assert sorted(strata) == list(range(n))


def test_sobol_design_has_saltelli_size():
    points = design_points(_spec("sobol", 16, dims=3))
    assert len(points) == 16 * (3 + 2)
    for i, name in enumerate(points.columns):
        assert points[name].between(i, i + 1).all()


@given(st.integers(2, 12), st.integers(1, 5))
def test_a_morris_trajectory_moves_one_parameter_a_step_at_a_time(trajectories, dims):
    # Morris (1991) with p = 4 levels: D + 1 points per trajectory, each step moves one
    # parameter by p / (2 (p - 1)) = 2/3 of its range (parameter i spans [i, i + 1]).
    points = design_points(_spec("morris", trajectories, dims=dims)).to_numpy()
    assert points.shape == (trajectories * (dims + 1), dims)
    for trajectory in points.reshape(trajectories, dims + 1, dims):
        steps = np.diff(trajectory, axis=0)
        moved = np.abs(steps) > 1e-6
        assert moved.sum(axis=1).tolist() == [1] * dims
        assert sorted(np.argmax(moved, axis=1).tolist()) == list(range(dims))
        assert np.abs(steps[moved]) == pytest.approx(2 / 3, abs=1e-6)


def test_a_morris_design_needs_two_trajectories():
    with pytest.raises(ValueError, match="at least 2 trajectories"):
        _spec("morris", 1)


def test_discrete_parameters_in_a_sampled_design_take_each_level_equally():
    spec = SweepSpec.model_validate(
        {
            "title": "t",
            "scenario": "s",
            "design": {"kind": "lhs", "samples": 30},
            "parameters": {"m": {"path": "x", "choices": {"a": {}, "b": {}, "c": {}}}},
        }
    )
    assert design_points(spec)["m"].value_counts().to_dict() == {"a": 10, "b": 10, "c": 10}


@given(st.floats(0.001, 0.999))
def test_distribution_quantiles(u):
    uniform = Distribution(kind="uniform", low=2.0, high=4.0)
    assert uniform.ppf(np.array([u]))[0] == pytest.approx(2 + 2 * u)
    log = Distribution(kind="loguniform", low=1.0, high=100.0)
    assert log.ppf(np.array([u]))[0] == pytest.approx(10 ** (2 * u))
    normal = Distribution(kind="normal", mean=0.5, sd=0.2, low=0.0, high=1.0)
    assert 0.0 <= normal.ppf(np.array([u]))[0] <= 1.0
    tri = Distribution(kind="triangular", low=0.0, mode=1.0, high=1.0)
    # F(x) = x^2 on [0, 1] for mode = high = 1
    assert tri.ppf(np.array([u]))[0] == pytest.approx(np.sqrt(u))


def test_untruncated_normal_median_is_its_mean():
    normal = Distribution(kind="normal", mean=3.0, sd=2.0)
    assert normal.ppf(np.array([0.5]))[0] == pytest.approx(3.0)
    assert normal.ppf(np.array([0.975]))[0] == pytest.approx(3.0 + 1.959964 * 2.0, rel=1e-6)


def test_a_report_may_name_a_parameter_or_record_column(tmp_path):
    outcome = '[report]\noutcome = [{{ column = "offer_russia_nato", among = ["neutral_status"] }}]'
    prepare(write_spec(tmp_path, SMALL_SPEC + outcome))


def test_whole_number_values_stay_whole(tmp_path):
    deadline = '[parameters.deadline]\npath = "deadline"\nvalues = [4, 6]\n'
    sweep = prepare(write_spec(tmp_path, SMALL_SPEC + deadline))
    assert sorted(set(sweep.points["deadline"])) == [4, 6]
    assert all(type(v) is int for v in sweep.points.to_dict("list")["deadline"])


def _days(design: dict, days: dict) -> SweepSpec:
    path = "assumptions.calendar.cadence_days.2022"
    return SweepSpec.model_validate(
        {
            "title": "t",
            "scenario": "s",
            "design": design,
            "parameters": {"d": {"path": path, **days}},
        }
    )


def test_a_range_of_whole_days_draws_each_whole_number_equally():
    """Days between rounds take whole numbers: a range alone samples 2, 3, 4 and 5 alike
    (as the back-test does), in a sampled design and in a grid; its ends must be whole."""
    points = design_points(_days({"kind": "lhs", "samples": 40}, {"range": [2, 5]}))
    assert points["d"].value_counts().to_dict() == {2: 10, 3: 10, 4: 10, 5: 10}
    assert list(design_points(_days({"kind": "grid"}, {"range": [1.0, 3.0]}))["d"]) == [1, 2, 3]
    with pytest.raises(ValueError, match="range: expected a whole number of days"):
        _days({"kind": "lhs", "samples": 4}, {"range": [1.5, 5]})


def test_the_run_limit_can_be_lifted(tmp_path):
    path = write_spec(tmp_path, replications=2, count=3)  # 12 runs
    with pytest.raises(ScenarioError, match="at most 11 runs, got 12"):
        prepare(path, max_runs=11)
    assert prepare(path, max_runs=None).size == 12


def test_a_huge_grid_is_refused_before_it_is_laid_out(tmp_path):
    text = SMALL_SPEC.replace("count = {count}", "count = 10000").replace(
        "values = [0.55, 0.8]", "range = [0.55, 0.8]\ncount = 10000"
    )
    with pytest.raises(ScenarioError, match="got 200,000,000"):
        prepare(write_spec(tmp_path, text))


def test_a_huge_range_is_refused_before_its_values_become_nan(tmp_path):
    path = write_spec(tmp_path, SMALL_SPEC.replace("range = [0.0, 0.1]", "range = [-1e308, 1e308]"))
    with pytest.raises(ScenarioError) as info:
        read_spec(path)
    assert info.value.key == "parameters.russia_war_cost.range"
    assert "high - low a finite number" in str(info.value) and "nan" not in str(info.value)


def test_a_normal_far_from_its_bounds_is_refused_not_sampled_as_infinities():
    with pytest.raises(ValueError, match="some mass between low and high"):
        Distribution(kind="normal", mean=0.0, sd=1e-300, low=0.5, high=0.6)
    assert Distribution(kind="normal", mean=0.5, sd=0.1, low=0.0, high=1.0)


def test_a_sweep_outside_the_documented_ranges_says_so_in_its_provenance(tmp_path):
    text = SMALL_SPEC + ASSUMED + "values = [0.3, 0.9]\n"
    sweep = prepare(write_spec(tmp_path, text))
    # war costs 0-0.1 against Russia's documented 0.02-0.15; renege risk 0.9 against 0.3-0.7
    assert sweep.provenance()["outside_documented_ranges"] == {
        "parties.russia.war_cost": {
            "assumption": "actors.russia.war_cost.2022",
            "range": [0.02, 0.15],
            "values": [0.0, 0.0],
        },
        "parties.ukraine.belief": {
            "assumption": "actors.ukraine.belief.2022",
            "range": [0.6, 0.9],
            "values": [0.55, 0.55],
        },
        "assumptions.commitment.ukraine.base_risk": {
            "assumption": "commitment.ukraine.base_risk",
            "range": [0.3, 0.7],
            "values": [0.9, 0.9],
        },
    }


def test_a_normal_unbounded_on_one_side_is_refused_for_a_bounded_scenario_key(tmp_path):
    text = """
title = "unbounded"
scenario = "antalya-2022"
[design]
kind = "lhs"
samples = 4
[parameters.belief]
path = "parties.ukraine.belief"
distribution = {{kind = "normal", mean = 0.5, sd = 0.1, low = 0.1}}
"""
    with pytest.raises(ScenarioError) as info:
        prepare(write_spec(tmp_path, text))
    assert info.value.key == "parameters.belief.distribution.high"
    assert "belief=inf gives parties.ukraine.belief" in str(info.value)
