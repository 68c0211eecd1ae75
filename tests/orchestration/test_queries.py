"""Every query in docs/queries.md runs against the test warehouse, read-only, and answers."""

from __future__ import annotations

import pytest

from orchestration.query import docs_queries, run_query
# A question whose answer may be legitimately empty on the test warehouse: none today (the
# warehouse has a price change on its last day). Name a question here, with the reason, only
# when its data cannot exist in the bundled snapshots.
MAY_BE_EMPTY: dict[int, str] = {}


def questions() -> list[tuple[int, str, str]]:
    found = docs_queries()
    assert all(sql is not None for _, _, sql in found), "every question needs exactly one ```sql block"
    return found


def test_the_guide_asks_eleven_numbered_questions():
    assert [number for number, _, _ in questions()] == list(range(1, 12))


@pytest.mark.parametrize(("number", "question", "sql"), questions(), ids=[f"q{n}" for n, _, _ in questions()])
def test_each_question_in_the_guide_is_answered_by_its_query(pipeline_runs, number, question, sql):
    result = run_query(pipeline_runs.warehouse, sql)
    assert result.columns, f"question {number} ({question}) returned no columns"
    if number not in MAY_BE_EMPTY:
        assert result.rows, f"question {number} ({question}) returned no rows on the test warehouse"
