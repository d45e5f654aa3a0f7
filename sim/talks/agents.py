"""The actors at the talks: two parties that bargain, and mediators that pull levers.

A **Party** holds a calibrated utility, a reservation value (what fighting on
is worth to it, falling each round by its war cost) and a concession
strategy. Each round, on every open table, it sets its aspiration, makes the
trade-off offer at that aspiration, and then says which offers on the table
it accepts: those worth at least its aspiration and more than no deal.

A **Mediator** holds the levers the documents show it using (statements of
kind ``lever``): sanctions pressure, a threat to walk away, shuttle calls,
proposing a single negotiating text, brokering a separable deal, hosting.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.core.bargaining import nash_bargaining
from sim.core.concession import aspiration_at
from sim.core.offers import trade_off_offer
from sim.core.selection import argmax_lexicographic
from sim.core.zone import agreement_zone
from sim.talks.strategies import ConcessionState, Strategy
from sim.talks.tables import Table
from sim.talks.view import Talks


class Party(mesa.Agent):
    """Russia or Ukraine: a bargaining party."""

    model: Talks

    def __init__(
        self,
        model: Talks,
        name: str,
        index: int,
        reservation: float,
        war_cost: float,
        strategy: Strategy,
    ) -> None:
        super().__init__(model)
        self.name = name
        self.index = index
        self.reservation = reservation
        self.war_cost = war_cost
        self.strategy = strategy
        self.trend = 0.0
        self.alpha: dict[str, float] = {}
        self.aspiration: dict[str, float] = {}
        self.accepted: dict[str, set[int]] = {}

    def floor(self, table: Table) -> float:
        """No-deal value on a table: the reservation for the package, the status quo for an item."""
        return self.reservation if table.is_package else float(table.floor[self.index])

    def make_offers(self) -> None:
        for table in self.model.open_tables():
            self._offer(table)

    def _offer(self, table: Table) -> None:
        me, other = self.index, 1 - self.index
        u_max, u_floor = table.best(me), self.floor(table)
        theirs = table.history[other]
        moved = 0.0
        if len(theirs) >= 2 and u_max > u_floor:
            moved = (table.U[theirs[-1], me] - table.U[theirs[-2], me]) / (u_max - u_floor)
        state = ConcessionState(
            t=self.model.clock(),
            previous_alpha=self.alpha.get(table.key, 0.0),
            opponent_concession=float(moved),
            trend=self.trend,
        )
        alpha = self.strategy.alpha(state)
        self.alpha[table.key] = alpha
        target = max(aspiration_at(alpha, u_max, u_floor), u_floor)
        self.aspiration[table.key] = target
        offer = trade_off_offer(table.U[:, me], table.U[:, other], target)
        if offer is None:  # nothing reaches the aspiration: insist on the best outcome
            offer = int(np.argmax(table.U[:, me]))
        table.history[me].append(offer)

    def respond(self) -> None:
        for table in self.model.open_tables():
            self.accepted[table.key] = {
                candidate
                for candidate, brokered in self.model.candidates(table)
                if self.accepts(table, candidate, brokered)
            }

    def accepts(self, table: Table, candidate: int, brokered: bool) -> bool:
        """Acceptance: worth the aspiration and no worse than no deal.

        On an item table a deal must be a strict gain over the status quo, and
        a brokered item deal that is one is taken at once: there is nothing to
        trade on a stand-alone item, so holding out on a mutual gain buys
        nothing (integrative bargaining; Walton & McKersie 1965).
        """
        worth = float(table.U[candidate, self.index])
        floor = self.floor(table)
        if table.is_package:
            return worth >= max(self.aspiration[table.key], floor)
        return worth > floor and (brokered or worth >= self.aspiration[table.key])


class Mediator(mesa.Agent):
    """A third party at the talks, acting through the levers the documents show."""

    model: Talks

    def __init__(
        self,
        model: Talks,
        name: str,
        levers: dict[str, str],
        strengths: dict[str, float],
        package_utility: np.ndarray,
    ) -> None:
        super().__init__(model)
        self.name = name
        self.levers = levers  # lever -> target ("russia", "ukraine" or "both")
        self.strengths = strengths
        self.package_utility = package_utility  # its utility of each package candidate
        self.used: list[str] = []

    def act(self) -> None:
        self.used = []
        for lever, target in sorted(self.levers.items()):
            getattr(self, f"_{lever}")(target)
            self.used.append(lever)

    def _targets(self, target: str) -> list[Party]:
        return [p for p in self.model.parties if target in (p.name, "both")]

    def _sanctions_pressure(self, target: str) -> None:
        for party in self._targets(target):
            party.reservation = max(0.0, party.reservation - self.strengths["sanctions_pressure"])

    def _walk_away_threat(self, target: str) -> None:
        for party in self._targets(target):
            party.reservation = max(0.0, party.reservation - self.strengths["walk_away_threat"])

    def _shuttle_calls(self, _target: str) -> None:
        self.model.clock_boost += self.strengths["shuttle_calls"]

    def _host(self, _target: str) -> None:
        """Hosting brings the delegations together; the documents show no other effect."""

    def _propose_text(self, _target: str) -> None:
        """A single negotiating text: the mediator's favourite package both sides could accept.

        With an empty zone it proposes the package that comes closest to
        acceptable for both (maximises the smaller of the two gains).
        """
        table = self.model.package
        d = self.model.reservations()
        text = argmax_lexicographic(
            np.flatnonzero(agreement_zone(table.U, d)), self.package_utility
        )
        if text is None:
            text = int(np.argmax((table.U - d).min(axis=1)))
        self.model.texts["package"].append(text)

    def _broker_deal(self, _target: str) -> None:
        """Put each open separable item's Nash point (over the status quo) on the table."""
        for table in self.model.open_tables(items_only=True):
            deal = nash_bargaining(table.U, table.floor)
            if deal is not None:
                self.model.texts[table.key].append(deal)
