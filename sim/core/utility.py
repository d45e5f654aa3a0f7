"""Multi-issue utility: linear-additive, with shaped value functions and red lines.

A party's utility of outcome ``x = (l_1, ..., l_k)`` is the additive
multi-attribute form (Keeney & Raiffa 1976, ch. 3; Raiffa 1982)::

    u(x) = sum_j w_j * v_j(l_j),   w_j >= 0, sum_j w_j = 1, v_j in [0, 1]

and red lines make it non-compensatory: if any ``l_j`` is a level the party
has ruled out, the whole outcome is worth ``RED_LINE_UTILITY`` (0, the worst
possible), so no gain on another issue can buy it back and it lies below every
positive reservation value.

Non-linear value functions come from the exponential single-attribute form
(Keeney & Raiffa 1976, sec. 4.8), see :func:`exponential_value`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Utility of an outcome that crosses one of the party's red lines.
RED_LINE_UTILITY = 0.0
#: Tolerance on the weights summing to one.
WEIGHT_SUM_TOLERANCE = 1e-9


def exponential_value(x: np.ndarray | float, curvature: float) -> np.ndarray:
    """Shape a score in [0, 1] with the exponential value function.

    ``v(x) = (1 - exp(-a x)) / (1 - exp(-a))`` for ``a != 0`` and ``v(x) = x``
    for ``a = 0`` (its limit). ``a > 0`` is concave (diminishing returns,
    risk-averse), ``a < 0`` convex. ``v(0) = 0``, ``v(1) = 1``, monotone.

    References
    ----------
    Keeney, R. L. & Raiffa, H. (1976). *Decisions with Multiple Objectives*,
    sec. 4.8 (constant risk aversion).
    """
    x = np.asarray(x, dtype=float)
    if curvature == 0.0:
        return x.copy()
    return np.expm1(-curvature * x) / np.expm1(-curvature)


@dataclass(frozen=True)
class AdditiveUtility:
    """A party's utility over outcomes.

    Parameters
    ----------
    weights
        Issue weights, non-negative, summing to 1.
    values
        For each issue, the value in [0, 1] of each of its levels.
    red_lines
        For each issue, a boolean per level: True where the level is ruled out.
        ``None`` means no red lines.
    """

    weights: np.ndarray
    values: tuple[np.ndarray, ...]
    red_lines: tuple[np.ndarray, ...] | None = None

    def __post_init__(self) -> None:
        weights = np.asarray(self.weights, dtype=float)
        values = tuple(np.asarray(v, dtype=float) for v in self.values)
        if weights.ndim != 1 or len(values) != weights.size:
            raise ValueError("need one weight and one value array per issue")
        if (weights < 0).any() or abs(weights.sum() - 1.0) > WEIGHT_SUM_TOLERANCE:
            raise ValueError(f"weights must be >= 0 and sum to 1, got {weights}")
        if any(v.ndim != 1 or v.size == 0 or (v < 0).any() or (v > 1).any() for v in values):
            raise ValueError("level values must be 1-d arrays in [0, 1]")
        red = self.red_lines
        if red is not None:
            red = tuple(np.asarray(m, dtype=bool) for m in red)
            if [m.shape for m in red] != [v.shape for v in values]:
                raise ValueError("red_lines must have one flag per level of each issue")
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "red_lines", red)

    @property
    def radices(self) -> tuple[int, ...]:
        return tuple(v.size for v in self.values)

    def addends(self) -> list[np.ndarray]:
        """Per-issue addends ``w_j * v_j``, the terms :meth:`__call__` sums in agenda order."""
        return [w * v for w, v in zip(self.weights, self.values, strict=True)]

    def crosses_red_line(self, levels: np.ndarray) -> np.ndarray:
        """Boolean mask of the outcomes (rows of `levels`) that cross a red line."""
        levels = np.asarray(levels)
        crossed = np.zeros(levels.shape[0], dtype=bool)
        if self.red_lines is not None:
            for j, ruled_out in enumerate(self.red_lines):
                if ruled_out.any():
                    crossed |= ruled_out[levels[:, j]]
        return crossed

    def __call__(self, levels: np.ndarray) -> np.ndarray:
        """Utilities of the outcomes given as rows of level indices, shape ``(n,)``."""
        levels = np.asarray(levels)
        u = np.zeros(levels.shape[0])
        for j, (w, addend) in enumerate(zip(self.weights, self.addends(), strict=True)):
            if w:
                u += addend[levels[:, j]]
        u[self.crosses_red_line(levels)] = RED_LINE_UTILITY
        return np.clip(u, 0.0, 1.0, out=u)

    def best(self) -> float:
        """Highest utility any outcome can give: the best allowed level of every issue."""
        total = 0.0
        for j, (w, v) in enumerate(zip(self.weights, self.values, strict=True)):
            allowed = v if self.red_lines is None else v[~self.red_lines[j]]
            if allowed.size == 0:
                return RED_LINE_UTILITY
            total += w * allowed.max()
        return min(total, 1.0)


def utility_matrix(utilities: Sequence[AdditiveUtility], levels: np.ndarray) -> np.ndarray:
    """Stack the utilities of several parties: shape ``(n_outcomes, n_parties)``."""
    return np.column_stack([u(levels) for u in utilities])
