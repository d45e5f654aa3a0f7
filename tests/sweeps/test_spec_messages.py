"""Sweep errors that say which name is wrong and what to change."""

import pytest

from sim.calibration.scenario import ScenarioError
from sim.sweeps.runner import prepare
from tests.sweeps.specs import SMALL_SPEC, write_spec


def rejected(tmp_path, text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        prepare(write_spec(tmp_path, text))
    return info.value


def test_a_bad_heatmap_name_is_named_with_the_closest_parameter(tmp_path):
    text = SMALL_SPEC + '\n[report]\nheatmap = ["ukraine_belief", "russia_warcost"]\n'
    problem = rejected(tmp_path, text)
    assert problem.key == "report.heatmap[1]"
    assert "got 'russia_warcost' (did you mean 'russia_war_cost'?)" in problem.expected
    assert "(russia_war_cost, ukraine_belief)" in problem.expected


def test_a_misspelt_outcome_gets_the_closest_column(tmp_path):
    problem = rejected(tmp_path, SMALL_SPEC + '\n[report]\noutcome = "agrement"\n')
    assert problem.key == "report.outcome" and "did you mean 'agreement'?" in problem.expected


def test_a_misspelt_path_names_the_keys_allowed_there(tmp_path):
    problem = rejected(
        tmp_path, SMALL_SPEC.replace("parties.ukraine.belief", "parties.ukraine.belif")
    )
    assert problem.key == "parameters.ukraine_belief"
    assert "parties.ukraine.belif: no such key (did you mean 'belief'?)" in problem.expected


def test_mediator_choices_without_the_host_say_to_keep_it_in_every_choice(tmp_path):
    text = """
title = "t"
scenario = "istanbul-2025"
[parameters.mediators]
path = "mediators"
[parameters.mediators.choices]
none = {{}}
us = {{ united_states = {{}} }}
"""
    problem = rejected(tmp_path, text)
    assert problem.key == "parameters.mediators"
    assert "mediators='none' gives rounds[0].host" in problem.expected
    assert problem.expected.endswith("keep turkey in every choice of parameters.mediators")
