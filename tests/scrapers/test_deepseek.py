"""DeepSeek: the bundled USD pricing page (figures published until 2025-09-05, standard and off-peak) and broken inputs."""

from __future__ import annotations

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.deepseek import PRICING_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error, snapshot_from_file

FIXTURE = FIXTURES / "deepseek" / f"{slug(PRICING_URL)}.html"


def _snapshot(html: str) -> Snapshot:
    snapshot = snapshot_from_file("deepseek", FIXTURE, PRICING_URL, "text/html")
    return Snapshot(source_id="deepseek", url=PRICING_URL, fetched_at=snapshot.fetched_at, status=200,
                    body=html.encode(), headers={"Content-Type": "text/html"})


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model_id: str, tier: str = "standard"):
    [price] = [r for r in outcome.records if r.provider_model_id == model_id and r.price_tier == tier]
    return price


def _prices(price) -> tuple:
    return price.input_usd_per_mtok, price.cached_input_usd_per_mtok, price.output_usd_per_mtok


def _relabelled_2026(page: str) -> str:
    """The bundled page with the 2026 band labels (PEAK / OFF-PEAK, no hours) in place of the 2025 ones."""
    page = page.replace("STANDARD PRICE<br>(UTC 00:30-16:30)", "PEAK").replace("DISCOUNT PRICE<br>(UTC 16:30-00:30)", "OFF-PEAK")
    assert "STANDARD PRICE" not in page and "DISCOUNT PRICE" not in page
    return page


def test_the_bundled_page_replays_from_its_slug():
    assert FIXTURE.name == "api-docs.deepseek.com_quick_start_pricing.html"
    assert FIXTURE.stat().st_size < 60_000


def test_cache_miss_is_the_input_price_and_cache_hit_the_cached_price(outcome):
    chat = _price(outcome, "deepseek-chat")
    assert (chat.input_usd_per_mtok, chat.cached_input_usd_per_mtok, chat.output_usd_per_mtok) == (0.27, 0.07, 1.10)
    reasoner = _price(outcome, "deepseek-reasoner")
    assert (reasoner.input_usd_per_mtok, reasoner.cached_input_usd_per_mtok, reasoner.output_usd_per_mtok) == (0.55, 0.14, 2.19)


def test_the_standard_window_is_the_standard_tier_and_the_discount_window_the_off_peak_tier(outcome):
    assert sorted((r.provider_model_id, r.price_tier) for r in outcome.records) == [
        ("deepseek-chat", "off_peak"), ("deepseek-chat", "standard"),
        ("deepseek-reasoner", "off_peak"), ("deepseek-reasoner", "standard")]
    assert {(r.region, r.provider_id, r.min_prompt_tokens) for r in outcome.records} == {("global", "deepseek", 0)}
    assert outcome.skipped == [] and outcome.notices == []


def test_off_peak_prices_are_the_discount_figures_for_both_models(outcome):
    # DISCOUNT PRICE (UTC 16:30-00:30): cache miss 0.135, cache hit 0.035, output 0.550 for both.
    assert _prices(_price(outcome, "deepseek-chat", "off_peak")) == (0.135, 0.035, 0.55)
    assert _prices(_price(outcome, "deepseek-reasoner", "off_peak")) == (0.135, 0.035, 0.55)


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


def test_peak_sub_rows_are_standard_and_off_peak_sub_rows_off_peak_in_the_2026_layout():
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
    assert {r.provider_model_id for r in outcome.records} == {"deepseek-v4-flash"} and outcome.skipped == []
    assert _prices(_price(outcome, "deepseek-v4-flash")) == (0.44, 0.014, 1.32)
    assert _prices(_price(outcome, "deepseek-v4-flash", "off_peak")) == (0.22, 0.007, 0.66)


def test_peak_and_off_peak_band_labels_read_like_standard_and_discount(outcome):
    relabelled = parse_snapshots(SOURCE, [_snapshot(_relabelled_2026(FIXTURE.read_text()))])
    assert relabelled.records == outcome.records and relabelled.skipped == []
    assert _prices(_price(relabelled, "deepseek-chat")) == (0.27, 0.07, 1.10)
    assert _prices(_price(relabelled, "deepseek-reasoner", "off_peak")) == (0.135, 0.035, 0.55)


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(html: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(html))


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
    page = FIXTURE.read_text()
    for price in ("$0.27", "$0.55", "$0.135"):  # cache miss: standard chat, standard reasoner, off-peak both
        page = page.replace(f"<td>{price}</td>", f"<td>{cell}</td>")
    error = _parse_error(page)
    assert error.field == "rows" and "unreadable" in error.message


def test_an_added_row_or_column_is_reported_and_the_prices_are_unchanged(outcome):
    html = FIXTURE.read_text().replace(
        '<tr><td colspan="2">CONTEXT LENGTH</td><td colspan="2">64K</td></tr>',
        '<tr><td colspan="2">CONTEXT LENGTH</td><td colspan="2">64K</td><td>128K</td></tr>'
        '<tr><td colspan="2">WEB SEARCH (PER 1K CALLS)</td><td colspan="2">$5</td><td>$5</td></tr>')
    html = html.replace("<td>deepseek-reasoner</td></tr>", "<td>deepseek-reasoner</td><td>notes</td></tr>")
    noticed = parse_snapshots(SOURCE, [_snapshot(html)])
    assert outcome.notices == []
    assert noticed.notices == [
        f"{PRICING_URL}: unknown column 'notes' in price table header ['MODEL', 'MODEL', 'deepseek-chat', 'deepseek-reasoner', 'notes']",
        f"{PRICING_URL}: unknown row 'WEB SEARCH (PER 1K CALLS)' in the price table (not priced per 1M tokens)"]
    assert noticed.records == outcome.records
