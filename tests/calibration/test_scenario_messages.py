"""Errors that say how to fix: the keys allowed where a key is unknown, the closest
name to a misspelt one, what to change when a round's host is missing."""

import pytest
from pydantic import ValidationError

from sim.calibration.scenario import (
    Scenario,
    ScenarioError,
    describe_error,
    first_error,
    read_scenario_data,
    suggest,
    validate_scenario,
    walk,
    with_overrides,
)
from sim.sweeps.spec import SweepSpec
from tests.conftest import ROOT

ISTANBUL = read_scenario_data(ROOT / "scenarios" / "istanbul-2022.toml")


def error(overrides: dict, data: dict = ISTANBUL) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        validate_scenario(with_overrides(data, overrides), "file.toml")
    return info.value


@pytest.mark.parametrize(
    ("overrides", "key", "hint"),
    [
        ({"parties.russia.belif": 0.8}, "parties.russia.belif", "'belief'"),
        ({"titel": "x"}, "titel", "'title'"),
        ({"battlefield.thetaa": 0.5}, "battlefield.thetaa", "'theta'"),
        ({"strategies.russia.kindd": "time"}, "strategies.russia.kindd", "'kind'"),
    ],
)
def test_an_unknown_key_names_the_closest_and_every_key_allowed_there(overrides, key, hint):
    problem = error(overrides)
    assert problem.key == key
    assert f"did you mean {hint}?" in problem.expected
    table = walk(Scenario, key.split(".")[:-1])
    assert table is not None
    assert problem.expected.endswith("allowed here: " + ", ".join(table[0].model_fields))


def test_a_misspelt_key_in_a_list_of_tables_is_named_as_written():
    data = with_overrides(ISTANBUL, {})
    data["rounds"][1]["hots"] = "turkey"
    problem = error({}, data)
    assert problem.key == "rounds[1].hots"
    assert "(did you mean 'host'?)" in problem.expected


@pytest.mark.parametrize(
    ("overrides", "key", "hint"),
    [
        ({"mediators.frnace": {}}, "mediators.frnace", "'france'"),
        ({"agenda": ["ceasefire", "teritory"]}, "agenda[1]", "'territory'"),
        ({"parties.russia.ideal.nato": "neutral"}, "parties.russia.ideal.nato", "'neutral_status'"),
        (
            {"assumptions.levers.shuttle_call": 0.1},
            "assumptions.levers.shuttle_call",
            "'assumptions.levers.shuttle_calls'",
        ),
        ({"events.sanctions_bite.target": "rusia"}, "events.sanctions_bite.target", "'russia'"),
        ({"strategies.rusia.kind": "time"}, "strategies.rusia", "'russia'"),
        (
            {
                "rounds": [
                    {"date": ISTANBUL["rounds"][0]["date"], "label": "x", "meeting": "gomell"}
                ]
            },
            "rounds[0].meeting",
            "'gomel'",
        ),
    ],
)
def test_a_misspelt_name_gets_the_closest_known_name(overrides, key, hint):
    problem = error(overrides)
    assert problem.key == key
    assert f"did you mean {hint}?" in problem.expected


def test_a_misspelt_choice_gets_the_closest_choice():
    problem = error({"strategies.russia.kind": "tim"})
    assert problem.key == "strategies.russia.kind" and "did you mean 'time'?" in problem.expected


def test_a_missing_host_says_what_to_change():
    problem = error(
        {
            "mediators": {},
            "rounds": [{"date": ISTANBUL["rounds"][0]["date"], "label": "x", "host": "turkey"}],
        }
    )
    assert problem.key == "rounds[0].host"
    assert "turkey hosts this round, so keep [mediators.turkey] or drop" in problem.expected


def test_a_union_member_is_left_out_of_the_key():
    with pytest.raises(ValidationError) as info:
        SweepSpec.model_validate(
            {
                "title": "t",
                "scenario": "s",
                "parameters": {"a": {"path": "x", "values": [1]}},
                "report": {"outcome": {"colum": "x", "among": [1]}},
            }
        )
    key, expected = describe_error(first_error(info.value.errors()), SweepSpec)
    assert key == "report.outcome.colum"
    assert expected == "no such key (did you mean 'column'?); allowed here: column, among"


def test_suggest_is_silent_without_a_close_name():
    assert suggest("zzz", ["belief", "confidence"]) == ""
