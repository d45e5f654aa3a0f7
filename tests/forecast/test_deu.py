import numpy as np
import pytest

from sim.forecast.deu import DEU_ACTORS, MISSING_SALIENCE, DEUError, read_deu
from sim.forecast.models import forecast_deu, forecast_issue
from tests.conftest import ROOT
from tests.forecast.conftest import SMALL, deu_text

SHIPPED = ROOT / "experiments" / "data" / "deu3-train.csv"


def test_reads_a_small_file(small_deu):
    data = read_deu(small_deu)
    np.testing.assert_array_equal(data.issue, [1, 2, 5])
    np.testing.assert_array_equal(data.has_positions(), [True, True, False])
    assert data.capability[12] == 2.0  # de
    np.testing.assert_array_equal(data.outcome[:2], [70.0, 40.0])
    assert np.isnan(data.outcome[2])
    x, s, c = data.issue_arrays(1)
    np.testing.assert_array_equal(x, [0.0, 50.0, 100.0])
    np.testing.assert_array_equal(s, [1.0, 1.0, MISSING_SALIENCE / 100])  # de's is blank
    np.testing.assert_array_equal(c, [1.0, 1.0, 2.0])


def test_forecasts_of_the_small_file_by_hand(small_deu):
    data = read_deu(small_deu)
    # issue 1: weights 0.5 (at 0) and 1 (at 100): mean 200/3, median 100
    # issue 2: weights 1, 1, 1 (2 x 0.5): mean 50, median 50
    compromise = forecast_deu(data, "compromise")
    np.testing.assert_array_equal(compromise["isnrnmc"], [1, 2])
    np.testing.assert_allclose(compromise["forecast"], [200 / 3, 50.0])
    np.testing.assert_allclose(forecast_deu(data, "median")["forecast"], [100.0, 50.0])
    assert forecast_deu(data, "eum")["forecast"].between(0, 100).all()


def test_unknown_model_is_an_error():
    with pytest.raises(ValueError, match="unknown model"):
        forecast_issue("nash", np.zeros(2), np.ones(2), np.ones(2))


@pytest.mark.parametrize(("model", "published"), [("compromise", 20.4), ("median", 24.2)])
def test_shipped_file_reproduces_the_published_baselines(model, published):
    data = read_deu(SHIPPED)
    assert data.issue.size == 188 and int(np.sum(~np.isnan(data.outcome))) == 180
    table = forecast_deu(data, model)
    outcome = table["isnrnmc"].map(dict(zip(data.issue, data.outcome, strict=True))).to_numpy()
    seen = ~np.isnan(outcome)
    mae = np.mean(np.abs(table["forecast"].to_numpy()[seen] - outcome[seen]))
    assert round(mae, 1) == published


ISSUE_NUMBER = "line 3, column isnrnmc"
BAD = {  # case: (edit of the small file's text, key the error must name)
    "missing column": (lambda t: t.replace(",pat,", ",pxx,", 1), "line 1, column pat"),
    "text in a cell": (lambda t: t.replace(",70\n", ",high\n", 1), "line 3, column out"),
    "above 100": (lambda t: t.replace(",0,100,", ",0,170,", 1), "line 3, column pep"),
    "short line": (lambda t: t.replace(",70\n", "\n", 1), "line 3"),
    "bad issue number": (lambda t: t.replace("1,1,0", "1,x,0", 1), "line 3, column isnrnmc"),
    "blank capability": (lambda t: t.replace("\n,,1,", "\n,,,", 1), "line 2, column pcom"),
    "duplicate issue": (lambda t: t.replace("1,2,0", "1,1,0", 1), "column isnrnmc"),
    # issue 24: every number within its scale, issue numbers in ASCII digits
    "infinite capability": (lambda t: t.replace("\n,,1,", "\n,,inf,", 1), "line 2, column pcom"),
    "huge capability": (lambda t: t.replace("\n,,1,", "\n,,1e308,", 1), "line 2, column pcom"),
    "negative capability": (lambda t: t.replace("\n,,1,", "\n,,-1,", 1), "line 2, column pcom"),
    "NaN position": (lambda t: t.replace(",0,100,", ",nan,100,", 1), "line 3, column pcom"),
    "infinite salience": (lambda t: t.replace(",50,100,", ",inf,100,", 1), "line 3, column scom"),
    "superscript issue number": (lambda t: t.replace("1,1,0", "1,²,0", 1), ISSUE_NUMBER),
    "Arabic-Indic issue number": (lambda t: t.replace("1,1,0", "1,١,0", 1), ISSUE_NUMBER),
    "issue number of 19 digits": (lambda t: t.replace("1,1,0", f"1,{'9' * 19},0", 1), ISSUE_NUMBER),
    "no capability above 0": (lambda t: t.replace(",1", ",0"), "(issues)"),
    "no salience above 0": (
        lambda t: deu_text([{**i, **{f"s{a}": "0" for a in DEU_ACTORS}} for i in SMALL]),
        "(issues)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_files_name_the_key(tmp_path, case):
    edit, key = BAD[case]
    text = deu_text(SMALL)
    assert edit(text) != text, "the edit must change the file"
    path = tmp_path / "bad.csv"
    path.write_text(edit(text))
    with pytest.raises(DEUError) as caught:
        read_deu(path)
    assert str(path) in str(caught.value) and key in str(caught.value)
    assert "expected" in str(caught.value)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(DEUError, match="an existing DEU III CSV file"):
        read_deu(tmp_path / "nope.csv")


def test_an_issue_whose_players_all_have_salience_0_is_not_forecast(tmp_path):
    """Its weights would all be 0 (the compromise model's 0/0); the others still are."""
    issues = [dict(SMALL[0]), dict(SMALL[1])]
    issues[0].update(scom="0", sep="0")
    path = tmp_path / "zero.csv"
    path.write_text(deu_text(issues))
    table = forecast_deu(read_deu(path), "compromise")
    np.testing.assert_array_equal(table["isnrnmc"], [2])
