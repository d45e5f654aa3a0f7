import datetime as dt
import itertools

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sim.backtest.horizon import MEASURES, curves, weekly
from sim.backtest.validation import load_validation
from sim.charts.horizon_chart import horizon_chart

RUNS = pd.DataFrame(
    {
        "agreement_date": ["2022-05-01", "", ""],
        "ceasefire_date": ["2022-05-01", "", ""],
        "suspended_date": ["2022-04-20", "2022-04-25", ""],
        "suspensions": ['[["2022-04-20", "2022-04-28"]]', '[["2022-04-25", ""]]', "[]"],
    }
)


def test_curves_by_hand():
    table = curves(RUNS, [dt.date(2022, 4, 22), dt.date(2022, 4, 30), dt.date(2022, 5, 1)])
    p = table.set_index(["date", "measure"])["p"]
    assert p[("2022-04-22", "talks suspended (ever)")] == 1 / 3
    assert p[("2022-04-22", "talks suspended that day")] == 1 / 3
    assert p[("2022-04-30", "talks suspended (ever)")] == 2 / 3
    assert p[("2022-04-30", "talks suspended that day")] == 1 / 3  # the first run resumed
    assert p[("2022-04-30", "package agreed")] == 0.0
    assert p[("2022-05-01", "package agreed")] == p[("2022-05-01", "general ceasefire")] == 1 / 3


@given(st.dates(dt.date(2022, 1, 1), dt.date(2026, 1, 1)), st.integers(0, 900))
def test_weekly_runs_from_the_first_to_the_last_date(first, days):
    last = first + dt.timedelta(days)
    dates = weekly(first, last)
    assert dates[0] == first and dates[-1] == last
    assert all(0 < (b - a).days <= 7 for a, b in itertools.pairwise(dates))


@given(st.lists(st.sampled_from(["2022-04-01", "2022-06-01", ""]), min_size=1, max_size=6))
def test_by_date_curves_never_fall(stamps):
    runs = pd.DataFrame(
        {
            "agreement_date": stamps,
            "ceasefire_date": stamps,
            "suspended_date": stamps,
            "suspensions": ["[]"] * len(stamps),
        }
    )
    table = curves(runs, weekly(dt.date(2022, 3, 1), dt.date(2022, 8, 1)))
    for measure in ("package agreed", "general ceasefire", "talks suspended (ever)"):
        p = table[table["measure"] == measure]["p"].to_numpy()
        assert (p[1:] >= p[:-1]).all()


def test_horizon_chart_draws_both_eras_and_the_record(tmp_path):
    rows = []
    for era, first in (("2022", dt.date(2022, 3, 14)), ("2025", dt.date(2025, 5, 16))):
        for variant in ("seeds", "seeds and assumptions"):
            for k, date in enumerate(weekly(first, dt.date(int(era) + 1, 12, 31))):
                for measure in MEASURES:
                    rows.append(
                        {
                            "era": era,
                            "scenario": f"s{era}",
                            "variant": variant,
                            "date": date.isoformat(),
                            "measure": measure,
                            "p": min(1.0, k / 50),
                        }
                    )
    paths = horizon_chart(pd.DataFrame(rows), load_validation(), tmp_path / "h")
    assert [p.suffix for p in paths] == [".png", ".svg"]
    svg = paths[1].read_text()
    assert "s2022 run to the end of 2023" in svg and "s2025 run to the end of 2026" in svg
    assert "Bucha" in svg  # the record's events are marked
