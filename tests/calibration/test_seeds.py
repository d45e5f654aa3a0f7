"""Calibration integrity: the coded statements and the record against their documents."""

import pytest

from sim.calibration.seeds import (
    ACTORS,
    load_assumptions,
    load_document,
    load_issues,
    load_outcomes,
    load_statements,
)


def test_every_statement_quote_is_verbatim_in_its_document():
    for st in load_statements():
        assert st.quote in load_document(st.file), f"{st.id}: quote not in {st.file}"


def test_every_outcome_quote_is_verbatim_in_its_document():
    for outcome in load_outcomes():
        assert outcome.quote in load_document(outcome.file), outcome


def test_statement_table_is_broad_enough():
    statements = load_statements()
    assert len(statements) >= 60
    assert {st.actor for st in statements} == set(ACTORS)
    assert len({st.id for st in statements}) == len(statements)
    assert sum(st.actor == "russia" for st in statements) >= 20
    assert sum(st.actor == "ukraine" for st in statements) >= 20


def test_trailing_unrelated_text_is_never_quoted():
    junk_start = load_document("002_f57ce8134689f8c4.txt").index("How South Korea")
    text = load_document("002_f57ce8134689f8c4.txt")
    for st in load_statements():
        if st.file == "002_f57ce8134689f8c4.txt":
            assert text.index(st.quote) < junk_start


def test_every_issue_has_ordered_levels_and_a_status_quo():
    issues = load_issues()
    assert len(issues) == 15
    for issue in issues.values():
        assert len(issue.levels) >= 2 and len(issue.labels) == len(issue.levels)
        assert 0 <= issue.status_quo < len(issue.levels)
    implied = issues["humanitarian_corridors"].implies
    assert implied.quote in load_document(implied.file)


def _leaves(node, path=""):
    for key, value in node.items():
        if hasattr(value, "low"):
            yield f"{path}{key}", value
        elif isinstance(value, dict):
            yield from _leaves(value, f"{path}{key}.")


@pytest.mark.parametrize(("path", "assumption"), list(_leaves(load_assumptions())))
def test_every_assumption_has_a_range_around_its_value_and_a_reason(path, assumption):
    assert assumption.low <= assumption.value <= assumption.high, path
    assert len(assumption.why) > 30, path
