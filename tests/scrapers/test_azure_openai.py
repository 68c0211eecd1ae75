"""Azure OpenAI: a Retail Prices API page of real 2025-08-17 items, and broken inputs."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import FetchError, ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.azure_openai import MAX_PAGES, PRICES_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "azure_openai" / f"{slug(PRICES_URL)}.json"


def _snapshot(body, url: str = PRICES_URL) -> Snapshot:
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    return Snapshot(source_id="azure_openai", url=url, fetched_at=datetime(2025, 8, 17, tzinfo=timezone.utc),
                    status=200, body=body, headers={"Content-Type": "application/json"})


def _page() -> dict:
    return json.loads(FIXTURE.read_bytes())


def _item(page: dict, sku: str) -> dict:
    return next(i for i in page["Items"] if i["skuName"] == sku)


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model_id: str, region: str = "eastus", tier: str = "standard"):
    [price] = [r for r in outcome.records if r.provider_model_id == model_id and r.region == region and r.price_tier == tier]
    return price


def _prices(price):
    return (price.input_usd_per_mtok, price.output_usd_per_mtok, price.cached_input_usd_per_mtok)


def test_the_bundled_page_replays_from_its_slug_and_is_small():
    assert FIXTURE.name == "prices.azure.com_api_retail_prices_filter_contains_productName_20_27OpenAI_27.json"
    assert FIXTURE.stat().st_size < 60_000


def test_a_global_price_per_1k_tokens_becomes_usd_per_million(outcome):
    # gpt-4o-mini-0718-Inp-glbl 0.00015, -Outp-glbl 0.0006, "gpt 4o mini 0718 cached Inp glbl" 0.000075 per 1K
    assert _prices(_price(outcome, "gpt-4o-mini-0718:global")) == (0.15, 0.6, 0.075)


def test_a_regional_deployment_is_its_own_model_id_with_its_uplift(outcome):
    # -Inp-regnl 0.000165, -Outp-regnl 0.00066, cached regnl 0.000083 per 1K: 10% over global
    assert _prices(_price(outcome, "gpt-4o-mini-0718:regional")) == (0.165, 0.66, 0.083)


def test_regional_prices_differ_by_region_so_the_region_is_kept(outcome):
    # southeastasia: 0.000198 / 0.000792 per 1K
    southeast = _price(outcome, "gpt-4o-mini-0718:regional", "southeastasia")
    assert (southeast.input_usd_per_mtok, southeast.output_usd_per_mtok) == (0.198, 0.792)


def test_batch_meters_become_the_batch_tier_for_global_and_data_zone(outcome):
    assert _prices(_price(outcome, "gpt-4o-mini-0718:global", tier="batch")) == (0.075, 0.3, None)
    # "gpt 4o mini 0718 Batch Inp Data Zone" and the run-together "gpt 4o mini0718 BatchOutp DataZone"
    assert _prices(_price(outcome, "gpt-4o-mini-0718:datazone", tier="batch")) == (0.083, 0.33, None)


def test_data_zone_meters_spelled_with_spaces_join_into_one_price(outcome):
    assert _prices(_price(outcome, "gpt-4.1:datazone")) == (2.2, 8.8, 0.55)


def test_a_price_per_1m_tokens_is_kept_as_is(outcome):
    # GPT 5 Mini Inpt / outpt / cchd Inpt Glbl: 0.25 / 2.0 / 0.025 per 1M
    assert _prices(_price(outcome, "gpt-5-mini:global", "eastus2")) == (0.25, 2.0, 0.025)


def test_long_spellings_input_output_cached_input_are_read(outcome):
    assert _prices(_price(outcome, "o3-mini-0131:regional")) == (1.21, 4.84, 0.605)


def test_each_price_names_azure_openai_and_the_model(outcome):
    price = _price(outcome, "gpt-oss-120b:global")
    assert (price.provider_id, price.provider_name, price.model_name) == ("azure_openai", "Azure OpenAI", "gpt-oss-120b")
    assert (price.input_usd_per_mtok, price.output_usd_per_mtok) == (0.15, 0.6)


def test_the_key_is_unique(outcome):
    keys = [(r.provider_model_id, r.price_tier, r.region, r.min_prompt_tokens) for r in outcome.records]
    assert len(keys) == len(set(keys)) == 9


@pytest.mark.parametrize("meter, reason", [
    ("Provisioned Managed Global Unit", "provisioned throughput"),
    ("gpt-4o-mini-0718-FT-Hstng-glbl Unit", "fine-tuning meter"),
    ("gpt-4o-rt-txt-1217 Inp glbl Tokens", "audio, realtime"),
    ("text-embedding-3-small-glbl Tokens", "embedding model"),
    ("babbage-002-base-glbl Tokens", "legacy base-model meter"),
    ("Assistants-File Search-glbl GB", "not priced per token"),
])
def test_meters_that_are_not_text_token_prices_are_skipped_with_a_reason(outcome, meter, reason):
    [skip] = [s for s in outcome.skipped if s.detail.startswith(meter)]
    assert skip.reason.startswith(reason) and not skip.unreadable


def test_nothing_in_the_real_page_is_unreadable(outcome):
    assert outcome.unreadable == []


def test_a_reservation_item_is_skipped_as_a_commitment():
    page = _page()
    reserved = copy.deepcopy(_item(page, "Provisioned Managed Global"))
    reserved.update(type="Reservation", reservationTerm="1 Month", retailPrice=260.0)
    page["Items"].append(reserved)
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    assert any(s.reason.startswith("reservation") for s in outcome.skipped)


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(body) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


def test_an_html_error_page_fails_naming_the_body():
    assert _parse_error("<html><body>Service Unavailable</body></html>").field == "body"


def test_an_envelope_without_items_fails_naming_items():
    assert _parse_error({"error": {"code": "BadRequest", "message": "Invalid OData filter"}}).field == "Items"


def test_an_empty_page_fails_because_nothing_was_read():
    page = {"BillingCurrency": "USD", "CustomerEntityId": "Default", "CustomerEntityType": "Retail",
            "Items": [], "NextPageLink": None, "Count": 0}
    assert _parse_error(page).field == "records"


def test_a_price_in_another_currency_is_refused_not_converted():
    page = _page()
    _item(page, "gpt-4o-mini-0718-Inp-glbl")["currencyCode"] = "EUR"
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    [bad] = outcome.unreadable
    assert bad.reason == "unreadable currencyCode" and "'EUR' is not USD" in bad.detail
    # the output and cached meters of that price are not published without their input
    assert "gpt-4o-mini-0718:global" not in {r.provider_model_id for r in outcome.records if r.price_tier == "standard"}
    assert any(s.reason == "another meter of this price is unreadable" for s in outcome.skipped)


def test_an_unknown_meter_spelling_is_unreadable_not_guessed():
    page = _page()
    item = _item(page, "gpt-4o-mini-0718-Inp-glbl")
    item["skuName"] = "gpt-4o-mini-0718-Prompt-glbl"
    error = _parse_error({**page, "Items": [item]})
    assert error.field == "rows" and "skuName" in error.message


def test_a_blank_price_is_unreadable():
    page = _page()
    item = _item(page, "GPT 5 Mini Inpt Glbl")
    item["retailPrice"] = ""
    assert "retailPrice" in _parse_error({**page, "Items": [item]}).message


def test_two_meters_for_one_price_that_disagree_are_unreadable():
    page = _page()
    twin = copy.deepcopy(_item(page, "gpt-4o-mini-0718-Inp-glbl"))
    twin.update(skuName="gpt 4o mini 0718 Inp glbl", retailPrice=0.0002)
    page["Items"].append(twin)
    outcome = parse_snapshots(SOURCE, [_snapshot(page)])
    [bad] = outcome.unreadable
    assert bad.reason == "unreadable input price"
    assert "gpt-4o-mini-0718:global" not in {r.provider_model_id for r in outcome.records if r.region == "eastus"
                                             and r.price_tier == "standard"}


def test_a_page_of_mostly_unreadable_prices_fails():
    page = _page()
    for item in page["Items"]:
        item["retailPrice"] = "N/A"
    error = _parse_error(page)
    assert error.field == "rows" and "more than half" in error.message


# --- fetch: NextPageLink pagination -------------------------------------------------------------

class FakeClient:
    def __init__(self, pages: dict):
        self.pages, self.requested = pages, []

    def get(self, source_id, url, *, headers=None, json_body=None):
        self.requested.append(url)
        return _snapshot(self.pages[url], url)


def test_fetch_follows_next_page_links_until_null():
    page = _page()
    second = "https://prices.azure.com:443/api/retail/prices?$filter=contains(productName,%20%27OpenAI%27)&$skip=100"
    first = {**page, "Items": page["Items"][:10], "NextPageLink": second}
    client = FakeClient({PRICES_URL: first, second: {**page, "Items": page["Items"][10:], "NextPageLink": None}})
    snapshots = SOURCE.fetch_all(client)
    assert client.requested == [PRICES_URL, second]
    assert parse_snapshots(SOURCE, snapshots).records == parse_snapshots(SOURCE, [_snapshot(page)]).records


def test_fetch_stops_a_next_page_link_that_loops():
    client = FakeClient({PRICES_URL: {"Items": [], "NextPageLink": PRICES_URL}})
    with pytest.raises(FetchError, match="loops"):
        SOURCE.fetch_all(client)


def test_fetch_gives_up_after_the_page_bound():
    pages = {PRICES_URL: {"Items": [], "NextPageLink": f"{PRICES_URL}&$skip=1"}}
    pages.update({f"{PRICES_URL}&$skip={n}": {"Items": [], "NextPageLink": f"{PRICES_URL}&$skip={n + 1}"}
                  for n in range(1, MAX_PAGES + 1)})
    client = FakeClient(pages)
    with pytest.raises(FetchError, match=f"after {MAX_PAGES} pages"):
        SOURCE.fetch_all(client)
    assert len(client.requested) == MAX_PAGES


def test_an_item_key_the_parser_does_not_know_is_reported_and_the_prices_are_unchanged(outcome):
    page = _page()
    for item in page["Items"]:
        item["savingsPlan"] = [{"unitPrice": 1.0, "retailPrice": 1.0, "term": "1 Year"}]
    noticed = parse_snapshots(SOURCE, [_snapshot(page)])
    assert outcome.notices == []
    assert noticed.notices == [f"{PRICES_URL}: unknown key 'savingsPlan' in a price item"]
    assert noticed.records == outcome.records
