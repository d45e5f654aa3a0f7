import numpy as np
import pandas as pd
import pytest

from sim.backtest.validation import SCOPE
from sim.calibration.scenario import find_scenario, flatten, load_scenario
from sim.fit.forecast import (
    DRAW,
    draw_values,
    forecaster_rows,
    posterior_sweep,
    reliability_table,
    score_rows,
)
from sim.fit.posterior import Posterior
from sim.fit.priors import Prior

PRIORS = (
    Prior("battlefield.theta.2022", 0.5, 0.35, 0.65),
    Prior("talks.text_ripeness", 0.15, 0.1, 0.25),
)
POSTERIOR = Posterior(
    pd.DataFrame(
        {
            "generation": [3, 3],
            "particle": [0, 1],
            "weight": [0.5, 0.5],
            "distance": [0.0, 0.0],
            "battlefield.theta.2022": [0.4, 0.6],
            "talks.text_ripeness": [0.2, 0.12],
        }
    ),
    PRIORS,
    {"provenance": {"seed": 0}},
)


def meetings(p_agreed, p_partial, runs=10):
    return pd.DataFrame(
        {
            "meeting_date": ["2022-03-03", "2022-03-03", "2025-05-16"],
            "meeting": ["m", "m", "n"],
            "issue": ["x", "y", "x"],
            "runs": runs,
            "predicted_agreement": p_agreed,
            "predicted_partial": p_partial,
            "documented": ["agreed", "not_agreed", "not_agreed"],
            "era": ["2022", "2022", "2025"],
        }
    )


VALIDATION = pd.DataFrame(
    {
        "date": ["2022-05-17", "2022-09-30"],
        "question": ["talks_suspended_by", "package_agreed_by"],
        "outcome": ["yes", "no"],
        "runs": [10, 10],
        "predicted": [0.5, 0.0],
    }
)


def test_every_forecaster_is_scored_on_the_same_events():
    tables = {
        "posterior": meetings([0.9, 0.0, 0.0], [0.0, 0.0, 0.0]),
        "central calibration": meetings([1.0, 0.0, 1.0], [0.0, 0.0, 0.0]),
    }
    validations = {"posterior": VALIDATION, "central calibration": VALIDATION.assign(predicted=1.0)}
    rows = forecaster_rows(tables, validations)
    assert list(dict.fromkeys(rows["forecaster"])) == [
        "posterior",
        "central calibration",
        "always no agreement",
        "issue base rate",
    ]
    assert set(rows.groupby("forecaster").size()) == {len(rows) // 4}
    assert dict(zip(rows["scope"], rows["sample"], strict=True)) == {
        "all": "in and out of sample",
        "2022": "in sample",
        "2025": "out of sample",
        SCOPE: "out of sample",
    }
    scores = score_rows(rows).set_index(["scope", "target", "forecaster"])
    # 2022, agreed: posterior 0.9 and 0.0 for y = 1, 0 -> Brier (0.01 + 0) / 2;
    # log score of the Krichevsky-Trofimov estimates (9.5 / 11, 0.5 / 11)
    row = scores.loc[("2022", "agreed", "posterior")]
    assert row["brier"] == pytest.approx(0.005)
    expected = -(np.log(9.5 / 11) + np.log(1 - 0.5 / 11)) / 2
    assert row["log_score"] == pytest.approx(expected)
    # 2025: the central calibration said 1.0 for an event that did not happen; finite
    # log score (10.5 / 11), the naive "always no" exact (log score 0)
    assert scores.loc[("2025", "agreed", "central calibration"), "log_score"] == pytest.approx(
        -np.log(1 - 10.5 / 11)
    )
    assert scores.loc[("2025", "agreed", "always no agreement"), "log_score"] == 0.0
    # after the documents: "always no" gave 0 to the suspension that happened: infinite
    assert scores.loc[(SCOPE, "as recorded", "always no agreement"), "log_score"] == np.inf
    assert scores.loc[(SCOPE, "as recorded", "posterior"), "brier"] == pytest.approx(0.125)


def test_reliability_bins_forecasts_against_what_happened():
    rows = pd.DataFrame(
        {
            "scope": ["2022"] * 4 + [SCOPE] * 2 + ["all"],
            "sample": ["in sample"] * 4 + ["out of sample"] * 2 + ["in and out of sample"],
            "forecaster": "posterior",
            "runs": 10.0,
            "p": [0.05, 0.08, 0.55, 1.0, 0.0, 0.95, 0.5],
            "y": [0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0],
        }
    )
    table = reliability_table(rows).set_index(["sample", "low"])
    assert table.loc[("in sample", 0.0), "events"] == 2
    assert table.loc[("in sample", 0.0), "forecast"] == pytest.approx(0.065)
    assert table.loc[("in sample", 0.0), "observed"] == 0.5
    assert table.loc[("in sample", 0.9), "events"] == 1  # p = 1 falls in the last bin
    assert table.loc[("out of sample", 0.9), "observed"] == 1.0
    assert table["events"].sum() == 6  # "all" repeats the others: left out


def test_draws_take_the_fitted_values_from_the_posterior_and_nothing_else():
    drawn = draw_values(POSTERIOR, 50, seed=1)
    for values in drawn:
        assert set(values) == {"battlefield.theta.2022", "talks.text_ripeness"}
        assert values["talks.text_ripeness"] in (0.2, 0.12)
    assert draw_values(POSTERIOR, 50, seed=1) == drawn
    assert draw_values(POSTERIOR, 10, seed=1) == drawn[:10]  # the first draws are the same


def test_a_posterior_sweep_has_a_point_per_draw():
    scenario = load_scenario(find_scenario("antalya-2022"))
    sweep = posterior_sweep(POSTERIOR, scenario, runs=10)
    assert sweep.size == 10 and len(sweep.points) == 2
    first = sweep.overrides({DRAW: sweep.points[DRAW][0]})["assumptions"]
    assert flatten(first)["battlefield.theta.2022"] in (0.4, 0.6)
