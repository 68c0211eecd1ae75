"""Groq: the bundled pricing page (late-2025 figures) and broken inputs."""

from __future__ import annotations

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.groq import PRICING_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "groq" / f"{slug(PRICING_URL)}.html"


def _snapshot(html: str) -> Snapshot:
    from datetime import datetime, timezone
    return Snapshot(source_id="groq", url=PRICING_URL, fetched_at=datetime(2025, 11, 1, tzinfo=timezone.utc),
                    status=200, body=html.encode(), headers={"Content-Type": "text/html"})


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model: str):
    [price] = [r for r in outcome.records if r.provider_model_id == model]
    return price


def test_the_bundled_page_replays_from_its_slug():
    assert FIXTURE.name == "groq.com_pricing.html"
    assert FIXTURE.stat().st_size < 60_000


@pytest.mark.parametrize("model, input_usd, output_usd", [
    ("Llama 3.3 70B Versatile 128k", 0.59, 0.79),   # "$0.59(1.69M / $1)*" / "$0.79(1.27M / $1)*"
    ("Llama 3.1 8B Instant 128k", 0.05, 0.08),
    ("GPT OSS 20B 128k", 0.075, 0.30),
    ("GPT OSS 120B 128k", 0.15, 0.60),
    ("Kimi K2-0905 1T 256k", 1.00, 3.00),              # "(333,333 / $1)": a comma in the parenthesis
    ("Llama 4 Scout (17Bx16E) 128k", 0.11, 0.34),     # a parenthesis in the model name
    ("Qwen3 32B 131k", 0.29, 0.59),
])
def test_the_dollar_price_is_read_and_the_tokens_per_dollar_ignored(outcome, model, input_usd, output_usd):
    price = _price(outcome, model)
    assert (price.input_usd_per_mtok, price.output_usd_per_mtok) == (input_usd, output_usd)


def test_every_language_model_row_is_a_standard_global_price(outcome):
    assert len(outcome.records) == 9 and outcome.unreadable == []
    assert {(r.provider_id, r.price_tier, r.region) for r in outcome.records} == {("groq", "standard", "global")}


def test_speech_and_tool_tables_are_not_token_prices(outcome):
    names = {r.provider_model_id for r in outcome.records}
    assert not names & {"Whisper V3 Large", "Canopy Labs Orpheus English", "Basic Search"}


def test_the_prompt_caching_table_is_skipped_with_a_reason(outcome):
    assert len(outcome.skipped) == 3
    assert all(s.reason.startswith("prompt-caching table") and not s.unreadable for s in outcome.skipped)
    assert "openai/gpt-oss-120b" not in {r.provider_model_id for r in outcome.records}


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(html: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(html))


def test_an_html_error_page_fails_naming_the_header():
    assert _parse_error("<html><body>Access denied</body></html>").field == "header"


def test_a_renamed_price_column_fails_naming_the_header():
    error = _parse_error(FIXTURE.read_text().replace("<th>Output Token Price", "<th>Completion Price"))
    assert error.field == "header"


def test_prices_no_longer_per_million_tokens_fail_naming_the_header():
    error = _parse_error(FIXTURE.read_text().replace("(Per Million Tokens)", "(Per Thousand Tokens)"))
    assert error.field == "header" and "per million" in error.message


def test_an_empty_token_table_fails_because_nothing_was_read():
    page = FIXTURE.read_text()
    start, end = page.index("<tbody>"), page.index("</tbody>")
    assert _parse_error(page[:start] + "<tbody>" + page[end:]).field == "records"


@pytest.mark.parametrize("cell", ["Free", "Contact sales", "", "€0.59"])
def test_a_non_price_cell_makes_the_row_unreadable(cell):
    page = FIXTURE.read_text().replace("$0.59<span", f"{cell}<span", 1)
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    [bad] = outcome.unreadable
    assert bad.reason.startswith("unreadable") and "Qwen3 32B 131k" not in {r.provider_model_id for r in outcome.records}


def test_a_page_of_unreadable_prices_fails():
    error = _parse_error(FIXTURE.read_text().replace("</span>$", "</span>Free "))
    assert error.field == "rows" and "more than half" in error.message


def test_an_added_column_is_reported_and_the_prices_are_unchanged(outcome):
    html = FIXTURE.read_text().replace("<th>AI Model</th><th>Current Speed", "<th>AI Model</th><th>Context Window</th><th>Current Speed")
    html = html.replace('<td><span class="pricing-table_label">Current Speed</span>',
                        '<td>128k</td><td><span class="pricing-table_label">Current Speed</span>')
    noticed = parse_snapshots(SOURCE, [_snapshot(html)])
    assert outcome.notices == []
    assert [n.split(" header ")[0] for n in noticed.notices] == [
        f"{PRICING_URL}: unknown column 'Context Window' in language-model table"]
    assert noticed.records == outcome.records
