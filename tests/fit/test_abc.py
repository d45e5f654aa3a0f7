"""The fit's procedure by hand, and small real fits: the same on one worker or two,
resumed after an interruption as if never interrupted, refused in another fit's folder."""

import dataclasses
import json
import math

import numpy as np
import pandas as pd
import pyabc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.fit.abc import (
    FitError,
    Generation,
    RecordDistance,
    predicted_runs,
    record_problem,
    run_fit,
    stop_reason,
    threshold,
)
from sim.fit.evidence import KEY
from sim.fit.posterior import DATABASE, PARTICLES, SUMMARY, load_posterior
from sim.fit.settings import FitSettings
from sim.sweeps.runner import backend_for

#: Two assumptions the 2022 record speaks to (the corridors' breach at Brest, the draft
#: text of the 15-point talks), a population of 10, two generations: seconds per fit.
PATHS = ("breach.humanitarian_corridors", "talks.text_ripeness")
SETTINGS = FitSettings(population=10, generations=2, seed=5)


def small_problem():
    problem = record_problem()
    return dataclasses.replace(problem, priors=tuple(p for p in problem.priors if p.path in PATHS))


def fit(folder, workers=1, settings=SETTINGS):
    with backend_for(workers) as backend:
        return run_fit(small_problem(), settings, folder, backend, ["test"])


def test_threshold_is_the_weighted_median_stepped_down_past_ties():
    d, w = np.array([0.1, 0.2, 0.3]), np.ones(3)
    # pyabc's interpolated weighted median of three equal weights: the middle value
    assert threshold(d, w, None) == pytest.approx(0.2)
    assert threshold(d, w, 0.25) == pytest.approx(0.2)
    assert threshold(d, w, 0.2) == 0.1  # ties hold the median: the largest distance below
    assert threshold(d, w, 0.1) == 0.1  # nothing below: no next threshold
    # heavier weight on the far particle moves the median up
    assert threshold(d, np.array([1.0, 1.0, 4.0]), None) > 0.2


def test_stop_reasons_by_hand():
    settings = FitSettings(population=10, generations=3, min_acceptance=0.1)
    far = pd.DataFrame({"distance": [0.1, 0.2, 0.3], "w": [1 / 3] * 3})
    going = [Generation(0, 0.4, 20, 10)]
    assert stop_reason(going, settings, far) is None
    assert stop_reason(going * 3, settings, far) == "generation limit (3)"
    assert stop_reason([Generation(0, 0.4, 101, 10)], settings, far) == "acceptance below 0.1"
    assert stop_reason([Generation(0, 0.0, 20, 10)], settings, far).startswith("threshold 0")
    tied = pd.DataFrame({"distance": [0.4, 0.4], "w": [0.5, 0.5]})
    assert stop_reason(going, settings, tied) == "no accepted run below the threshold"


def test_a_generation_that_would_pass_the_runs_budget_is_not_started():
    # The 2022 fit of this issue: acceptance 0.17 then 0.053 (500 of 2,973 and 9,472
    # runs); the next is predicted at 0.053 x (0.053 / 0.17) = 0.0166: 30,178 runs.
    done = [
        Generation(0, 0.06, 812, 500),
        Generation(1, 0.05, 1102, 500),
        Generation(2, 0.04, 2973, 500),
        Generation(3, 0.03, 9472, 500),
    ]
    assert predicted_runs(done, 500) == 30_178
    far = pd.DataFrame({"distance": [0.01, 0.02], "w": [0.5, 0.5]})
    budget = FitSettings(population=500, max_runs=30_000)
    reason = stop_reason(done, budget, far)
    assert reason == "the next generation (~30,178 runs) would pass 30,000 runs"
    assert stop_reason(done, FitSettings(population=500, max_runs=44_537), far) is None
    assert stop_reason(done, FitSettings(population=500, max_runs=44_536), far) == (
        "the next generation (~30,178 runs) would pass 44,536 runs"
    )


@given(
    accepted=st.lists(st.integers(1, 100), min_size=1, max_size=5),
    extra=st.lists(st.integers(0, 1000), min_size=5, max_size=5),
)
def test_the_predicted_share_accepted_never_rises(accepted, extra):
    generations = [
        Generation(t, 0.5, a + e, a) for t, (a, e) in enumerate(zip(accepted, extra, strict=False))
    ]
    runs = predicted_runs(generations, 100)
    assert runs >= math.ceil(100 / generations[-1].acceptance) - 1e-9
    assert runs >= 100


def test_the_stopping_limits_are_not_the_fit_s_identity():
    # They decide where the fit stops, not its particles: a fit resumes under others.
    assert FitSettings(generations=2, max_runs=10).path() == FitSettings().path()
    assert FitSettings(population=9).path() != FitSettings().path()


def test_the_distance_compares_the_records():
    distance = RecordDistance(statuses=2)
    x, y = {KEY: np.array([2, 1, 1])}, {KEY: np.array([2, 0, 0])}
    assert distance(x, y) == pytest.approx((0.5 + 1) / 3)


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serial")
    return fit(folder), folder


def test_a_small_fit_writes_its_posterior_with_provenance(serial):
    result, folder = serial
    assert len(result.generations) == 2 and result.stopped == "generation limit (2)"
    assert result.generations[1].epsilon <= result.generations[0].epsilon
    particles = pd.read_parquet(folder / PARTICLES)
    assert particles.groupby("generation").size().tolist() == [10, 10]
    assert particles.groupby("generation")["weight"].sum().to_numpy() == pytest.approx(1.0)
    posterior = load_posterior(folder)
    for prior in posterior.priors:
        assert particles[prior.path].between(prior.low, prior.high).all()
    summary = json.loads((folder / SUMMARY).read_text())
    about = summary["provenance"]
    assert about["seed"] == 5 and about["settings"]["population"] == 10
    assert {"version", "pyabc", "seeds_sha256", "record_sha256", "scenarios_sha256"} <= set(about)
    assert summary["result"]["generations"] == 2
    assert summary["result"]["evaluations"] == result.evaluations
    history = pyabc.History(f"sqlite:///{folder / DATABASE}")
    assert history.max_t == 1  # pyabc's database holds both generations


def test_two_workers_give_the_same_fit_and_a_rerun_changes_nothing(serial, tmp_path):
    _, folder = serial
    fit(tmp_path, workers=2)
    for name in (PARTICLES, SUMMARY):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes()
    again = fit(folder)
    assert again.started == 0  # nothing left to run
    assert (folder / PARTICLES).read_bytes() == (tmp_path / PARTICLES).read_bytes()


def test_an_interrupted_fit_resumes_where_it_stopped(serial, tmp_path, monkeypatch):
    _, folder = serial
    original = pyabc.ABCSMC.run_generation

    def interrupted(self, t):
        if t == 1:
            raise KeyboardInterrupt
        return original(self, t)

    monkeypatch.setattr(pyabc.ABCSMC, "run_generation", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fit(tmp_path)
    assert not (tmp_path / PARTICLES).exists()
    monkeypatch.setattr(pyabc.ABCSMC, "run_generation", original)
    resumed = fit(tmp_path)
    assert [g.generation for g in resumed.generations] == [0, 1]
    assert (tmp_path / PARTICLES).read_bytes() == (folder / PARTICLES).read_bytes()


def test_another_fit_in_the_same_folder_is_refused(serial):
    _, folder = serial
    with pytest.raises(FitError, match="holds another fit"):
        fit(folder, settings=dataclasses.replace(SETTINGS, seed=6))
