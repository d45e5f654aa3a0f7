"""NegotiationModel: the talks as repeated bargaining rounds while the war goes on.

Each round (one ``step``) runs in stages:

1. **The war.** War costs lower each party's no-deal value; the front moves
   by a random swing (the model's only randomness); scheduled events (a
   sanctions package, a drone strike) shift reservation values and trends.
2. **Mediators act**, in random order: sanctions pressure, a threat to walk
   away, shuttle calls that speed the talks up, a single negotiating text,
   brokering separable items.
3. **Parties offer**: on every open table each sets its aspiration by its
   concession strategy and makes the trade-off offer at it.
4. **Parties respond**: each says which offers and texts it accepts.
5. **Agreements**: on each table the mutually accepted candidate with the
   largest product of gains closes the deal. A separable item (corridors,
   prisoners) can close alone; the package closes only when both prefer it to
   their reservation, and ends the talks.
6. **Analysis**: the agreement zone, the Nash and Kalai-Smorodinsky points,
   Rubinstein shares, and the round's ceasefire and demand games.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.calibration.scenario import Scenario
from sim.calibration.seeds import load_issues
from sim.calibration.setup import Setup, build_setup
from sim.core.selection import argmax_lexicographic
from sim.core.space import OutcomeSpace
from sim.core.utility import RED_LINE_UTILITY
from sim.talks.agents import Mediator, Party
from sim.talks.analysis import RoundSnapshot, analyse_round, analysis_columns
from sim.talks.strategies import make_strategy
from sim.talks.tables import PackageSpace, Table, item_table

#: Columns recorded for the model each round (see :mod:`sim.talks.analysis`).
MODEL_RECORD = (
    "round",
    "date",
    "label",
    "host",
    "clock",
    "zone_size",
    "nash_point",
    "ks_point",
    "package_agreed",
    "agreed_items",
    "converged_issues",
    "ceasefire_equilibria",
    "ceasefire_method",
    "demand_equilibria",
    "demand_method",
)


class NegotiationModel(mesa.Model):
    """The talks of one scenario.

    Parameters
    ----------
    scenario
        A validated :class:`~sim.calibration.scenario.Scenario`, kept as ``talks`` (Mesa 3.5
        reserves ``Model.scenario`` for its own scenario objects).
    seed
        Seed of the model's random generator (battlefield swings, mediator order).
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
        self.clock_boost = 0.0
        self.texts: dict[str, list[int]] = {}
        self.agreement: int | None = None
        self.agreed_items: dict[str, int] = {}
        self.record: dict[str, object] = {}

        issues = load_issues()
        self.issues = [issues[key] for key in scenario.agenda]
        space = OutcomeSpace(tuple(len(issue.levels) for issue in self.issues))
        self.package_space = PackageSpace(space, [p.position.utility() for p in self.setup.parties])
        self.package = self.package_space.table()
        self.items = [
            item_table(issue.key, self._item_values(issue.key), issue.status_quo)
            for issue in self.issues
            if issue.separable
        ]
        self.parties = [
            Party(self, p.name, i, p.reservation, p.war_cost, make_strategy(p.strategy))
            for i, p in enumerate(self.setup.parties)
        ]
        for m in self.setup.mediators:
            utility = m.position.utility()(self.package.levels)
            Mediator(self, m.name, m.levers, self.setup.lever_strengths, utility)

        party_columns = {
            "reservation": "reservation",
            "aspiration": lambda a: a.aspiration.get("package"),
            "offer": lambda a: a.model.describe_offer(a.index),
            **{
                f"utility_to_{name}_of_offer_by": (lambda a, j=j: a.model.offer_utility(a.index, j))
                for j, name in enumerate(self.party_names)
            },
            "offer_distance_to_nash": lambda a: a.model.record["offer_distance"][a.index],
        }
        self.datacollector = mesa.DataCollector(
            model_reporters={
                key: (lambda m, k=key: m.record[k])
                for key in (*MODEL_RECORD, *analysis_columns(self.party_names))
            },
            agenttype_reporters={
                Party: {"party": "name", **party_columns},
                Mediator: {"mediator": "name", "levers_used": lambda a: ";".join(a.used)},
            },
        )

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

    # --- what agents ask of the model -----------------------------------------

    def clock(self) -> float:
        """Normalised time of this round: 0 at the first round, 1 at the deadline."""
        t = (self.round - 1) / max(self.talks.deadline - 1, 1)
        return min(1.0, t * (1.0 + self.clock_boost))

    def reservations(self) -> np.ndarray:
        return np.array([p.reservation for p in self.parties])

    def open_tables(self, items_only: bool = False) -> list[Table]:
        tables = [t for t in self.items if t.agreed is None]
        if not items_only and self.agreement is None:
            tables.insert(0, self.package)
        return tables

    def candidates(self, table: Table) -> list[tuple[int, bool]]:
        """Offers on the table this round: the parties' latest, then texts (brokered on items)."""
        found: dict[int, bool] = {}
        for history in table.history:
            if history:
                found.setdefault(history[-1], False)
        for text in self.texts.get(table.key, []):
            found[text] = found.get(text, False) or not table.is_package
        return list(found.items())

    def describe_offer(self, party: int) -> str:
        history = self.package.history[party]
        if not history:
            return ""
        levels = self.package.levels[history[-1]]
        return ";".join(
            f"{i.key}={i.levels[lv]}" for i, lv in zip(self.issues, levels, strict=True)
        )

    def offer_utility(self, proposer: int, judge: int) -> float | None:
        history = self.package.history[proposer]
        return float(self.package.U[history[-1], judge]) if history else None

    # --- the round --------------------------------------------------------------

    def step(self) -> None:
        self.round += 1
        self._war_and_events()
        self.clock_boost = 0.0
        self.texts = {table.key: [] for table in self.open_tables()}
        self.agents.select(agent_type=Mediator).shuffle_do("act")
        parties = self.agents.select(agent_type=Party)
        parties.do("make_offers")
        parties.do("respond")
        self._settle()
        self.record = self._record()
        if self.analyse:
            self.datacollector.collect(self)
        if self.agreement is not None or self.round >= self.n_rounds:
            self.running = False

    def _war_and_events(self) -> None:
        swing = float(self.rng.normal(0.0, self.setup.volatility)) if self.setup.volatility else 0.0
        for party, sign in zip(self.parties, (1.0, -1.0), strict=True):
            if self.round > 1:
                party.reservation -= party.war_cost
            party.trend = sign * swing
            party.reservation += sign * swing * self.setup.reservation_effect
        for event in self.talks.events.values():
            if event.round == self.round:
                for party in self.parties:
                    if event.target in (party.name, "both"):
                        party.reservation += event.shift
                        party.trend += event.trend
        for party in self.parties:
            party.reservation = min(1.0, max(0.0, party.reservation))

    def _settle(self) -> None:
        for table in self.open_tables():
            mutual = [
                c
                for c, _ in self.candidates(table)
                if all(c in p.accepted[table.key] for p in self.parties)
            ]
            if not mutual:
                continue
            floors = np.array([p.floor(table) for p in self.parties])
            gains = table.U[mutual] - floors
            best = argmax_lexicographic(
                np.arange(len(mutual)), gains.prod(axis=1), gains.sum(axis=1)
            )
            table.agreed = mutual[best]
            if table.is_package:
                self.agreement = table.agreed
            else:
                self.agreed_items[table.key] = int(table.levels[table.agreed, 0])

    def _record(self) -> dict[str, object]:
        dated = self.round <= len(self.talks.rounds)
        meeting = self.talks.rounds[self.round - 1] if dated else None
        self.snapshot = self._snapshot()
        analysis = analyse_round(self.snapshot, full=self.analyse)
        return {
            "round": self.round,
            "date": meeting.date.isoformat() if meeting else "",
            "label": meeting.label if meeting else f"round {self.round}",
            "host": (meeting.host or "") if meeting else "",
            "clock": round(self.clock(), 6),
            "package_agreed": self.agreement is not None,
            "agreed_items": ";".join(
                f"{k}={self.level_name(k, lv)}" for k, lv in sorted(self.agreed_items.items())
            ),
            **analysis,
        }

    def _snapshot(self) -> RoundSnapshot:
        d = self.reservations()
        return RoundSnapshot(
            names=self.party_names,
            issues=tuple(self.issues),
            U=self.package.U,
            levels=self.package.levels,
            offers=tuple(h[-1] if h else None for h in self.package.history),  # type: ignore[arg-type]
            reservations=d,
            war_costs=np.array([p.war_cost for p in self.parties]),
            truce_penalties=self._truce_penalties(),
            exploit_gain=self.setup.exploit_gain,
            exploited_loss=self.setup.exploited_loss,
            n_demands=self.talks.games.n_demands,
            zone_size=self.package_space.zone_size(d),
        )

    def _truce_penalties(self) -> np.ndarray:
        """Each party's penalty for breaking a truce: one per mediator holding sanctions over it."""
        strength = self.setup.lever_strengths["truce_breach_penalty"]
        return np.array(
            [
                strength
                * sum(
                    1
                    for m in self.setup.mediators
                    if m.levers.get("sanctions_pressure") in (p.name, "both")
                )
                for p in self.parties
            ]
        )

    def release(self) -> None:
        """Let a finished model be freed.

        Mesa 3.3 numbers agents through a class-level dict keyed by model
        (``mesa.Agent._ids``), which keeps every model ever built alive; a
        sweep of thousands of runs would hold all their outcome spaces.
        Mesa 3.5 has no such dict.
        """
        getattr(mesa.Agent, "_ids", {}).pop(self, None)

    def level_name(self, issue_key: str, level: int) -> str:
        return next(i for i in self.issues if i.key == issue_key).levels[level]
