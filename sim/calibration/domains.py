"""Domains: the values a number can take and keep its meaning.

A number's **domain** is where it means something: a probability lies in
[0, 1], the days between rounds a whole number from 1 up. It is not its
sampling **range** (``range`` in ``seeds/assumptions.toml``), the plausible
values the back-test and the sweeps draw from: a value inside the domain but
outside the range is allowed (the run's provenance says so, see
:func:`sim.calibration.scenario.outside_documented_ranges`); a value outside the
domain is refused with one line naming the key, the value and the domain.

Each assumption names its domain (``domain = "probability"``); the domains
are this one table, :data:`DOMAINS`. The scenario's own keys that override an
assumption (``[parties.X] belief``, ``[battlefield] theta``, ...) take their
bounds from the same table through the annotated types below, and a test
checks that each names the domain of the assumption it overrides.

Where a bound is a choice rather than a definition (the top of a confidence or
of an engagement rate, a curvature's span, how near certainty a belief may
start), it lies far beyond every documented range and inside what the model's
arithmetic handles; ``tests/test_fuzz_domains.py`` runs the model at every edge.
"""

from __future__ import annotations

import math
import numbers
import reprlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, cast, get_args

from pydantic import BaseModel, BeforeValidator, Field


class DomainError(ValueError):
    """A value outside its domain; `expected` says what was expected and what came."""

    def __init__(self, key: str, expected: str) -> None:
        self.key, self.expected = key, expected
        super().__init__(f"{key}: expected {expected}" if key else f"expected {expected}")


@dataclass(frozen=True)
class Domain:
    """A closed interval of numbers, of whole numbers only if `whole`."""

    name: str
    meaning: str
    low: float
    high: float
    whole: bool = False

    def contains(self, value: Any) -> bool:
        """Whether `value` is a number (not a bool) inside the domain.

        Python compares ints with floats exactly, so a 400-digit integer is
        simply above the domain (never converted, never an OverflowError),
        and NaN is inside nothing.
        """
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return False
        number = cast(float, value)
        return self.low <= number <= self.high and (not self.whole or float(number).is_integer())

    @property
    def interval(self) -> str:
        return f"[{self.low:.12g}, {self.high:.12g}]"

    def describe(self) -> str:
        """What is expected, e.g. ``a probability in [0, 1] (domain probability)``."""
        return f"{self.meaning} in {self.interval} (domain {self.name})"

    def expected(self, value: Any) -> str:
        """The error text for `value`: the domain and the value given (a 400-digit
        integer or a long string shortened, as :mod:`reprlib` does)."""
        return f"{self.describe()}, got {reprlib.repr(value)}"

    def whole_numbers(self, low: float, high: float) -> list[int]:
        """The whole numbers from `low` to `high`, ends included: the values a whole
        domain's range takes, each drawn alike by the back-test and by a sweep."""
        return list(range(math.ceil(low), math.floor(high) + 1))

    def check(self, value: Any, key: str = "") -> Any:
        """`value` if it lies in the domain, else :class:`DomainError` naming `key`."""
        if not self.contains(value):
            raise DomainError(key, self.expected(value))
        return value


def _domains(*domains: Domain) -> dict[str, Domain]:
    return {d.name: d for d in domains}


#: Every domain an assumption or a scenario number may name.
DOMAINS = _domains(
    Domain("probability", "a probability", 0.0, 1.0),
    # A Beta belief's mean, or the true balance's start: at 0 or 1 a belief is certain
    # and no evidence moves it; 1e-9 from either end, 1 - p is still exact enough.
    Domain("inner_probability", "a probability short of certainty", 1e-9, 1.0 - 1e-9),
    Domain("share", "a share", 0.0, 1.0),
    Domain("utility", "a utility (or a difference of utilities)", 0.0, 1.0),
    Domain("cost", "a cost on the utility scale", 0.0, 1.0),
    Domain("signed_cost", "a change of cost on the utility scale", -1.0, 1.0),
    # Pseudo-engagements; below 0.01 a belief's parameters lose their precision.
    Domain("concentration", "a confidence in pseudo-engagements", 0.01, 10_000.0),
    Domain("rate", "engagements per 30 days", 0.001, 3000.0),
    Domain("days", "a whole number of days", 1.0, 365.0, whole=True),
    Domain("duration", "a number of days", 1.0, 3650.0),
    Domain("evidence", "engagements' worth of evidence", 0.0, 50.0),
    Domain("intensity", "an intensity (1 = a mention, 3 = a precondition)", 0.0, 10.0),
    Domain("curvature", "a value function's curvature", -10.0, 10.0),
    Domain("exponent", "a concession exponent (< 1 Boulware, > 1 Conceder)", 0.01, 50.0),
    Domain("drift", "a random step on the log-odds scale", 0.0, 2.0),
    Domain("sensitivity", "a sensitivity to the battlefield trend", 0.0, 10.0),
    Domain("capability", "a capability on the 0-100 clout scale", 0.0, 100.0),
)


def _typed(name: str) -> Any:
    """A pydantic check of a scenario number against domain `name`, before any coercion
    (so NaN, a bool or a 400-digit integer gets the domain's message too); its bounds
    for the JSON Schema; the domain itself as metadata (:func:`field_domain`)."""
    found = DOMAINS[name]
    check = BeforeValidator(lambda value: found.check(value))
    # The bounds come first: a validator before them would leave them out of the JSON
    # Schema's minimum and maximum (pydantic writes them as unknown keys then).
    return Field(ge=found.low, le=found.high), check, found


def field_domain(model: type[BaseModel], field: str) -> Domain | None:
    """The domain of a field typed by one of the aliases below (None for any other)."""
    info = model.model_fields[field]
    return next(_domains_in((info.annotation, *info.metadata)), None)


def _domains_in(annotations: tuple[Any, ...]) -> Iterator[Domain]:
    for item in annotations:
        if isinstance(item, Domain):
            yield item
        else:
            yield from _domains_in(get_args(item))


# The scenario's numbers, each typed by its domain (see the module docstring).
InnerProbability = Annotated[float, *_typed("inner_probability")]
Share = Annotated[float, *_typed("share")]
Utility = Annotated[float, *_typed("utility")]
Cost = Annotated[float, *_typed("cost")]
SignedCost = Annotated[float, *_typed("signed_cost")]
Concentration = Annotated[float, *_typed("concentration")]
Rate = Annotated[float, *_typed("rate")]
Days = Annotated[int, *_typed("days")]
Evidence = Annotated[float, *_typed("evidence")]
Intensity = Annotated[float, *_typed("intensity")]
Curvature = Annotated[float, *_typed("curvature")]
Exponent = Annotated[float, *_typed("exponent")]
Drift = Annotated[float, *_typed("drift")]
