"""Helpers for the sweep tests: small, fast sweep specs written to a folder."""

from __future__ import annotations

from pathlib import Path

SMALL_SPEC = """
title = "test sweep"
scenario = "antalya-2022"
replications = {replications}

[parameters.russia_war_cost]
path = "parties.russia.war_cost"
range = [0.0, 0.1]
count = {count}

[parameters.ukraine_belief]
path = "parties.ukraine.belief"
values = [0.55, 0.8]
"""

#: The same sweep with runs long enough (150 rounds, tens of milliseconds each) that a
#: sweep of a few hundred runs is still running when a test kills it: the dated rounds
#: alone take a few milliseconds, and a sweep stores its runs once a second.
SLOW_SPEC = SMALL_SPEC.replace(
    "replications = {replications}\n", "replications = {replications}\nrounds = 150\n"
)


def write_spec(folder: Path, text: str = SMALL_SPEC, **fields) -> Path:
    defaults = {"replications": 2, "count": 3}
    path = folder / "spec.toml"
    path.write_text(text.format(**{**defaults, **fields}), encoding="utf-8")
    return path
