import numpy as np
import pandas as pd
import pytest

from sim.calibration.scenario import load_scenario
from sim.calibration.seeds import assumption, load_issues
from sim.core.expected_utility import EUForecast
from sim.forecast.agreement import issue_status, meeting_predictions, point_status
from sim.forecast.talks import (
    Dimension,
    IssueForecast,
    dimensions,
    forecast_scenario,
    level_position,
    nearest_level,
    point_forecasts,
    summary_frame,
)
from tests.conftest import ROOT

PARTIES = ("russia", "ukraine")


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


def _dimension(key, positions, salience=None, actors=("russia", "ukraine", "turkey")):
    issue = load_issues()[key]
    n = len(actors)
    return Dimension(
        issue,
        actors,
        np.array(positions, float),
        np.ones(n) if salience is None else np.array(salience, float),
        np.ones(n),
    )


def test_the_reference_point_is_the_status_quo_level():
    territory = _dimension("territory", [100.0, 0.0, np.nan])
    assert territory.reference == pytest.approx(200 / 3)  # current front line, level 2 of 3


@pytest.mark.parametrize(
    ("key", "positions", "setter", "nash", "procedural"),
    [
        # Parties on both sides of the front line: no move gains both, nothing changes.
        ("territory", [100.0, 0.0, np.nan], None, 200 / 3, 200 / 3),
        ("territory", [100.0, 0.0, 100 / 3], "turkey", 200 / 3, 200 / 3),
        # Both want all-for-all from none: the Nash solution and their bargain is 100.
        ("prisoners", [100.0, 100.0, np.nan], None, 100.0, 100.0),
        # A host at 50 proposes what both accept nearest to it: only 100 (unanimity set),
        # no nearer than the status quo 0 to the host, so nothing changes.
        ("prisoners", [100.0, 100.0, 50.0], "turkey", None, 0.0),
        # A host at 100 with parties at 50 and 100: the set both accept over 0 is [0, 100]
        # and their unanimity set [50, 100]: the host gets 100.
        ("prisoners", [50.0, 100.0, 100.0], "turkey", None, 100.0),
    ],
)
def test_point_models_on_the_talks_by_hand(key, positions, setter, nash, procedural):
    dim = _dimension(key, positions)
    found = point_forecasts([dim], ("russia", "ukraine"), setter, ("nash", "procedural"))
    if nash is not None:
        assert found["nash"][0] == pytest.approx(nash)
    assert found["procedural"][0] == pytest.approx(procedural)


def test_exchange_on_the_talks_trades_across_the_agenda():
    # Russia cares about NATO, Ukraine about the ceasefire: each gets its salient issue
    # (tests/core/test_exchange.py: mirror saliences 0.8 / 0.2 trade everything).
    dims = [
        _dimension("nato", [100.0, 0.0, np.nan], [0.8, 0.2, 0.0]),
        _dimension("ceasefire", [0.0, 100.0, np.nan], [0.2, 0.8, 0.0]),
    ]
    found = point_forecasts(dims, ("russia", "ukraine"), None, ("compromise", "exchange"))
    np.testing.assert_allclose(found["compromise"], [80.0, 80.0])
    np.testing.assert_allclose(found["exchange"], [100.0, 100.0])


@pytest.mark.parametrize(
    ("value", "status"),
    [(200 / 3, "not_agreed"), (60.0, "not_agreed"), (90.0, "agreed"), (np.nan, "not_agreed")],
)
def test_point_status_is_a_move_off_the_status_quo(value, status):
    assert point_status(value, _dimension("territory", [100.0, 0.0, np.nan]), PARTIES) == status


def test_a_party_without_a_position_agrees_to_nothing():
    assert point_status(100.0, _dimension("territory", [np.nan, 0.0, 50.0]), PARTIES) == (
        "not_agreed"
    )


@pytest.mark.parametrize("model", ["nash", "procedural", "stacked"])
def test_meeting_predictions_of_point_models(istanbul_2025, model):
    table = meeting_predictions(istanbul_2025, draws=4, seed=1, model=model)
    assert (table["predicted_partial"] == 0).all()
    first = table[table["meeting"] == "istanbul-2025-05-16"].set_index("issue")
    assert first.loc["prisoners", "predicted_agreement"] == 1.0
    if model != "stacked":  # a veto for either party: the rest stays where it is
        assert (first.drop(index="prisoners")["predicted_agreement"] == 0).all()


def test_meeting_predictions_reject_an_unknown_model(istanbul_2025):
    with pytest.raises(ValueError, match="unknown model"):
        meeting_predictions(istanbul_2025, draws=2, model="oracle")


def test_the_scenario_table_has_every_forecast(istanbul_2025):
    frame = summary_frame(forecast_scenario(istanbul_2025), istanbul_2025.party_names)
    assert {"status_quo", "nash", "procedural", "exchange", "stacked"} <= set(frame.columns)
    assert frame[["nash", "procedural", "exchange", "stacked"]].notna().all().all()
