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

from sim.core.commitment import renege_discounted
from sim.core.pareto import pareto_front
from sim.talks.agents import Party
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
    title: str = ""  # the scenario's title, for charts


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
        title=model.talks.title,
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
    """Each agenda issue's state after the last round, in the record's terms.

    As :meth:`NegotiationModel.statuses`, with a breached deal counted as
    ``partial``: agreed in principle, not honoured.
    """
    return {
        key: "partial" if value == "breached" else value for key, value in model.statuses().items()
    }


def final_values(model: NegotiationModel) -> np.ndarray:
    """Each party's value of the outcome: the agreed package, else fighting on."""
    if model.agreement is None:
        return model.war_values()
    return model.values(model.package)[model.agreement]


def summary(model: NegotiationModel) -> dict:
    """The run in a few numbers (the keys of ``summary.json``)."""
    names = model.party_names
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
        "first_date": model.calendar[0].isoformat(),
        "last_date": model.date.isoformat(),
        "talks": model.record["talks"],
        "left": model.record["left"],
        "why": model.record["why"],
        "general_ceasefire": model.general_ceasefire(),
        "final_utilities": {
            n: round(float(u), 6) for n, u in zip(names, final_values(model), strict=True)
        },
        "final_war_values": {p.name: round(p.war_value, 6) for p in model.parties},
        "final_beliefs": {p.name: round(p.win_probability, 6) for p in model.parties},
        "text": model.record["text"],
        "zone_size": int(model.record["zone_size"]),
        "outcome_space": int(model.package_space.space.size),
        "nash_point": dict(part.split("=") for part in nash.split(";")) if nash else {},
    }


def frontier_table(model: NegotiationModel) -> pd.DataFrame:
    """The Pareto frontier of the packages as the parties value them after the last round."""
    values = model.values(model.package)
    front = values[pareto_front(values)]
    front = front[np.lexsort((front[:, 1], front[:, 0]))]
    return pd.DataFrame(front, columns=[f"utility_{n}" for n in model.party_names])


def density_table(model: NegotiationModel) -> pd.DataFrame:
    """Packages per cell of a grid over the parties' values of them (streamed over the space).

    Values after the last round: each package's terms discounted by the risk
    that the other side reneges on it.
    """
    edges = np.linspace(0.0, 1.0, DENSITY_BINS + 1)
    counts = np.zeros((DENSITY_BINS, DENSITY_BINS), dtype=np.int64)
    for _, U, classes in model.package_space.chunks():
        values = [
            np.clip(
                renege_discounted(
                    U[:, p.index],
                    p.war_value,
                    model.class_risk[classes, p.index],
                    p.commitment.loss,
                ),
                0.0,
                1.0,
            )
            for p in model.parties
        ]
        counts += np.histogram2d(values[0], values[1], bins=[edges, edges])[0].astype(np.int64)
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
