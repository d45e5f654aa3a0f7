"""The war between rounds of talks, day by day: a drifting balance, engagements, learning, costs.

The war does not wait for the talks. On each day ``d`` of a fixed calendar:

1. The true balance drifts: ``logit(theta_d) = logit(theta_{d-1}) + e_d`` with
   ``e_d ~ Normal(0, drift)`` (nobody models the drift; Smith & Stam 2004).
2. ``n_d ~ Poisson(rate)`` engagements are fought and the first party wins
   ``w_d ~ Binomial(n_d, theta_d)`` of them.
3. Each party reads some of its own losses as wins (motivated reasoning,
   drawn apart for each side): the first party sees ``w_d + m_d`` wins with
   ``m_d ~ Binomial(n_d - w_d, q)``, the second ``w_d - m'_d`` with
   ``m'_d ~ Binomial(w_d, q)``.
4. Each updates its Beta belief over ``theta`` on what it saw (Bayes, the
   conjugate rule of :func:`sim.core.beliefs.beta_update`); scheduled *shocks*
   add public evidence (a signal worth ``s`` engagements won by their target)
   and shift costs.
5. Mediators' calls carry each side's assessment to the other: a DeGroot
   (1974) step that moves each mean a share ``pooling_d`` of the way toward
   the other's (:func:`sim.core.beliefs.share_beliefs`).
6. The cost of fighting on grows by each party's daily pain (Zartman's
   hurting stalemate) and jumps with shocks and mediators' pressure.

Because the whole path is drawn from the calendar, not from the rounds, what
the parties believe and what the war costs them on a date is the same however
often they meet, and whether they are talking or not: comparing two runs on
the same seed compares their decisions on the same war.

References
----------
DeGroot, M. H. (1974). Reaching a consensus. *JASA* 69(345), 118-121.
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization* 49(3).
Smith, A. & Stam, A. C. (2004). Bargaining and the nature of war. *Journal of
Conflict Resolution* 48(6), 783-813.
Zartman, I. W. (1989). *Ripe for Resolution*. Oxford University Press.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Shocks:
    """Scheduled changes to the war, by day: each row one shock.

    ``day`` (k,) the day it happens; ``signal`` (k, 2) public evidence, in
    engagements, that the war favours party 0 / party 1; ``cost`` (k, 2)
    change in each party's cost of fighting on.
    """

    day: np.ndarray
    signal: np.ndarray
    cost: np.ndarray

    @classmethod
    def none(cls) -> Shocks:
        return cls(np.zeros(0, np.int64), np.zeros((0, 2)), np.zeros((0, 2)))


@dataclass(frozen=True)
class WarPath:
    """The war day by day (index ``d`` = the end of day ``d``).

    ``theta`` (days,) the true balance; ``engagements``, ``wins`` (days,) the
    engagements fought and those the first party won; ``a``, ``b`` (days, 2)
    each party's Beta belief over ``theta``; ``cost`` (days, 2) each party's
    cost of fighting on.
    """

    theta: np.ndarray
    engagements: np.ndarray
    wins: np.ndarray
    a: np.ndarray
    b: np.ndarray
    cost: np.ndarray

    def win_probability(self, day: int) -> np.ndarray:
        """Each party's chance of winning at the end of `day`: ``[E theta, 1 - E theta]``."""
        mean = self.a[day] / (self.a[day] + self.b[day])
        return np.array([mean[0], 1.0 - mean[1]])


def war_path(
    days: int,
    theta: float,
    drift: float,
    rate: float,
    misreading: float,
    a0: np.ndarray,
    b0: np.ndarray,
    cost0: np.ndarray,
    pain: np.ndarray,
    pooling: np.ndarray,
    shocks: Shocks,
    rng: np.random.Generator,
) -> WarPath:
    """Draw the war for `days` days (see the module docstring).

    Parameters
    ----------
    days
        Length of the calendar.
    theta, drift
        The true balance on day 0 and the daily standard deviation of its
        log-odds step.
    rate
        Expected engagements per day.
    misreading
        Chance ``q`` that a party reads one of its own losses as a win.
    a0, b0, cost0, pain
        (2,) each party's Beta belief and cost of fighting on before day 0,
        and the daily growth of that cost.
    pooling
        (days,) the DeGroot share applied at the end of each day (0 without calls).
    shocks
        Scheduled signals and cost changes.
    rng
        The war's own random generator (draws do not depend on any decision).
    """
    if days < 1:
        raise ValueError("need at least one day")
    steps = rng.normal(0.0, drift, days) if drift > 0 else np.zeros(days)
    steps[0] = 0.0
    log_odds = np.log(theta / (1.0 - theta)) + np.cumsum(steps)
    thetas = 1.0 / (1.0 + np.exp(-log_odds))
    engagements = rng.poisson(rate, days)
    wins = rng.binomial(engagements, thetas)
    misread = np.column_stack(
        [rng.binomial(engagements - wins, misreading), rng.binomial(wins, misreading)]
    )
    seen = np.column_stack([wins + misread[:, 0], wins - misread[:, 1]]).astype(float)
    signal = np.zeros((days, 2))
    shock_cost = np.zeros((days, 2))
    inside = (shocks.day >= 0) & (shocks.day < days)
    np.add.at(signal, shocks.day[inside], shocks.signal[inside])
    np.add.at(shock_cost, shocks.day[inside], shocks.cost[inside])
    # Evidence for the first party: its wins as each side saw them plus the
    # signals for it; trials: the engagements plus every signal.
    first_wins = seen + signal[:, :1]
    trials = engagements[:, None] + signal.sum(axis=1, keepdims=True)
    a, b = _learn(a0, b0, first_wins, trials, pooling)
    cost = np.maximum(
        0.0, cost0 + pain * np.arange(1, days + 1)[:, None] + np.cumsum(shock_cost, axis=0)
    )
    return WarPath(thetas, engagements, wins, a, b, cost)


def _learn(
    a0: np.ndarray,
    b0: np.ndarray,
    wins: np.ndarray,
    trials: np.ndarray,
    pooling: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Beta beliefs at the end of each day: Bayes on the day's evidence, then pooling.

    Without pooling the posterior is the prior plus cumulative counts
    (conjugacy), computed at once; a DeGroot step makes each day depend on
    the last, so days with calls are stepped one by one.
    """
    if not np.any(pooling):
        a = np.asarray(a0, float) + np.cumsum(wins, axis=0)
        b = np.asarray(b0, float) + np.cumsum(trials - wins, axis=0)
        return a, b
    days = len(wins)
    a, b = np.empty((days, 2)), np.empty((days, 2))
    ai, bi = [float(x) for x in a0], [float(x) for x in b0]
    for d in range(days):
        t = float(trials[d, 0])
        for i in (0, 1):
            ai[i] += float(wins[d, i])
            bi[i] += t - float(wins[d, i])
        f = float(pooling[d])
        if f:
            n0, n1 = ai[0] + bi[0], ai[1] + bi[1]
            m0, m1 = ai[0] / n0, ai[1] / n1
            m0, m1 = (1 - f) * m0 + f * m1, (1 - f) * m1 + f * m0
            ai, bi = [m0 * n0, m1 * n1], [(1 - m0) * n0, (1 - m1) * n1]
        a[d], b[d] = ai, bi
    return a, b


def daily_share(share: float, period_days: float) -> float:
    """The daily share that compounds to `share` over `period_days`: ``1 - (1 - s)^(1/T)``.

    >>> round(daily_share(0.5, 2), 6)
    0.292893
    """
    if not 0.0 <= share <= 1.0 or period_days <= 0:
        raise ValueError("need 0 <= share <= 1 and a positive period")
    return 1.0 - (1.0 - share) ** (1.0 / period_days)
