"""Domains (issue 24): every assumption names one, every way a number enters is checked
against it, and the shipped scenarios, sweep specs and the app's sliders lie inside them."""

from __future__ import annotations

import math
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.app.controls import _controls, model_params, scenario_data
from sim.calibration import scenario as scenario_module
from sim.calibration.domains import DOMAINS, Domain, DomainError, field_domain
from sim.calibration.scenario import (
    OVERRIDES,
    ScenarioError,
    flatten,
    load_scenario,
    overridden_assumption,
    read_scenario_data,
    validate_scenario,
    with_overrides,
)
from sim.calibration.seeds import (
    SeedError,
    assumption,
    check_in_domain,
    load_assumptions,
    valued_assumptions,
)
from sim.sweeps.spec import read_spec
from tests.conftest import ROOT, SCENARIOS

SPECS = sorted((ROOT / "experiments").glob("*.toml"))
ISTANBUL = ROOT / "scenarios" / "istanbul-2022.toml"
PROBABILITY = DOMAINS["probability"]


@pytest.mark.parametrize("value", [0, 0.0, 0.5, 1, 1.0])
def test_a_domain_holds_its_ends_and_what_lies_between(value):
    assert PROBABILITY.contains(value)


@pytest.mark.parametrize(
    "value",
    [-1e-300, 1.0000000000000002, math.nan, math.inf, -math.inf, True, False, "0.5", None, [0.5]],
)
def test_a_domain_refuses_what_lies_outside_and_what_is_not_a_number(value):
    assert not PROBABILITY.contains(value)


def test_a_400_digit_integer_is_outside_without_an_overflow():
    assert not DOMAINS["capability"].contains(10**400)
    assert not DOMAINS["signed_cost"].contains(-(10**400))


def test_a_whole_domain_takes_whole_numbers_only():
    days = DOMAINS["days"]
    assert days.contains(1) and days.contains(365) and days.contains(4.0)
    assert not days.contains(0.1) and not days.contains(2.5) and not days.contains(366)


def test_the_error_names_the_key_the_domain_and_the_value():
    with pytest.raises(DomainError) as info:
        PROBABILITY.check(1.5, "breach.default")
    assert str(info.value) == (
        "breach.default: expected a probability in [0, 1] (domain probability), got 1.5"
    )


@given(st.floats(0.0, 1.0))
def test_every_number_of_the_interval_is_inside(x):
    assert PROBABILITY.contains(x) and DOMAINS["signed_cost"].contains(-x)


# --- the seeds -------------------------------------------------------------------------------


def test_every_assumption_has_a_domain_holding_its_value_and_range():
    found = valued_assumptions()
    assert len(found) > 50
    for path, entry in found.items():
        assert entry.domain in DOMAINS.values(), path
        assert all(entry.domain.contains(x) for x in (entry.low, entry.value, entry.high)), path


def _seeds_with(tmp_path, monkeypatch, edit):
    """A copy of the seeds with assumptions.toml edited, loaded afresh."""
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    text = (folder / "assumptions.toml").read_text(encoding="utf-8")
    (folder / "assumptions.toml").write_text(edit(text), encoding="utf-8")
    monkeypatch.setenv("PEACESIM_SEEDS", str(folder))
    load_assumptions.cache_clear()


@pytest.fixture
def fresh_seeds():
    yield
    load_assumptions.cache_clear()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # the lead adds an entry and forgets its domain
        (
            lambda t: t + '\n[talks.break_off]\nvalue = 0.1\nrange = [0.0, 0.2]\nwhy = "x"\n',
            'talks.break_off: a domain = "...", one of probability',
        ),
        (
            lambda t: t.replace('domain = "utility"', 'domain = "utilty"', 1),
            "method.acceptable_value: a domain",
        ),
        (
            lambda t: t.replace("value = 0.85\n", "value = 1.5\n", 1),
            "actors.russia.belief.2022: low <= value <= high, all in a probability short",
        ),
        (
            lambda t: t.replace("range = [0.7, 0.95]", "range = [0.9, 0.95]", 1),
            "actors.russia.belief.2022: low <= value <= high",
        ),
    ],
)
def test_the_reader_names_an_entry_without_a_usable_domain(
    tmp_path, monkeypatch, fresh_seeds, edit, expected
):
    _seeds_with(tmp_path, monkeypatch, edit)
    with pytest.raises(SeedError) as info:
        load_assumptions()
    assert expected in str(info.value) and "\n" not in str(info.value)


def test_check_in_domain_is_the_one_check_for_a_value_from_outside_the_seeds():
    assert check_in_domain("commitment.ukraine.base_risk", 0.9) == 0.9
    assert check_in_domain("calendar.cadence_days.2025", 3) == 3.0
    with pytest.raises(DomainError) as info:
        check_in_domain("calendar.cadence_days.2025", 0.1)
    assert info.value.key == "calendar.cadence_days.2025" and "domain days" in str(info.value)
    with pytest.raises(SeedError):
        check_in_domain("battlefield.nope", 0.5)


# --- scenarios -------------------------------------------------------------------------------


def _refused(overrides: dict) -> ScenarioError:
    data = with_overrides(read_scenario_data(ISTANBUL), overrides)
    with pytest.raises(ScenarioError) as info:
        validate_scenario(data, "file.toml")
    return info.value


BEYOND = [math.nan, math.inf, -math.inf, -1e-3, 1e308, 10**400, True, "0.5"]


@pytest.mark.parametrize("path", sorted(valued_assumptions()))
def test_an_override_outside_its_domain_is_one_line_naming_key_domain_and_value(path):
    domain = assumption(path).domain
    for value in [*BEYOND, domain.low - 1e-6 * max(1.0, abs(domain.low)), domain.high * 1.01 + 1]:
        if domain.contains(value):
            continue
        error = _refused({f"assumptions.{path}": value})
        assert error.key == f"assumptions.{path}", error
        text = str(error)
        assert text.startswith("file.toml: ") and "\n" not in text
        assert f"(domain {domain.name})" in text and "got " in text, text


@pytest.mark.parametrize("path", sorted(valued_assumptions()))
def test_an_override_at_either_end_of_its_domain_is_accepted(path):
    domain = assumption(path).domain
    for value in (domain.low, domain.high):
        data = with_overrides(read_scenario_data(ISTANBUL), {f"assumptions.{path}": value})
        validate_scenario(data)


def _fields():
    """(scenario model, field, OVERRIDES pattern) for every key that overrides an assumption."""
    models = {
        "parties": scenario_module.PartySettings,
        "strategies": scenario_module.Strategy,
        "battlefield": scenario_module.BattlefieldSettings,
        "events": scenario_module.Event,
        "calibration": scenario_module.CalibrationSettings,
        "calendar": scenario_module.CalendarSettings,
    }
    return [(models[key.split(".")[0]], key.split(".")[-1], key) for key in OVERRIDES]


@pytest.mark.parametrize(("model", "field", "pattern"), _fields())
def test_each_scenario_key_names_the_domain_of_the_assumption_it_overrides(model, field, pattern):
    """One source of truth: the scenario's bounds are the domain's, the same domain as the
    seeds' entry (for every party, era and sized event the seeds have)."""
    seeded = load_assumptions()
    paths = {
        overridden_assumption(pattern.format(party=party, name=name), era)
        for party in ("russia", "ukraine")
        for era in ("2022", "2025")
        for name in seeded["events"]
    }
    found = [p for p in paths if p in valued_assumptions()]
    assert found, pattern
    for path in found:
        assert field_domain(model, field) is assumption(path).domain, (pattern, path)


def test_a_scenario_key_outside_its_domain_names_it():
    error = _refused({"parties.russia.belief": 1.0})
    assert error.key == "parties.russia.belief"
    assert "(domain inner_probability), got 1.0" in str(error)
    error = _refused({"battlefield.engagement_rate": 0})
    assert error.key == "battlefield.engagement_rate" and "domain rate" in str(error)
    error = _refused({"calendar.cadence_days": 2.5})
    assert error.key == "calendar.cadence_days" and "domain days" in str(error)


def _overriding_values(data: dict, era: str) -> list[tuple[str, str, object]]:
    """Every (scenario key, assumption, value) of a scenario's data that overrides one."""
    found = []
    for key, value in flatten(data).items():
        path = overridden_assumption(key, era)
        if path is not None and path in valued_assumptions():
            found.append((key, path, value))
    return found


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_lies_inside_the_domains(path):
    scenario = load_scenario(path)
    era = str(scenario.as_of.year)
    for key, seeded, value in _overriding_values(read_scenario_data(path), era):
        assert assumption(seeded).domain.contains(value), (key, value)


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_every_experiment_spec_lies_inside_the_domains(path):
    """Each parameter's values, range ends, distribution bounds and choices, set into the
    base scenario: every number there that overrides an assumption lies in its domain."""
    spec = read_spec(path)
    base = read_scenario_data(ROOT / "scenarios" / f"{spec.scenario}.toml")
    era = str(validate_scenario(base).as_of.year)
    swept = 0
    for name, parameter in spec.parameters.items():
        probes = [v for _, v in parameter.ends()] + list(parameter.values or [])
        probes += list((parameter.choices or {}).values())
        assert probes and None not in probes, name
        for value in probes:
            data = with_overrides(base, {parameter.path: value})
            for key, seeded, number in _overriding_values(data, era):
                assert assumption(seeded).domain.contains(number), (name, key, number)
                swept += key == parameter.path
    assert swept, "the spec sweeps no number with a domain"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_apps_sliders_lie_inside_the_domains(path):
    name = str(path)
    data, _ = scenario_data(name)
    era = str(load_scenario(path).as_of.year)
    params = model_params(name)
    sliders = 0
    for control, party in _controls(data):
        slider = params[control.name.format(party=party)]
        domain: Domain = assumption(control.assumption.format(party=party, era=era)).domain
        assert domain.contains(slider["min"]) and domain.contains(slider["max"]), slider
        assert slider["min"] <= slider["value"] <= slider["max"]
        sliders += 1
    assert sliders >= 6
