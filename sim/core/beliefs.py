"""Beliefs about the war, learned from the battlefield, and the value of fighting on.

A party does not know the military balance ``theta``: the share of the
contested stakes that fighting on would win the first party (equivalently,
the probability that it wins an engagement). Each party holds a Beta belief
``Beta(a, b)`` over ``theta``; engagements are public, so both update on the
same evidence by the conjugate Beta-binomial rule (Bayes). Beliefs that
start apart converge as evidence accumulates, at a speed set by their
confidence ``a + b`` (Slantchev 2003; Smith & Stam 2004).

The value of fighting on is the expected outcome of the war under the
party's *own* belief, minus what fighting costs it (Fearon 1995): victory
imposes its own terms (utility 1), defeat the other side's (``u_defeat``).
When the two parties' subjective chances of winning sum to more than one
(mutual optimism), their no-deal values can exceed everything a settlement
can give both, and the agreement zone is empty although war is costly.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International
Organization* 49(3), 379-414.
Filson, D. & Werner, S. (2002). A bargaining model of war and peace.
*American Journal of Political Science* 46(4), 819-837.
Slantchev, B. L. (2003). The principle of convergence in wartime
negotiations. *American Political Science Review* 97(4), 621-632.
Smith, A. & Stam, A. C. (2004). Bargaining and the nature of war. *Journal
of Conflict Resolution* 48(6), 783-813.
DeGroot, M. H. (1974). Reaching a consensus. *Journal of the American
Statistical Association* 69(345), 118-121.
"""

from __future__ import annotations

import numpy as np


def beta_from_mean(mean: float, confidence: float) -> tuple[float, float]:
    """The Beta parameters ``(a, b)`` with mean `mean` and ``a + b = confidence``.

    `confidence` counts pseudo-engagements: a belief held with confidence 10
    moves halfway to the evidence after 10 observed engagements.
    """
    if not 0.0 < mean < 1.0 or confidence <= 0.0:
        raise ValueError("need 0 < mean < 1 and confidence > 0")
    return mean * confidence, (1.0 - mean) * confidence


def beta_update(
    a: np.ndarray | float, b: np.ndarray | float, wins: np.ndarray | float, trials: float
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior of ``Beta(a, b)`` after `wins` of `trials` Bernoulli engagements.

    Conjugacy (Bayes 1763; e.g. Gelman et al. 2013, sec. 2.4)::

        Beta(a, b) x Binomial(wins | trials, theta)  ->  Beta(a + wins, b + trials - wins)

    `wins` may be fractional (a signal worth that many engagements).
    """
    wins = np.asarray(wins, dtype=float)
    if np.any(wins < 0) or np.any(wins > trials):
        raise ValueError("need 0 <= wins <= trials")
    return np.asarray(a, float) + wins, np.asarray(b, float) + (trials - wins)


def win_probabilities(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each party's subjective probability of winning, from its belief over ``theta``.

    Party 0 wins with probability ``theta``, party 1 with ``1 - theta``; row
    ``i`` of ``(a, b)`` is party ``i``'s belief, so the answer is
    ``[a0 / (a0 + b0), b1 / (a1 + b1)]``.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    mean = a / (a + b)
    return np.array([mean[0], 1.0 - mean[1]])


def mutual_optimism(win_probability: np.ndarray) -> float:
    """How far the parties' chances of winning sum beyond certainty: ``p_0 + p_1 - 1``.

    Positive means the two cannot both be right (Blainey 1973; Fearon 1995).
    """
    return float(np.sum(win_probability) - 1.0)


def war_value(
    win_probability: np.ndarray | float,
    u_defeat: np.ndarray | float,
    cost: np.ndarray | float,
) -> np.ndarray:
    """Expected value of fighting on: ``max(0, p * 1 + (1 - p) * u_defeat - cost)`` (Fearon 1995).

    Victory is worth the party's best outcome (1 on the utility scale),
    defeat the value to it of the other side's terms. The floor at 0, the
    worst outcome on the utility scale, keeps the value of fighting on a
    utility once costs pile up (a round's pain adds to the cost every round):
    a party to which fighting on is worth less than every package would take
    any package, and at 0 it does, as it would below 0. The floor binds only
    when the cost exceeds the lottery, far outside the documented ranges.
    """
    p = np.asarray(win_probability, dtype=float)
    lottery = p + (1.0 - p) * np.asarray(u_defeat, float)
    return np.maximum(lottery - np.asarray(cost, float), 0.0)


def share_beliefs(a: np.ndarray, b: np.ndarray, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Each party's belief moved `fraction` of the way toward the other's mean.

    Mediators carrying each side's assessment to the other (shuttle
    diplomacy) as one step of DeGroot (1974) averaging: the means move,
    the confidence ``a + b`` of each stays.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError("need 0 <= fraction <= 1")
    a, b = np.asarray(a, float), np.asarray(b, float)
    n = a + b
    mean = a / n
    shared = (1 - fraction) * mean + fraction * mean[::-1]
    return shared * n, (1 - shared) * n
