"""The Nash, procedural, exchange and stacked forecasts of DEU files, by hand and on the data.

The small files give every actor capability 1 (the four big member states
hold 29 Council votes each, so a 260/352 majority of them needs 3 of 4).
"""

import math

import numpy as np
import pytest

from sim.core.stacking import stacking_weights
from sim.forecast.deu import DEU_ACTORS, DEUError, read_deu
from sim.forecast.eu_models import (
    exchange_forecasts,
    load_council,
    nash_forecast,
    procedural_forecast,
)
from sim.forecast.models import COMPONENTS, MODELS, STACKED_WEIGHTS, forecast_deu
from tests.conftest import ROOT
from tests.forecast.conftest import HEADER

SHIPPED = ROOT / "experiments" / "data" / "deu3-train.csv"
FULL = [*HEADER[:-2], "proc", "counvte", "rp", "out"]

#: Issue 1 for Nash; issue 2 a Council of four big states at 20, 40, 60, 80; issues 3
#: and 4 one proposal of two issues for the exchange model (com/ep at 0/100).
BIG_FOUR = {"pde": "20", "pfr": "40", "pit": "60", "puk": "80"}
ISSUES = [
    {"prnrnmc": "1", "isnrnmc": "1", "pcom": "10", "pep": "30", "scom": "100", "sep": "100",
     "rp": "0", "out": "20"},
    {"prnrnmc": "2", "isnrnmc": "2", "pcom": "100", "pep": "100", **BIG_FOUR, "proc": "CNS",
     "counvte": "QMV", "rp": "0", "out": "70"},
    {"prnrnmc": "3", "isnrnmc": "3", "pcom": "0", "pep": "100", "scom": "90", "sep": "30",
     "out": "10"},
    {"prnrnmc": "3", "isnrnmc": "4", "pcom": "0", "pep": "100", "scom": "30", "sep": "60",
     "out": "90"},
]  # fmt: skip


def write(tmp_path, issues, capability=None, header=FULL):
    caps = {f"p{a}": "1" for a in DEU_ACTORS} | (capability or {})
    lines = [header, [caps.get(c, "") for c in header]]
    lines += [[issue.get(c, "") for c in header] for issue in issues]
    path = tmp_path / "deu.csv"
    path.write_text("\n".join(",".join(line) for line in lines) + "\n")
    return path


@pytest.fixture
def small(tmp_path):
    return read_deu(write(tmp_path, ISSUES, {"pep": "2"}))


def test_the_reader_takes_the_procedure_columns(small):
    np.testing.assert_array_equal(small.proposal, [1, 2, 3, 3])
    np.testing.assert_array_equal(small.reference[:2], [0.0, 0.0])
    assert np.isnan(small.reference[2:]).all()
    assert list(small.procedure) == ["", "CNS", "", ""]
    assert list(small.rule) == ["", "QMV", "", ""]


def test_files_without_the_columns_read_as_blank(tmp_path):
    old = [c for c in FULL if c not in ("prnrnmc", "proc", "counvte", "rp")]
    data = read_deu(write(tmp_path, ISSUES, header=old))
    assert np.isnan(data.reference).all() and set(data.procedure) == {""}
    assert len(set(data.proposal)) == 4  # each issue its own proposal


@pytest.mark.parametrize(
    ("edit", "key", "expected"),
    [
        ({"proc": "SYN"}, "line 4, column proc", "COD, CNS or a blank"),
        ({"counvte": "majority"}, "line 4, column counvte", "QMV, Unan or a blank"),
        ({"rp": "150"}, "line 4, column rp", "[0, 100]"),
        ({"prnrnmc": "p2"}, "line 4, column prnrnmc", "a proposal number of 1-18 digits"),
    ],
)
def test_bad_procedure_cells_name_the_key(tmp_path, edit, key, expected):
    issues = [ISSUES[0], {**ISSUES[1], **edit}]
    with pytest.raises(DEUError) as caught:
        read_deu(write(tmp_path, issues))
    assert key in str(caught.value) and expected in str(caught.value)


def test_the_council_holds_the_treaty_votes():
    council = load_council()
    assert council.votes.size == 28 and council.votes.sum() == 352
    assert council.qualified_majority == pytest.approx(260 / 352)


def test_nash_by_hand_and_without_a_reference_point(small):
    # Weights 1 (com) and 2 (ep) at 10 and 30, q = 0: 3/y = 1/(20 - y) + 2/(60 - y),
    # 3 y^2 - 170 y + 1800 = 0 (the compromise model: 70/3).
    assert nash_forecast(small, 0) == (pytest.approx((170 - math.sqrt(7300)) / 6), False)
    value, fell_back = nash_forecast(small, 2)  # no rp: the compromise model
    assert fell_back and value == pytest.approx((0 * 0.9 + 100 * 0.3 * 2) / (0.9 + 0.6))


@pytest.mark.parametrize(
    ("edit", "expected", "fell_back"),
    [
        ({}, 80.0, False),  # consultation: the win-set [0, 80] within the unanimity set
        ({"counvte": "Unan"}, 40.0, False),  # the member at 20 limits a move to 40
        ({"proc": "COD"}, 50.0, False),  # the EP (100) and the up pivot (40) bargain
        ({"proc": "COD", "pep": ""}, 80.0, False),  # no EP position: as consultation
        ({"pcom": ""}, None, True),  # nobody proposes: the compromise model
        ({"rp": ""}, None, True),
        ({"proc": ""}, None, True),
        ({key: "" for key in BIG_FOUR}, None, True),  # no member state with a position
    ],
)
def test_procedural_by_hand(tmp_path, edit, expected, fell_back):
    data = read_deu(write(tmp_path, [{**ISSUES[1], **edit}]))
    value, fell = procedural_forecast(data, 0)
    assert fell == fell_back
    if expected is not None:
        assert value == pytest.approx(expected)
    else:
        x, s, c = data.issue_arrays(0)
        assert value == pytest.approx(np.sum(x * s * c) / np.sum(s * c))


def test_exchange_trades_across_the_issues_of_one_proposal(small):
    # tests/core/test_exchange.py's hand-worked case: outcomes 25 and 100.
    np.testing.assert_allclose(exchange_forecasts(small, np.array([2, 3])), [25.0, 100.0])
    table = forecast_deu(small, "exchange").set_index("isnrnmc")
    assert table.loc[3, "forecast"] == pytest.approx(25.0)
    assert table.loc[1, "forecast"] == pytest.approx(70 / 3)  # alone: the compromise model


@pytest.mark.parametrize("model", MODELS)
def test_every_model_forecasts_every_issue(small, model):
    table = forecast_deu(small, model)
    assert list(table.columns) == ["isnrnmc", "forecast", "fallback"]
    assert table["forecast"].between(0, 100).all() and len(table) == 4


def test_stacked_is_the_weighted_components(small):
    parts = np.column_stack([forecast_deu(small, m)["forecast"] for m in COMPONENTS])
    weights = np.array([STACKED_WEIGHTS[m] for m in COMPONENTS])
    assert weights.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(forecast_deu(small, "stacked")["forecast"], parts @ weights)


def test_the_shipped_weights_are_the_fit_on_the_training_half():
    data = read_deu(SHIPPED)
    parts = {m: forecast_deu(data, m) for m in COMPONENTS}
    outcome = parts["compromise"]["isnrnmc"].map(dict(zip(data.issue, data.outcome, strict=True)))
    seen = outcome.notna().to_numpy()
    matrix = np.column_stack([parts[m]["forecast"].to_numpy()[seen] for m in COMPONENTS])
    fitted = stacking_weights(matrix, outcome.to_numpy()[seen])
    np.testing.assert_allclose(fitted, [STACKED_WEIGHTS[m] for m in COMPONENTS], atol=5e-4)
    assert parts["nash"]["fallback"].sum() == 52  # no rp (50 of them with an outcome)
    assert not parts["exchange"]["fallback"].any()


def test_an_unknown_model_is_an_error(small):
    with pytest.raises(ValueError, match="unknown model 'oracle'"):
        forecast_deu(small, "oracle")
