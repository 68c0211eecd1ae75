"""OpenAI: the bundled pricing.md snapshot (figures in force on 2026-08-05) and broken inputs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.openai import PRICING_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "openai" / slug(PRICING_URL)


def _snapshot(text: str) -> Snapshot:
    return Snapshot(source_id="openai", url=PRICING_URL, fetched_at=datetime(2026, 8, 5, tzinfo=timezone.utc),
                    status=200, body=text.encode(), headers={"Content-Type": "text/markdown"})


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model: str, tier: str = "standard"):
    [price] = [r for r in outcome.records if r.provider_model_id == model and r.price_tier == tier]
    return price


def _prices(price) -> tuple:
    return (price.input_usd_per_mtok, price.cached_input_usd_per_mtok, price.cache_write_usd_per_mtok,
            price.output_usd_per_mtok)


def test_the_bundled_page_replays_from_its_slug():
    assert FIXTURE.name == "developers.openai.com_api_docs_pricing.md"
    assert FIXTURE.stat().st_size < 60_000


@pytest.mark.parametrize("model, prices", [
    ("gpt-5.6-sol", (5.0, 0.5, 6.25, 30.0)),      # "| gpt-5.6-sol | $5.00 | $0.50 | $6.25 | $30.00 | …"
    ("gpt-5.6-terra", (2.0, 0.2, 2.5, 12.0)),     # after the 2026-07-30 cut
    ("gpt-5.6-luna", (0.2, 0.02, 0.25, 1.2)),
    ("gpt-5.4-mini", (0.75, 0.075, None, 4.5)),   # "-" cache writes: no price, not zero
    ("gpt-4o-mini", (0.15, 0.075, None, 0.6)),
])
def test_standard_short_context_columns_are_the_standard_price(outcome, model, prices):
    price = _price(outcome, model)
    assert _prices(price) == prices
    assert (price.provider_id, price.region, price.min_prompt_tokens) == ("openai", "global", 0)


def test_the_context_length_note_is_not_part_of_the_model_id(outcome):
    # "gpt-5.5 (<272K context length)" is gpt-5.5.
    assert _prices(_price(outcome, "gpt-5.5")) == (5.0, 0.5, None, 30.0)
    assert not [r for r in outcome.records if "(" in r.provider_model_id]


def test_a_dash_cached_input_is_none_not_free(outcome):
    assert _prices(_price(outcome, "gpt-5.5-pro")) == (30.0, None, None, 180.0)


def test_standard_long_context_columns_become_long_context_above_272k(outcome):
    sol = _price(outcome, "gpt-5.6-sol", "long_context")
    assert _prices(sol) == (10.0, 1.0, 12.5, 45.0) and sol.min_prompt_tokens == 272000
    assert _prices(_price(outcome, "gpt-5.4", "long_context")) == (5.0, 0.5, None, 22.5)


def test_models_without_long_context_prices_have_no_long_context_record(outcome):
    assert not [r for r in outcome.records if r.provider_model_id == "gpt-4.1" and r.price_tier == "long_context"]


def test_batch_flex_and_fast_tables_are_their_own_tiers(outcome):
    assert _prices(_price(outcome, "gpt-5.6-sol", "batch")) == (2.5, 0.25, 3.125, 15.0)
    assert _prices(_price(outcome, "gpt-5.5", "batch")) == (2.5, 0.25, None, 15.0)
    assert _prices(_price(outcome, "gpt-5.6-luna", "flex")) == (0.1, 0.01, 0.125, 0.6)


def test_fast_mode_is_the_priority_tier(outcome):
    # OpenAI renamed Priority processing to Fast mode on 2026-07-30: "### Fast pricing data".
    assert _prices(_price(outcome, "gpt-5.6-sol", "priority")) == (10.0, 1.0, 12.5, 60.0)
    assert _prices(_price(outcome, "gpt-5.5", "priority")) == (12.5, 1.25, None, 75.0)


def test_the_older_priority_heading_is_read_the_same_way():
    page = FIXTURE.read_text().replace("### Fast pricing data", "### Priority pricing data")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    assert _prices(_price(outcome, "gpt-5.6-terra", "priority")) == (4.0, 0.4, 5.0, 24.0)


def test_every_model_and_tier_is_one_record(outcome):
    keys = [(r.provider_model_id, r.price_tier, r.min_prompt_tokens) for r in outcome.records]
    assert len(keys) == len(set(keys)) == 26
    assert outcome.unreadable == []


def test_long_context_prices_of_other_tiers_are_skipped_with_a_reason(outcome):
    skipped = [s for s in outcome.skipped if s.reason.startswith("long-context price of a non-standard tier")]
    assert len(skipped) == 9 and "gpt-5.6-sol (batch)" in {s.detail for s in skipped}


def test_grouped_and_tool_tables_are_skipped_with_a_reason(outcome):
    reasons = {s.reason for s in outcome.skipped if not s.reason.startswith("long-context")}
    assert any(r.startswith("specialized-models table") for r in reasons)
    assert any(r.startswith("not a per-token price table") for r in reasons)
    assert "gpt-5.3-codex" not in {r.provider_model_id for r in outcome.records}


def test_the_older_four_column_layout_is_read():
    page = ("### Standard pricing data\n\n| Model | Input | Cached input | Output |\n| --- | --- | --- | --- |\n"
            "| gpt-4.1 | $2.00 | $0.50 | $8.00 |\n| o1-pro | $150.00 | - | $600.00 |\n")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    assert _prices(_price(outcome, "gpt-4.1")) == (2.0, 0.5, None, 8.0)
    assert _prices(_price(outcome, "o1-pro")) == (150.0, None, None, 600.0)


def test_an_unknown_tier_heading_is_skipped_not_guessed():
    page = FIXTURE.read_text().replace("### Flex pricing data", "### Ultrafast pricing data")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    assert "flex" not in {r.price_tier for r in outcome.records}
    assert any(s.reason.startswith("service tier with no price_tier") for s in outcome.skipped)


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(text: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(text))


def test_an_html_page_instead_of_markdown_fails_naming_the_body():
    assert _parse_error("<!DOCTYPE html><html><body>Just a moment...</body></html>").field == "body"


def test_a_page_without_the_standard_table_fails_naming_the_header():
    error = _parse_error(FIXTURE.read_text().replace("### Standard pricing data", "### Models"))
    assert error.field == "header"


def test_a_renamed_column_fails_naming_the_header():
    error = _parse_error(FIXTURE.read_text().replace("Short context cached input", "Short context cache hits"))
    assert error.field == "header" and "cache hits" in error.message


def test_a_missing_long_context_note_fails_naming_the_threshold():
    error = _parse_error(FIXTURE.read_text().replace("Long context: >272K input tokens.", ""))
    assert error.field == "threshold"


def test_an_empty_standard_table_fails_because_nothing_was_read():
    header = "### Standard pricing data\n\n| Model | Input | Cached input | Output |\n| --- | --- | --- | --- |\n"
    assert _parse_error(header).field == "records"


@pytest.mark.parametrize("cell", ["Free", "Contact sales", "", "€5.00", "$5.00 / 1K tokens"])
def test_a_non_price_cell_makes_the_row_unreadable(cell):
    page = FIXTURE.read_text().replace("| gpt-4.1 | $2.00 |", f"| gpt-4.1 | {cell} |")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    [bad] = outcome.unreadable
    assert bad.reason.startswith("unreadable") and "gpt-4.1" not in {r.provider_model_id for r in outcome.records}


def test_a_model_listed_twice_with_different_prices_is_unreadable():
    page = FIXTURE.read_text().replace("| gpt-4o-mini |", "| gpt-4.1 |")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    assert [s for s in outcome.unreadable if "listed twice" in s.detail]
    assert _prices(_price(outcome, "gpt-4.1")) == (2.0, 0.5, None, 8.0)


def test_a_page_of_unreadable_prices_fails():
    page = FIXTURE.read_text().replace("| $", "| Free ")
    error = _parse_error(page)
    assert error.field == "rows" and "more than half" in error.message
