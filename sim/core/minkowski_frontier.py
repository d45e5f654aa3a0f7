"""The exact two-party Pareto frontier of an additive agenda, without enumerating it.

With additive utilities ``u_P(x) = sum_j t_P,j(l_j)`` (``t_P,j = w_j v_j``, see
:mod:`sim.core.utility`) the set of utility pairs of all packages is the
Minkowski sum of the per-issue point sets ``{(t_A,j(l), t_B,j(l))}``, and its
frontier can be built issue by issue, pruning dominated partial packages after
each merge::

    F_0 = {(0, 0)},   F_j = front(F_{j-1} (+) P_j)

This is exact: if partial package ``p`` dominates ``q``, then ``p`` completed
by any choice on the remaining issues weakly dominates ``q`` completed by the
same choice, so ``q`` can never complete to a frontier point that ``p`` does
not also reach (the Nemhauser-Ullmann (1969) list of Pareto-optimal partial
solutions, extended to several choices per stage as in the dynamic programming
for multiple-criteria knapsacks of Klamroth & Wiecek 2000).
It also holds in floating point: partial sums are accumulated in agenda order,
exactly as :class:`~sim.core.utility.AdditiveUtility` does, and rounded
addition is monotone, so every frontier point is bit-identical to the one full
enumeration finds. Each kept point carries a back-pointer (which earlier point,
which level), so one package that realises it is recovered at the end.

Red lines. A package that crosses one of a party's red lines is worth
``RED_LINE_UTILITY`` (0) to that party, so the space splits into four classes:

* crossing no red line: both utilities additive over the levels allowed by
  both; its frontier is the Minkowski frontier above;
* crossing A's but not B's: ``u_A = 0``, so its only candidate is the package
  with the highest ``u_B`` among those with every level allowed by B and at
  least one level ruled out by A (found exactly: for each issue that can carry
  the crossing, the best crossing level there and the best allowed level
  elsewhere);
* crossing B's but not A's: the mirror image;
* crossing both: ``(0, 0)``.

The frontier of the whole space is the frontier of the union of the four.

What is exact here and what is not: the frontier, and with it the Nash and
Kalai-Smorodinsky points (both lie on the frontier: a dominating point has a
larger product of positive gains and a larger sum of gains) and whether the
agreement zone is open (a zone point is weakly dominated by a frontier point,
which is in the zone too). The *number* of packages in the zone is a counting
problem the frontier does not answer; it needs enumeration
(:func:`sim.core.streaming.analyse_streamed`).

References
----------
Klamroth, K. & Wiecek, M. M. (2000). Dynamic programming approaches to the
multiple criteria knapsack problem. *Naval Research Logistics* 47(1), 57-76.
Nemhauser, G. L. & Ullmann, Z. (1969). Discrete dynamic programming and
capital allocation. *Management Science* 15(9), 494-505.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.core.utility import RED_LINE_UTILITY, AdditiveUtility


@dataclass(frozen=True)
class Frontier:
    """The distinct utility pairs of a two-party frontier and one package for each.

    Attributes
    ----------
    U
        Utility pairs, shape ``(m, 2)``, sorted by the first party's utility
        ascending (so the second's descending); no two rows equal.
    levels
        One package (level index per issue) realising each row of `U`,
        shape ``(m, n_issues)``.
    """

    U: np.ndarray
    levels: np.ndarray


def red_lines(utility: AdditiveUtility) -> list[np.ndarray]:
    """Per-issue ruled-out flags (all False when the party has none)."""
    if utility.red_lines is None:
        return [np.zeros(v.size, dtype=bool) for v in utility.values]
    return list(utility.red_lines)


def unique_front(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Indices of the distinct non-dominated pairs ``(a_i, b_i)``, by ``a`` ascending.

    Sort by ``a`` descending, then ``b`` descending (Kung, Luccio & Preparata
    1975): a pair survives iff its ``b`` beats every ``b`` before it, which
    drops dominated pairs and all but the first copy of equal ones.
    """
    order = np.lexsort((-b, -a))
    b_sorted = b[order]
    best_before = np.empty_like(b_sorted)
    best_before[0] = -np.inf
    np.maximum.accumulate(b_sorted[:-1], out=best_before[1:])
    return order[b_sorted > best_before][::-1]


def _merged_front(
    terms_a: list[np.ndarray], terms_b: list[np.ndarray], allowed: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray] | None:
    """Minkowski frontier over the allowed levels: pairs ``(m, 2)`` and packages ``(m, k)``."""
    if not all(mask.any() for mask in allowed):
        return None
    sum_a, sum_b = np.zeros(1), np.zeros(1)
    steps: list[tuple[np.ndarray, np.ndarray]] = []
    for ta, tb, mask in zip(terms_a, terms_b, allowed, strict=True):
        level_ids = np.flatnonzero(mask)
        cand_a = (sum_a[:, None] + ta[level_ids][None, :]).ravel()
        cand_b = (sum_b[:, None] + tb[level_ids][None, :]).ravel()
        keep = unique_front(cand_a, cand_b)
        parent, choice = np.divmod(keep, level_ids.size)
        steps.append((parent, level_ids[choice]))
        sum_a, sum_b = cand_a[keep], cand_b[keep]
    return np.column_stack([sum_a, sum_b]), _backtrack(steps)


def _backtrack(steps: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Packages of the final points from the per-merge (parent, level) pointers."""
    row = np.arange(steps[-1][0].size)
    levels = np.empty((row.size, len(steps)), dtype=np.int64)
    for j in range(len(steps) - 1, -1, -1):
        parent, level = steps[j]
        levels[:, j] = level[row]
        row = parent[row]
    return levels


def _sequential_sum(parts: list[float]) -> float:
    """Left-to-right float sum from 0, the order :class:`AdditiveUtility` uses."""
    total = 0.0
    for part in parts:
        total += part
    return total


def _best_crossing(
    term: list[np.ndarray], allowed: list[np.ndarray], crossing: list[np.ndarray]
) -> tuple[float, np.ndarray] | None:
    """Highest additive utility over packages in `allowed` with a level in `crossing`.

    For each issue that can carry the crossing level: its best crossing level
    and the best allowed level everywhere else; the best of these. Exact in
    floating point because rounded addition is monotone in each addend.
    """
    if not all(mask.any() for mask in allowed):
        return None
    best_level = [
        int(np.flatnonzero(m)[np.argmax(t[m])]) for t, m in zip(term, allowed, strict=True)
    ]
    best: tuple[float, np.ndarray] | None = None
    for j, mask in enumerate(crossing):
        if not mask.any():
            continue
        levels = np.array(best_level, dtype=np.int64)
        levels[j] = np.flatnonzero(mask)[np.argmax(term[j][mask])]
        value = _sequential_sum([float(t[lv]) for t, lv in zip(term, levels, strict=True)])
        if best is None or value > best[0]:
            best = (value, levels)
    return best


def _crossing_both(red_a: list[np.ndarray], red_b: list[np.ndarray]) -> np.ndarray | None:
    """A package crossing a red line of each party, if there is one."""
    levels = np.zeros(len(red_a), dtype=np.int64)
    both = [np.flatnonzero(ra & rb) for ra, rb in zip(red_a, red_b, strict=True)]
    for j, shared in enumerate(both):
        if shared.size:
            levels[j] = shared[0]
            return levels
    issues_a = [j for j, ra in enumerate(red_a) if ra.any()]
    issues_b = [j for j, rb in enumerate(red_b) if rb.any()]
    for ja in issues_a:
        for jb in issues_b:
            if ja != jb:
                levels[ja] = np.flatnonzero(red_a[ja])[0]
                levels[jb] = np.flatnonzero(red_b[jb])[0]
                return levels
    return None


def minkowski_frontier(party_a: AdditiveUtility, party_b: AdditiveUtility) -> Frontier:
    """The exact frontier of two additive utilities over their whole outcome space.

    See the module docstring for the method and for how red lines are handled.
    The points equal, as a set of utility pairs, those of
    ``pareto_front(utility_matrix([party_a, party_b], all_levels))``.
    """
    if party_a.radices != party_b.radices:
        raise ValueError("the two parties must value the same issues and levels")
    t_a, t_b = party_a.addends(), party_b.addends()
    red_a, red_b = red_lines(party_a), red_lines(party_b)
    points: list[np.ndarray] = []
    packages: list[np.ndarray] = []
    clean = _merged_front(t_a, t_b, [~ra & ~rb for ra, rb in zip(red_a, red_b, strict=True)])
    if clean is not None:
        points.append(clean[0])
        packages.append(clean[1])
    allowed_b = [~rb for rb in red_b]
    only_a = _best_crossing(
        t_b, allowed_b, [ra & ok for ra, ok in zip(red_a, allowed_b, strict=True)]
    )
    if only_a is not None:
        points.append(np.array([[RED_LINE_UTILITY, only_a[0]]]))
        packages.append(only_a[1][None, :])
    allowed_a = [~ra for ra in red_a]
    only_b = _best_crossing(
        t_a, allowed_a, [rb & ok for rb, ok in zip(red_b, allowed_a, strict=True)]
    )
    if only_b is not None:
        points.append(np.array([[only_b[0], RED_LINE_UTILITY]]))
        packages.append(only_b[1][None, :])
    both = _crossing_both(red_a, red_b)
    if both is not None:
        points.append(np.full((1, 2), RED_LINE_UTILITY))
        packages.append(both[None, :])
    U = np.clip(np.vstack(points), 0.0, 1.0)
    keep = unique_front(U[:, 0], U[:, 1])
    return Frontier(U=U[keep], levels=np.vstack(packages)[keep])


def zone_is_open(front: Frontier, reservation: np.ndarray) -> bool:
    """Whether any package gives both parties at least their reservation values.

    Exact from the frontier alone: a package in the zone is weakly dominated by
    a frontier point, which is then in the zone too.
    """
    return bool((front.U >= np.asarray(reservation, dtype=float)).all(axis=1).any())
