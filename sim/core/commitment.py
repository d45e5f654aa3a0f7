"""The commitment problem: a settlement is worth only as much as the other side's word.

A party values a package by its terms discounted by the risk ``r`` that the
other side reneges, after which it is back at war and worse off by a loss
``lambda`` (it has demobilised, ceded ground, lost time)::

    v(x) = max(0, (1 - r(x)) u(x) + r(x) (min(u(x), w) - lambda))

where ``w`` is its value of fighting on (floored at 0, the worst outcome on
the utility scale). ``min(u, w)`` because the other
side reneges only to do better, so the betrayed party never ends above
the terms it signed. The risk falls with third-party security guarantees
in the package (Walter 1997) and rises with the shift in power the package
itself implies (Powell 2006), e.g. a demilitarised Ukraine::

    r(x) = clip(base (1 - guarantee_effect g(x)) + shift_effect s(x), 0, 1)

with ``g, s`` in ``[0, 1]``. A package is acceptable exactly when
``v(x) >= w``, i.e. when ``u(x) >= w + r lambda / (1 - r)``: the higher the
renege risk, the more a deal must offer over war.

References
----------
Powell, R. (2006). War as a commitment problem. *International
Organization* 60(1), 169-203.
Walter, B. F. (1997). The critical barrier to civil war settlement.
*International Organization* 51(3), 335-364.
"""

from __future__ import annotations

import numpy as np


def renege_risk(
    base: float,
    guarantee: np.ndarray | float,
    shift: np.ndarray | float,
    guarantee_effect: float,
    shift_effect: float,
) -> np.ndarray:
    """``clip(base (1 - guarantee_effect g) + shift_effect s, 0, 1)`` (see the module docstring)."""
    g = np.asarray(guarantee, dtype=float)
    s = np.asarray(shift, dtype=float)
    return np.clip(base * (1.0 - guarantee_effect * g) + shift_effect * s, 0.0, 1.0)


def renege_discounted(u: np.ndarray, war_value: float, risk: np.ndarray, loss: float) -> np.ndarray:
    """Value of each package once the other side may renege (the module docstring's ``v``)."""
    u = np.asarray(u, dtype=float)
    risk = np.asarray(risk, dtype=float)
    value = (1.0 - risk) * u + risk * (np.minimum(u, war_value) - loss)
    return np.maximum(value, 0.0)


def acceptance_threshold(war_value: float, risk: np.ndarray, loss: float) -> np.ndarray:
    """The least ``u`` at which a package with renege risk `risk` beats fighting on.

    ``w + r lambda / (1 - r)``; infinite where ``r = 1`` and ``lambda > 0``.
    """
    risk = np.asarray(risk, dtype=float)
    # Divided only where r < 1 (no warning to silence, which costs more than the division).
    at_certain_breach = np.full(risk.shape, np.inf if loss > 0 else 0.0)
    extra = np.divide(risk * loss, 1.0 - risk, out=at_certain_breach, where=risk < 1.0)
    return war_value + extra
