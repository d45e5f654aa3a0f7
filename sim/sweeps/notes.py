"""What a sweep sets that changes nothing: parameters no run reads, choices that do nothing.

Each probed design point's scenario goes through
:func:`sim.calibration.notes.no_effect`; a note whose key lies on a
parameter's path belongs to that parameter. A parameter with such a note at
every probed point is one no run reads; a value with such a note wherever
it is probed is named (a mediator set that adds an actor with no levers in
that era). A note at some points only comes from the other parameters'
values there, and is not reported. Notes on the base scenario that no
parameter touches are listed as they are.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from sim.calibration.notes import Note, no_effect
from sim.calibration.scenario import validate_scenario, with_overrides
from sim.calibration.setup import build_setup
from sim.talks.calendar import talk_calendar

if TYPE_CHECKING:
    from sim.sweeps.runner import Sweep

#: Design points probed at most, evenly spread over the design (a set-up takes a few ms).
MAX_PROBES = 64


def on_path(key: str, path: str) -> bool:
    """Whether the setting at `key` is the one at `path`, inside it or contains it."""
    return key == path or key.startswith(f"{path}.") or path.startswith(f"{key}.")


def _notes(sweep: Sweep, values: dict) -> list[Note]:
    scenario = validate_scenario(with_overrides(sweep.base, sweep.overrides(values)), sweep.source)
    setup = build_setup(scenario)
    spec = sweep.spec
    dated = [r.date for r in scenario.rounds]
    until = spec.until or scenario.calendar.until
    return no_effect(scenario, setup, talk_calendar(dated, setup.cadence_days, spec.rounds, until))


def _probes(sweep: Sweep) -> list[dict]:
    rows = sweep.points.drop_duplicates().to_dict("records")
    step = max(1, -(-len(rows) // MAX_PROBES))
    return rows[::step]


def sweep_notes(sweep: Sweep) -> list[Note]:
    """Parameters of `sweep` that change nothing (everywhere, or at a value wherever it
    is probed), then the base scenario's settings that change nothing in any run."""
    parameters = sweep.spec.parameters
    probes = _probes(sweep)
    seen: dict[str, Counter] = defaultdict(Counter)  # parameter -> value -> probes
    found: dict[str, dict[object, list[list[Note]]]] = defaultdict(lambda: defaultdict(list))
    for values in probes:
        notes = _notes(sweep, values)
        for name, parameter in parameters.items():
            seen[name][values[name]] += 1
            mine = [n for n in notes if on_path(n.key, parameter.path)]
            if mine:
                found[name][values[name]].append(mine)
    notes = []
    for name, by_value in found.items():
        where = f"parameters.{name}"
        if sum(len(hits) for hits in by_value.values()) == len(probes):
            first = next(iter(by_value.values()))[0][0]
            notes.append(Note(where, f"no run reads it ({first})"))
            continue
        for value, hits in by_value.items():
            if len(hits) == seen[name][value]:  # this value changes nothing wherever probed
                notes += [Note(f"{where} = {value!r}", str(note)) for note in hits[0]]
    base = _notes(sweep, {})
    paths = [p.path for p in parameters.values()]
    notes += [n for n in base if not any(on_path(n.key, path) for path in paths)]
    return notes
