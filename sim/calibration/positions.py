"""From coded statements to positions: weights, value functions, red lines.

The procedure, for one actor, an agenda and an as-of date ``D`` (the era is
``D``'s year):

1. **Window.** The actor's statements dated on or before ``D`` in the era. An
   issue with none falls back to the latest earlier era ("carried over").
   ``conduct`` statements code what an actor's deeds, or others' accounts of
   it, show on an issue it did not speak to (each with its quote); they
   count as demands, behind a demand of the same date.
2. **Ideal.** The demand of the latest statement that makes one (ties: a
   spoken demand before conduct, the higher intensity, then the later id). A
   stated ask, opening bid or starting point is coded as a *signal* of a
   level the actor could accept, not as a demand: it is not an ideal.
3. **Acceptable and rejected levels.** Unions over the window. A level the
   actor signals it could accept is never treated as rejected; a level
   rejected at intensity 3 (a precondition, "not a single inch") is a red line.
   A package with any level the actor rejects is worth nothing to it
   (:meth:`Position.utility`): no side signs what it has said it rejects.
4. **Values.** ``v(ideal) = 1``; otherwise the linear score
   ``1 - |l - ideal| / (largest distance from the ideal)`` shaped by
   ``curvature`` (:func:`sim.core.utility.exponential_value`), then raised to
   at least ``acceptable_value`` for acceptable levels and capped at
   ``rejected_cap`` for rejected ones: the curvature shapes what the
   distance from the ideal says, not the values the statements set. Where
   an issue's levels are ordered by who gains (``higher_favours`` in
   ``seeds/issues.toml``), a party's values are then made monotone along
   them (a running maximum from its worst end): more of what it gains is
   never worth less to it.
5. **Weights.** Proportional to the salience of each agenda issue to the
   actor: the highest intensity of its demand, conduct and signal
   statements on it (1 mentioned, 2 stressed, 3 a precondition; as the
   salience scale of Bueno de Mesquita 1994), an issue it never mentions
   counting ``unmentioned_intensity``; normalised to 1. The highest, not the
   sum, so that how often the press reports an issue does not become how
   much it matters.
6. **Silence.** A party with no statement on an issue takes the issue's prior
   (``priors`` in assumptions.toml) if there is one, else opposes the other
   party's ideal (``opposed_default``); a mediator is indifferent. The
   shipped scenarios leave no party silent on an agenda issue (tested).
7. **Alignment.** An actor marked ``aligned_with`` copies another's position.

Each stance also keeps what the side has said it could live with on the
issue (``accept_floor``: the least value among the levels it signals it could
accept) and the levels it rejects: a side accepts an article of a
negotiating text at a level it rejects never, at a level at least as good as
one it said it could accept always, and otherwise only if the level alone is
worth what the whole text must give it (:func:`accepts_articles`).

Every number used comes from ``seeds/``; each stance records its source
statements or the assumption behind it.

A position depends only on the seeds and the arguments of :func:`calibrate_actor`,
so each process keeps the last :data:`CACHED_POSITIONS` it calibrated (read-only):
the runs of a sweep or a back-test that share a method and an agenda calibrate once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from sim.calibration.seeds import (
    BELLIGERENTS,
    Issue,
    Statement,
    load_assumptions,
    load_issues,
    load_statements,
)
from sim.core.utility import AdditiveUtility, exponential_value

RED_LINE_INTENSITY = 3
#: Positions :func:`calibrate_actor` keeps per process, the least recently used
#: dropped first (a few kilobytes each). A run calibrates about thirteen (the parties
#: twice, again for their later aims, the mediators); the runs of a design point share them.
CACHED_POSITIONS = 512
METHOD_KEYS = (
    "acceptable_value",
    "rejected_cap",
    "unmentioned_intensity",
    "opposed_default",
    "curvature",
)


@dataclass(frozen=True)
class Method:
    """The calibration's free parameters (defaults from ``seeds/assumptions.toml``)."""

    acceptable_value: float
    rejected_cap: float
    unmentioned_intensity: float
    opposed_default: float
    curvature: float

    @classmethod
    def from_assumptions(cls, overrides: Mapping[str, float] | None = None) -> Method:
        method = load_assumptions()["method"]
        values = {key: method[key].value for key in METHOD_KEYS}
        values.update({k: float(v) for k, v in (overrides or {}).items() if v is not None})
        return cls(**values)


@dataclass(frozen=True)
class Stance:
    """An actor's position on one issue."""

    issue: str
    ideal: int | None
    values: np.ndarray
    red_lines: np.ndarray
    emphasis: float
    basis: str
    sources: tuple[str, ...] = ()
    stated: bool = False  # the ideal comes from a demand the actor made
    #: The least value of a level the actor signals it could accept (inf: none).
    accept_floor: float = np.inf
    #: Levels the actor rejects (red lines among them); None: none.
    rejected: np.ndarray | None = None

    def rejects(self) -> np.ndarray:
        """A mask of the levels this actor rejects (its red lines included)."""
        if self.rejected is None:
            return self.red_lines.copy()
        return self.rejected | self.red_lines


@dataclass(frozen=True)
class Override:
    """Scenario overrides of a calibrated position (all optional)."""

    weights: Mapping[str, float] = field(default_factory=dict)
    ideal: Mapping[str, str] = field(default_factory=dict)
    red_lines: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Position:
    """An actor's calibrated preferences over an agenda."""

    actor: str
    stances: tuple[Stance, ...]
    weights: np.ndarray

    def utility(self) -> AdditiveUtility:
        """Its utility over packages: every level it rejects rules a package out.

        Not only its red lines: a side that has said it rejects a level signs
        no text with that level in it, as it accepts no article and no
        separable deal at that level, whatever the other articles give it
        (Ukraine's "a state with its own army and navy", 001, is not traded
        for territory). Red lines differ from other rejections in what an
        item at that level is worth on its own (0, not ``rejected_cap``).
        """
        return AdditiveUtility(
            self.weights,
            tuple(s.values for s in self.stances),
            tuple(s.rejects() for s in self.stances),
        )

    def stance(self, issue: str) -> Stance:
        return next(s for s in self.stances if s.issue == issue)


def _window(
    statements: Sequence[Statement], as_of: dt.date
) -> tuple[dict[str, list[Statement]], dict[str, set[str]]]:
    """Statements per issue: the era's if any, else the latest earlier era's; and per
    issue the red lines of earlier eras (a precondition does not lapse with the year)."""
    by_issue: dict[str, list[Statement]] = {}
    for st in statements:
        if st.kind != "lever" and st.date <= as_of:
            by_issue.setdefault(st.issue, []).append(st)
    earlier: dict[str, set[str]] = {}
    for issue, items in by_issue.items():
        latest_year = max(st.date.year for st in items)
        by_issue[issue] = [st for st in items if st.date.year == latest_year]
        earlier[issue] = {
            level
            for st in items
            if st.date.year < latest_year and st.intensity >= RED_LINE_INTENSITY
            for level in st.rejects
        }
    return by_issue, earlier


def _ideal(items: Sequence[Statement], issue: Issue) -> int | None:
    demands = [st for st in items if st.demand and st.kind in ("demand", "conduct")]
    if not demands:
        return None
    latest = max(demands, key=lambda st: (st.date, st.kind == "demand", st.intensity, st.id))
    return issue.level_index(latest.demand)  # type: ignore[arg-type]


def monotone_along(values: np.ndarray, rising: bool) -> np.ndarray:
    """`values` made monotone by a running maximum from the worst end of the scale.

    `rising`: the actor gains as the level rises, so its values may not fall
    along the levels; otherwise they may not rise.

    >>> monotone_along(np.array([0.0, 0.5, 1.0, 0.5]), rising=True).tolist()
    [0.0, 0.5, 1.0, 1.0]
    >>> monotone_along(np.array([0.0, 1.0, 0.5]), rising=False).tolist()
    [1.0, 1.0, 0.5]
    """
    if rising:
        return np.maximum.accumulate(values)
    return np.maximum.accumulate(values[::-1])[::-1]


def _linear_scores(n_levels: int, ideal: int) -> np.ndarray:
    distance = np.abs(np.arange(n_levels) - ideal)
    span = max(ideal, n_levels - 1 - ideal)
    return np.ones(n_levels) if span == 0 else 1.0 - distance / span


def _stance_from_statements(
    issue: Issue,
    items: Sequence[Statement],
    fallback_ideal: int | None,
    method: Method,
    basis: str,
    rising: bool | None = None,
    standing: frozenset[str] = frozenset(),
) -> Stance:
    """A stance from the window's statements; `rising`: the direction in which the
    actor gains on an issue ordered by who gains (None: not ordered, or not a party);
    `standing`: red lines of earlier eras, kept unless the actor now signals them acceptable."""
    n = len(issue.levels)
    ideal = _ideal(items, issue)
    stated = ideal is not None
    acceptable = {issue.level_index(lv) for st in items for lv in st.acceptable}
    rejected = {issue.level_index(lv) for st in items for lv in st.rejects} - acceptable
    hard = {
        issue.level_index(lv)
        for st in items
        if st.intensity >= RED_LINE_INTENSITY
        for lv in st.rejects
    } | {issue.level_index(lv) for lv in standing}
    hard -= acceptable
    rejected |= hard
    if ideal is None:  # signals only: the ideal is inferred as for silence
        ideal = issue.status_quo if fallback_ideal is None else fallback_ideal
    values = exponential_value(_linear_scores(n, ideal), method.curvature)
    for level in acceptable - {ideal}:
        values[level] = max(values[level], method.acceptable_value)
    for level in rejected:
        values[level] = min(values[level], method.rejected_cap)
    if rising is not None:
        values = monotone_along(values, rising)
    red = np.zeros(n, dtype=bool)
    red[sorted(hard - {ideal})] = True
    rejected_mask = np.zeros(n, dtype=bool)
    rejected_mask[sorted(rejected - {ideal})] = True
    signalled = sorted(acceptable)
    return Stance(
        issue=issue.key,
        ideal=ideal,
        values=values,
        red_lines=red,
        emphasis=float(max(st.intensity for st in items)),
        basis=basis,
        sources=tuple(st.id for st in items),
        stated=stated,
        accept_floor=float(values[signalled].min()) if signalled else np.inf,
        rejected=rejected_mask,
    )


def _opposed_ideal(n_levels: int, opponent_ideal: int) -> int:
    """The end of the scale furthest from the other party's ideal."""
    return 0 if opponent_ideal >= (n_levels - 1) / 2 else n_levels - 1


def _silent_stance(
    issue: Issue, opponent_ideal: int | None, is_party: bool, method: Method
) -> Stance:
    n = len(issue.levels)
    prior = load_assumptions().get("priors", {}).get(issue.key)
    if is_party and prior is not None:
        ideal = issue.level_index(prior["ideal"])
        return Stance(
            issue.key,
            ideal,
            exponential_value(_linear_scores(n, ideal), method.curvature),
            np.zeros(n, dtype=bool),
            float(prior["intensity"]),
            f"assumption: priors.{issue.key}",
        )
    flat = np.full(n, 0.5)
    if not is_party or opponent_ideal is None:
        return Stance(
            issue.key, None, flat, np.zeros(n, dtype=bool), 0.0, "indifferent (no statement)"
        )
    ideal = _opposed_ideal(n, opponent_ideal)
    values = method.opposed_default * _linear_scores(n, ideal) + (1 - method.opposed_default) * flat
    return Stance(
        issue.key,
        ideal,
        exponential_value(values, method.curvature),
        np.zeros(n, dtype=bool),
        method.unmentioned_intensity,
        "assumption: method.opposed_default (opposes the other party)",
    )


def gains_rising(issue: Issue, actor: str, is_party: bool) -> bool | None:
    """Whether a party gains as `issue`'s level rises (None: not ordered by who gains,
    or not a belligerent)."""
    if not is_party or issue.higher_favours is None or actor not in BELLIGERENTS:
        return None
    return issue.higher_favours == actor


def _apply_override(
    stance: Stance, issue: Issue, override: Override, method: Method, rising: bool | None
) -> Stance:
    if issue.key in override.ideal:
        ideal = issue.level_index(override.ideal[issue.key])
        values = _linear_scores(len(issue.levels), ideal)
        if rising is not None:
            values = monotone_along(values, rising)
        values = exponential_value(values, method.curvature)
        stance = replace(stance, ideal=ideal, values=values, basis="scenario override")
    if issue.key in override.red_lines:
        red = np.zeros(len(issue.levels), dtype=bool)
        red[[issue.level_index(lv) for lv in override.red_lines[issue.key]]] = True
        stance = replace(stance, red_lines=red, basis="scenario override")
    return stance


def normalise_weights(emphasis: np.ndarray, fixed: Mapping[int, float]) -> np.ndarray:
    """Weights from emphasis, with some weights `fixed` and the rest sharing what is left.

    >>> normalise_weights(np.array([1.0, 1.0, 2.0]), {0: 0.5}).tolist()
    [0.5, 0.16666666666666666, 0.3333333333333333]
    """
    weights = np.zeros(emphasis.size)
    free = np.array([i not in fixed for i in range(emphasis.size)])
    left = 1.0 - sum(fixed.values())
    if left < -1e-9:
        raise ValueError("fixed weights sum to more than 1")
    for i, w in fixed.items():
        weights[i] = w
    if free.any():
        share = emphasis[free] if emphasis[free].sum() > 0 else np.ones(free.sum())
        weights[free] = max(left, 0.0) * share / share.sum()
    return weights / weights.sum()


def calibrate_actor(
    actor: str,
    agenda: Sequence[str],
    as_of: dt.date,
    *,
    is_party: bool,
    opponent_ideals: Mapping[str, int | None] | None = None,
    method: Method | None = None,
    override: Override | None = None,
) -> Position:
    """One actor's position over `agenda` as of `as_of` (see the module docstring).

    Kept per process by its arguments and the seed tables it reads (the last
    :data:`CACHED_POSITIONS`); its arrays are read-only, as it may be shared.
    """
    method = method or Method.from_assumptions()
    override = override or Override()
    seeds = (load_issues(), load_statements(), load_assumptions())
    key = (
        tuple(map(id, seeds)),  # the tables are cached: new seeds are new objects
        actor,
        tuple(agenda),
        as_of,
        is_party,
        repr(sorted((opponent_ideals or {}).items())),
        repr(method),  # repr, not ==: -0.0 and 0.0 are different arguments
        repr([sorted(dict(table).items()) for table in vars(override).values()]),
    )
    with _POSITIONS_LOCK:  # a Dask worker may run several runs at once, in threads
        found = _POSITIONS.pop(key, None)
    if found is None:
        position = _read_only(
            _calibrate_actor(actor, agenda, as_of, is_party, opponent_ideals, method, override)
        )
    else:
        position = found[1]
    with _POSITIONS_LOCK:
        # The seed tables are kept with it, so that their ids are not reused meanwhile.
        _POSITIONS[key] = (seeds, position)  # now the most recently used
        while len(_POSITIONS) > CACHED_POSITIONS:
            _POSITIONS.popitem(last=False)
    return position


_POSITIONS: OrderedDict[tuple, tuple[tuple[Any, ...], Position]] = OrderedDict()
_POSITIONS_LOCK = threading.Lock()


def _read_only(position: Position) -> Position:
    """`position` with its arrays made read-only (it is shared by the runs of a process)."""
    arrays = [position.weights]
    for stance in position.stances:
        arrays += [stance.values, stance.red_lines]
        if stance.rejected is not None:
            arrays.append(stance.rejected)
    for array in arrays:
        array.flags.writeable = False
    return position


def _calibrate_actor(
    actor: str,
    agenda: Sequence[str],
    as_of: dt.date,
    is_party: bool,
    opponent_ideals: Mapping[str, int | None] | None,
    method: Method,
    override: Override,
) -> Position:
    """The calibration of :func:`calibrate_actor`, done afresh."""
    issues = load_issues()
    aligned = load_assumptions().get("actors", {}).get(actor, {}).get("aligned_with")
    if aligned is not None:
        copied = calibrate_actor(
            aligned["actor"],
            agenda,
            as_of,
            is_party=is_party,
            opponent_ideals=opponent_ideals,
            method=method,
            override=override,
        )
        return replace(copied, actor=actor)
    window, standing = _window([st for st in load_statements() if st.actor == actor], as_of)
    stances = []
    for key in agenda:
        issue = issues[key]
        items = window.get(key, [])
        opponent = (opponent_ideals or {}).get(key)
        if items:
            era = items[0].date.year
            basis = "statements" if era == as_of.year else f"statements carried over from {era}"
            if any(st.kind == "conduct" for st in items):
                basis += " and conduct"
            fallback = None if opponent is None else _opposed_ideal(len(issue.levels), opponent)
            stance = _stance_from_statements(
                issue,
                items,
                fallback,
                method,
                basis,
                gains_rising(issue, actor, is_party),
                frozenset(standing.get(key, ())),
            )
        else:
            stance = _silent_stance(issue, opponent, is_party, method)
        stances.append(
            _apply_override(stance, issue, override, method, gains_rising(issue, actor, is_party))
        )
    emphasis = np.array([s.emphasis for s in stances])
    fixed = {agenda.index(k): float(w) for k, w in override.weights.items()}
    return Position(actor, tuple(stances), normalise_weights(emphasis, fixed))


def calibrate_parties(
    parties: Sequence[str],
    agenda: Sequence[str],
    as_of: dt.date,
    method: Method | None = None,
    overrides: Mapping[str, Override] | None = None,
) -> dict[str, Position]:
    """The two parties' positions; each silent issue is read against the other's ideal."""
    overrides = overrides or {}
    first = {
        p: calibrate_actor(
            p, agenda, as_of, is_party=True, method=method, override=overrides.get(p)
        )
        for p in parties
    }
    positions = {}
    for p in parties:
        (other,) = [q for q in parties if q != p]
        stated = {s.issue: s.ideal for s in first[other].stances if s.stated}
        positions[p] = calibrate_actor(
            p,
            agenda,
            as_of,
            is_party=True,
            opponent_ideals=stated,
            method=method,
            override=overrides.get(p),
        )
    return positions


def levers(actor: str, as_of: dt.date) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The levers an actor used in the era of `as_of`: lever -> (target, statement ids)."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for st in load_statements():
        if st.actor == actor and st.kind == "lever" and st.date.year == as_of.year:
            target, ids = found.get(st.issue, (st.target or "both", ()))
            found[st.issue] = (target, (*ids, st.id))
    return found


def provenance_rows(position: Position) -> list[dict[str, object]]:
    """One row per issue of a position: weight, ideal, red lines and where they come from."""
    issues = load_issues()
    rows = []
    for stance, weight in zip(position.stances, position.weights, strict=True):
        issue = issues[stance.issue]
        rows.append(
            {
                "actor": position.actor,
                "issue": stance.issue,
                "weight": round(float(weight), 6),
                "ideal": None if stance.ideal is None else issue.levels[stance.ideal],
                "values": ";".join(f"{v:.3f}" for v in stance.values),
                "red_lines": ";".join(
                    lv for lv, red in zip(issue.levels, stance.red_lines, strict=True) if red
                ),
                "basis": stance.basis,
                "sources": ";".join(stance.sources),
            }
        )
    return rows
