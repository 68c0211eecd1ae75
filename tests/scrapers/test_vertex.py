"""Vertex AI: the bundled pricing page (figures as published 2026-07/08) and broken inputs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.vertex import PRICING_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "vertex" / f"{slug(PRICING_URL)}.html"


def _snapshot(body: str | bytes) -> Snapshot:
    return Snapshot(source_id="vertex", url=PRICING_URL, fetched_at=datetime(2026, 8, 1, tzinfo=timezone.utc),
                    status=200, body=body.encode() if isinstance(body, str) else body,
                    headers={"Content-Type": "text/html"})


def _page() -> str:
    return FIXTURE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model: str, tier: str = "standard", min_prompt_tokens: int = 0):
    [price] = [r for r in outcome.records if r.provider_model_id == model
               and r.price_tier == tier and r.min_prompt_tokens == min_prompt_tokens]
    return price


def test_the_bundled_page_replays_from_its_slug():
    assert FIXTURE.name == "cloud.google.com_vertex-ai_generative-ai_pricing.html"
    assert FIXTURE.stat().st_size < 60_000


def test_gemini_2_5_pro_has_standard_cached_and_long_context_prices(outcome):
    standard = _price(outcome, "Gemini 2.5 Pro")
    assert (standard.input_usd_per_mtok, standard.output_usd_per_mtok, standard.cached_input_usd_per_mtok) == (1.25, 10.0, 0.125)
    long = _price(outcome, "Gemini 2.5 Pro", "long_context", 200000)
    assert (long.input_usd_per_mtok, long.output_usd_per_mtok, long.cached_input_usd_per_mtok) == (2.5, 15.0, 0.25)
    assert (standard.provider_id, standard.region) == ("vertex", "global")


def test_batch_columns_become_batch_prices_below_and_above_200k(outcome):
    batch = _price(outcome, "Gemini 2.5 Pro", "batch")
    assert (batch.input_usd_per_mtok, batch.output_usd_per_mtok) == (0.625, 5.0)
    long_batch = _price(outcome, "Gemini 2.5 Pro", "batch", 200000)
    assert (long_batch.input_usd_per_mtok, long_batch.output_usd_per_mtok) == (1.25, 7.5)


def test_a_model_name_broken_by_br_reads_as_one_name(outcome):
    flash = _price(outcome, "Gemini 2.5 Flash")
    assert (flash.input_usd_per_mtok, flash.output_usd_per_mtok, flash.cached_input_usd_per_mtok) == (0.3, 2.5, 0.03)
    assert (_price(outcome, "Gemini 2.5 Flash", "batch").input_usd_per_mtok) == 0.15


def test_a_long_context_price_equal_to_the_standard_one_is_no_separate_tier(outcome):
    tiers = {(r.price_tier, r.min_prompt_tokens) for r in outcome.records if r.provider_model_id == "Gemini 2.5 Flash"}
    assert tiers == {("standard", 0), ("batch", 0)}


def test_a_model_cell_alone_in_its_row_spans_the_type_rows_after_it(outcome):
    pro = _price(outcome, "Gemini 3.1 Pro Preview")
    assert (pro.input_usd_per_mtok, pro.output_usd_per_mtok, pro.cached_input_usd_per_mtok) == (2.0, 12.0, 0.2)
    long = _price(outcome, "Gemini 3.1 Pro Preview", "long_context", 200000)
    assert (long.input_usd_per_mtok, long.output_usd_per_mtok, long.cached_input_usd_per_mtok) == (4.0, 18.0, 0.4)


def test_global_prices_are_kept_and_non_global_prices_skipped_with_a_reason(outcome):
    flash = _price(outcome, "Gemini 3.5 Flash")
    assert (flash.input_usd_per_mtok, flash.output_usd_per_mtok, flash.cached_input_usd_per_mtok) == (1.5, 9.0, 0.15)
    assert flash.region == "global"
    skipped = [s for s in outcome.skipped if s.reason.startswith("Non-global")]
    assert {s.detail for s in skipped} == {"Gemini 3.5 Flash", "Gemini 3.1 Flash-Lite"}
    assert not any(s.unreadable for s in skipped)


def test_audio_input_rows_are_skipped_and_the_text_input_kept(outcome):
    lite = _price(outcome, "Gemini 3.1 Flash-Lite")
    assert (lite.input_usd_per_mtok, lite.output_usd_per_mtok, lite.cached_input_usd_per_mtok) == (0.25, 1.5, 0.025)
    audio = {s.detail for s in outcome.skipped if s.reason.startswith("not a text token price")}
    assert audio == {"Gemini 3.1 Flash-Lite: Input (audio)", "Gemini 2.5 Flash: Audio Input"}


def test_per_character_legacy_models_are_dropped_with_the_reason(outcome):
    legacy = [s for s in outcome.skipped if "characters" in s.reason]
    assert {s.detail for s in legacy} == {"Gemini 1.5 Pro", "Gemini 1.5 Flash"}
    assert "guess" in legacy[0].reason and not legacy[0].unreadable
    assert not any(r.provider_model_id.startswith("Gemini 1.5") for r in outcome.records)


def test_claude_on_vertex_reads_cache_hit_and_cache_write_rows(outcome):
    sonnet = _price(outcome, "Claude Sonnet 4.5")
    assert (sonnet.input_usd_per_mtok, sonnet.output_usd_per_mtok) == (3.0, 15.0)
    assert (sonnet.cached_input_usd_per_mtok, sonnet.cache_write_usd_per_mtok) == (0.3, 3.75)
    long = _price(outcome, "Claude Sonnet 4.5", "long_context", 200000)
    assert (long.input_usd_per_mtok, long.output_usd_per_mtok, long.cached_input_usd_per_mtok) == (6.0, 22.5, 0.6)


@pytest.mark.parametrize("model, input_usd, output_usd, cached_usd", [
    ("Llama 4 Maverick", 0.35, 1.15, None),
    ("DeepSeek-V3.2", 0.56, 1.68, 0.056),
])
def test_open_maas_models_have_a_flat_price(outcome, model, input_usd, output_usd, cached_usd):
    price = _price(outcome, model)
    assert (price.input_usd_per_mtok, price.output_usd_per_mtok, price.cached_input_usd_per_mtok) == (input_usd, output_usd, cached_usd)


def test_nothing_in_the_bundled_page_is_unreadable(outcome):
    assert outcome.unreadable == []
    assert len(outcome.records) == 14


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(body: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


def test_an_html_error_page_fails_naming_the_header():
    error = _parse_error("<html><body><h1>502 Bad Gateway</h1></body></html>")
    assert error.field == "header"


def test_a_changed_header_fails_naming_the_header():
    assert _parse_error(_page().replace("<th>Type</th>", "<th>Kind</th>")).field == "header"


def test_headers_in_an_unknown_unit_fail_naming_the_header():
    assert _parse_error(_page().replace("(/1M tokens)", "(/1K tokens)")).field == "header"


def test_empty_tables_fail_because_nothing_was_read():
    page = _page()
    emptied = "".join(part.split("<tbody>")[0] + "<tbody></tbody>" + part.split("</tbody>")[1]
                      if "<tbody>" in part else part for part in page.split("</table>"))
    assert _parse_error(emptied.replace("</tbody>", "</tbody></table>")).field == "records"


@pytest.mark.parametrize("cell", ["Contact sales", "Free", "", "€1.25"])
def test_a_cell_that_is_not_a_usd_price_makes_its_model_unreadable(cell):
    page = _page().replace("<td>$0.35</td>", f"<td>{cell}</td>")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    [bad] = outcome.unreadable
    assert "Llama 4 Maverick" in bad.detail
    assert "Llama 4 Maverick" not in {r.provider_model_id for r in outcome.records}


def test_a_model_without_a_text_output_row_is_unreadable_not_half_priced():
    page = _page().replace("<tr><td>Output</td><td>$1.15</td></tr>", "<tr><td>Image output</td><td>$1.15</td></tr>")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    [bad] = outcome.unreadable
    assert bad.reason == "unreadable output" and "Llama 4 Maverick" in bad.detail


def test_a_page_of_unreadable_prices_fails():
    page = _page().replace("$", "EUR ")
    error = _parse_error(page)
    assert error.field == "rows" and "more than half" in error.message
