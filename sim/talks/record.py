"""One run as one flat record: the row a sweep or a back-test stores.

A record holds numbers and short strings only, so that thousands of them
make a plain table (a Parquet file); a missing number is NaN and a missing
level an empty string, so every column keeps one type across runs. It is
built while the model steps, so that the state at each documented meeting
is kept, not only the end state.

Columns
-------
agreement, agreement_round, agreement_date, days_to_agreement
    Whether the package closed, in which round and on which date (NaN / empty
    if it did not), and how many days after the first round.
rounds, last_date
    Rounds run, and the date of the last.
general_ceasefire, ceasefire_date
    Whether a ceasefire beyond a local pause holds at the end, and the first
    date one held (empty if never).
ever_suspended, suspended_date, talks_at_end, suspensions
    Whether the talks were ever suspended, the first date they were, their
    state after the last round (``talking`` / ``suspended``), and every
    suspension as JSON ``[[start, end], ...]`` (end empty if still suspended).
item_dates
    JSON: the first date each separable item was agreed.
agreed_items
    The separable deals, ``issue=level`` joined by ``;``.
items_agreed
    How many agenda issues end agreed.
zone_size, zone_open, first_zone_round
    Packages both parties prefer to no deal at the end; whether there are
    any; the first round in which there were.
ceasefire_zone_size, ceasefire_zone_open, first_ceasefire_zone_round
    The same for the *ceasefire zone*: the packages in the zone that stop
    the fighting (ceasefire at level ``partial`` or beyond, more than a
    humanitarian pause). NaN / False when the agenda has no ceasefire.
utility_<party>, war_value_<party>, belief_<party>
    Each party's final value (of the agreed package, or of fighting on),
    its final value of fighting on, and its final subjective probability of
    winning the war.
nash_distance
    Euclidean distance in utility space from the final outcome to the last
    round's Nash bargaining point (missing when the zone is empty).
offer_<party>_<issue>
    The level of each issue in the party's last package offer (the agreed
    package if there is one): what the party has come to accept.
status_<issue>
    agreed / partial / not_agreed at the end (see
    :func:`sim.talks.results.issue_status`).
meeting_status, meeting_levels
    JSON: for each round that names a documented meeting, the status of
    every agenda issue after that round (what the back-test scores), and
    the level of each issue agreed then (an item's deal, or the package's).
brier_agreed, brier_agreed_or_partial
    The run's own Brier score against ``seeds/outcomes.csv`` on the two
    targets of the back-test (see :func:`run_brier`).
"""

from __future__ import annotations

import json
import math

from sim.calibration.scenario import Scenario
from sim.calibration.seeds import SCORED, load_outcomes
from sim.talks.model import CEASEFIRE_ISSUE, CEASEFIRE_LEVEL, NegotiationModel
from sim.talks.results import final_values, issue_status

#: Record columns a report can take as its outcome (documented above).
OUTCOMES = (
    "agreement",
    "general_ceasefire",
    "ever_suspended",
    "days_to_agreement",
    "zone_open",
    "ceasefire_zone_open",
    "ceasefire_zone_size",
    "first_ceasefire_zone_round",
    "items_agreed",
    "agreement_round",
    "first_zone_round",
    "zone_size",
    "nash_distance",
    "rounds",
    "brier_agreed",
    "brier_agreed_or_partial",
)


def run_record(scenario: Scenario, seed: int, rounds: int | None = None) -> dict[str, object]:
    """Run `scenario` with `seed` and return its record (see the module docstring)."""
    model = NegotiationModel(scenario, seed=seed, rounds=rounds, analyse=False, every_round=False)
    meetings: dict[str, dict[str, str]] = {}
    levels: dict[str, dict[str, str]] = {}
    zones: list[tuple[int, int]] = []
    timeline = Timeline()
    while model.running:
        model.step()
        zones.append((int(model.record["zone_size"]), _ceasefire_zone(model)))
        timeline.note(model)
        dated = scenario.rounds[model.round - 1] if model.round <= len(scenario.rounds) else None
        if dated is not None and dated.date == model.date and dated.meeting is not None:
            meetings[dated.meeting] = issue_status(model)
            levels[dated.meeting] = agreed_levels(model)
    for later in scenario.rounds[model.round : model.n_rounds]:
        if later.meeting is not None:  # the package closed before: it stays agreed
            meetings[later.meeting] = issue_status(model)
            levels[later.meeting] = agreed_levels(model)
    record = _record(model, meetings, zones) | timeline.columns(model)
    record["meeting_levels"] = json.dumps(levels, sort_keys=True)
    model.release()
    return record


class Timeline:
    """The dates on which the talks broke off, resumed, and reached a ceasefire or a deal."""

    def __init__(self) -> None:
        self.suspensions: list[list[str]] = []
        self.ceasefire = ""
        self.items: dict[str, str] = {}

    def note(self, model: NegotiationModel) -> None:
        """Read the round just played."""
        date = model.date.isoformat()
        open_spell = bool(self.suspensions) and self.suspensions[-1][1] == ""
        if not model.talking and not open_spell:
            self.suspensions.append([date, ""])
        elif model.talking and open_spell:
            self.suspensions[-1][1] = date
        if not self.ceasefire and model.general_ceasefire():
            self.ceasefire = date
        for key in model.agreed_items:
            self.items.setdefault(key, date)

    def columns(self, model: NegotiationModel) -> dict[str, object]:
        agreed = model.agreement is not None
        first = model.calendar[0]
        return {
            "agreement_date": model.date.isoformat() if agreed else "",
            "days_to_agreement": float((model.date - first).days) if agreed else math.nan,
            "last_date": model.date.isoformat(),
            "general_ceasefire": model.general_ceasefire(),
            "ceasefire_date": self.ceasefire,
            "ever_suspended": bool(self.suspensions),
            "suspended_date": self.suspensions[0][0] if self.suspensions else "",
            "talks_at_end": model.record["talks"],
            "suspensions": json.dumps(self.suspensions),
            "item_dates": json.dumps(self.items, sort_keys=True),
        }


def agreed_levels(model: NegotiationModel) -> dict[str, str]:
    """The level of each issue agreed now: all of the package's, else the items' deals."""
    if model.agreement is not None:
        row = model.package.levels[model.agreement]
        return {issue.key: issue.levels[row[j]] for j, issue in enumerate(model.issues)}
    return {key: model.level_name(key, level) for key, level in model.agreed_items.items()}


def _ceasefire_zone(model: NegotiationModel) -> int:
    """Packages in the agreement zone with a ceasefire (-1 if the agenda has none)."""
    keys = [issue.key for issue in model.issues]
    if CEASEFIRE_ISSUE not in keys:
        return -1
    j = keys.index(CEASEFIRE_ISSUE)
    level = model.issues[j].levels.index(CEASEFIRE_LEVEL)
    return model.package_space.zone_size(model.thresholds(), issue=j, at_least=level)


def _first_round(sizes: list[int]) -> float:
    return next((float(r) for r, size in enumerate(sizes, start=1) if size > 0), math.nan)


def _record(
    model: NegotiationModel, meetings: dict[str, dict[str, str]], zones: list[tuple[int, int]]
) -> dict[str, object]:
    names = model.party_names
    agreed = model.agreement is not None
    final = final_values(model)
    nash = [model.record[f"nash_utility_{n}"] for n in names]
    status = issue_status(model)
    row: dict[str, object] = {
        "agreement": agreed,
        "agreement_round": float(model.round) if agreed else math.nan,
        "rounds": model.round,
        "agreed_items": ";".join(
            f"{k}={model.level_name(k, lv)}" for k, lv in sorted(model.agreed_items.items())
        ),
        "items_agreed": sum(v == "agreed" for v in status.values()),
        "zone_size": zones[-1][0],
        "zone_open": zones[-1][0] > 0,
        "first_zone_round": _first_round([z for z, _ in zones]),
        "ceasefire_zone_size": float(zones[-1][1]) if zones[-1][1] >= 0 else math.nan,
        "ceasefire_zone_open": zones[-1][1] > 0,
        "first_ceasefire_zone_round": _first_round([c for _, c in zones]),
    }
    for name, utility, party in zip(names, final, model.parties, strict=True):
        row[f"utility_{name}"] = round(float(utility), 6)
        row[f"war_value_{name}"] = round(party.war_value, 6)
        row[f"belief_{name}"] = round(party.win_probability, 6)
    row["nash_distance"] = math.nan if None in nash else round(math.dist(final, nash), 6)
    for i, name in enumerate(names):
        row.update(_offer_levels(model, i, name))
    row.update({f"status_{k}": v for k, v in status.items()})
    row["meeting_status"] = json.dumps(meetings, sort_keys=True)
    row.update(run_brier(meetings))
    return row


def run_brier(meetings: dict[str, dict[str, str]]) -> dict[str, float]:
    """This run's Brier score against the record (its statuses as 0/1 forecasts).

    Over the recorded meeting-issues the run reached (``unknown`` rows left
    out): ``brier_agreed`` for the target "agreed", ``brier_agreed_or_partial``
    for "agreed or partial"; NaN when the run reached no recorded meeting.
    """
    pairs = [
        (meetings[o.meeting][o.issue], o.documented)
        for o in load_outcomes()
        if o.meeting in meetings and o.documented in SCORED and o.issue in meetings[o.meeting]
    ]
    scores = {}
    for name, counted in (
        ("brier_agreed", ("agreed",)),
        ("brier_agreed_or_partial", ("agreed", "partial")),
    ):
        if not pairs:
            scores[name] = math.nan
            continue
        errors = [((said in counted) - (recorded in counted)) ** 2 for said, recorded in pairs]
        scores[name] = round(sum(errors) / len(errors), 6)
    return scores


def _offer_levels(model: NegotiationModel, party: int, name: str) -> dict[str, str]:
    history = model.package.history[party]
    last = model.agreement if model.agreement is not None else (history[-1] if history else None)
    levels = None if last is None else model.package.levels[last]
    return {
        f"offer_{name}_{issue.key}": "" if levels is None else issue.levels[levels[j]]
        for j, issue in enumerate(model.issues)
    }
