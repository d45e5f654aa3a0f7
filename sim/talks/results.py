"""Results of a run as plain tables: rounds, summary, frontier, utility density.

Charts (:mod:`sim.charts.run_charts`) and sweeps read these, never a live model. Files
are written with fixed float formatting and key order so that the same
scenario and seed give byte-identical output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.talks.agents import Party
from sim.talks.analysis import converged_issues
from sim.talks.model import NegotiationModel

#: Cells per axis of the utility-space density grid.
DENSITY_BINS = 60
FLOAT_FORMAT = "%.6f"


@dataclass(frozen=True)
class RunResult:
    scenario: str
    parties: tuple[str, str]
    rounds: pd.DataFrame
    summary: dict
    frontier: pd.DataFrame
    density: pd.DataFrame


def run_model(model: NegotiationModel) -> RunResult:
    """Run `model` to its end and collect its tables."""
    while model.running:
        model.step()
    return RunResult(
        scenario=model.talks.name,
        parties=model.party_names,
        rounds=rounds_table(model),
        summary=summary(model),
        frontier=frontier_table(model),
        density=density_table(model),
    )


def rounds_table(model: NegotiationModel) -> pd.DataFrame:
    """One row per round: the model's record, then each party's columns suffixed by its name."""
    table = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    parties = model.datacollector.get_agenttype_vars_dataframe(Party).reset_index()
    for name in model.party_names:
        mine = parties[parties["party"] == name].drop(columns=["Step", "AgentID", "party"])
        mine = mine.reset_index(drop=True).add_suffix(f"_{name}")
        table = pd.concat([table, mine], axis=1)
    return table


def issue_status(model: NegotiationModel) -> dict[str, str]:
    """Each agenda issue's state at the end: agreed, partial or not_agreed.

    Agreed: the package closed, or the issue's own separable deal did.
    Partial: settled as a side effect of another item's deal (a corridor
    deal's local pause), or both parties' final offers name the same level.
    """
    status = {issue.key: "not_agreed" for issue in model.issues}
    if model.agreement is not None:
        return dict.fromkeys(status, "agreed")
    for key in converged_issues(model.snapshot):
        status[key] = "partial"
    for issue in model.issues:
        if issue.key in model.agreed_items:
            implied = issue.implies
            if implied and implied.issue in status and status[implied.issue] == "not_agreed":
                status[implied.issue] = "partial"
    for key in model.agreed_items:
        status[key] = "agreed"
    return status


def summary(model: NegotiationModel) -> dict:
    """The run in a few numbers (the keys of ``summary.json``)."""
    names = model.party_names
    table = model.package
    agreed = model.agreement is not None
    utilities = table.U[model.agreement] if agreed else model.reservations()
    nash = model.record["nash_point"]
    status = issue_status(model)
    return {
        "scenario": model.talks.name,
        "agreement": model.agreement is not None,
        "agreed_issues": sorted(k for k, v in status.items() if v == "agreed"),
        "partial_issues": sorted(k for k, v in status.items() if v == "partial"),
        "issue_status": status,
        "agreed_items": {
            k: model.level_name(k, lv) for k, lv in sorted(model.agreed_items.items())
        },
        "rounds": model.round,
        "final_utilities": {n: round(float(u), 6) for n, u in zip(names, utilities, strict=True)},
        "final_reservations": {p.name: round(p.reservation, 6) for p in model.parties},
        "zone_size": int(model.record["zone_size"]),
        "outcome_space": int(model.package_space.space.size),
        "nash_point": dict(part.split("=") for part in nash.split(";")) if nash else {},
    }


def frontier_table(model: NegotiationModel) -> pd.DataFrame:
    names = model.party_names
    return pd.DataFrame(model.package.U, columns=[f"utility_{n}" for n in names])


def density_table(model: NegotiationModel) -> pd.DataFrame:
    """Number of outcomes in each cell of a utility-space grid (streamed over the space)."""
    edges = np.linspace(0.0, 1.0, DENSITY_BINS + 1)
    counts = np.zeros((DENSITY_BINS, DENSITY_BINS), dtype=np.int64)
    for _, U in model.package_space.utility_chunks():
        counts += np.histogram2d(U[:, 0], U[:, 1], bins=[edges, edges])[0].astype(np.int64)
    i, j = np.nonzero(counts)
    names = model.party_names
    return pd.DataFrame(
        {
            f"utility_{names[0]}": (edges[i] + edges[i + 1]) / 2,
            f"utility_{names[1]}": (edges[j] + edges[j + 1]) / 2,
            "outcomes": counts[i, j],
        }
    )


#: The CSV tables of a run, by file name.
TABLES = ("rounds.csv", "frontier.csv", "density.csv")


def write_result(result: RunResult, out: Path, provenance: dict | None = None) -> None:
    """Write rounds.csv, summary.json, frontier.csv and density.csv under `out`.

    With `provenance`, summary.json holds it under ``provenance`` and
    ``provenance.json`` holds it for the CSV tables (a sidecar: the tables
    stay plain CSV for every reader).
    """
    out.mkdir(parents=True, exist_ok=True)
    for name, table in zip(TABLES, (result.rounds, result.frontier, result.density), strict=True):
        table.to_csv(out / name, index=False, float_format=FLOAT_FORMAT)
    summary = result.summary if provenance is None else {**result.summary, "provenance": provenance}
    _write_json(out / "summary.json", summary)
    if provenance is not None:
        _write_json(out / "provenance.json", {"files": list(TABLES), **provenance})


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
