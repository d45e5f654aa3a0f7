import datetime as dt
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.calibration.seeds import SCORED, Outcome, load_outcomes
from sim.fit.evidence import CODES, Evidence, era_evidence, record_distance
from sim.fit.priors import era_scenarios


def outcome(meeting: str, issue: str, documented: str, level: str = "") -> Outcome:
    return Outcome(dt.date(2022, 3, 1), meeting, issue, documented, "q", "f", "", level)


SMALL = Evidence(
    outcomes=(
        outcome("a", "ceasefire", "partial"),
        outcome("a", "prisoners", "agreed", level="exchange"),
        outcome("b", "ceasefire", "not_agreed"),
    ),
    meetings=("a", "b"),
    dates=("2022-03-01", "2022-03-05"),
)


def row(statuses: dict, levels: dict, suspensions: list) -> dict:
    return {
        "meeting_status": json.dumps(statuses),
        "meeting_levels": json.dumps(levels),
        "suspensions": json.dumps(suspensions),
    }


def test_the_2022_record_as_data():
    evidence = era_evidence(era_scenarios("2022"), "2022")
    scored = [o for o in load_outcomes() if o.meeting_date.year == 2022 and o.documented in SCORED]
    assert evidence.outcomes == tuple(scored) and len(scored) == 43
    assert evidence.meetings == (
        "gomel",
        "belovezhskaya-pushcha",
        "brest",
        "antalya",
        "march-2022-15-point-plan",
    )
    observed = evidence.observed()
    assert observed.size == evidence.size == 48 == len(evidence.labels())
    assert observed[:43].tolist() == [CODES[o.documented] for o in scored]
    assert observed[43:].tolist() == [1] * 5  # the real talks were held at every meeting
    assert sorted(observed[:43].tolist()).count(2) == 1  # the corridors of 3 March


def test_the_record_hash_follows_the_record():
    changed = Evidence(
        (outcome("a", "ceasefire", "agreed"), *SMALL.outcomes[1:]), SMALL.meetings, SMALL.dates
    )
    assert SMALL.digest() == Evidence(*vars(SMALL).values()).digest()
    assert changed.digest() != SMALL.digest()


def test_a_runs_record_by_hand():
    first = row(
        {"a": {"ceasefire": "agreed", "prisoners": "agreed"}},
        {"a": {"prisoners": "all_for_all"}},  # not the level the record names
        [["2022-03-01", "2022-03-02"]],  # suspended on the day of meeting a
    )
    second = row({"b": {"ceasefire": "partial"}}, {"b": {}}, [["2022-02-01", "2022-03-05"]])
    # ceasefire agreed at a: 2; prisoners agreed at another level: 0; partial at b: 1;
    # suspended at a (1 March lies in [1 March, 2 March)), talking at b (the spell ended).
    assert SMALL.of_runs([first, second]).tolist() == [2, 0, 1, 0, 1]
    named = row(
        {"a": {"ceasefire": "not_agreed", "prisoners": "agreed"}},
        {"a": {"prisoners": "exchange"}},
        [],
    )
    assert SMALL.of_runs([named, second]).tolist() == [0, 2, 1, 1, 1]


def test_distance_by_hand():
    # one status off by a half (partial against agreed), one talks status off: 1.5 of 5
    assert record_distance(np.array([2, 1, 0, 1, 0]), np.array([2, 2, 0, 1, 1]), 3) == 0.3
    assert record_distance(np.array([0, 0, 1]), np.array([2, 2, 0]), 2) == 1.0


records = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        *[st.lists(st.integers(0, 2), min_size=n, max_size=n) for _ in range(3)],
        st.integers(0, n),
    )
)


@given(records)
def test_distance_is_a_metric_on_records_scaled_to_one(case):
    *vectors, statuses = case
    # the entries past `statuses` are talks statuses: 0 or 1
    x, y, z = (np.array(v[:statuses] + [t % 2 for t in v[statuses:]]) for v in vectors)

    def d(a, b):
        return record_distance(a, b, statuses)

    assert 0.0 <= d(x, y) <= 1.0
    assert d(x, y) == d(y, x)
    assert (d(x, y) == 0.0) == bool(np.array_equal(x, y))
    assert d(x, z) <= d(x, y) + d(y, z) + 1e-12


def test_an_unknown_status_is_refused():
    with pytest.raises(KeyError):
        SMALL.of_runs([row({"a": {"ceasefire": "maybe", "prisoners": "agreed"}}, {}, [])])
