"""Fireworks AI: the bundled pricing page (late-2025 figures) and broken inputs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.fireworks import PRICING_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "fireworks" / f"{slug(PRICING_URL)}.html"


def _snapshot(html: str) -> Snapshot:
    return Snapshot(source_id="fireworks", url=PRICING_URL, fetched_at=datetime(2025, 11, 1, tzinfo=timezone.utc),
                    status=200, body=html.encode(), headers={"Content-Type": "text/html"})


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model: str):
    [price] = [r for r in outcome.records if r.provider_model_id == model]
    return (price.input_usd_per_mtok, price.cached_input_usd_per_mtok, price.output_usd_per_mtok)


def test_the_bundled_page_replays_from_its_slug():
    assert FIXTURE.name == "fireworks.ai_pricing.html"
    assert FIXTURE.stat().st_size < 60_000


@pytest.mark.parametrize("bucket, prices", [
    ("bucket:<4B", (0.10, 0.05, 0.10)),                 # "Less than 4B parameters": "$0.10, $0.05 cached"
    ("bucket:4B-16B", (0.20, 0.10, 0.20)),
    ("bucket:>16B", (0.90, 0.45, 0.90)),
    ("bucket:MoE 0B-56B", (0.50, 0.25, 0.50)),          # "(e.g. Mixtral 8x7B)" is not part of the id
    ("bucket:MoE 56.1B-176B", (1.20, 0.60, 1.20)),
])
def test_a_size_bucket_is_one_price_for_input_and_output_under_a_bucket_id(outcome, bucket, prices):
    assert _price(outcome, bucket) == prices


@pytest.mark.parametrize("model, prices", [
    ("DeepSeek V3 family", (0.56, 0.28, 1.68)),         # "$0.56 input, $0.28 cached, $1.68 output"
    ("DeepSeek R1 0528", (1.35, 0.68, 5.4)),
    ("OpenAI gpt-oss-120b", (0.15, 0.07, 0.60)),
    ("Qwen3 235B Family", (0.22, None, 0.88)),          # no cached price shown: none recorded
])
def test_a_named_model_has_its_own_input_cached_and_output_price(outcome, model, prices):
    assert _price(outcome, model) == prices


def test_a_row_naming_two_models_becomes_one_record_each(outcome):
    assert _price(outcome, "Kimi K2 Instruct") == _price(outcome, "Kimi K2 Thinking") == (0.60, 0.30, 2.50)
    assert _price(outcome, "GLM-4.5") == _price(outcome, "GLM-4.6") == (0.55, 0.28, 2.19)


def test_only_the_serverless_token_table_is_read(outcome):
    assert len(outcome.records) == 17 and outcome.unreadable == [] and outcome.skipped == []
    names = {r.provider_model_id for r in outcome.records}
    assert not names & {"Qwen3 8B", "Whisper-v3-large", "H100 80 GB GPU", "Models up to 16B parameters"}
    assert {(r.provider_id, r.price_tier, r.region) for r in outcome.records} == {("fireworks", "standard", "global")}


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(html: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(html))


def test_an_html_error_page_fails_naming_the_header():
    assert _parse_error("<html><body>Something went wrong</body></html>").field == "header"


def test_a_changed_unit_in_the_header_fails_naming_the_header():
    assert _parse_error(FIXTURE.read_text().replace("<th>$ / 1M tokens</th>", "<th>$ / 1K tokens</th>")).field == "header"


def test_an_empty_price_table_fails_because_nothing_was_read():
    page = FIXTURE.read_text()
    start = page.index("<tbody>")
    end = page.index("</tbody>", start)
    assert _parse_error(page[:start] + "<tbody>" + page[end:]).field == "records"


@pytest.mark.parametrize("cell", ["Contact sales", "Free", "", "$0.56 input, $0.28 per hour", "$0.56 input, $0.28 cached"])
def test_an_unreadable_price_cell_is_skipped_as_unreadable(cell):
    page = FIXTURE.read_text().replace("$0.56 input, $0.28 cached, $1.68 output", cell)
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    [bad] = outcome.unreadable
    assert bad.reason.startswith("unreadable") and "DeepSeek V3 family" in bad.detail


def test_a_page_of_prices_in_another_currency_fails():
    page = FIXTURE.read_text()
    start, end = page.index("<tbody>"), page.index("</tbody>")
    error = _parse_error(page[:start] + page[start:end].replace("$", "€") + page[end:])
    assert error.field == "rows" and "more than half" in error.message


def test_an_added_column_is_reported_and_the_prices_are_unchanged(outcome):
    html = FIXTURE.read_text().replace("<th>$ / 1M tokens</th></tr>", "<th>$ / 1M tokens</th><th>Batch $ / 1M tokens</th></tr>")
    noticed = parse_snapshots(SOURCE, [_snapshot(html)])
    assert outcome.notices == []
    assert noticed.notices == [f"{PRICING_URL}: unknown column 'Batch $ / 1M tokens' in serverless token price table "
                               "header ['Base model', '$ / 1M tokens', 'Batch $ / 1M tokens']"]
    assert noticed.records == outcome.records
