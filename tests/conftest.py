from pathlib import Path

import pytest
from hypothesis import settings

from sim.calibration.scenario import (
    load_scenario,
    read_scenario_data,
    validate_scenario,
    with_overrides,
)

# Tests never assert times: no per-example deadline (a loaded machine is slow, not wrong).
settings.register_profile("peacesim", deadline=None)
settings.load_profile("peacesim")

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


def variant(name: str, **overrides):
    """A shipped scenario with dotted-path overrides applied."""
    data = read_scenario_data(ROOT / "scenarios" / f"{name}.toml")
    return validate_scenario(with_overrides(data, overrides), name)


@pytest.fixture
def scenario_variant():
    return variant


@pytest.fixture
def istanbul_2022():
    return load_scenario(ROOT / "scenarios" / "istanbul-2022.toml")
