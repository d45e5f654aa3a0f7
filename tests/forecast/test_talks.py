import numpy as np
import pandas as pd
import pytest

from sim.calibration.scenario import load_scenario
from sim.calibration.seeds import assumption, load_issues
from sim.core.expected_utility import EUForecast
from sim.forecast.agreement import issue_status, meeting_predictions
from sim.forecast.talks import (
    Dimension,
    IssueForecast,
    dimensions,
    forecast_scenario,
    level_position,
    nearest_level,
)
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def istanbul_2025():
    return load_scenario(ROOT / "scenarios" / "istanbul-2025.toml")


def test_levels_map_to_the_0_100_scale_and_back():
    territory = load_issues()["territory"]  # four levels
    assert [level_position(k, territory) for k in range(4)] == pytest.approx(
        [0, 100 / 3, 200 / 3, 100]
    )
    assert [nearest_level(p, territory) for p in (0, 16, 17, 50, 84, 100)] == [0, 0, 1, 2, 3, 3]


def test_dimensions_take_calibrated_ideals_emphasis_and_assumed_capabilities(istanbul_2025):
    dims = {d.issue.key: d for d in dimensions(istanbul_2025)}
    assert list(dims) == istanbul_2025.agenda
    ceasefire = dims["ceasefire"]
    assert ceasefire.actors == ("russia", "ukraine", "turkey", "united_states")
    np.testing.assert_allclose(
        ceasefire.capability, [assumption(f"capability.{a}").value for a in ceasefire.actors]
    )
    # Russia demands no ceasefire (level 0), Ukraine a full one (level 3 of 3).
    np.testing.assert_allclose(ceasefire.positions[:2], [0.0, 100.0])
    assert ceasefire.salience[0] == pytest.approx(2 / 3)  # intensity 2 of 3
    territory = dims["territory"]  # the mediators say nothing: they sit out
    assert np.isnan(territory.positions[2:]).all() and (territory.salience[2:] == 0).all()


def test_forecast_of_a_shared_ideal_is_that_ideal(istanbul_2025):
    prisoners = next(
        f for f in forecast_scenario(istanbul_2025) if f.dimension.issue.key == "prisoners"
    )
    # both sides' prior is an exchange (level 1 of 2, priors.prisoners)
    assert prisoners.eum.mean == prisoners.compromise == prisoners.median == 50.0
    assert prisoners.eum.rounds == 0


def _forecast(start, history) -> IssueForecast:
    issue = load_issues()["territory"]  # levels at 0, 33, 67, 100
    dim = Dimension(issue, ("a", "b"), np.array(start, float), np.ones(2), np.ones(2))
    eum = EUForecast(np.array(history, float), np.ones((len(history) - 1, 2)), np.nan, np.nan)
    return IssueForecast(dim, eum, np.nan, np.nan)


@pytest.mark.parametrize(
    ("history", "after", "status"),
    [
        ([[0, 100], [60, 70]], 1, "agreed"),  # both nearest to level 2
        ([[0, 100], [30, 70]], 1, "partial"),  # levels 1 and 2; gap 40 <= 50
        ([[0, 100], [0, 60]], 1, "not_agreed"),  # gap 60 > 50
        ([[0, 100], [0, 60], [60, 60]], 1, "not_agreed"),  # read after round 1 ...
        ([[0, 100], [0, 60], [60, 60]], 2, "agreed"),  # ... or round 2
        ([[0, 100], [0, 60], [60, 60]], 9, "agreed"),  # settled earlier: the last round
    ],
)
def test_issue_status_by_hand(history, after, status):
    assert issue_status(_forecast(history[0], history), ("a", "b"), after) == status


def test_meeting_predictions_have_the_backtest_columns_and_repeat_for_a_seed(istanbul_2025):
    a, b = (meeting_predictions(istanbul_2025, draws=8, seed=3) for _ in range(2))
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == [
        "meeting",
        "scenario",
        "issue",
        "runs",
        "predicted_agreement",
        "predicted_partial",
    ]
    assert len(a) == 2 * len(istanbul_2025.agenda)
    shares = a["predicted_agreement"] + a["predicted_partial"]
    assert ((shares >= 0) & (shares <= 1)).all()
    first = a[a["meeting"] == "istanbul-2025-05-16"].set_index("issue")
    assert first.loc["prisoners", "predicted_agreement"] == 1.0  # both sides want all-for-all
