"""Anthropic: the bundled pricing.md snapshot (figures in force on 2026-08-05) and broken inputs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.anthropic import PRICING_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "anthropic" / slug(PRICING_URL)


def _snapshot(text: str, day: datetime = datetime(2026, 8, 5, tzinfo=timezone.utc)) -> Snapshot:
    return Snapshot(source_id="anthropic", url=PRICING_URL, fetched_at=day, status=200, body=text.encode(),
                    headers={"Content-Type": "text/markdown"})


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
    assert FIXTURE.name == "platform.claude.com_docs_en_about-claude_pricing.md"
    assert FIXTURE.stat().st_size < 60_000


@pytest.mark.parametrize("model, prices", [
    # (base input, cache hits, 5m cache writes, output): "| $5 / MTok | $6.25 / MTok | $10 / MTok | $0.50 / MTok | $25 / MTok |"
    ("Claude Opus 4.8", (5.0, 0.5, 6.25, 25.0)),
    ("Claude Fable 5", (10.0, 1.0, 12.5, 50.0)),
    ("Claude Sonnet 4.5", (3.0, 0.3, 3.75, 15.0)),
    ("Claude Haiku 4.5", (1.0, 0.1, 1.25, 5.0)),
])
def test_the_model_table_maps_base_input_cache_hits_5m_writes_and_output(outcome, model, prices):
    price = _price(outcome, model)
    assert _prices(price) == prices
    assert (price.provider_id, price.region, price.min_prompt_tokens) == ("anthropic", "global", 0)


def test_the_1h_cache_write_price_is_not_kept_as_the_cache_write(outcome):
    # Opus 4.8's 1h cache write is $10 / MTok; the 5m write, $6.25, is the one kept.
    assert _price(outcome, "Claude Opus 4.8").cache_write_usd_per_mtok == 6.25


def test_notes_and_links_are_not_part_of_the_model_name(outcome):
    # "Claude Mythos 5 ([limited availability](https://anthropic.com/glasswing))"
    assert _prices(_price(outcome, "Claude Mythos 5")) == (10.0, 1.0, 12.5, 50.0)
    assert not [r for r in outcome.records if "(" in r.provider_model_id or "[" in r.provider_model_id]


def test_the_batch_table_is_the_batch_tier(outcome):
    assert _prices(_price(outcome, "Claude Opus 4.8", "batch")) == (2.5, None, None, 12.5)
    assert _prices(_price(outcome, "Claude Haiku 4.5", "batch")) == (0.5, None, None, 2.5)


def test_long_context_prices_apply_above_200k_prompt_tokens(outcome):
    long = _price(outcome, "Claude Sonnet 4.5", "long_context")
    assert (long.input_usd_per_mtok, long.output_usd_per_mtok, long.min_prompt_tokens) == (6.0, 22.5, 200000)
    assert long.cached_input_usd_per_mtok is None  # not printed in that table: never derived


def test_the_introductory_price_is_the_one_in_force_on_the_day_fetched(outcome):
    assert _prices(_price(outcome, "Claude Sonnet 5")) == (2.0, 0.2, 2.5, 10.0)
    assert _prices(_price(outcome, "Claude Sonnet 5", "batch")) == (1.0, None, None, 5.0)
    assert [s for s in outcome.skipped if s.detail == "Claude Sonnet 5: starting 2026-09-01"]


def test_after_the_introductory_period_the_later_price_is_read():
    outcome = parse_snapshots(SOURCE, [_snapshot(FIXTURE.read_text(), datetime(2026, 9, 1, tzinfo=timezone.utc))])
    assert _prices(_price(outcome, "Claude Sonnet 5")) == (3.0, 0.3, 3.75, 15.0)
    assert [s for s in outcome.skipped if s.detail == "Claude Sonnet 5: through 2026-08-31"]


def test_retired_models_are_skipped_in_every_table(outcome):
    names = {r.provider_model_id for r in outcome.records}
    assert not names & {"Claude Opus 4.1", "Claude Opus 4", "Claude Sonnet 4", "Claude Haiku 3.5"}
    retired = [s for s in outcome.skipped if s.reason.startswith("retired from the Claude API")]
    assert len(retired) == 9 and not any(s.unreadable for s in retired)
    assert "Claude Sonnet 4 (long_context)" in {s.detail for s in retired}


def test_the_fast_mode_table_is_skipped_with_a_reason(outcome):
    [fast] = [s for s in outcome.skipped if s.reason.startswith("fast mode")]
    assert fast.detail == "Claude Opus 4.8 / Claude Opus 4.7" and not fast.unreadable


def test_every_model_and_tier_is_one_record(outcome):
    keys = [(r.provider_model_id, r.price_tier, r.min_prompt_tokens) for r in outcome.records]
    assert len(keys) == len(set(keys)) == 21
    assert outcome.unreadable == []


@pytest.mark.parametrize("header", [
    "| Model | Base input tokens | 5m cache writes | 1h cache writes | Cache hits and refreshes | Output tokens |",
    "| Model | Base Input Tokens | 5m Cache Writes | 1h Cache Writes | Cache Hits & Refreshes | Output Tokens |",
])
def test_both_spellings_of_the_model_table_header_are_read(header):
    page = (f"## Model pricing\n\n{header}\n| :--- | :--- | :--- | :--- | :--- | :--- |\n"
            "| Claude Opus 5.5 | $4 / MTok | $5 / MTok | $8 / MTok | $0.20 / MTok<sup>2</sup> | $20 / MTok |\n"
            "| Claude Sonnet 5<br/>Introductory pricing through August 31, 2026 | \\$2 / MTok | $2.50 / MTok | $4 / MTok"
            " | $0.20 / MTok | $10 / MTok |\n")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    assert _prices(_price(outcome, "Claude Opus 5.5")) == (4.0, 0.2, 5.0, 20.0)  # footnote mark dropped
    assert _prices(_price(outcome, "Claude Sonnet 5")) == (2.0, 0.2, 2.5, 10.0)


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(text: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(text))


def test_an_html_page_instead_of_markdown_fails_naming_the_body():
    assert _parse_error("<html><head><title>Claude API Docs</title></head></html>").field == "body"


def test_a_page_without_the_model_table_fails_naming_the_header():
    assert _parse_error("# Pricing\n\nNo table here.\n").field == "header"


def test_a_changed_model_table_header_fails_naming_the_header():
    error = _parse_error(FIXTURE.read_text().replace("| 5m Cache Writes |", "| Cache Writes |"))
    assert error.field == "header"


def test_an_empty_model_table_fails_because_nothing_was_read():
    header = ("| Model | Base input tokens | 5m cache writes | 1h cache writes | Cache hits and refreshes | Output tokens |\n"
              "| --- | --- | --- | --- | --- | --- |\n")
    assert _parse_error(header).field == "records"


@pytest.mark.parametrize("cell", ["Free", "Contact sales", "", "€5 / MTok", "$5 / KTok", "$5"])
def test_a_non_price_cell_makes_the_row_unreadable(cell):
    page = FIXTURE.read_text().replace("| $1 / MTok         | $1.25 / MTok", f"| {cell} | $1.25 / MTok", 1)
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    [bad] = outcome.unreadable
    assert "Claude Haiku 4.5" not in {r.provider_model_id for r in outcome.records if r.price_tier == "standard"}
    assert bad.reason.startswith("unreadable")


def test_an_unknown_note_on_a_model_fails_the_row_rather_than_be_guessed():
    page = FIXTURE.read_text().replace("| Claude Opus 4.6  ", "| Claude Opus 4.6 (for prompts up to 100,000 tokens)", 1)
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    assert [s for s in outcome.unreadable if "unknown note" in s.detail]


def test_a_page_of_unreadable_prices_fails():
    error = _parse_error(FIXTURE.read_text().replace("/ MTok", "/ KTok"))
    assert error.field == "rows" and "more than half" in error.message
