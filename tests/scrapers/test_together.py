"""Together AI: the bundled pricing page (figures checked 2025-07-03; markup unconfirmed) and broken inputs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.together import PRICING_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "together" / f"{slug(PRICING_URL)}.html"


def _snapshot(html: str) -> Snapshot:
    return Snapshot(source_id="together", url=PRICING_URL, fetched_at=datetime(2025, 7, 3, tzinfo=timezone.utc),
                    status=200, body=html.encode(), headers={"Content-Type": "text/html"})


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model: str):
    [price] = [r for r in outcome.records if r.provider_model_id == model]
    return (price.input_usd_per_mtok, price.output_usd_per_mtok)


def test_the_bundled_page_replays_from_its_slug():
    assert FIXTURE.name == "www.together.ai_pricing.html"
    assert FIXTURE.stat().st_size < 60_000


@pytest.mark.parametrize("model, prices", [
    ("Llama 4 Maverick", (0.27, 0.85)),
    ("Llama 4 Scout", (0.18, 0.59)),
    ("Llama 3.3 70B Instruct-Turbo", (0.88, 0.88)),
    ("Llama 3.1 405B Instruct Turbo", (3.50, 3.50)),
])
def test_input_and_output_are_read_per_model(outcome, model, prices):
    assert _price(outcome, model) == prices


def test_turbo_and_lite_skus_are_separate_model_ids(outcome):
    assert _price(outcome, "Llama 3 8B Instruct Lite") == (0.10, 0.10)
    assert _price(outcome, "Llama 3 8B Instruct Turbo") == (0.18, 0.18)
    assert _price(outcome, "Llama 3 70B Instruct Lite") == (0.54, 0.54)


def test_no_batch_price_is_derived_from_the_serverless_price(outcome):
    assert {r.price_tier for r in outcome.records} == {"standard"}
    assert len(outcome.records) == 7 and outcome.unreadable == []


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(html: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(html))


def test_an_html_error_page_fails_naming_the_header():
    assert _parse_error("<html><body><h1>Just a moment...</h1></body></html>").field == "header"


def test_a_price_column_in_another_unit_fails_naming_the_header():
    error = _parse_error(FIXTURE.read_text().replace("Input (per 1M tokens)", "Input (per 1K tokens)"))
    assert error.field == "header" and "1M" in error.message


def test_an_empty_table_fails_because_nothing_was_read():
    page = FIXTURE.read_text()
    start, end = page.index("<tbody>"), page.index("</tbody>")
    assert _parse_error(page[:start] + "<tbody>" + page[end:]).field == "records"


@pytest.mark.parametrize("cell", ["Free", "Contact sales", "", "¥0.88"])
def test_a_non_price_cell_makes_its_row_unreadable(cell):
    page = FIXTURE.read_text().replace("<td>$0.27</td>", f"<td>{cell}</td>")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    [bad] = outcome.unreadable
    assert bad.reason == "unreadable Llama 4 Maverick.input"


def test_a_page_of_unreadable_prices_fails():
    error = _parse_error(FIXTURE.read_text().replace("<td>$", "<td>Contact sales "))
    assert error.field == "rows" and "more than half" in error.message


def test_an_added_column_is_reported_and_the_prices_are_unchanged(outcome):
    html = FIXTURE.read_text().replace("<th>Output (per 1M tokens)</th>", "<th>Output (per 1M tokens)</th><th>Batch input</th>")
    noticed = parse_snapshots(SOURCE, [_snapshot(html.replace("</td></tr>", "</td><td>$0.01</td></tr>"))])
    assert outcome.notices == []
    assert noticed.notices == [f"{PRICING_URL}: unknown column 'Batch input' in token price table header "
                               "['Model', 'Input (per 1M tokens)', 'Output (per 1M tokens)', 'Batch input']"]
    assert noticed.records == outcome.records
