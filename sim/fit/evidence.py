"""The documented record as data for the fit, and the distance between two records.

A record of one era is a vector: for each scored meeting-issue of
``seeds/outcomes.csv`` in that era (in file order) its status as an ordinal
code (:data:`CODES`: not agreed 0, partial 1, agreed 2), then for each
documented meeting the talks' own status (talking 1, suspended 0). The
observed record has the documented statuses, and "talking" at every meeting:
the real talks were held on each of those days. A run's record is read from
its flat row (:func:`sim.talks.record.run_record`): the statuses at each
meeting (an item agreed at a level the record does not name counts as not
agreed, as in the back-test) and whether the talks were suspended on the
meeting's date.

The distance is the share of the record a run gets wrong, each
meeting-issue and each meeting's talks status counting one unit::

    d(x, y) = ( sum_i |x_i - y_i| / 2  +  sum_m |t_m - u_m| ) / (I + M)

over the I statuses (codes 0..2, so agreed against partial is half a unit)
and the M talks statuses. It is the L1 distance between the records scaled
to [0, 1]: a metric (symmetric, zero only between equal records, with the
triangle inequality), 0 for a run that reproduces the record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sim.backtest.validation import suspended_on
from sim.calibration.provenance import canonical_json
from sim.calibration.scenario import Scenario
from sim.calibration.seeds import SCORED, Outcome, load_outcomes

#: Ordinal codes of the statuses of the record.
CODES = {"not_agreed": 0, "partial": 1, "agreed": 2}
#: The talks' own status at a meeting.
TALKING, SUSPENDED = 1, 0
#: Key of the record vector in pyabc's summary statistics.
KEY = "record"


@dataclass(frozen=True)
class Evidence:
    """The scored rows of one era's record and the meetings they belong to."""

    outcomes: tuple[Outcome, ...]  # scored meeting-issues, in file order
    meetings: tuple[str, ...]  # documented meetings, by date
    dates: tuple[str, ...]  # each meeting's date (ISO)

    @property
    def size(self) -> int:
        return len(self.outcomes) + len(self.meetings)

    def observed(self) -> np.ndarray:
        """The documented record: its statuses, and talking at every meeting."""
        statuses = [CODES[o.documented] for o in self.outcomes]
        return np.array(statuses + [TALKING] * len(self.meetings), dtype=np.int64)

    def labels(self) -> list[str]:
        """One label per entry of a record vector (``meeting: issue``, ``meeting: talks``)."""
        return [f"{o.meeting}: {o.issue}" for o in self.outcomes] + [
            f"{m}: talks" for m in self.meetings
        ]

    def digest(self) -> str:
        """SHA-256 of the record the fit is given (its rows and the talks' status)."""
        rows = [[o.meeting, o.issue, o.documented, o.level] for o in self.outcomes]
        text = canonical_json({"statuses": rows, "talking": list(self.meetings)})
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def of_runs(self, rows: Sequence[Mapping[str, object]]) -> np.ndarray:
        """The record of the runs whose flat rows are `rows` (together they must reach
        every meeting of the evidence, e.g. one run of each scenario of the era)."""
        statuses: dict[str, dict[str, str]] = {}
        levels: dict[str, dict[str, str]] = {}
        talks: dict[str, int] = {}
        for row in rows:
            seen = json.loads(str(row["meeting_status"]))
            statuses.update(seen)
            levels.update(json.loads(str(row["meeting_levels"])))
            spells = json.loads(str(row["suspensions"]))
            for meeting in seen:
                day = self.dates[self.meetings.index(meeting)]
                talks[meeting] = SUSPENDED if suspended_on(spells, day) else TALKING
        codes = [_code(o, statuses[o.meeting][o.issue], levels[o.meeting]) for o in self.outcomes]
        return np.array(codes + [talks[m] for m in self.meetings], dtype=np.int64)


def _code(outcome: Outcome, status: str, levels: Mapping[str, str]) -> int:
    # As the back-test: agreed at a level the record does not name is not agreed.
    if outcome.level and status == "agreed" and levels.get(outcome.issue) != outcome.level:
        return CODES["not_agreed"]
    return CODES[status]


def era_evidence(scenarios: Sequence[Scenario], era: str) -> Evidence:
    """The scored record of `era` (a year), whose meetings are rounds of `scenarios`."""
    dated = {r.meeting: r.date for s in scenarios for r in s.rounds if r.meeting}
    outcomes = tuple(
        o
        for o in load_outcomes()
        if o.documented in SCORED and str(o.meeting_date.year) == era and o.meeting in dated
    )
    meetings = tuple(sorted({o.meeting for o in outcomes}, key=lambda m: (dated[m], m)))
    return Evidence(outcomes, meetings, tuple(dated[m].isoformat() for m in meetings))


def record_distance(x: np.ndarray, y: np.ndarray, statuses: int) -> float:
    """The distance of the module docstring between records `x` and `y`, whose first
    `statuses` entries are status codes and the rest talks statuses."""
    gap = np.abs(np.asarray(x, dtype=float) - np.asarray(y, dtype=float))
    return float((gap[:statuses].sum() / 2 + gap[statuses:].sum()) / gap.size)
