"""A sweep names what it varies in vain: a parameter no run reads, a choice that adds
nothing; `peacesim sweep` prints them before it runs."""

from sim.cli import main
from sim.sweeps.notes import sweep_notes
from sim.sweeps.runner import prepare

SPEC = """
title = "notes"
scenario = "istanbul-2025"
rounds = 1

[parameters.mediators]
path = "mediators"
[parameters.mediators.choices]
turkey = {{ turkey = {{}} }}
turkey_and_europe = {{ turkey = {{}}, france = {{}}, germany = {{}} }}
turkey_and_us = {{ turkey = {{}}, united_states = {{}} }}

[parameters.strike_round]
path = "events.drone_strike.round"
values = [1, 2]

[parameters.{name}]
path = "{path}"
values = [{values}]
"""


def notes_of(tmp_path, name="capability", path="assumptions.capability.russia", values="0.2, 0.4"):
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC.format(name=name, path=path, values=values), encoding="utf-8")
    return {n.key: n.why for n in sweep_notes(prepare(spec))}, spec


def test_parameters_no_run_reads_and_choices_that_add_nothing_are_named(tmp_path):
    found, _ = notes_of(tmp_path)
    assert set(found) == {
        "parameters.capability",
        "parameters.strike_round = 2",
        "parameters.mediators = 'turkey_and_europe'",
    }
    assert found["parameters.capability"].startswith("no run reads it (assumptions.capability")
    assert "after the last round run" in found["parameters.strike_round = 2"]
    assert found["parameters.mediators = 'turkey_and_europe'"].startswith("mediators.")


def test_a_parameter_read_at_some_points_only_is_not_named(tmp_path):
    # Sanctions act where a mediator holds them: the United States in 2025, in one choice.
    found, _ = notes_of(tmp_path, "sanctions", "assumptions.levers.sanctions_pressure", "0.0, 0.1")
    assert not any(key.startswith("parameters.sanctions") for key in found)


def test_the_sweep_command_prints_them_before_it_runs(tmp_path, capsys):
    _, spec = notes_of(tmp_path)
    assert main(["sweep", str(spec), "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "peacesim: warning: parameters.capability: no run reads it" in err
