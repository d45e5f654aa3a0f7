"""Where a result came from: the package version, the scenario's hash, the seed, the command.

Every output carries it (``summary.json``, a ``provenance.json`` beside the
CSV tables, Parquet key-value metadata, PNG and SVG metadata), without a
timestamp or a host name, so that a rerun writes the same bytes.

The scenario hash is the SHA-256 of the validated scenario as canonical JSON
(keys sorted, no spaces, dates as ISO strings): two files that differ only in
comments, key order or layout hash the same; any value that changes the run
changes it.

A value the scenario sets inside its domain but outside the documented range
of the assumption it overrides is listed too (``outside_documented_ranges``):
a result from such a run is a what-if, not the calibration.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from typing import Any

from pydantic import BaseModel

from sim.calibration.scenario import Scenario, outside_documented_ranges
from sim.calibration.seeds import seeds_fingerprint


def package_version() -> str:
    """The installed peacesim's version ("unknown" when run from an uninstalled tree)."""
    try:
        return metadata.version("peacesim")
    except metadata.PackageNotFoundError:
        return "unknown"


def canonical_json(data: Any) -> str:
    """`data` as JSON with sorted keys and no insignificant whitespace."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(model: BaseModel) -> str:
    """SHA-256 (hex) of a validated model's canonical JSON."""
    text = canonical_json(model.model_dump(mode="json"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def provenance(scenario: Scenario, seed: int, command: list[str], **more: Any) -> dict[str, Any]:
    """The provenance record of an output (JSON-ready, no timestamps).

    `command` is the command line without its output folder (where the files
    went is not where they came from); `more` adds entries (e.g. a sweep spec's
    hash, or a sweep's own ``outside_documented_ranges``, which replaces the
    scenario's).
    """
    return {
        "package": "peacesim",
        "version": package_version(),
        "scenario_sha256": content_hash(scenario),
        "seeds_sha256": seeds_fingerprint(),
        "seed": seed,
        "command": command,
        "outside_documented_ranges": outside_documented_ranges(scenario),
        **more,
    }
