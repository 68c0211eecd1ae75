"""Mistral: the bundled mistral.ai/pricing page (captured layout, 2026-05-08 figures) and broken inputs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.mistral import PRICING_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "mistral" / f"{slug(PRICING_URL)}.html"


def _snapshot(body: str | bytes) -> Snapshot:
    return Snapshot(source_id="mistral", url=PRICING_URL, fetched_at=datetime(2026, 5, 8, tzinfo=timezone.utc),
                    status=200, body=body.encode() if isinstance(body, str) else body,
                    headers={"Content-Type": "text/html"})


def _page() -> str:
    return FIXTURE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model_id: str):
    [price] = [r for r in outcome.records if r.provider_model_id == model_id]
    return price


def test_the_bundled_page_replays_from_its_slug():
    assert FIXTURE.name == "mistral.ai_pricing.html"
    assert FIXTURE.stat().st_size < 60_000


def test_a_card_price_of_dollar_dollar_1_5_is_1_5_usd_per_million_tokens(outcome):
    medium = _price(outcome, "mistral-medium-latest")
    assert (medium.input_usd_per_mtok, medium.output_usd_per_mtok) == (1.5, 7.5)
    assert (medium.model_name, medium.provider_id, medium.region, medium.price_tier) == (
        "Mistral Medium 3.5", "mistral", "global", "standard")


def test_the_api_id_is_the_provider_model_id(outcome):
    devstral = _price(outcome, "devstral-medium-latest")
    assert (devstral.model_name, devstral.input_usd_per_mtok, devstral.output_usd_per_mtok) == ("Devstral 2", 0.4, 2.0)


def test_euro_prices_beside_the_dollar_ones_are_not_read(outcome):
    # Medium 3.5 is 1.25€ / 6.4€ in the same card: only the dollar figures land.
    assert _price(outcome, "mistral-medium-latest").input_usd_per_mtok != 1.25


def test_cards_priced_per_page_are_skipped_with_a_reason(outcome):
    [ocr] = outcome.skipped
    assert ocr.detail.startswith("mistral-ocr-latest") and "not priced per token" in ocr.reason and not ocr.unreadable


def test_plan_prices_are_not_model_prices(outcome):
    assert {r.provider_model_id for r in outcome.records} == {"mistral-medium-latest", "devstral-medium-latest"}
    assert outcome.unreadable == []


def test_a_card_repeated_with_the_same_prices_is_kept_once():
    page = _page().replace("</body>", _page().split("</main>")[1].split("</body>")[0] + "</body>")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    assert len(outcome.records) == 2
    assert any(s.reason == "card repeated on the page" for s in outcome.skipped)


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(body: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


def test_an_html_error_page_fails_naming_the_body():
    assert _parse_error("<html><body><h1>503 Service Unavailable</h1></body></html>").field == "body"


def test_a_page_without_model_cards_fails_naming_the_models():
    assert _parse_error(_page().replace('\\"price\\":', '\\"prices\\":')).field == "models"


def test_an_empty_model_grid_fails_naming_the_models():
    page = _page()
    start = page.index('\\"models\\":[') + len('\\"models\\":[')
    assert _parse_error(page[:start] + page[page.index("]}]]}]", start):]).field == "models"


def test_a_euro_only_card_is_refused_naming_the_currency():
    page = _page().replace('\\"price_dollar\\":\\"$$0.4\\",', "")
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    [bad] = outcome.unreadable
    assert bad.reason == "unreadable currency" and "EUR" in bad.detail


def test_a_dollar_field_holding_euros_is_refused_naming_the_currency():
    page = _page().replace('\\"price_dollar\\":\\"$$1.5\\"', '\\"price_dollar\\":\\"1.25€\\"')
    [bad] = parse_snapshots(SOURCE, [_snapshot(page)]).unreadable
    assert bad.reason == "unreadable currency"


@pytest.mark.parametrize("value", ["Free", "Contact sales", ""])
def test_a_price_that_is_not_a_number_makes_the_card_unreadable(value):
    page = _page().replace('\\"price_dollar\\":\\"$$2\\"', f'\\"price_dollar\\":\\"{value}\\"')
    [bad] = parse_snapshots(SOURCE, [_snapshot(page)]).unreadable
    assert "devstral-medium-latest" in bad.reason + bad.detail


def test_a_price_per_thousand_tokens_is_refused_naming_the_unit():
    page = _page().replace('Input (/M tokens)\\",\\"price_dollar\\":\\"$$0.4', 'Input (/K tokens)\\",\\"price_dollar\\":\\"$$0.4')
    [bad] = parse_snapshots(SOURCE, [_snapshot(page)]).unreadable
    assert bad.reason == "unreadable unit"


def test_a_page_of_unreadable_cards_fails():
    page = _page().replace("$$", "")
    page = page.replace('\\"price_dollar\\":\\"1.5\\"', '\\"price_dollar\\":\\"N/A\\"').replace(
        '\\"price_dollar\\":\\"0.4\\"', '\\"price_dollar\\":\\"N/A\\"')
    error = _parse_error(page)
    assert error.field == "rows" and "more than half" in error.message


def test_an_added_key_in_a_price_entry_is_reported_and_the_prices_are_unchanged(outcome):
    page = _page().replace('\\"price_dollar\\":', '\\"price_dollar_batch\\":\\"$$0.1\\",\\"price_dollar\\":')
    noticed = parse_snapshots(SOURCE, [_snapshot(page)])
    assert outcome.notices == []
    assert noticed.notices == [f"{PRICING_URL}: unknown key 'price_dollar_batch' in a model card's price entry"]
    assert noticed.records == outcome.records
