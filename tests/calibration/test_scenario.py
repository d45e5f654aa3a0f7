"""Scenario validation: each defect of issue 15 as a case, rejected naming its key."""

import copy
import datetime as dt

import pytest

from sim.calibration.scenario import (
    MAX_TITLE,
    SHOWN,
    ScenarioError,
    copy_tree,
    read_scenario_data,
    validate_scenario,
    with_overrides,
)
from sim.calibration.seeds import first_statement_date, load_statements
from tests.conftest import ROOT

ISTANBUL = ROOT / "scenarios" / "istanbul-2022.toml"
AGENDA = read_scenario_data(ISTANBUL)["agenda"]


def _rejected(overrides: dict, key: str, data: dict | None = None) -> ScenarioError:
    base = read_scenario_data(ISTANBUL) if data is None else data
    with pytest.raises(ScenarioError) as info:
        validate_scenario(with_overrides(base, overrides), "file.toml")
    assert info.value.key == key, info.value
    assert "\n" not in str(info.value) and str(info.value).startswith("file.toml: ")
    return info.value


def _rounds(*dates: str) -> list[dict]:
    return [{"date": dt.date.fromisoformat(d), "label": f"round {d}"} for d in dates]


REJECTED = {
    # no coercion of booleans or strings to numbers
    "bool as an int": ({"events.sanctions_bite.round": True}, "events.sanctions_bite.round"),
    "string as a float": ({"parties.russia.war_cost": "0.5"}, "parties.russia.war_cost"),
    "float as an int": ({"deadline": 8.0}, "deadline"),
    "bool as a float": ({"parties.russia.reservation": False}, "parties.russia.reservation"),
    # finite numbers
    "nan": ({"parties.russia.war_cost": float("nan")}, "parties.russia.war_cost"),
    "infinity": ({"events.sanctions_bite.trend": float("inf")}, "events.sanctions_bite.trend"),
    # dates strictly increasing
    "same date": ({"rounds": _rounds("2022-03-14", "2022-03-14")}, "rounds[1].date"),
    "out of order": ({"rounds": _rounds("2022-03-15", "2022-03-14")}, "rounds[1].date"),
    "before the era": ({"rounds": _rounds("2021-01-01")}, "rounds[0].date"),
    "calibrated before the era": ({"calibration_date": dt.date(2020, 1, 1)}, "calibration_date"),
    # events within the rounds
    "event after the last round": (
        {"events.sanctions_bite.round": 5},
        "events.sanctions_bite.round",
    ),
    # one role per actor
    "party and mediator": ({"mediators.russia": {}}, "mediators.russia"),
    # titles, labels and names
    "empty title": ({"title": ""}, "title"),
    "blank title": ({"title": "   "}, "title"),
    "empty label": ({"rounds": [{"date": dt.date(2022, 3, 14), "label": ""}]}, "rounds[0].label"),
    "long title": ({"title": "x" * (MAX_TITLE + 1)}, "title"),
    "traversal": ({"name": "../../x"}, "name"),
    "absolute path": ({"name": "/tmp/x"}, "name"),
    "NUL in name": ({"name": "a\x00b"}, "name"),
    "upper case": ({"name": "Istanbul"}, "name"),
    "long name": ({"name": "a" * 65}, "name"),
    # a party whose weights leave nothing to normalise
    "all-zero weights": (
        {"parties.ukraine.weights": dict.fromkeys(AGENDA, 0.0)},
        "parties.ukraine.weights",
    ),
    # issue 24: numbers inside their domains, parties and eras the seeds calibrate
    "belief of 1": ({"parties.russia.belief": 1.0}, "parties.russia.belief"),
    "no engagements": ({"battlefield.engagement_rate": 0}, "battlefield.engagement_rate"),
    "NaN assumption": ({"assumptions.breach.default": float("nan")}, "assumptions.breach.default"),
    "400-digit assumption": (
        {"assumptions.capability.russia": 10**400},
        "assumptions.capability.russia",
    ),
    "fractional days between rounds": (
        {"assumptions.calendar.cadence_days.2022": 2.5},
        "assumptions.calendar.cadence_days.2022",
    ),
    "bool assumption": (
        {"assumptions.talks.text_ripeness": True},
        "assumptions.talks.text_ripeness",
    ),
    "a third party": ({"parties": {"russia": {}, "united_states": {}}}, "parties.united_states"),
    "no belief seeded in 2024": (
        {"rounds": _rounds("2024-05-01"), "calibration_date": dt.date(2024, 5, 1), "events": {}},
        "parties.russia.belief",
    ),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_defects_are_rejected_naming_the_key(case):
    overrides, key = REJECTED[case]
    _rejected(overrides, key)


def test_whole_numbers_are_accepted_where_floats_are_expected():
    data = with_overrides(read_scenario_data(ISTANBUL), {"parties.russia.war_cost": 0})
    assert validate_scenario(data).parties["russia"].war_cost == 0.0


def test_weights_of_some_issues_may_be_zero():
    zeros = dict.fromkeys(AGENDA[:-1], 0.0)
    data = with_overrides(read_scenario_data(ISTANBUL), {"parties.ukraine.weights": zeros})
    assert validate_scenario(data).parties["ukraine"].weights == zeros


def test_the_era_is_the_first_coded_statement():
    first = min(st.date for st in load_statements())
    data = with_overrides(read_scenario_data(ISTANBUL), {"rounds": _rounds(first.isoformat())})
    data["events"] = {}
    assert validate_scenario(data).rounds[0].date == first
    day_before = (first - dt.timedelta(days=1)).isoformat()
    error = _rejected({"rounds": _rounds(day_before)}, "rounds[0].date", data)
    assert str(first) in error.expected


def test_a_huge_value_is_quoted_short():
    error = _rejected({"title": "[bold]" + "x" * 2**20}, "title")
    assert len(error.expected) < SHOWN + 100


def test_talks_in_an_unseeded_year_run_once_the_scenario_sets_every_number():
    numbers = {"belief": 0.6, "confidence": 20.0, "war_cost": 0.1}
    data = with_overrides(
        read_scenario_data(ISTANBUL),
        {
            "rounds": _rounds("2024-05-01"),
            "calibration_date": dt.date(2024, 5, 1),
            "events": {},
            "battlefield.theta": 0.5,
            "calendar.cadence_days": 10,
            **{f"parties.{p}.{k}": v for p in ("russia", "ukraine") for k, v in numbers.items()},
        },
    )
    assert validate_scenario(data).as_of.year == 2024


@pytest.mark.parametrize("depth", [33, 400, 5000])
def test_a_file_nested_thousands_of_levels_deep_is_one_line(tmp_path, depth):
    for text in ("a = " + "[" * depth + "]" * depth, "[" + ".".join(["x"] * depth) + "]"):
        path = tmp_path / "deep.toml"
        path.write_text(text)
        with pytest.raises(ScenarioError) as info:
            read_scenario_data(path)
        assert info.value.key == "(syntax)" and "nested at most 32" in str(info.value)


def test_a_file_nested_32_levels_deep_is_read(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 32 + "]" * 32)
    assert read_scenario_data(path)["a"]


def test_a_tree_copy_is_a_deep_copy():
    data = read_scenario_data(ISTANBUL)
    data["odd"] = {"a": [1, [2.5, {"b": dt.date(2022, 3, 29)}]], "t": (1, [2]), "s": {3}}
    copied = copy_tree(data)
    assert copied == copy.deepcopy(data)
    copied["odd"]["a"][1][1]["b"] = None  # nested dicts and lists are new
    copied["odd"]["t"][1].append(3)  # so is anything else (deep-copied)
    copied["rounds"][0]["date"] = None
    assert data["odd"]["a"][1][1]["b"] == dt.date(2022, 3, 29)
    assert data["odd"]["t"] == (1, [2])
    assert data["rounds"][0]["date"] is not None


def test_the_first_statement_date_is_the_earliest():
    assert first_statement_date() == min(st.date for st in load_statements())
