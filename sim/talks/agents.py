"""The actors at the talks: two parties that fight and bargain, and mediators that pull levers.

A **Party** holds a calibrated utility over packages, a belief about the war
(a Beta distribution over the military balance, learned day by day from the
war's engagements, :mod:`sim.core.war`), a cost of fighting on, and its view
of the commitment problem: the risk that the other side reneges on a
package. What fighting on is worth to it is the war's expected outcome under
its own belief, minus the cost (:mod:`sim.core.beliefs`); what a package is
worth is its terms discounted by the renege risk (:mod:`sim.core.commitment`).
Each round it is at the table it makes an offer on every open table: by
default it follows Zeuthen's principle, conceding only when it is the side
less willing to risk a breakdown (:mod:`sim.core.zeuthen`); the Faratin,
Sierra & Jennings strategies of :mod:`sim.talks.strategies` remain
selectable. It accepts a candidate that beats fighting on and, under
Zeuthen, is at least as good as its own offer; it never signs a package
or a separable item with a level it rejects (such a package is worth nothing
to it). Shown the single negotiating text, it says which
articles it accepts as they stand (:mod:`sim.core.convergence`); the others
are its objections.

A **Mediator** holds the levers the documents show it using (statements of
kind ``lever``) from the day it joins. Sanctions pressure and the threat to
walk away raise the cost of fighting on (once: a package of sanctions, a
threat made) and shuttle calls carry each side's assessment of the war to
the other (day by day); both act along the war's calendar
(:mod:`sim.core.war`), talks or no talks. Brokering puts deals on separable
items on the table, also while the political talks are suspended (the 2022
grain deal and prisoner exchanges went through third parties); hosting
brings the delegations together; a guarantee lever is an undertaking to
guarantee the settlement (Walter 2002), which makes guarantees in a text
count in full.
"""

from __future__ import annotations

import datetime as dt

import mesa
import numpy as np

from sim.calibration.positions import Position
from sim.calibration.setup import Commitment
from sim.core.commitment import acceptance_threshold, renege_discounted
from sim.core.concession import aspiration_at
from sim.core.convergence import accepted_articles
from sim.core.offers import trade_off_offer
from sim.core.selection import argmax_lexicographic
from sim.core.utility import AdditiveUtility
from sim.core.zeuthen import concede
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
        position: Position,
        pain: float,
        commitment: Commitment,
        strategy: Strategy | None,
    ) -> None:
        super().__init__(model)
        self.name = name
        self.index = index
        self.pain = pain
        self.commitment = commitment
        self.strategy = strategy  # None: Zeuthen's principle
        self.adopt(position)
        # Set by the model from the war's path each round: the Beta belief over
        # theta (the first party's share of engagements) and the cost of fighting on.
        self.a, self.b, self.war_cost = 1.0, 1.0, 0.0
        self.u_defeat = 0.0  # set by the model: the other side's terms, to this party
        self.war_value = 0.0
        self.trend = 0.0
        self.alpha: dict[str, float] = {}
        self.aspiration: dict[str, float] = {}
        self.accepted: dict[str, set[int]] = {}

    def adopt(self, position: Position) -> None:
        """Take `position` as its aims: its utility, and what it accepts article by article."""
        self.position = position
        self.utility: AdditiveUtility = position.utility()
        self.rejects = tuple(stance.rejects() for stance in position.stances)
        self.floors = np.array([stance.accept_floor for stance in position.stances])

    # --- the war -----------------------------------------------------------------

    @property
    def win_probability(self) -> float:
        """Its subjective probability of winning the war."""
        mean = self.a / (self.a + self.b)
        return mean if self.index == 0 else 1.0 - mean

    @property
    def confidence(self) -> float:
        return self.a + self.b

    # --- what packages are worth -------------------------------------------------

    def renege_risk(self, levels: np.ndarray, backed: bool = False) -> np.ndarray:
        """The risk, as this party sees it, that the other side reneges on each package
        (`backed`: a mediator has undertaken to guarantee)."""
        return self.commitment.risk(levels, self.utility.radices, backed)

    def package_values(self, levels: np.ndarray, backed: bool = False) -> np.ndarray:
        """Renege-discounted values of packages given as rows of levels."""
        return renege_discounted(
            self.utility(levels),
            self.war_value,
            self.renege_risk(levels, backed),
            self.commitment.loss,
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
        if own is None or theirs is None or values[own, me] < floors[me]:
            best = argmax_lexicographic(np.arange(len(values)), values[:, me], values[:, other])
            return int(best)  # type: ignore[arg-type]
        products = self.model.products(table)
        if products.max() >= 0 and products[own] <= products[theirs]:
            return concede(values, floors, me, theirs, products)
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
        values = self.model.values(table)[:, self.index]
        worth, floor = float(values[candidate]), self.floor(table)
        if table.is_package:
            if self.strategy is None:
                own = table.history[self.index][-1]
                return worth >= floor and (tabled or worth >= float(values[own]))
            return worth >= max(self.aspiration[table.key], floor)
        if not table.acceptable[candidate, self.index]:  # type: ignore[index]
            return False  # a level it rejects: never signed on its own
        if self.strategy is None or tabled:
            return worth > floor
        return worth > floor and worth >= self.aspiration[table.key]

    def accepts_articles(self, text: np.ndarray, risk: float) -> np.ndarray:
        """Which articles of `text` (a row of levels) it accepts as they stand.

        Each at least as good, on its issue alone, as the least it said it
        could accept there, or as what the whole text must be worth to it
        given the text's renege risk `risk` (:mod:`sim.core.convergence`);
        never a level it rejects.
        """
        values = np.array([v[level] for v, level in zip(self.utility.values, text, strict=True)])
        rejected = np.array([r[level] for r, level in zip(self.rejects, text, strict=True)])
        threshold = float(
            acceptance_threshold(self.war_value, np.array(risk), self.commitment.loss)
        )
        return accepted_articles(values, rejected, self.floors, threshold)


class Mediator(mesa.Agent):
    """A third party at the talks, acting through the levers the documents show.

    Its pressure and its calls act on the war day by day from the day it
    joins (the model draws them into the war's path, :mod:`sim.core.war`);
    here it brokers item deals and keeps the round's account of what it did.
    """

    model: Talks

    def __init__(
        self, model: Talks, name: str, levers: dict[str, str], joins: dt.date | None
    ) -> None:
        super().__init__(model)
        self.name = name
        self.levers = levers  # lever -> target ("russia", "ukraine" or "both")
        self.joins = joins  # None: from the first round
        self.used: list[str] = []
        self.pressed: set[str] = set()  # cost levers already applied

    def active(self) -> bool:
        """Whether it has joined the talks by the round's date."""
        return self.joins is None or self.joins <= self.model.date

    def act(self) -> None:
        """Pull this round's levers: each pressure once, brokering on every open item."""
        self.used = []
        if not self.active():
            return
        for lever in sorted(self.levers):
            if lever in COST_LEVERS:
                if lever in self.pressed:
                    continue
                self.pressed.add(lever)
            elif lever == "broker_deal":
                self._broker_deal()
            self.used.append(lever)

    def _broker_deal(self) -> None:
        """Table each open separable item's Nash point (over the status quo), among the
        levels neither side rejects."""
        for table in self.model.open_tables(items_only=True):
            deal = table.brokered()
            if deal is not None:
                self.model.texts[table.key].append(deal)


#: Levers that raise the cost of fighting on once, when the mediator first acts.
COST_LEVERS = ("sanctions_pressure", "walk_away_threat")
