"""NegotiationModel: the talks as rounds of bargaining while the war goes on.

No deadline forces anyone. Talks end in a deal only when both sides expect
more from the deal than from fighting on, and that changes only as the war
teaches them, hurts them, or as mediators press them. Each round (one
``step``) runs in stages:

1. **The war.** The true balance ``theta`` (the first party's chance of
   winning an engagement) drifts by a random step, and a few engagements are
   fought; neither side knows ``theta`` or models its drift. Each reads some
   of its own losses as wins (motivated reasoning), then updates
   their Beta beliefs about ``theta`` on the result (Bayes). Scheduled events
   are public signals (engagements' worth of evidence for one side) and cost
   shifts. Each round without a deal adds its pain to the cost of fighting on.
   A separable deal already agreed may be breached (it then reopens).
2. **Mediators act**, in random order: sanctions and the threat to walk away
   raise the cost of fighting on, shuttle calls carry each side's assessment
   of the war to the other, brokers put deals on separable items on the table.
3. **Values.** Each party's value of fighting on is the war's expected
   outcome under its own belief, minus its cost (Fearon 1995); a package is
   worth its terms discounted by the risk that the other side reneges
   (Powell 2006). Mutual optimism or a commitment problem can leave the
   agreement zone empty although war is costly.
4. **Offers**: on every open table each party holds its offer or makes the
   concession Zeuthen's principle asks of it (or follows a Faratin strategy).
5. **The single negotiating text** (from round 2, drafted from the first
   round's positions; Raiffa 1982): one article per agenda issue; the Nash
   package when a zone exists, else the package that comes closest to
   acceptable for both.
6. **Responses and agreements**: on each table the mutually accepted
   candidate with the largest product of gains closes the deal. A separable
   item closes alone when both gain and its implementation is in place;
   the package closes only when both prefer it to fighting on.
7. **Objections and statuses**: each party names the articles it must
   change before it could accept the text; articles nobody objects to are
   provisionally agreed (*partial*: nothing is agreed until everything is).
8. **Analysis**: the zone, the Nash and Kalai-Smorodinsky points, Rubinstein
   shares, and the round's ceasefire and demand games.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import mesa
import numpy as np

from sim.calibration.scenario import Scenario
from sim.calibration.seeds import load_issues
from sim.calibration.setup import Setup, build_setup
from sim.core.beliefs import war_value
from sim.core.commitment import acceptance_threshold
from sim.core.selection import argmax_lexicographic
from sim.core.space import OutcomeSpace
from sim.core.utility import RED_LINE_UTILITY
from sim.core.zeuthen import nash_products, risk_limits
from sim.talks.agents import Mediator, Party
from sim.talks.analysis import RoundSnapshot, analyse_round, analysis_columns
from sim.talks.strategies import make_strategy
from sim.talks.tables import PackageSpace, Table, item_table

#: Closest the true balance comes to 0 or 1 as it drifts: there the war is decided
#: engagement by engagement anyway (one loss in a trillion).
THETA_EDGE = 1e-12
#: Statuses of an agenda issue after a round.
STATUSES = ("agreed", "partial", "not_agreed", "breached")

#: Columns recorded for the model each round, besides the per-issue ones.
MODEL_RECORD = (
    "round",
    "date",
    "label",
    "host",
    "engagements",
    "package_agreed",
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
        Seed of the model's random generator (engagements, breaches, mediator order).
    rounds
        Number of rounds to run; default, the scenario's dated rounds.
    analyse
        Record the full analysis of every round (KS point, offer distances,
        Rubinstein split, equilibria) and collect it. A sweep's record needs
        only the zone and the Nash point, and the games cost half a run.
    """

    def __init__(
        self,
        scenario: Scenario,
        seed: int | None = None,
        rounds: int | None = None,
        analyse: bool = True,
    ):
        super().__init__(rng=seed)
        self.analyse = analyse
        self.talks = scenario
        self.setup: Setup = build_setup(scenario)
        self.n_rounds = rounds or len(scenario.rounds)
        self.round = 0
        self.texts: dict[str, list[int]] = {}
        self.text: int | None = None  # the package table's row of the negotiating text
        self.objections: tuple[list[int], list[int]] = ([], [])
        self.agreement: int | None = None
        self.agreed_items: dict[str, int] = {}
        self.breached: set[str] = set()
        self.first_party_wins = 0
        self.theta = self.setup.theta
        self.record: dict[str, Any] = {}

        issues = load_issues()
        self.issues = [issues[key] for key in scenario.agenda]
        space = OutcomeSpace(tuple(len(issue.levels) for issue in self.issues))
        commitments = [p.commitment for p in self.setup.parties]
        class_issues = [
            j for c in commitments for j in (c.guarantee_issue, c.shift_issue) if j is not None
        ]
        self.package_space = PackageSpace(
            space, [p.position.utility() for p in self.setup.parties], class_issues
        )
        self.package = self.package_space.table()
        self.items = [
            item_table(issue.key, self._item_values(issue.key), issue.status_quo)
            for issue in self.issues
            if issue.separable
        ]
        self.parties = [
            Party(
                self,
                p.name,
                i,
                p.position.utility(),
                p.belief,
                p.confidence,
                p.war_cost,
                p.pain,
                p.commitment,
                None if p.strategy.kind == "zeuthen" else make_strategy(p.strategy),
            )
            for i, p in enumerate(self.setup.parties)
        ]
        self.package.risk = np.column_stack(
            [p.renege_risk(self.package.levels) for p in self.parties]
        )
        class_levels = self.package_space.class_levels()
        self.class_risk = np.column_stack([p.renege_risk(class_levels) for p in self.parties])
        self._set_defeat_values()
        for m in self.setup.mediators:
            Mediator(self, m.name, m.levers, self.setup.lever_strengths)
        self.datacollector = self._collector()

    # --- set-up helpers --------------------------------------------------------

    @property
    def party_names(self) -> tuple[str, str]:
        return self.talks.party_names

    def _item_values(self, issue_key: str) -> list[np.ndarray]:
        values = []
        for party in self.setup.parties:
            stance = party.position.stance(issue_key)
            values.append(np.where(stance.red_lines, RED_LINE_UTILITY, stance.values))
        return values

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
        return np.column_stack([p.values(table) for p in self.parties])

    def floors(self, table: Table) -> np.ndarray:
        return np.array([p.floor(table) for p in self.parties])

    def open_tables(self, items_only: bool = False) -> list[Table]:
        """Tables still open; an item breached this round is disputed, not renegotiated."""
        tables = [t for t in self.items if t.agreed is None and t.key not in self.breached]
        if not items_only and self.agreement is None:
            tables.insert(0, self.package)
        return tables

    def candidates(self, table: Table) -> list[tuple[int, bool]]:
        """Candidates this round: the parties' latest offers, then tabled texts.

        Each comes with whether a third party tabled it (the negotiating
        text, a broker's deal on an item).
        """
        found: dict[int, bool] = {}
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
        self._war_and_events()
        self.texts = {table.key: [] for table in self.open_tables()}
        self.agents.select(agent_type=Mediator).shuffle_do("act")
        for party in self.parties:
            party.war_value = float(
                war_value(party.win_probability, party.u_defeat, party.war_cost)
            )
        parties = self.agents.select(agent_type=Party)
        parties.do("make_offers")
        self._draft_text()
        parties.do("respond")
        self._settle()
        self._object()
        self.record = self._record()
        if self.analyse:
            self.datacollector.collect(self)
        if self.agreement is not None or self.round >= self.n_rounds:
            self.running = False

    def _war_and_events(self) -> None:
        setup = self.setup
        if self.round > 1 and setup.drift:
            # Within THETA_EDGE of 0 or 1 the balance is held there: a drift that
            # rounded it to 0 or 1 would leave its log-odds infinite.
            theta = min(max(self.theta, THETA_EDGE), 1.0 - THETA_EDGE)
            log_odds = np.log(theta / (1.0 - theta)) + self.rng.normal(0.0, setup.drift)
            self.theta = float(1.0 / (1.0 + np.exp(-log_odds)))
        wins = int(self.rng.binomial(setup.engagements, self.theta))
        self.first_party_wins = wins
        share = wins / setup.engagements
        for party, sign in zip(self.parties, (1.0, -1.0), strict=True):
            party.observe(self._as_seen_by(party.index, wins), setup.engagements)
            party.trend = sign * (2.0 * share - 1.0)
            if self.round > 1:
                party.war_cost += party.pain
        for event in setup.events:
            if event.round != self.round:
                continue
            for party in self.parties:
                if event.target not in (party.name, "both"):
                    continue
                party.war_cost = max(0.0, party.war_cost + event.cost)
                won = event.signal if party.index == 0 else 0.0
                for observer in self.parties:
                    observer.observe(won, event.signal)
        self._breaches()
        for table in self.items:
            table.rounds_open += 1

    def _as_seen_by(self, party: int, first_party_wins: int) -> int:
        """The first party's wins as `party` reads them: each of its own losses is
        read as a win with probability ``misreading`` (motivated reasoning, drawn
        apart for each side, so the two sides learn from different evidence)."""
        n, q = self.setup.engagements, self.setup.misreading
        losses = n - first_party_wins if party == 0 else first_party_wins
        misread = int(self.rng.binomial(losses, q)) if q else 0
        return first_party_wins + misread if party == 0 else first_party_wins - misread

    def _breaches(self) -> None:
        """Each agreed item may be breached this round; it then reopens."""
        self.breached = set()
        for table in self.items:
            if table.agreed is not None and self.rng.random() < self.setup.breach[table.key]:
                table.agreed = None
                del self.agreed_items[table.key]
                self.breached.add(table.key)

    def _draft_text(self) -> None:
        """The single negotiating text: the Nash package if a zone exists, else the nearest miss.

        Drafted from the second round on (after both sides have set out their
        positions), and only while the talks are ripe: some package falls
        short of fighting on by at most ``text_ripeness`` for each side.
        Otherwise there is no text, and no article can be provisionally agreed.
        """
        self.text = None
        if self.round < 2 or self.agreement is not None:
            return
        values = self.values(self.package)
        gaps = values - self.war_values()
        rows = np.arange(values.shape[0])
        products = nash_products(values, self.war_values())
        if products.max() >= 0:
            self.text = argmax_lexicographic(rows, products, gaps.sum(axis=1))
        else:
            nearest = argmax_lexicographic(rows, gaps.min(axis=1), gaps.sum(axis=1))
            if gaps[nearest].min() < -self.setup.text_ripeness:
                return
            self.text = nearest
        self.texts["package"].append(int(self.text))  # type: ignore[arg-type]

    def _settle(self) -> None:
        for table in self.open_tables():
            mutual = [
                c
                for c, _ in self.candidates(table)
                if all(c in p.accepted[table.key] for p in self.parties)
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
            if table.is_package:
                self.agreement = table.agreed
            else:
                self.agreed_items[table.key] = int(table.levels[table.agreed, 0])

    def _object(self) -> None:
        if self.text is None or self.agreement is not None:
            self.objections = ([], [])
            return
        levels = self.package.levels[self.text]
        first, second = (p.object_to(levels) for p in self.parties)
        self.objections = (first, second)

    def statuses(self) -> dict[str, str]:
        """Each agenda issue after this round: agreed, partial, not_agreed or breached.

        Agreed: the package closed, or the issue's own separable deal holds.
        Breached: its separable deal broke this round. Partial: an article of
        the text nobody objects to, or settled as a side effect of another
        item's deal (a corridor deal's local pause).
        """
        if self.agreement is not None:
            return {issue.key: "agreed" for issue in self.issues}
        status = {issue.key: "not_agreed" for issue in self.issues}
        if self.text is not None:
            contested = set(self.objections[0]) | set(self.objections[1])
            for j, issue in enumerate(self.issues):
                if j not in contested:
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

    def thresholds(self) -> np.ndarray:
        """The least utility each party accepts in each commitment class, shape (classes, 2)."""
        return np.column_stack(
            [
                acceptance_threshold(p.war_value, self.class_risk[:, p.index], p.commitment.loss)
                for p in self.parties
            ]
        )

    def _record(self) -> dict[str, Any]:
        dated = self.round <= len(self.talks.rounds)
        meeting = self.talks.rounds[self.round - 1] if dated else None
        self.snapshot = self._snapshot()
        analysis = analyse_round(self.snapshot, full=self.analyse)
        status = self.statuses()
        text = self.agreement if self.agreement is not None else self.text  # what stands now
        values = self.values(self.package)
        own = [self.offer_of(i) for i in (0, 1)]
        limits = risk_limits(
            np.array([values[own[i], i] for i in (0, 1)]),
            np.array([values[own[1 - i], i] for i in (0, 1)]),
            self.war_values(),
        )
        row: dict[str, Any] = {
            "round": self.round,
            "date": meeting.date.isoformat() if meeting else "",
            "label": meeting.label if meeting else f"round {self.round}",
            "host": (meeting.host or "") if meeting else "",
            "engagements": self.setup.engagements,
            f"battles_won_{self.party_names[0]}": self.first_party_wins,
            "package_agreed": self.agreement is not None,
            "agreed_items": ";".join(
                f"{k}={self.level_name(k, lv)}" for k, lv in sorted(self.agreed_items.items())
            ),
            "text": self.describe(text),
            "text_value": [
                None if text is None else round(float(values[text, i]), 6) for i in (0, 1)
            ],
            "risk_limit": [round(float(x), 6) for x in limits],
        }
        for j, issue in enumerate(self.issues):
            row[f"article_{issue.key}"] = (
                "" if text is None else issue.levels[self.package.levels[text, j]]
            )
            row[f"status_{issue.key}"] = status[issue.key]
        return row | analysis

    def _snapshot(self) -> RoundSnapshot:
        return RoundSnapshot(
            names=self.party_names,
            issues=tuple(self.issues),
            U=self.values(self.package),
            levels=self.package.levels,
            offers=(self.offer_of(0), self.offer_of(1)),
            war_values=self.war_values(),
            pains=np.array([p.pain for p in self.parties]),
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
