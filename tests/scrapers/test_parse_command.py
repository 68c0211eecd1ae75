"""`python -m scrapers parse SOURCE FILE`: records as JSON lines, skips and notices on stderr."""

from __future__ import annotations

import json

from scrapers.__main__ import main
from tests.conftest import FIXTURES

GROQ_PAGE = FIXTURES / "groq" / "groq.com_pricing.html"


def test_a_saved_page_prints_one_json_line_per_record_with_the_day(capsys):
    assert main(["parse", "groq", str(GROQ_PAGE), "--date", "2026-11-01"]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(r["source_id"] == "groq" and r["observed_date"] == "2026-11-01" for r in rows)
    assert f"{len(rows)} records" in err
    assert "notice" not in err


def test_a_column_the_parser_does_not_read_is_printed_as_a_notice(tmp_path, capsys):
    html = GROQ_PAGE.read_text().replace("<th>AI Model</th><th>Current Speed",
                                         "<th>AI Model</th><th>Context Window</th><th>Current Speed")
    html = html.replace('<td><span class="pricing-table_label">Current Speed</span>',
                        '<td>128k</td><td><span class="pricing-table_label">Current Speed</span>')
    page = tmp_path / "pricing.html"
    page.write_text(html)
    assert main(["parse", "groq", str(page)]) == 0
    assert "notice: https://groq.com/pricing: unknown column 'Context Window'" in capsys.readouterr().err


def test_an_unknown_source_or_a_missing_file_exits_two(tmp_path, capsys):
    assert main(["parse", "no_such_source", str(GROQ_PAGE)]) == 2
    assert main(["parse", "groq", str(tmp_path / "missing.html")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_page_that_cannot_be_read_exits_one_naming_the_source(tmp_path, capsys):
    page = tmp_path / "error.html"
    page.write_text("<html><body>502 Bad Gateway</body></html>")
    assert main(["parse", "groq", str(page)]) == 1
    assert "groq" in capsys.readouterr().err
