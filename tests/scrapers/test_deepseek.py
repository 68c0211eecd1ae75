"""DeepSeek: the bundled USD pricing page (figures published until 2025-09-05) and broken inputs."""

from __future__ import annotations

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.deepseek import PRICING_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import snapshot_from_file

FIXTURE = FIXTURES / "deepseek" / f"{slug(PRICING_URL)}.html"


def _snapshot(html: str) -> Snapshot:
    snapshot = snapshot_from_file("deepseek", FIXTURE, PRICING_URL, "text/html")
    return Snapshot(source_id="deepseek", url=PRICING_URL, fetched_at=snapshot.fetched_at, status=200,
                    body=html.encode(), headers={"Content-Type": "text/html"})


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model_id: str):
    [price] = [r for r in outcome.records if r.provider_model_id == model_id]
    return price


def test_the_bundled_page_replays_from_its_slug():
    assert FIXTURE.name == "api-docs.deepseek.com_quick_start_pricing.html"
    assert FIXTURE.stat().st_size < 60_000


def test_cache_miss_is_the_input_price_and_cache_hit_the_cached_price(outcome):
    chat = _price(outcome, "deepseek-chat")
    assert (chat.input_usd_per_mtok, chat.cached_input_usd_per_mtok, chat.output_usd_per_mtok) == (0.27, 0.07, 1.10)
    reasoner = _price(outcome, "deepseek-reasoner")
    assert (reasoner.input_usd_per_mtok, reasoner.cached_input_usd_per_mtok, reasoner.output_usd_per_mtok) == (0.55, 0.14, 2.19)


def test_the_standard_window_is_the_standard_tier_priced_globally(outcome):
    assert {(r.price_tier, r.region, r.provider_id) for r in outcome.records} == {("standard", "global", "deepseek")}
    assert len(outcome.records) == 2


def test_off_peak_prices_are_skipped_with_a_reason_not_invented_as_a_tier(outcome):
    assert len(outcome.skipped) == 2 and outcome.unreadable == []
    for skip in outcome.skipped:
        assert skip.reason.startswith("off-peak time-of-day price") and "DISCOUNT PRICE" in skip.detail


def test_a_price_spanning_both_model_columns_counts_for_each_model():
    # The 2025-09-05 list: one colspan=2 cell per row (0.07 / 0.56 / 1.68, as the page showed it).
    html = """<table><tr><td colspan="2">MODEL</td><td>deepseek-chat</td><td>deepseek-reasoner</td></tr>
    <tr><td colspan="2">CONTEXT LENGTH</td><td colspan="2">128K</td></tr>
    <tr><td rowspan="3">PRICING</td><td>1M INPUT TOKENS (CACHE HIT)</td><td colspan="2">$0.07</td></tr>
    <tr><td>1M INPUT TOKENS (CACHE MISS)</td><td colspan="2">$0.56</td></tr>
    <tr><td>1M OUTPUT TOKENS</td><td colspan="2">$1.68</td></tr></table>"""
    outcome = parse_snapshots(SOURCE, [_snapshot(html)])
    assert {(r.provider_model_id, r.input_usd_per_mtok, r.cached_input_usd_per_mtok, r.output_usd_per_mtok)
            for r in outcome.records} == {("deepseek-chat", 0.56, 0.07, 1.68), ("deepseek-reasoner", 0.56, 0.07, 1.68)}


def test_peak_rows_are_standard_and_off_peak_rows_are_skipped_in_the_2026_layout():
    # Layout of the 2026 page (OFF-PEAK / PEAK sub-rows, a footnote mark on the model id); the
    # figures are those of another project's test fixture of that page, not confirmed here.
    html = """<table><tr><td colspan="3">MODEL</td><td>deepseek-v4-flash(1)</td></tr>
    <tr><td rowspan="6">PRICING</td><td rowspan="2">1M INPUT TOKENS (CACHE HIT)</td><td>OFF-PEAK</td><td>$0.007</td></tr>
    <tr><td>PEAK</td><td>$0.014</td></tr>
    <tr><td rowspan="2">1M INPUT TOKENS (CACHE MISS)</td><td>OFF-PEAK</td><td>$0.22</td></tr>
    <tr><td>PEAK</td><td>$0.44</td></tr>
    <tr><td rowspan="2">1M OUTPUT TOKENS</td><td>OFF-PEAK</td><td>$0.66</td></tr>
    <tr><td>PEAK</td><td>$1.32</td></tr></table>"""
    outcome = parse_snapshots(SOURCE, [_snapshot(html)])
    [flash] = outcome.records
    assert (flash.provider_model_id, flash.input_usd_per_mtok, flash.cached_input_usd_per_mtok,
            flash.output_usd_per_mtok) == ("deepseek-v4-flash", 0.44, 0.014, 1.32)
    [off_peak] = outcome.skipped
    assert off_peak.detail == "deepseek-v4-flash: OFF-PEAK" and not off_peak.unreadable


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(html: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_snapshots(SOURCE, [_snapshot(html)])
    assert (caught.value.source_id, caught.value.url) == ("deepseek", PRICING_URL)
    assert PRICING_URL in str(caught.value)
    return caught.value


def test_the_cny_page_is_refused_naming_the_currency():
    error = _parse_error(FIXTURE.read_text().replace("$", "¥"))
    assert error.field == "currency" and "CNY" in error.message


def test_an_html_error_page_fails_naming_the_header():
    assert _parse_error("<html><body><h1>502 Bad Gateway</h1></body></html>").field == "header"


def test_a_model_table_without_price_rows_fails_naming_the_header():
    assert _parse_error('<table><tr><td colspan="2">MODEL</td><td>deepseek-chat</td></tr></table>').field == "header"


def test_an_announced_price_list_beside_the_current_one_fails_rather_than_guessing():
    page = FIXTURE.read_text()
    table = page[page.index("<table"):page.index("</table>") + len("</table>")]
    error = _parse_error(page.replace(table, table + "<p>Starting from ...</p>" + table))
    assert error.field == "table"


def test_a_changed_price_row_label_fails_naming_the_header():
    error = _parse_error(FIXTURE.read_text().replace("1M OUTPUT TOKENS", "1M REASONING TOKENS"))
    assert error.field == "header" and "REASONING" in error.message


@pytest.mark.parametrize("cell", ["Free", "", "Contact sales", "0.27 USD/1K"])
def test_an_unreadable_price_cell_for_every_model_fails_the_page(cell):
    page = FIXTURE.read_text().replace("<td>$0.27</td>", f"<td>{cell}</td>").replace("<td>$0.55</td>", f"<td>{cell}</td>")
    error = _parse_error(page)
    assert error.field == "rows" and "unreadable" in error.message
