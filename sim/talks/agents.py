"""The actors at the talks: two parties that fight and bargain, and mediators that pull levers.

A **Party** holds a calibrated utility over packages, a belief about the war
(a Beta distribution over the military balance, updated on every
engagement), a cost of fighting on, and its view of the commitment problem:
the risk that the other side reneges on a package. What fighting on is worth
to it is the war's expected outcome under its own belief, minus the cost
(:mod:`sim.core.beliefs`); what a package is worth is its terms discounted
by the renege risk (:mod:`sim.core.commitment`). Each round it makes an offer
on every open table: by default it follows Zeuthen's principle, conceding
only when it is the side less willing to risk a breakdown
(:mod:`sim.core.zeuthen`); the Faratin, Sierra & Jennings strategies of
:mod:`sim.talks.strategies` remain selectable. It accepts a candidate that
beats fighting on and, under Zeuthen, is at least as good as its own offer.
Shown the single negotiating text, it names the articles it must change
before it could accept it (its objections).

A **Mediator** holds the levers the documents show it using (statements of
kind ``lever``): sanctions pressure and the threat to walk away raise the
cost of fighting on (once: a package of sanctions, a threat made); shuttle
calls carry each side's assessment of the war to the other, every round;
brokering puts deals on separable items on the table; hosting brings the
delegations together.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.calibration.setup import Commitment
from sim.core.bargaining import nash_bargaining
from sim.core.beliefs import beta_from_mean, beta_update, share_beliefs
from sim.core.commitment import renege_discounted
from sim.core.concession import aspiration_at
from sim.core.offers import trade_off_offer
from sim.core.selection import argmax_lexicographic
from sim.core.utility import AdditiveUtility
from sim.core.zeuthen import concede, nash_products
from sim.talks.strategies import ConcessionState, Strategy
from sim.talks.tables import Table
from sim.talks.view import Talks


class Party(mesa.Agent):
    """Russia or Ukraine: a party that fights and bargains."""

    model: Talks

    def __init__(
        self,
        model: Talks,
        name: str,
        index: int,
        utility: AdditiveUtility,
        belief: float,
        confidence: float,
        war_cost: float,
        pain: float,
        commitment: Commitment,
        strategy: Strategy | None,
    ) -> None:
        super().__init__(model)
        self.name = name
        self.index = index
        self.utility = utility
        # Both parties hold beliefs over theta, the first party's share of engagements.
        mean_theta = belief if index == 0 else 1.0 - belief
        self.a, self.b = beta_from_mean(mean_theta, confidence)
        self.war_cost = war_cost
        self.pain = pain
        self.commitment = commitment
        self.strategy = strategy  # None: Zeuthen's principle
        self.u_defeat = 0.0  # set by the model: the other side's terms, to this party
        self.war_value = 0.0
        self.trend = 0.0
        self.alpha: dict[str, float] = {}
        self.aspiration: dict[str, float] = {}
        self.accepted: dict[str, set[int]] = {}
        self.objections: list[int] = []

    # --- the war -----------------------------------------------------------------

    @property
    def win_probability(self) -> float:
        """Its subjective probability of winning the war."""
        mean = self.a / (self.a + self.b)
        return mean if self.index == 0 else 1.0 - mean

    @property
    def confidence(self) -> float:
        return self.a + self.b

    def observe(self, first_party_wins: float, engagements: float) -> None:
        """Bayes on engagements the first party won (public news from the front)."""
        a, b = beta_update(self.a, self.b, first_party_wins, engagements)
        self.a, self.b = float(a), float(b)

    # --- what packages are worth -------------------------------------------------

    def renege_risk(self, levels: np.ndarray) -> np.ndarray:
        """The risk, as this party sees it, that the other side reneges on each package."""
        return self.commitment.risk(levels, self.utility.radices)

    def package_values(self, levels: np.ndarray) -> np.ndarray:
        """Renege-discounted values of packages given as rows of levels."""
        return renege_discounted(
            self.utility(levels), self.war_value, self.renege_risk(levels), self.commitment.loss
        )

    def values(self, table: Table) -> np.ndarray:
        """What each candidate of `table` is worth to this party."""
        if not table.is_package:
            return table.U[:, self.index]
        risk = table.risk[:, self.index]  # type: ignore[index]
        return renege_discounted(table.U[:, self.index], self.war_value, risk, self.commitment.loss)

    def floor(self, table: Table) -> float:
        """No-deal value on a table: fighting on for the package, the status quo for an item."""
        return self.war_value if table.is_package else float(table.floor[self.index])  # type: ignore[index]

    # --- offers ------------------------------------------------------------------

    def make_offers(self) -> None:
        for table in self.model.open_tables():
            offer = self._zeuthen(table) if self.strategy is None else self._faratin(table)
            table.history[self.index].append(offer)

    def _previous_offers(self, table: Table) -> tuple[int | None, int | None]:
        """Both parties' offers of the last round (None before the first)."""
        me, other = self.index, 1 - self.index
        done = len(table.history[me])
        if done == 0:
            return None, None
        return table.history[me][done - 1], table.history[other][done - 1]

    def _zeuthen(self, table: Table) -> int:
        """Hold, or make the smallest concession Zeuthen's principle asks of this party."""
        me, other = self.index, 1 - self.index
        values = self.model.values(table)
        floors = self.model.floors(table)
        own, theirs = self._previous_offers(table)
        best = argmax_lexicographic(np.arange(len(values)), values[:, me], values[:, other])
        if own is None or theirs is None or values[own, me] < floors[me]:
            return int(best)  # type: ignore[arg-type]
        products = nash_products(values, floors)
        if products.max() >= 0 and products[own] <= products[theirs]:
            return concede(values, floors, me, theirs)
        return own

    def _faratin(self, table: Table) -> int:
        me, other = self.index, 1 - self.index
        values = self.model.values(table)
        u_max, u_floor = float(values[:, me].max()), self.floor(table)
        theirs = table.history[other]
        moved = 0.0
        if len(theirs) >= 2 and u_max > u_floor:
            moved = (values[theirs[-1], me] - values[theirs[-2], me]) / (u_max - u_floor)
        state = ConcessionState(
            t=self.model.clock(),
            previous_alpha=self.alpha.get(table.key, 0.0),
            opponent_concession=float(moved),
            trend=self.trend,
        )
        alpha = self.strategy.alpha(state)  # type: ignore[union-attr]
        self.alpha[table.key] = alpha
        target = max(float(aspiration_at(alpha, u_max, u_floor)), u_floor)
        self.aspiration[table.key] = target
        offer = trade_off_offer(values[:, me], values[:, other], target)
        return int(np.argmax(values[:, me])) if offer is None else offer

    # --- responses ---------------------------------------------------------------

    def respond(self) -> None:
        for table in self.model.open_tables():
            self.accepted[table.key] = {
                candidate
                for candidate, tabled in self.model.candidates(table)
                if self.accepts(table, candidate, tabled)
            }

    def accepts(self, table: Table, candidate: int, tabled: bool) -> bool:
        """Whether this party would sign `candidate` on `table` now.

        Package, under Zeuthen: the negotiating text if it beats fighting on
        (the text is the Nash package of the zone, where Zeuthen's concessions
        would end anyway; Harsanyi 1956), the other side's offer if it also
        beats its own; under a Faratin strategy, anything worth its
        aspiration and more than fighting on. Item: a strict gain over the
        status quo; a brokered item deal, or any under Zeuthen, is taken at
        once, since there is nothing to trade on a stand-alone item and
        holding out on a mutual gain buys nothing (integrative bargaining;
        Walton & McKersie 1965).
        """
        values = self.values(table)
        worth, floor = float(values[candidate]), self.floor(table)
        if table.is_package:
            if self.strategy is None:
                own = table.history[self.index][-1]
                return worth >= floor and (tabled or worth >= float(values[own]))
            return worth >= max(self.aspiration[table.key], floor)
        if self.strategy is None or tabled:
            return worth > floor
        return worth > floor and worth >= self.aspiration[table.key]

    def object_to(self, text: np.ndarray) -> list[int]:
        """The articles of `text` (agenda positions) this party must change to accept it.

        Greedy, smallest set first: while the text is worth less than fighting
        on, change the one article whose move to another level raises its
        value most (the coupling through renege risk included). If no set of
        changes makes the text acceptable, it objects to every article it
        would change at all.
        """
        current = np.array(text, dtype=np.int64)
        radices = self.utility.radices
        changed: list[int] = []
        value = float(self.package_values(current[None, :])[0])
        while value < self.war_value:
            trials, where = [], []
            for j, n in enumerate(radices):
                if j in changed:
                    continue
                for level in range(n):
                    if level != current[j]:
                        trial = current.copy()
                        trial[j] = level
                        trials.append(trial)
                        where.append((j, level))
            if not trials:
                break
            gains = self.package_values(np.array(trials))
            best = int(np.argmax(gains))
            if gains[best] <= value:
                break
            j, level = where[best]
            current[j] = level
            changed.append(j)
            value = float(gains[best])
        return sorted(changed)


class Mediator(mesa.Agent):
    """A third party at the talks, acting through the levers the documents show."""

    model: Talks

    def __init__(
        self,
        model: Talks,
        name: str,
        levers: dict[str, str],
        strengths: dict[str, float],
    ) -> None:
        super().__init__(model)
        self.name = name
        self.levers = levers  # lever -> target ("russia", "ukraine" or "both")
        self.strengths = strengths
        self.used: list[str] = []
        self.pressed: set[str] = set()  # cost levers already applied

    def act(self) -> None:
        self.used = []
        for lever, target in sorted(self.levers.items()):
            action = getattr(self, f"_{lever}", None)
            if action is not None:
                action(target)
                self.used.append(lever)

    def _targets(self, target: str) -> list:
        return [p for p in self.model.parties if target in (p.name, "both")]

    def _raise_cost(self, target: str, lever: str) -> None:
        """Raise the targets' cost of fighting on, once: the cost is a level, not a clock."""
        if lever in self.pressed:
            return
        self.pressed.add(lever)
        for party in self._targets(target):
            party.war_cost += self.strengths[lever]

    def _sanctions_pressure(self, target: str) -> None:
        """Sanctions make fighting on cost the target more."""
        self._raise_cost(target, "sanctions_pressure")

    def _walk_away_threat(self, _target: str) -> None:
        """The threat to walk away raises both sides' costs: lost support, threatened sanctions."""
        self._raise_cost("both", "walk_away_threat")

    def _shuttle_calls(self, _target: str) -> None:
        """Calls carry each side's assessment of the war to the other (DeGroot averaging)."""
        first, second = self.model.parties
        a, b = share_beliefs(
            np.array([first.a, second.a]),
            np.array([first.b, second.b]),
            self.strengths["shuttle_calls"],
        )
        for party, a_i, b_i in zip((first, second), a, b, strict=True):
            party.a, party.b = float(a_i), float(b_i)

    def _host(self, _target: str) -> None:
        """Hosting brings the delegations together; the documents show no other effect."""

    def _broker_deal(self, _target: str) -> None:
        """Put each open separable item's Nash point (over the status quo) on the table."""
        for table in self.model.open_tables(items_only=True):
            deal = None if table.floor is None else nash_bargaining(table.U, table.floor)
            if deal is not None:
                self.model.texts[table.key].append(deal)
