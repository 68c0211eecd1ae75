"""Amazon Bedrock: a composed us-east-1 AmazonBedrock offer file (Nova figures from the 2026-07-24 pricing page).

The fixture's SKUs, rate codes and usagetypes are made up in the pattern of the real file; the
figures are the page's (Nova Micro 0.035 / 0.14, batch 0.0175 / 0.07; Nova Lite 0.06 / 0.24,
batch 0.03 / 0.12 USD per 1M tokens), written per 1K tokens as the price list quotes Nova.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.bedrock import OFFER_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

URL = OFFER_URL.format(region="us-east-1")
FIXTURE = FIXTURES / "bedrock" / slug(URL)


def _snapshot(body) -> Snapshot:
    if isinstance(body, dict):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    return Snapshot(source_id="bedrock", url=URL, fetched_at=datetime(2026, 7, 24, tzinfo=timezone.utc),
                    status=200, body=body, headers={"Content-Type": "application/json"})


def _offer() -> dict:
    return json.loads(FIXTURE.read_bytes())


def _sku(offer: dict, usagetype: str) -> str:
    return next(s for s, p in offer["products"].items() if p["attributes"]["usagetype"] == usagetype)


def _dimension(offer: dict, sku: str) -> dict:
    [term] = offer["terms"]["OnDemand"][sku].values()
    [dimension] = term["priceDimensions"].values()
    return dimension


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model_id: str, tier: str = "standard"):
    [price] = [r for r in outcome.records if r.provider_model_id == model_id and r.price_tier == tier]
    return price


def test_the_bundled_offer_file_replays_from_its_slug():
    assert FIXTURE.name == "pricing.us-east-1.amazonaws.com_offers_v1.0_aws_AmazonBedrock_current_us-east-1_index.json"
    assert FIXTURE.stat().st_size < 60_000


def test_a_price_per_1k_tokens_becomes_usd_per_million_in_its_region(outcome):
    micro = _price(outcome, "Nova Micro")  # "0.0000350000" / "0.0001400000" per 1K tokens
    assert (micro.input_usd_per_mtok, micro.output_usd_per_mtok, micro.region) == (0.035, 0.14, "us-east-1")
    assert (micro.provider_id, micro.provider_name, micro.model_name) == ("bedrock", "Amazon Bedrock", "Nova Micro")


def test_batch_inference_is_the_batch_tier(outcome):
    assert (_price(outcome, "Nova Micro", "batch").input_usd_per_mtok, _price(outcome, "Nova Micro", "batch").output_usd_per_mtok) == (0.0175, 0.07)
    lite = _price(outcome, "Nova Lite", "batch")
    assert (lite.input_usd_per_mtok, lite.output_usd_per_mtok) == (0.03, 0.12)


def test_provisioned_throughput_is_skipped_deliberately(outcome):
    [skip] = outcome.skipped
    assert skip.reason.startswith("provisioned throughput") and not skip.unreadable
    assert len(outcome.records) == 4


def test_a_global_cross_region_price_per_1m_with_cache_prices_is_its_own_model_id():
    # Claude Haiku 4.5 global: 1.00 / 5.00, cache read 0.10, 5m cache write 1.25 (pricing page 2026-07-24).
    offer = _offer()
    for inference, usd, part in [("Input tokens", "1.0000000000", "input"), ("Output tokens", "5.0000000000", "output"),
                                 ("Prompt cache read input tokens", "0.1000000000", "cache-read-input"),
                                 ("Prompt cache write input tokens", "1.2500000000", "cache-write-input")]:
        sku = f"HAIKU{part}"
        product = copy.deepcopy(offer["products"][_sku(offer, "USE1-NovaMicro-input-tokens")])
        product["sku"] = sku
        product["attributes"].update(model="Claude Haiku 4.5", provider="Anthropic", inferenceType=inference,
                                     usagetype=f"USE1-ClaudeHaiku4.5-{part}-tokens-cross-region-global")
        offer["products"][sku] = product
        term = copy.deepcopy(offer["terms"]["OnDemand"][_sku(offer, "USE1-NovaMicro-input-tokens")])
        [inner] = term.values()
        [dimension] = inner["priceDimensions"].values()
        dimension.update(unit="1M tokens", pricePerUnit={"USD": usd})
        offer["terms"]["OnDemand"][sku] = term
    haiku = _price(parse_snapshots(SOURCE, [_snapshot(offer)]), "Claude Haiku 4.5:global")
    assert (haiku.input_usd_per_mtok, haiku.output_usd_per_mtok) == (1.0, 5.0)
    assert (haiku.cached_input_usd_per_mtok, haiku.cache_write_usd_per_mtok) == (0.1, 1.25)


def test_an_image_price_is_skipped_as_not_a_text_token_price():
    offer = _offer()
    offer["products"][_sku(offer, "USE1-NovaLite-input-tokens")]["attributes"]["inferenceType"] = "Video input"
    outcome = parse_snapshots(SOURCE, [_snapshot(offer)])
    assert any(s.reason.startswith("not a text-token price") for s in outcome.skipped)


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(body) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


def test_an_html_error_page_fails_naming_the_body():
    assert _parse_error("<?xml version='1.0'?><Error><Code>AccessDenied</Code></Error>").field == "body"


def test_a_file_without_products_fails_naming_products():
    assert _parse_error({"formatVersion": "v1.0", "offerCode": "AmazonBedrock"}).field == "products"


def test_an_offer_file_with_no_products_fails_because_nothing_was_read():
    assert _parse_error({"products": {}, "terms": {"OnDemand": {}}}).field == "records"


@pytest.mark.parametrize("change, field", [
    ({"unit": "hours"}, "unit"),
    ({"pricePerUnit": {"CNY": "0.00025"}}, "pricePerUnit"),
    ({"pricePerUnit": {"USD": ""}}, "pricePerUnit"),
])
def test_a_price_in_another_unit_currency_or_blank_is_unreadable(change, field):
    offer = _offer()
    for sku in offer["products"]:
        if offer["products"][sku]["attributes"]["feature"] != "Provisioned Throughput":
            _dimension(offer, sku).update(change)
    error = _parse_error(offer)
    assert error.field == "rows" and f"unreadable {field}" in error.message


def test_two_rates_for_one_price_are_unreadable_not_guessed():
    offer = _offer()
    sku = _sku(offer, "USE1-NovaMicro-input-tokens")
    [term] = offer["terms"]["OnDemand"][sku].values()
    term["priceDimensions"]["second"] = dict(_dimension(offer, sku), beginRange="1000000")
    outcome = parse_snapshots(SOURCE, [_snapshot(offer)])
    [bad] = outcome.unreadable
    assert bad.reason == "unreadable priceDimensions"
    # Nova Micro's output and batch prices are not published without its input price
    assert {r.provider_model_id for r in outcome.records} == {"Nova Lite"}
