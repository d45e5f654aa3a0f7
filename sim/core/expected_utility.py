"""Bueno de Mesquita's expected-utility group decision model, as read by Scholz et al.

One issue dimension; actor ``i`` holds position ``x_i``, capability
``c_i >= 0`` and salience ``s_i`` in ``[0, 1]``. Source: J. B. Scholz,
G. J. Calbert & G. A. Smith (2011), "Unravelling Bueno De Mesquita's group
decision model", *Journal of Theoretical Politics* 23(4) 510-531 (and the
ICAART 2011 paper of the same title), which reconstruct Bueno de Mesquita
(1994), "Political forecasting: an expected utility method", in *European
Community Decision Making*, Yale UP. Distances are normalised by the spread
of the players' initial positions, ``d_ij = |x_i - x_j| / (max x - min x)``.

One round (the paper's Appendix, steps 2-11):

1. **Votes and the probability of success.** Actor ``k`` casts
   ``v^k_ij = w_k (|x_k - x_j| - |x_k - x_i|)`` for ``i`` against ``j``,
   ``w_k = c_k s_k`` (``votes="capability"``: ``w_k = c_k``). The chance
   that ``i`` prevails over ``j`` is the share of the positive votes,
   ``P_ij = sum_k max(v^k_ij, 0) / sum_k |v^k_ij|`` (``1/2`` if nobody
   cares).
2. **Basic utilities** of ``i`` facing ``j``, with risk exponent ``r`` (see 5):
   success ``U_s = 2 - 4 (1/2 - d_ij/2)^r_i``; failure
   ``U_f = 2 - 4 (1/2 + d_ij/2)^r_i``; the status quo ``U_sq = 2 - 4 (1/2)^r_i``;
   things getting better / worse without a challenge
   ``U_b = 2 - 4 (1/2 - (d_iμ + d_ij)/4)^r_i``,
   ``U_w = 2 - 4 (1/2 + (d_iμ + d_ij)/4)^r_i``, with ``μ`` the weighted median
   position (the median voter).
3. **Expected utility of i challenging j**
   ``EU_ij = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s
   - Q U_sq - (1 - Q)(T U_b + (1 - T) U_w)``
   (``j`` resists only to the extent the issue matters to it).
4. **Risk.** With every ``r = 1``: the security level of ``i`` is
   ``S_i = sum_{j != i} EU_ji`` (what the others expect from challenging
   it); ``R_i = (2 S_i - max S - min S) / (max S - min S)`` in ``[-1, 1]``
   and ``r_i = (1 - R_i/3) / (1 + R_i/3)`` in ``[1/2, 2]``; step 3 is then
   repeated with these exponents.
5. **Offers and their resolution.** ``i`` challenges ``j`` when
   ``EU_ij > 0``. Each pair is judged from the target's point of view
   (``perspective="target"``): ``j`` computes both ``EU_ij`` and ``EU_ji``
   with its own risk exponent ``r_j`` (``"own"``: each side's with its own).
   Then, for the target ``j``: *conflict* (``EU_ji > 0``): the side with the larger expected utility
   wins, the loser moves to the winner's position; *compromise*
   (``EU_ji <= 0``, ``|EU_ji| < EU_ij``): ``j`` moves the share
   ``|EU_ji / EU_ij|`` of the way to ``x_i``; *capitulation*
   (``EU_ji < 0``, ``|EU_ji| >= EU_ij``): ``j`` moves to ``x_i``.
   Each actor accepts the offer that moves it least
   (``offer_choice="nearest"``; ``"strongest"``: the largest ``EU_ij``),
   ties broken by the other key, then the lower index (or at random); all
   move at once.

Rounds repeat until no position moves more than ``tolerance`` (in units of
the initial spread) or ``max_rounds`` is reached. The forecast is the
weighted mean (and the weighted median) of the final positions, weights
``c s`` (:mod:`sim.core.compromise`).

Choices the paper leaves open are parameters (:class:`EUParameters`).
Defaults: ``Q = T = 1`` and votes weighted by ``c s``, as in the public
replications of the paper; the offer that moves the target least, which one
replication reports the paper to state, and the target's perspective, which
it reports the authors' code to use (the first version here took each side's
own ``r`` and the strongest offer; ``experiments/validate_deu.py`` prints
both); at most 10 rounds. ``P_ij`` is the per-pair share of votes of the paper's text (the
replication reports that the authors' code divides by all votes of all
pairs instead; not implemented). One choice is not a
parameter: an actor with ``c s = 0`` does not play (it casts no votes and
cannot back a challenge), so it changes nothing. The equation numbers of
the journal version could not be checked against its text here; the forms
above are those of the paper's appendix as replicated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from sim.core.compromise import weighted_mean, weighted_median


@dataclass(frozen=True)
class EUParameters:
    """The choices Scholz et al. (2011) leave open (defaults: see the module docstring)."""

    q: float = 1.0  # Q: chance that, unchallenged, the status quo holds
    t: float = 1.0  # T: chance that, if it moves, it moves in the actor's favour
    votes: Literal["capability_salience", "capability"] = "capability_salience"
    perspective: Literal["target", "own"] = "target"  # whose r judges a challenge
    offer_choice: Literal["nearest", "strongest"] = "nearest"
    tie_break: Literal["other_key", "random"] = "other_key"
    risk: bool = True  # False: every actor risk-neutral (r = 1)
    max_rounds: int = 10
    tolerance: float = 1e-6


@dataclass(frozen=True)
class EUForecast:
    """The positions round by round and the forecasts from the last round."""

    history: np.ndarray  # (rounds + 1, actors): initial positions first
    risk: np.ndarray  # (rounds, actors): risk exponents used in each round
    mean: float  # weighted mean of the final positions
    median: float  # weighted median of the final positions

    @property
    def rounds(self) -> int:
        return self.history.shape[0] - 1


def win_probability(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``P[i, j]``: the weighted share of votes for ``x_i`` against ``x_j`` (step 1).

    >>> win_probability(np.array([0.0, 0.5, 1.0]), np.ones(3))[0, 1].round(4)
    np.float64(0.3333)
    """
    dist = np.abs(x[:, None] - x[None, :])  # dist[k, i] = |x_k - x_i|
    votes = w[:, None, None] * (dist[:, None, :] - dist[:, :, None])  # [k, i, j]
    total = np.abs(votes).sum(axis=0)
    positive = np.clip(votes, 0.0, None).sum(axis=0)
    return np.divide(positive, total, out=np.full(total.shape, 0.5), where=total > 0)


def basic_utilities(
    d: np.ndarray, d_mu: np.ndarray, r: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``U_s, U_f, U_b, U_w, U_sq`` for every pair ``[i, j]`` (step 2).

    `d` is the normalised distance matrix, `d_mu` each actor's normalised
    distance to the median ``μ``, `r` the risk exponent of each pair,
    broadcastable to ``d`` (``r[:, None]``: the challenger's own).
    """
    ri = np.asarray(r)
    near = d_mu[:, None] + d
    return (
        2 - 4 * (0.5 - 0.5 * d) ** ri,
        2 - 4 * (0.5 + 0.5 * d) ** ri,
        2 - 4 * (0.5 - 0.25 * near) ** ri,
        2 - 4 * (0.5 + 0.25 * near) ** ri,
        np.broadcast_to(2 - 4 * 0.5**ri, d.shape),
    )


@dataclass(frozen=True)
class Pairs:
    """What a round's challenges share, whatever the risk exponents (steps 1-2)."""

    d: np.ndarray  # (n, n) normalised distances
    d_mu: np.ndarray  # (n,) normalised distance of each actor to the median
    p: np.ndarray  # (n, n) probability that i prevails over j

    @classmethod
    def of(cls, x: np.ndarray, w: np.ndarray, scale: float) -> Pairs:
        """The pairs of positions `x` with vote weights `w`; `scale` normalises distances."""
        # At most 1 (positions never leave the initial range); the clip absorbs
        # rounding, which would otherwise raise a negative base to a power r < 1.
        d = np.minimum(np.abs(x[:, None] - x[None, :]) / scale, 1.0)
        d_mu = np.minimum(np.abs(x - weighted_median(x, w)) / scale, 1.0)
        return cls(d, d_mu, win_probability(x, w))


def challenge_utility(
    pairs: Pairs, s: np.ndarray, r: np.ndarray, params: EUParameters
) -> np.ndarray:
    """``EU[i, j]``: the expected utility to ``i`` of challenging ``j`` (step 3).

    `s` are the saliences, `r` the risk exponent of each pair
    (broadcastable to ``(n, n)``). The diagonal is zero.
    """
    u_s, u_f, u_b, u_w, u_sq = basic_utilities(pairs.d, pairs.d_mu, r)
    p, sj = pairs.p, s[None, :]
    q, t = params.q, params.t
    eu = sj * (p * u_s + (1 - p) * u_f) + (1 - sj) * u_s
    eu = eu - q * u_sq - (1 - q) * (t * u_b + (1 - t) * u_w)
    np.fill_diagonal(eu, 0.0)
    return eu


def risk_exponents(eu_neutral: np.ndarray) -> np.ndarray:
    """``r_i = (1 - R_i/3) / (1 + R_i/3)`` from the security levels (step 4).

    ``S_i`` is the column sum of the risk-neutral ``EU`` (the others'
    expected utility of challenging ``i``); equal levels give ``r = 1``.

    >>> risk_exponents(np.array([[0.0, 1.0], [-1.0, 0.0]])).tolist()
    [2.0, 0.5]
    """
    security = eu_neutral.sum(axis=0) - np.diag(eu_neutral)
    spread = security.max() - security.min()
    if spread <= 0:
        return np.ones_like(security)
    big_r = (2 * security - security.max() - security.min()) / spread
    return (1 - big_r / 3) / (1 + big_r / 3)


def resolve_offers(
    x: np.ndarray,
    eu_i: np.ndarray,
    eu_j: np.ndarray,
    params: EUParameters,
    rng: np.random.Generator,
) -> np.ndarray:
    """The positions after every actor accepts at most one offer (step 5).

    Rows are challengers ``i``, columns targets ``j``: ``eu_i[i, j]`` is
    ``EU_ij`` and ``eu_j[i, j]`` is ``EU_ji``, both as the pair is judged.
    """
    offer = (eu_i > 0) & (x[:, None] != x[None, :])
    lost = offer & (eu_j > 0) & (eu_i > eu_j)
    compromise = offer & (eu_j <= 0) & (-eu_j < eu_i)
    capitulate = offer & (eu_j < 0) & (-eu_j >= eu_i)
    share = np.divide(-eu_j, eu_i, out=np.zeros_like(eu_i), where=compromise)
    target = x[None, :] + (x[:, None] - x[None, :]) * np.where(compromise, share, 1.0)
    valid = lost | compromise | capitulate
    closeness = -np.abs(target - x[None, :])
    primary, secondary = (
        (eu_i, closeness)
        if params.offer_choice == "strongest"
        else (
            closeness,
            eu_i,
        )
    )
    if params.tie_break == "random":
        secondary = rng.random(eu_i.shape)
    best = np.where(valid, primary, -np.inf).max(axis=0)
    ties = valid & np.isclose(primary, best[None, :], rtol=1e-12, atol=1e-15)
    chosen = np.argmax(np.where(ties, secondary, -np.inf), axis=0)
    accepted = target[chosen, np.arange(x.size)]
    return np.where(valid.any(axis=0), accepted, x)


def eu_round(
    x: np.ndarray,
    s: np.ndarray,
    w: np.ndarray,
    scale: float,
    params: EUParameters,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """One round over the playing actors: (new positions, risk exponents used)."""
    pairs = Pairs.of(x, w, scale)
    r = np.ones_like(x)
    if params.risk:
        r = risk_exponents(challenge_utility(pairs, s, r[:, None], params))
    own = challenge_utility(pairs, s, r[:, None], params)  # [i, j] with r_i
    if params.perspective == "target":  # the target j judges EU_ij with its own r_j
        eu_i = challenge_utility(pairs, s, r[None, :], params)
    else:
        eu_i = own
    return resolve_offers(x, eu_i, own.T, params, rng), r


def expected_utility_forecast(
    positions: np.ndarray,
    salience: np.ndarray,
    capability: np.ndarray,
    params: EUParameters | None = None,
    seed: int = 0,
) -> EUForecast:
    """Play the rounds of the expected-utility model on one issue; see the module docstring.

    Parameters
    ----------
    positions
        Each actor's position (any scale, e.g. 0-100).
    salience
        Each actor's salience in ``[0, 1]``.
    capability
        Each actor's capability, ``>= 0``.
    params
        The open choices (:class:`EUParameters`).
    seed
        Seeds the random tie-break (``tie_break="random"``); otherwise unused.

    Returns
    -------
    EUForecast
        The positions by round; the forecasts are NaN if no actor has
        ``c s > 0``.
    """
    params = params or EUParameters()
    x0, s, c = (np.asarray(a, dtype=float) for a in (positions, salience, capability))
    if not x0.shape == s.shape == c.shape or x0.ndim != 1 or x0.size == 0:
        raise ValueError("positions, salience and capability need the same 1-d shape")
    if (s < 0).any() or (s > 1).any() or (c < 0).any():
        raise ValueError("salience must lie in [0, 1] and capability be >= 0")
    weight = c * s
    vote = weight if params.votes == "capability_salience" else c
    plays = (weight > 0) & (vote > 0)
    scale = float(np.ptp(x0[plays])) if plays.any() else 0.0
    rng = np.random.default_rng(seed)
    history, risk = [x0], []
    x = x0.copy()
    for _ in range(params.max_rounds if scale > 0 else 0):
        moved, r = eu_round(x[plays], s[plays], vote[plays], scale, params, rng)
        risk.append(np.where(plays, 1.0, np.nan))
        risk[-1][plays] = r
        step = np.abs(moved - x[plays]).max()
        x = x.copy()
        x[plays] = moved
        history.append(x)
        if step <= params.tolerance * scale:
            break
    anyone = weight.sum() > 0
    return EUForecast(
        history=np.array(history),
        risk=np.array(risk).reshape(len(risk), x0.size),
        mean=float(weighted_mean(x, weight)) if anyone else np.nan,
        median=float(weighted_median(x, weight)) if anyone else np.nan,
    )
