"""Amazon Bedrock pricing page: the bundled page (real figures, 2026-07) and broken inputs."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.records import Skip, TokenPrice
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.bedrock_page import PAGE_URL, SOURCE, read_row, settle
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "bedrock_page" / f"{slug(PAGE_URL)}.html"
HEAD = "<tr><th>Anthropic models</th><th>Price per 1M input tokens</th><th>Price per 1M output tokens</th></tr>"


def _snapshot(body: str | list) -> Snapshot:
    if isinstance(body, list):
        body = json.dumps(body)
    return Snapshot(source_id="bedrock_page", url=PAGE_URL, fetched_at=datetime(2026, 7, 24, tzinfo=timezone.utc),
                    status=200, body=body.encode(), headers={"Content-Type": "text/html"})


def _page(*rows: str, head: str = HEAD, heading: str = "Global Cross-region Inference") -> Snapshot:
    return _snapshot(f"<html><body><h2>{heading}</h2><table>{head}{''.join(rows)}</table></body></html>")


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model: str, tier: str = "standard", region: str = "global") -> TokenPrice:
    [price] = [r for r in outcome.records if (r.provider_model_id, r.price_tier, r.region) == (model, tier, region)]
    return price


def test_the_bundled_page_replays_from_the_documented_slug():
    assert FIXTURE.name == "aws.amazon.com_bedrock_pricing.html"
    assert FIXTURE.stat().st_size < 60_000


def test_claude_global_cross_region_prices_with_cache_read_and_5m_cache_write(outcome):
    haiku = _price(outcome, "Claude Haiku 4.5")
    assert (haiku.provider_id, haiku.provider_name, haiku.model_name) == ("bedrock", "Amazon Bedrock", "Claude Haiku 4.5")
    assert (haiku.input_usd_per_mtok, haiku.output_usd_per_mtok) == (1.0, 5.0)
    assert (haiku.cached_input_usd_per_mtok, haiku.cache_write_usd_per_mtok) == (0.1, 1.25)


def test_the_1h_cache_write_column_is_not_stored_as_the_cache_write_price(outcome):
    assert _price(outcome, "Claude Sonnet 4.5").cache_write_usd_per_mtok == 3.75  # not the 1h price 6.00


def test_batch_columns_become_a_batch_record(outcome):
    batch = _price(outcome, "Claude Haiku 4.5", tier="batch")
    assert (batch.input_usd_per_mtok, batch.output_usd_per_mtok, batch.cached_input_usd_per_mtok) == (0.5, 2.5, None)
    llama = _price(outcome, "Llama 3.1 Instruct (70B)", tier="batch")
    assert (llama.input_usd_per_mtok, llama.output_usd_per_mtok) == (0.36, 0.36)


def test_geo_and_in_region_tables_are_kept_apart_from_global_ones(outcome):
    geo = _price(outcome, "Claude Sonnet 4.5", region="geo-in-region")
    assert (geo.input_usd_per_mtok, geo.output_usd_per_mtok, geo.cached_input_usd_per_mtok, geo.cache_write_usd_per_mtok) \
        == (3.3, 16.5, 0.33, 4.125)
    assert _price(outcome, "Claude Sonnet 4.5").input_usd_per_mtok == 3.0


def test_tier_tabs_give_standard_priority_flex_and_batch(outcome):
    assert [(_price(outcome, "DeepSeek-V3.1", tier).input_usd_per_mtok, _price(outcome, "DeepSeek-V3.1", tier).output_usd_per_mtok)
            for tier in ("standard", "priority", "flex")] == [(0.58, 1.68), (1.015, 2.94), (0.29, 0.84)]
    assert _price(outcome, "gpt-oss-120b", "batch").input_usd_per_mtok == 0.075
    assert _price(outcome, "gpt-oss-120b").input_usd_per_mtok == 0.15


def test_na_means_no_price_for_that_column(outcome):
    nova = _price(outcome, "Amazon Nova Micro")  # cache read N/A
    assert (nova.input_usd_per_mtok, nova.output_usd_per_mtok, nova.cached_input_usd_per_mtok) == (0.035, 0.14, None)
    assert _price(outcome, "Embed 4 Model").output_usd_per_mtok is None
    assert not [r for r in outcome.records if r.provider_model_id == "Pixtral Large (25.02)" and r.price_tier == "batch"]


def test_keys_are_unique_and_every_region_is_global_or_geo_in_region(outcome):
    keys = [(r.provider_model_id, r.price_tier, r.region, r.min_prompt_tokens) for r in outcome.records]
    assert len(keys) == len(set(keys)) == 24
    assert {r.region for r in outcome.records} == {"global", "geo-in-region"}


@pytest.mark.parametrize("reason, detail", [
    ("worked example on the page, not a list price", "Amazon > Amazon Nova > Pricing Examples"),
    ("worked example on the page, not a list price", "Meta > Model evaluation example 1:"),
    ("provisioned throughput (per hour per TPM or model unit), not per token", "Claude Sonnet 4.5"),
    ("provisioned throughput (per hour per TPM or model unit), not per token", "Llama 3.1 Instruct (70B)"),
    ("not priced per token (per image, second, request or query)", "Rerank 3.5"),
    ("not generally available (non-GA), no price", "Claude Mythos Preview"),
    ("speech tokens, not text tokens", "Amazon Nova Sonic"),
])
def test_deliberate_skips_say_why(outcome, reason, detail):
    assert any(s.reason == reason and detail in s.detail and not s.unreadable for s in outcome.skipped)


def test_the_text_row_of_a_speech_model_is_kept(outcome):
    assert _price(outcome, "Amazon Nova Sonic").input_usd_per_mtok == 0.06


def test_older_per_1000_headers_are_converted_to_per_mtok_and_long_context_is_its_own_tier():
    head = ("<tr><td>Anthropic models</td><td>Price per 1,000 input tokens</td><td>Price per 1,000 output tokens</td>"
            "<td>Price per 1,000 input tokens (cache read)</td></tr>")  # the 2025 page, header cells as <td>
    outcome = parse_snapshots(SOURCE, [_page("<tr><td>Claude Sonnet 4.5</td><td>$0.003</td><td>$0.015</td><td>$0.0003</td></tr>",
                                             "<tr><td>Claude Sonnet 4.5 - Long Context</td><td>$0.006</td><td>$0.0225</td><td>$0.0006</td></tr>",
                                             head=head, heading="Anthropic")])
    standard, long = sorted(outcome.records, key=lambda r: r.price_tier != "standard")
    assert (standard.input_usd_per_mtok, standard.output_usd_per_mtok, standard.cached_input_usd_per_mtok) == (3.0, 15.0, 0.3)
    assert (long.provider_model_id, long.price_tier, long.min_prompt_tokens) == ("Claude Sonnet 4.5", "long_context", 0)
    assert (long.input_usd_per_mtok, long.output_usd_per_mtok) == (6.0, 22.5)


def test_a_long_context_threshold_is_kept_when_the_name_states_it():
    [price] = read_row({"Provider": "Anthropic", "Hierarchy_Path": "Anthropic", "Pricing_Category": "Anthropic",
                        "Anthropic models": "Claude Sonnet 4 - Long Context (> 200K tokens)",
                        "Price per 1M input tokens": "$6.00", "Price per 1M output tokens": "$22.50"})
    assert (price.price_tier, price.min_prompt_tokens, price.provider_model_id) == ("long_context", 200_000, "Claude Sonnet 4")


def test_one_model_priced_twice_in_one_table_is_skipped_not_guessed():
    row = {"Provider": "Amazon", "Hierarchy_Path": "Amazon > Amazon Nova", "Sub_Tab_1": "Amazon Nova",
           "Pricing_Category": "Input modalities Text, Image, Video", "Amazon Nova models": "Amazon Nova Micro"}
    rows = [{**row, "Price per 1M input tokens": "$0.035", "Price per 1M output tokens": "$0.14"},
            {**row, "Price per 1M input tokens": "$0.0175", "Price per 1M output tokens": "$0.07"}]
    found = settle(rows)
    assert all(isinstance(s, Skip) and not s.unreadable and "several ways" in s.reason for s in found) and len(found) == 2


def test_the_collectors_archived_rows_are_read_too():
    outcome = parse_snapshots(SOURCE, [_snapshot([{
        "Provider": "Anthropic", "Hierarchy_Path": "Anthropic", "Pricing_Category": "Global Cross-region Inference",
        "Anthropic models": "Claude Haiku 4.5", "Price per 1M input tokens": "$1.00", "Price per 1M output tokens": "$5.00"}])])
    assert [(r.provider_model_id, r.region, r.input_usd_per_mtok) for r in outcome.records] == [("Claude Haiku 4.5", "global", 1.0)]


def test_a_placeholder_cell_is_skipped_as_filled_in_by_the_browser():
    outcome = parse_snapshots(SOURCE, [_page(
        "<tr><td>Claude Haiku 4.5</td><td>$1.00</td><td>$5.00</td></tr>",
        "<tr><td>Claude Opus 4.8</td><td>{priceOf!bedrockfoundationmodels/bedrockfoundationmodels!x}</td><td>N/A</td></tr>")])
    assert any("placeholder" in s.reason and not s.unreadable for s in outcome.skipped)


def _fails(snapshot: Snapshot) -> ParseError:
    error = parse_error(SOURCE, snapshot)
    assert error.url == PAGE_URL
    return error


def test_an_error_page_fails_on_the_header():
    assert _fails(_snapshot("<html><body><h1>Service Unavailable</h1></body></html>")).field == "header"


def test_a_changed_header_fails_loudly():
    head = "<tr><th>Anthropic models</th><th>Input cost</th><th>Output cost</th></tr>"
    assert _fails(_page("<tr><td>Claude Haiku 4.5</td><td>$1.00</td><td>$5.00</td></tr>", head=head)).field == "header"


def test_an_empty_table_fails_with_no_records():
    assert _fails(_page()).field == "header"


@pytest.mark.parametrize("cell", ["", "Free", "Contact sales", "€1.00"])
def test_blank_free_contact_sales_or_another_currency_is_unreadable(cell):
    error = _fails(_page(f"<tr><td>Claude Haiku 4.5</td><td>{cell}</td><td>{cell}</td></tr>"))
    assert error.field == "rows" and "Price per 1M input tokens" in str(error)


def test_a_figure_that_does_not_fit_the_headers_unit_is_unreadable():
    head = "<tr><th>Column_0</th><th>Price per 1,000 input tokens</th><th>Price per 1,000 output tokens</th></tr>"
    error = _fails(_page("<tr><td>Claude 3.5 Haiku</td><td>$1.00</td><td>$5.00</td></tr>", head=head,
                         heading="Latency Optimized Inference"))
    assert error.field == "rows" and "unreadable Price per 1,000 input tokens" in str(error)


def test_an_added_per_token_price_column_is_reported_and_the_prices_are_unchanged(outcome):
    html = FIXTURE.read_text().replace(
        "<th>Price per 1M input tokens (cache read)</th><th>Price per 1M output tokens</th></tr>",
        "<th>Price per 1M input tokens (cache read)</th><th>Price per 1M output tokens</th>"
        "<th>Price per 1M output tokens (reasoning)</th></tr>")
    html = html.replace("<td>$0.14</td></tr>", "<td>$0.14</td><td>$0.20</td></tr>")
    html = html.replace("<td>$0.24</td></tr><tr><td>Amazon Nova Pro", "<td>$0.24</td><td>$0.30</td></tr><tr><td>Amazon Nova Pro")
    html = html.replace("<td>$3.20</td></tr>", "<td>$3.20</td><td>$4.00</td></tr>")
    noticed = parse_snapshots(SOURCE, [_snapshot(html)])
    assert outcome.notices == []
    assert noticed.notices == [f"{PAGE_URL}: unknown per-token price column 'price per 1m output tokens (reasoning)' in a table of the page"]
    assert noticed.records == outcome.records
