"""NegotiationModel: the talks as dated rounds of bargaining while the war goes on.

No deadline forces anyone. Talks end in a deal only when both sides expect
more from the deal than from fighting on, and that changes only as the war
teaches them, hurts them, or as mediators press them. Every round has a
date (:mod:`sim.talks.calendar`): the scenario's documented meetings, then
meetings at the era's cadence. The war runs on the calendar, day by day,
whatever the talks do (:mod:`sim.core.war`). Each round (one ``step``):

1. **The war to this date.** The true balance ``theta`` (the first party's
   chance of winning an engagement) drifts; engagements are fought; each side
   reads some of its own losses as wins (motivated reasoning) and updates
   its Beta belief about ``theta`` (Bayes); scheduled events are public
   signals, cost shifts and, for audience costs, a cost of talking at home;
   the cost of fighting on grows by the days' pain; mediators' pressure and
   calls act from the day they join. A documented shift of a side's aims
   (an event with ``aims``) gives it its later position. A separable deal
   already agreed may be breached (it then reopens).
2. **Values.** Each party's value of fighting on is the war's expected
   outcome under its own belief, minus its cost (Fearon 1995); a package is
   worth its terms discounted by the risk that the other side reneges
   (Powell 2006), lower where a third state backs the guarantees (Walter 2002).
3. **At the table or not** (:mod:`sim.core.attendance`). A side leaves when
   the best text the other would sign falls short of fighting on (plus its
   cost of talking at home) by more than the walk-out gap, or when the
   talks have made no progress for ``talks.patience_days`` and it is the
   side furthest from a deal; it comes back when that shortfall has eased
   by ``talks.return_improvement`` (the war, the costs or a mediator's offer
   changed). While it is away the talks are *suspended*: no offers, no text.
4. **Mediators act**: brokers table deals on separable items (also while the
   talks are suspended, as third parties brokered exchanges in 2022).
5. **Offers**: at the table, each party holds its offer or makes the
   concession Zeuthen's principle asks of it (or follows a Faratin strategy).
6. **The single negotiating text** (from round 2, while the talks are ripe;
   Raiffa 1982): one article per agenda issue; the Nash package when a zone
   exists, else the package that comes closest to acceptable for both.
7. **Responses and agreements**: on each table the mutually accepted
   candidate with the largest product of gains closes the deal. A separable
   item closes alone when both gain, neither rejects its level and its
   implementation is in place; the package only when both prefer it to
   fighting on (a package with a level either side rejects is worth nothing
   to that side, :meth:`sim.calibration.positions.Position.utility`).
8. **Convergence and statuses**: each side says which articles of the text
   it accepts as they stand (:mod:`sim.core.convergence`); an article both
   accept is provisionally agreed (*partial*: nothing is agreed until
   everything is).
9. **Analysis**: the zone, the Nash and Kalai-Smorodinsky points, Rubinstein
   shares, and the round's ceasefire and demand games.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from functools import partial
from typing import Any

import mesa
import numpy as np

from sim.calibration.positions import Position
from sim.calibration.scenario import Scenario
from sim.calibration.seeds import load_issues
from sim.calibration.setup import Setup, build_setup
from sim.core.attendance import nearest_text, returns, shortfalls
from sim.core.beliefs import war_value
from sim.core.commitment import acceptance_threshold
from sim.core.selection import argmax_lexicographic
from sim.core.space import OutcomeSpace
from sim.core.utility import RED_LINE_UTILITY
from sim.core.war import Shocks, WarPath, daily_share, war_path
from sim.core.zeuthen import nash_products, risk_limits
from sim.talks.agents import COST_LEVERS, Mediator, Party
from sim.talks.analysis import RoundSnapshot, analyse_round, analysis_columns
from sim.talks.calendar import talk_calendar
from sim.talks.strategies import make_strategy
from sim.talks.tables import Table, item_table, package_space

#: Statuses of an agenda issue after a round.
STATUSES = ("agreed", "partial", "not_agreed", "breached")
#: The talks' state in a round.
TALKS = ("talking", "suspended")
#: A general ceasefire: the ceasefire issue settled at this level or beyond.
CEASEFIRE_ISSUE, CEASEFIRE_LEVEL = "ceasefire", "partial"
#: Days over which the assumptions' rates are stated.
MONTH = 30

#: Columns recorded for the model each round, besides the per-issue ones.
MODEL_RECORD = (
    "round",
    "date",
    "label",
    "host",
    "talks",
    "left",
    "why",
    "engagements",
    "package_agreed",
    "general_ceasefire",
    "agreed_items",
    "zone_size",
    "text",
    "nash_point",
    "ks_point",
    "ceasefire_equilibria",
    "ceasefire_method",
    "demand_equilibria",
    "demand_method",
)


def _offer_value_to(agent: Party, judge: int) -> float | None:
    """The value to party `judge` of `agent`'s latest package offer (a DataCollector column)."""
    return agent.model.offer_value(agent.index, judge)  # type: ignore[attr-defined]


class NegotiationModel(mesa.Model):
    """The talks of one scenario.

    Parameters
    ----------
    scenario
        A validated :class:`~sim.calibration.scenario.Scenario`, kept as
        ``talks`` (Mesa 3.5 reserves ``Model.scenario``).
    seed
        Seed of the model's random generators (the war's path, breaches,
        mediator order); the war has a generator of its own, so that its
        path does not depend on any decision.
    rounds
        Number of rounds to run; default, the scenario's dated rounds (or
        all rounds to `until`).
    analyse
        Record the full analysis of every round (KS point, offer distances,
        Rubinstein split, equilibria) and collect it. A sweep's record needs
        only the zone and the talks' state each round, and the text, statuses
        and Nash point of the last; the games cost half a run.
    until
        Run to this date (default: the scenario's ``calendar.until``).
    every_round
        Record every round in full. A sweep's run (False, with `analyse`
        False) records the zone and the talks' state until its last round,
        all its record reads of them.
    """

    def __init__(
        self,
        scenario: Scenario,
        seed: int | None = None,
        rounds: int | None = None,
        analyse: bool = True,
        until: dt.date | None = None,
        every_round: bool = True,
    ):
        super().__init__(rng=seed)
        self.analyse = analyse
        self.every_round = every_round
        self.talks = scenario
        self.setup: Setup = build_setup(scenario)
        self.calendar = talk_calendar(
            [r.date for r in scenario.rounds],
            self.setup.cadence_days,
            rounds,
            until or scenario.calendar.until,
        )
        self.n_rounds = len(self.calendar)
        # Day 0 of the war's path: one cadence before the first round, whose
        # talks open on the news of those days.
        self.start = self.calendar[0] - dt.timedelta(days=self.setup.cadence_days)
        self.round = 0
        self.date = self.calendar[0]
        self.day = self._day(self.date) - 1
        self.texts: dict[str, list[int]] = {}
        self.text: int | None = None  # the package table's row of the negotiating text
        self.objections: tuple[list[int], list[int]] = ([], [])
        self.converged = np.zeros(len(scenario.agenda), dtype=bool)
        self.agreement: int | None = None
        self.agreed_items: dict[str, int] = {}
        self.breached: set[str] = set()
        self.first_party_wins = 0
        self.engagements = 0
        self.record: dict[str, Any] = {}
        # The talks' state: who has left, at what pressure, and why.
        self.talking = True
        self.left: dict[int, float] = {}
        self.why = ""
        self.last_progress = self.calendar[0]
        self.spell_best = 0
        self.shortfalls = np.zeros(2)
        self.backed = False
        self.aims_applied: set[str] = set()
        self._round: dict[tuple[str, ...], np.ndarray] = {}  # see _kept

        issues = load_issues()
        self.issues = [issues[key] for key in scenario.agenda]
        self.parties = [
            Party(
                self,
                p.name,
                i,
                p.position,
                p.pain,
                p.commitment,
                None if p.strategy.kind == "zeuthen" else make_strategy(p.strategy),
            )
            for i, p in enumerate(self.setup.parties)
        ]
        self.mediators = [Mediator(self, m.name, m.levers, m.joins) for m in self.setup.mediators]
        war_rng, self.deal_rng = self.rng.spawn(2)
        self.war: WarPath = self._draw_war(war_rng)
        self.items = [
            item_table(
                issue.key, self._item_values(issue.key), issue.status_quo, self._item_rejects(j)
            )
            for j, issue in enumerate(self.issues)
            if issue.separable
        ]
        self._build_package()
        self.datacollector = self._collector()

    # --- set-up helpers --------------------------------------------------------

    @property
    def party_names(self) -> tuple[str, str]:
        return self.talks.party_names

    def _day(self, date: dt.date) -> int:
        return (date - self.start).days

    def _draw_war(self, rng: np.random.Generator) -> WarPath:
        """The war's path over the calendar, with the mediators' pressure and calls."""
        setup = self.setup
        days = self._day(self.calendar[-1]) + 1
        names = list(self.party_names)
        pooling = np.zeros(days)
        shocks: list[tuple[int, np.ndarray, np.ndarray]] = []
        for m in setup.mediators:
            joins = max(self._day(m.joins or self.calendar[0]), 0)
            if "shuttle_calls" in m.levers:
                daily = daily_share(setup.lever_strengths["shuttle_calls"], MONTH)
                pooling[joins:] = 1.0 - (1.0 - pooling[joins:]) * (1.0 - daily)
            for lever in COST_LEVERS:
                if lever in m.levers:
                    target = "both" if lever == "walk_away_threat" else m.levers[lever]
                    hit = np.array([target in (n, "both") for n in names], dtype=float)
                    shocks.append((joins, np.zeros(2), hit * setup.lever_strengths[lever]))
        for e in setup.events:
            hit = np.array([e.target in (n, "both") for n in names], dtype=float)
            shocks.append((self._day(e.date), hit * e.signal, hit * e.cost))
        beliefs = np.array([setup.parties[0].belief, 1.0 - setup.parties[1].belief])
        confidence = np.array([p.confidence for p in setup.parties])
        return war_path(
            days,
            setup.theta,
            setup.drift / math.sqrt(MONTH),
            setup.engagement_rate / MONTH,
            setup.misreading,
            beliefs * confidence,
            (1.0 - beliefs) * confidence,
            np.array([p.war_cost for p in setup.parties]),
            np.array([p.pain for p in setup.parties]) / MONTH,
            pooling,
            Shocks(
                np.array([d for d, _, _ in shocks], dtype=np.int64),
                np.array([s for _, s, _ in shocks]).reshape(-1, 2),
                np.array([c for _, _, c in shocks]).reshape(-1, 2),
            ),
            rng,
        )

    def _item_values(self, issue_key: str) -> list[np.ndarray]:
        j = self.talks.agenda.index(issue_key)
        return [
            np.where(
                p.position.stances[j].red_lines, RED_LINE_UTILITY, p.position.stances[j].values
            )
            for p in self.parties
        ]

    def _item_rejects(self, j: int) -> list[np.ndarray]:
        return [np.asarray(p.rejects[j]) for p in self.parties]

    def _build_package(self) -> None:
        """The package space and table from the parties' utilities (again after a shift of aims)."""
        space = OutcomeSpace(tuple(len(issue.levels) for issue in self.issues))
        class_issues = [
            j
            for p in self.parties
            for j in (p.commitment.guarantee_issue, p.commitment.shift_issue)
            if j is not None
        ]
        self.package_space = package_space(space, [p.utility for p in self.parties], class_issues)
        self.package = self.package_space.table()
        self._set_risks()
        self._set_defeat_values()

    def _set_risks(self) -> None:
        class_levels = self.package_space.class_levels()
        self.package.risk = np.column_stack(
            [p.renege_risk(self.package.levels, self.backed) for p in self.parties]
        )
        self.class_risk = np.column_stack(
            [p.renege_risk(class_levels, self.backed) for p in self.parties]
        )

    def _set_defeat_values(self) -> None:
        """Defeat means the victor's terms: its best package (of those, the worst for the loser)."""
        rows = np.arange(self.package.U.shape[0])
        for party in self.parties:
            me, other = party.index, 1 - party.index
            imposed = argmax_lexicographic(rows, self.package.U[:, other], -self.package.U[:, me])
            party.u_defeat = float(self.package.U[imposed, me])

    def _collector(self) -> mesa.DataCollector:
        per_issue = [f"{kind}_{i.key}" for i in self.issues for kind in ("article", "status")]
        party_columns = {
            "belief": lambda a: round(a.win_probability, 6),
            "confidence": lambda a: round(a.confidence, 6),
            "war_cost": lambda a: round(a.war_cost, 6),
            "war_value": lambda a: round(a.war_value, 6),
            "shortfall": lambda a: round(float(a.model.shortfalls[a.index]), 6),
            "offer": lambda a: a.model.describe(a.model.offer_of(a.index)),
            **{
                f"utility_to_{name}_of_offer_by": partial(_offer_value_to, judge=j)
                for j, name in enumerate(self.party_names)
            },
            "text_value": lambda a: a.model.record["text_value"][a.index],
            "risk_limit": lambda a: a.model.record["risk_limit"][a.index],
            "objections": lambda a: ";".join(
                a.model.issues[j].key for j in a.model.objections[a.index]
            ),
            "offer_distance_to_nash": lambda a: a.model.record["offer_distance"][a.index],
        }
        return mesa.DataCollector(
            model_reporters={
                key: (lambda m, k=key: m.record[k])
                for key in (
                    *MODEL_RECORD,
                    f"battles_won_{self.party_names[0]}",
                    *per_issue,
                    *analysis_columns(self.party_names),
                )
            },
            agenttype_reporters={
                Party: {"party": "name", **party_columns},
                Mediator: {"mediator": "name", "levers_used": lambda a: ";".join(a.used)},
            },
        )

    # --- what agents ask of the model -----------------------------------------

    def clock(self) -> float:
        """Normalised time for the clock strategies: 0 at the first round, 1 at the deadline."""
        deadline = self.talks.deadline or self.n_rounds
        return min(1.0, (self.round - 1) / max(deadline - 1, 1))

    def war_values(self) -> np.ndarray:
        return np.array([p.war_value for p in self.parties])

    def values(self, table: Table) -> np.ndarray:
        """What each candidate of `table` is worth to each party: shape (m, 2)."""
        return self._kept(
            ("values", table.key), lambda: np.column_stack([p.values(table) for p in self.parties])
        )

    def products(self, table: Table) -> np.ndarray:
        """The Nash product of each candidate of `table` over the floors (-1 below one)."""
        return self._kept(
            ("products", table.key), lambda: nash_products(self.values(table), self.floors(table))
        )

    def nearest_text(self) -> int:
        """The package that comes closest to acceptable for both (:mod:`sim.core.attendance`)."""
        found = self._kept(
            ("nearest",),
            lambda: np.array(nearest_text(self.values(self.package), self.war_values())),
        )
        return int(found)

    def _kept(self, key: tuple[str, ...], compute: Callable[[], np.ndarray]) -> np.ndarray:
        """`compute()`, once a round: what rests on the values of fighting on and the
        utilities, which change only in the war's step and with a party's aims. Read-only,
        so that no caller changes what the others read."""
        found = self._round.get(key)
        if found is None:
            found = compute()
            found.flags.writeable = False
            self._round[key] = found
        return found

    def floors(self, table: Table) -> np.ndarray:
        return np.array([p.floor(table) for p in self.parties])

    def open_tables(self, items_only: bool = False) -> list[Table]:
        """Tables still open; an item breached this round is disputed, not renegotiated.

        The package is open only while the sides are talking.
        """
        tables = [t for t in self.items if t.agreed is None and t.key not in self.breached]
        if not items_only and self.agreement is None and self.talking:
            tables.insert(0, self.package)
        return tables

    def candidates(self, table: Table) -> list[tuple[int, bool]]:
        """Candidates this round: the parties' latest offers (at the table), then tabled texts.

        Each comes with whether a third party tabled it (the negotiating
        text, a broker's deal on an item).
        """
        found: dict[int, bool] = {}
        if self.talking:
            for history in table.history:
                if history:
                    found.setdefault(history[-1], False)
        for text in self.texts.get(table.key, []):
            found[text] = True
        return list(found.items())

    def offer_of(self, party: int) -> int | None:
        history = self.package.history[party]
        return history[-1] if history else None

    def offer_value(self, proposer: int, judge: int) -> float | None:
        offer = self.offer_of(proposer)
        if offer is None:
            return None
        return round(float(self.parties[judge].values(self.package)[offer]), 6)

    def describe(self, row: int | None) -> str:
        """A package-table row as ``issue=level;...`` (empty for None)."""
        if row is None:
            return ""
        levels = self.package.levels[row]
        return ";".join(
            f"{i.key}={i.levels[lv]}" for i, lv in zip(self.issues, levels, strict=True)
        )

    def level_name(self, issue_key: str, level: int) -> str:
        return next(i for i in self.issues if i.key == issue_key).levels[level]

    # --- the round --------------------------------------------------------------

    def step(self) -> None:
        self.round += 1
        self.date = self.calendar[self.round - 1]
        self._war()
        self._attend()
        self.texts = {table.key: [] for table in self.open_tables()}
        if Mediator in self.agents_by_type:  # a scenario may have none
            self.agents_by_type[Mediator].shuffle_do("act")
        parties = self.agents_by_type[Party]
        if self.talking:
            parties.do("make_offers")
        self._draft_text()
        parties.do("respond")
        closed = self._settle()
        self._converge()
        self._track_progress(closed)
        last = self.agreement is not None or self.round >= self.n_rounds
        full = self.every_round or self.analyse or last  # the collector reads every column
        self.record = self._record() if full else self._zone_record()
        if self.analyse:
            self.datacollector.collect(self)
        if last:
            self.running = False

    def _war(self) -> None:
        """The war from the last round to this date: beliefs, costs, events, breaches."""
        before, self.day = self.day, self._day(self.date)
        fought = slice(before + 1, self.day + 1)
        self.engagements = int(self.war.engagements[fought].sum())
        self.first_party_wins = int(self.war.wins[fought].sum())
        share = self.first_party_wins / self.engagements if self.engagements else 0.5
        self._shift_aims()
        backed = any(m.active() and "guarantee" in m.levers for m in self.mediators)
        if backed != self.backed:
            self.backed = backed
            self._set_risks()
        self._round = {}
        for party, sign in zip(self.parties, (1.0, -1.0), strict=True):
            party.a = float(self.war.a[self.day, party.index])
            party.b = float(self.war.b[self.day, party.index])
            party.war_cost = float(self.war.cost[self.day, party.index])
            party.trend = sign * (2.0 * share - 1.0)
            party.war_value = float(
                war_value(party.win_probability, party.u_defeat, party.war_cost)
            )
        self._breaches()
        for table in self.items:
            table.rounds_open += 1

    def _shift_aims(self) -> None:
        """Scheduled shifts of a side's aims (events with ``aims``) that are due take effect."""
        due = [
            e
            for e in self.setup.events
            if e.aims is not None and e.date <= self.date and e.name not in self.aims_applied
        ]
        self.aims_applied |= {e.name for e in due}
        self._adopt(
            {
                self.party_names.index(e.target): e.aims
                for e in due
                if e.aims is not None  # for the type checker: `due` holds only these
            }
        )

    def _escalate(self) -> None:
        """Talks broke down: a side documented to add to its demands adopts its later aims."""
        later = {
            i: p.escalation
            for i, p in enumerate(self.setup.parties)
            if p.escalation is not None and f"escalation:{p.name}" not in self.aims_applied
        }
        self.aims_applied |= {f"escalation:{self.party_names[i]}" for i in later}
        self._adopt(later)

    def _adopt(self, aims: dict[int, Position]) -> None:
        """Give each party of `aims` its new position: new utility, new tables."""
        if not aims or self.agreement is not None:
            return
        self._round = {}
        for i, position in aims.items():
            self.parties[i].adopt(position)
        for table in self.items:
            k = self.talks.agenda.index(table.key)
            fresh = item_table(
                table.key,
                self._item_values(table.key),
                self.issues[k].status_quo,
                self._item_rejects(k),
            )
            table.revalue(fresh.U, fresh.floor, fresh.acceptable)  # type: ignore[arg-type]
        self._build_package()  # its rows change: both sides restate their offers

    def _breaches(self) -> None:
        """Each agreed item may be breached this round; it then reopens."""
        self.breached = set()
        for table in self.items:
            if table.agreed is not None and self.deal_rng.random() < self.setup.breach[table.key]:
                table.agreed = None
                del self.agreed_items[table.key]
                self.breached.add(table.key)

    def talk_costs(self) -> np.ndarray:
        """Each side's cost at home of sitting at the table, from the events so far."""
        return np.array(
            [
                sum(
                    e.talk_cost
                    for e in self.setup.events
                    if e.date <= self.date and e.target in (p.name, "both")
                )
                for p in self.parties
            ]
        )

    def _attend(self) -> None:
        """Who is at the table this round (see :mod:`sim.core.attendance`)."""
        setup = self.setup
        self.shortfalls = shortfalls(
            self.values(self.package), self.war_values(), self.nearest_text()
        )
        costs = self.talk_costs()
        pressure = self.shortfalls + costs
        if not self.talking:
            self.left = {
                i: at_exit
                for i, at_exit in self.left.items()
                if not returns(float(pressure[i]), at_exit, setup.return_improvement)
            }
            if not self.left:
                self.talking, self.why = True, "back at the table"
                self.last_progress, self.spell_best = self.date, 0
            return
        self.why = ""
        if self.round == 1 or self.agreement is not None:
            return
        leaving = [i for i in (0, 1) if pressure[i] > setup.walk_out_gap]
        if leaving:
            costly = costs[leaving[0]] > 0
            reason = "talking costs it at home" if costly else "expects more from fighting"
        elif (self.date - self.last_progress).days >= setup.patience_days and max(
            self.shortfalls
        ) > 0:
            leaving = [int(np.argmax(pressure))]
            idle = (self.date - self.last_progress).days
            reason = f"no progress in {idle} days"
        if leaving:
            self.talking = False
            self.left = {i: float(pressure[i]) for i in leaving}
            self.why = reason  # how far short: the rounds' shortfall columns
            self._escalate()

    def _draft_text(self) -> None:
        """The single negotiating text: the Nash package if a zone exists, else the nearest miss.

        Drafted from the second round on (after both sides have set out their
        positions), while the sides are talking, and only while the talks are
        ripe: some package falls short of fighting on by at most
        ``text_ripeness`` for each side. Otherwise there is no text, and no
        article can be provisionally agreed.
        """
        self.text = None
        if self.round < 2 or self.agreement is not None or not self.talking:
            return
        values = self.values(self.package)
        gaps = values - self.war_values()
        products = self.products(self.package)
        if products.max() >= 0:
            self.text = argmax_lexicographic(np.arange(values.shape[0]), products, gaps.sum(axis=1))
        else:
            nearest = self.nearest_text()
            if gaps[nearest].min() < -self.setup.text_ripeness:
                return
            self.text = nearest
        self.texts["package"].append(int(self.text))  # type: ignore[arg-type]

    def _settle(self) -> bool:
        """Close every table with a mutually accepted candidate; whether any closed."""
        closed = False
        for table in self.open_tables():
            mutual = [
                c
                for c, _ in self.candidates(table)
                if all(c in p.accepted.get(table.key, ()) for p in self.parties)
            ]
            if not table.is_package:
                issue = next(i for i in self.issues if i.key == table.key)
                if table.rounds_open <= issue.setup_rounds:
                    mutual = []  # its implementation is still being set up
            if not mutual:
                continue
            values = self.values(table)[mutual]
            gains = values - self.floors(table)
            best = argmax_lexicographic(
                np.arange(len(mutual)), gains.prod(axis=1), gains.sum(axis=1)
            )
            table.agreed = mutual[best]  # type: ignore[index]
            closed = True
            if table.is_package:
                self.agreement = table.agreed
            else:
                self.agreed_items[table.key] = int(table.levels[table.agreed, 0])
        return closed

    def _converge(self) -> None:
        """Which articles of the text each side accepts as they stand; the rest it objects to."""
        k = len(self.issues)
        if self.text is None or self.agreement is not None:
            self.objections, self.converged = ([], []), np.zeros(k, dtype=bool)
            return
        levels = self.package.levels[self.text]
        risk = self.package.risk[self.text]  # type: ignore[index]
        accepted = [p.accepts_articles(levels, float(risk[p.index])) for p in self.parties]
        self.objections = (
            [int(j) for j in np.flatnonzero(~accepted[0])],
            [int(j) for j in np.flatnonzero(~accepted[1])],
        )
        self.converged = accepted[0] & accepted[1]

    def _track_progress(self, closed: bool) -> None:
        """Progress: a deal, or more articles settled or converged than ever in this spell."""
        if not self.talking:
            return
        settled = sum(v in ("agreed", "partial") for v in self.statuses().values())
        if closed or settled > self.spell_best:
            self.spell_best = max(settled, self.spell_best)
            self.last_progress = self.date

    def statuses(self) -> dict[str, str]:
        """Each agenda issue after this round: agreed, partial, not_agreed or breached.

        Agreed: the package closed, or the issue's own separable deal holds.
        Breached: its separable deal broke this round. Partial: an article of
        the text both sides accept as it stands, or settled as a side effect
        of another item's deal (a corridor deal's local pause).
        """
        if self.agreement is not None:
            return {issue.key: "agreed" for issue in self.issues}
        status = {issue.key: "not_agreed" for issue in self.issues}
        for j, issue in enumerate(self.issues):
            if self.converged[j]:
                status[issue.key] = "partial"
        for key in self.agreed_items:
            implied = next(i for i in self.issues if i.key == key).implies
            if implied and status.get(implied.issue) == "not_agreed":
                status[implied.issue] = "partial"
        for key in self.breached:
            status[key] = "breached"
        for key in self.agreed_items:
            status[key] = "agreed"
        return status

    def general_ceasefire(self) -> bool:
        """Whether the fighting has stopped beyond a local pause: the package (a settlement
        of the war, whatever its ceasefire article says of the terms), or a ceasefire deal
        of its own at ``CEASEFIRE_LEVEL`` or beyond."""
        if self.agreement is not None:
            return True
        keys = [issue.key for issue in self.issues]
        if CEASEFIRE_ISSUE not in keys:
            return False
        least = self.issues[keys.index(CEASEFIRE_ISSUE)].levels.index(CEASEFIRE_LEVEL)
        return self.agreed_items.get(CEASEFIRE_ISSUE, -1) >= least

    def thresholds(self) -> np.ndarray:
        """The least utility each party accepts in each commitment class, shape (classes, 2)."""
        return self._kept(
            ("thresholds",),
            lambda: np.column_stack(
                [
                    acceptance_threshold(
                        p.war_value, self.class_risk[:, p.index], p.commitment.loss
                    )
                    for p in self.parties
                ]
            ),
        )

    def _record(self) -> dict[str, Any]:
        dated = self.round <= len(self.talks.rounds) and (
            self.talks.rounds[self.round - 1].date == self.date
        )
        meeting = self.talks.rounds[self.round - 1] if dated else None
        self.snapshot = self._snapshot()
        analysis = analyse_round(self.snapshot, full=self.analyse)
        status = self.statuses()
        text = self.agreement if self.agreement is not None else self.text  # what stands now
        values = self.values(self.package)
        own = [self.offer_of(i) for i in (0, 1)]
        limits: list[float | None] = [None, None]
        if None not in own:
            limits = [
                round(float(x), 6)
                for x in risk_limits(
                    np.array([values[own[i], i] for i in (0, 1)]),
                    np.array([values[own[1 - i], i] for i in (0, 1)]),
                    self.war_values(),
                )
            ]
        row: dict[str, Any] = {
            "round": self.round,
            "date": self.date.isoformat(),
            "label": meeting.label if meeting else f"round {self.round}",
            "host": (meeting.host or "") if meeting else "",
            "talks": TALKS[0] if self.talking else TALKS[1],
            "left": ";".join(self.party_names[i] for i in sorted(self.left)),
            "why": self.why,
            "engagements": self.engagements,
            f"battles_won_{self.party_names[0]}": self.first_party_wins,
            "package_agreed": self.agreement is not None,
            "general_ceasefire": self.general_ceasefire(),
            "agreed_items": ";".join(
                f"{k}={self.level_name(k, lv)}" for k, lv in sorted(self.agreed_items.items())
            ),
            "text": self.describe(text),
            "text_value": [
                None if text is None else round(float(values[text, i]), 6) for i in (0, 1)
            ],
            "risk_limit": limits,
        }
        for j, issue in enumerate(self.issues):
            row[f"article_{issue.key}"] = (
                "" if text is None else issue.levels[self.package.levels[text, j]]
            )
            row[f"status_{issue.key}"] = status[issue.key]
        return row | analysis

    def _zone_record(self) -> dict[str, Any]:
        """A round's record as a sweep reads it before the last round (``every_round=False``):
        the zone and the talks' state (who left, and why). The text, the statuses
        and the analysis are recorded for the last round, where the sweep's record
        reads them."""
        return {
            "round": self.round,
            "date": self.date.isoformat(),
            "talks": TALKS[0] if self.talking else TALKS[1],
            "left": ";".join(self.party_names[i] for i in sorted(self.left)),
            "why": self.why,
            "zone_size": self.package_space.zone_size(self.thresholds()),
        }

    def _snapshot(self) -> RoundSnapshot:
        return RoundSnapshot(
            names=self.party_names,
            issues=tuple(self.issues),
            U=self.values(self.package),
            levels=self.package.levels,
            offers=(self.offer_of(0), self.offer_of(1)),
            war_values=self.war_values(),
            # What one more round of war costs each: its pain over a cadence.
            pains=np.array([p.pain for p in self.parties]) * self.setup.cadence_days / MONTH,
            truce_penalties=self.setup.truce_penalties(),
            exploit_gain=self.setup.exploit_gain,
            exploited_loss=self.setup.exploited_loss,
            n_demands=self.talks.games.n_demands,
            zone_size=self.package_space.zone_size(self.thresholds()),
        )

    def release(self) -> None:
        """Let a finished model be freed.

        Mesa 3.3 numbers agents through a class-level dict keyed by model
        (``mesa.Agent._ids``), which keeps every model ever built alive; a
        sweep of thousands of runs would hold all their outcome spaces.
        Mesa 3.5 has no such dict.
        """
        getattr(mesa.Agent, "_ids", {}).pop(self, None)
