from pathlib import Path

import pytest

from sim.calibration.scenario import (
    load_scenario,
    read_scenario_data,
    validate_scenario,
    with_overrides,
)

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


@pytest.fixture
def scenario_variant():
    """A shipped scenario with dotted-path overrides applied."""

    def make(name: str, **overrides):
        data = read_scenario_data(ROOT / "scenarios" / f"{name}.toml")
        return validate_scenario(with_overrides(data, overrides), name)

    return make


@pytest.fixture
def istanbul_2022():
    return load_scenario(ROOT / "scenarios" / "istanbul-2022.toml")
