"""The talks' calendar: the dated rounds of a scenario, then meetings at a cadence.

Every round has a date. A scenario's ``[[rounds]]`` are the documented
meetings; past them the talks go on every ``cadence`` days (an era's
assumption, ``calendar.cadence_days.<year>``) for a number of rounds or to a
date. The calendar is fixed before the run: whether the sides are talking or
one of them has left, the model steps on the same dates (a suspended round
is a date on which the war went on and nobody sat down), so runs on the same
seed can be compared date by date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence


def talk_calendar(
    dated: Sequence[dt.date],
    cadence_days: int,
    rounds: int | None = None,
    until: dt.date | None = None,
) -> list[dt.date]:
    """The dates of the rounds: `dated` first, then one every `cadence_days`.

    With neither `rounds` nor `until`, the dated rounds alone. `rounds` caps
    the number of rounds; `until` the last date (the first round is always
    held).

    >>> d = dt.date(2022, 3, 14)
    >>> [x.day for x in talk_calendar([d, d + dt.timedelta(1)], 3, rounds=4)]
    [14, 15, 18, 21]
    >>> [x.day for x in talk_calendar([d], 7, until=dt.date(2022, 3, 31))]
    [14, 21, 28]
    """
    if not dated:
        raise ValueError("need at least one dated round")
    if cadence_days < 1:
        raise ValueError("need a cadence of at least one day")
    dates = [d for d in dated if until is None or d <= until] or [dated[0]]
    if rounds is None and until is None:
        return dates
    step = dt.timedelta(days=cadence_days)
    while (rounds is None or len(dates) < rounds) and (until is None or dates[-1] + step <= until):
        dates.append(dates[-1] + step)
    return dates if rounds is None else dates[:rounds]
