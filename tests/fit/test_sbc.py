"""The machinery of the simulation-based calibration (experiments/fit_sbc.py runs it at size)."""

import numpy as np
import pandas as pd

from sim.fit.abc import record_problem
from sim.fit.sbc import check, covered, synthetic_problem
from sim.fit.settings import FitSettings
from sim.fit.simulate import era_record
from sim.sweeps.runner import backend_for

PRIORS = tuple(p for p in record_problem().priors if p.path == "breach.humanitarian_corridors")


def test_a_synthetic_record_is_a_run_at_true_values_drawn_from_the_priors():
    problem, truth = synthetic_problem("2022", PRIORS, seed=4)
    again, same = synthetic_problem("2022", PRIORS, seed=4)
    assert truth == same and np.array_equal(problem.observed, again.observed)
    (prior,) = PRIORS
    assert prior.low <= truth[prior.path] <= prior.high
    assert problem.priors == PRIORS and problem.observed.size == 48
    assert set(problem.observed[:43]) <= {0, 1, 2} and set(problem.observed[43:]) <= {0, 1}
    other, _ = synthetic_problem("2022", PRIORS, seed=5)
    assert other.record_sha256 != problem.record_sha256
    # it is the model's record at those values, with a seed drawn after them
    rng = np.random.default_rng(4)
    rng.uniform()
    assert np.array_equal(era_record("2022", truth, int(rng.integers(2**31 - 1))), problem.observed)


def test_covered_by_hand():
    intervals = pd.DataFrame(
        {"path": ["a", "b"], "low": [0.1, 0.5], "high": [0.3, 0.6], "width_ratio": [0.2, 0.1]}
    )
    found = covered(intervals, {"b": 0.7, "a": 0.3})
    assert found["path"].tolist() == ["b", "a"]
    assert found["inside"].tolist() == [False, True]  # the interval's ends count as inside


def test_one_small_check_end_to_end(tmp_path):
    settings = FitSettings(population=10, generations=1, seed=2)
    with backend_for(1) as backend:
        found = check("2022", PRIORS, settings, tmp_path, backend)
    assert found["fit"].tolist() == [2] and found["path"].tolist() == [PRIORS[0].path]
    assert found["low"].iloc[0] <= found["high"].iloc[0]
    assert found["evaluations"].iloc[0] >= 20  # a prior sample, then generation 0
