"""Azure: the bundled Retail Prices API pages (real figures) and broken inputs.

Where the bundled figures come from: Linux pay-as-you-go and spot prices of the N-series block of
the SkyPilot v6 Azure catalog in realdata (generated from this same API: Price = the Linux
Consumption meter, SpotPrice = the " Spot" meter); the Windows (102.736), Spot (18.169536) and
Low Priority (41.094) meters of Standard_ND96isr_H100_v5 in eastus and its meterName
"ND96isrH100v5" as quoted from a live capture (2026-09-16) in a public test suite. The envelope and
item field names are the API's; meterId, productId, skuId and effectiveStartDate are placeholders
in the real shape. eastus is served as two pages joined by NextPageLink.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import FetchError, ParseError
from scrapers.parsing import parse_snapshots
from scrapers.records import GpuRate, Skip
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.azure import MAX_PAGES, PRICES_URL, SOURCE, parse
from tests.conftest import FIXTURES
from tests.helpers import parse_error

EASTUS = PRICES_URL.format(region="eastus")


def _page(items: list, next_link: str | None = None, url: str = EASTUS, **envelope) -> Snapshot:
    body = {"BillingCurrency": "USD", "CustomerEntityId": "Default", "CustomerEntityType": "Retail",
            "Items": items, "NextPageLink": next_link, "Count": len(items), **envelope}
    return Snapshot(source_id="azure", url=url, fetched_at=datetime(2026, 9, 16, tzinfo=timezone.utc), status=200,
                    body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def _nd_h100(**changes) -> dict:
    document = json.loads((FIXTURES / "azure" / f"{slug(EASTUS)}.json").read_text())
    [item] = [i for i in document["Items"] if i["meterName"] == "ND96isrH100v5" and "Windows" not in i["productName"]]
    return {**item, **changes}


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, sku: str, region: str = "eastus", pricing: str = "on_demand"):
    [rate] = [r for r in outcome.records if (r.instance_type, r.region, r.pricing_type) == (sku, region, pricing)]
    return rate


def test_the_fetch_follows_next_page_link_and_every_page_replays_from_its_slug():
    snapshots = SOURCE.fetch_all(ReplayClient(FIXTURES))
    assert [s.url for s in snapshots][:2] == [EASTUS, EASTUS.replace("prices.azure.com", "prices.azure.com:443") + "&$skip=1000"]
    assert len(snapshots) == 4 and SOURCE.hosts == {"prices.azure.com"}
    assert all(p.stat().st_size < 60_000 for p in (FIXTURES / "azure").iterdir())


def test_nd96isr_h100_v5_has_eight_h100_sxm_gpus_not_the_skypilot_twelve(outcome):
    nd = _rate(outcome, "Standard_ND96isr_H100_v5")
    assert (nd.gpu_count, nd.usd_per_instance_hour, nd.gpu_id) == (8, 98.32, "H100-SXM")
    assert nd.usd_per_gpu_hour == pytest.approx(12.29)


def test_a_meter_ending_in_spot_is_the_spot_price(outcome):
    spot = _rate(outcome, "Standard_ND96isr_H100_v5", pricing="spot")
    assert spot.usd_per_instance_hour == 18.169536
    assert spot.usd_per_gpu_hour == pytest.approx(2.271192)


@pytest.mark.parametrize("sku, region, pricing, price, count, gpu_id", [
    ("Standard_NC40ads_H100_v5", "eastus", "on_demand", 6.98, 1, "H100-NVL"),
    ("Standard_NC40ads_H100_v5", "southcentralus", "on_demand", 8.38, 1, "H100-NVL"),
    ("Standard_NC24ads_A100_v4", "westus2", "spot", 0.615962, 1, "A100-PCIE-80GB"),
    ("Standard_ND96asr_v4", "eastus", "on_demand", 27.197, 8, "A100-SXM-40GB"),
    ("Standard_ND96amsr_A100_v4", "eastus", "spot", 3.6047, 8, "A100-SXM-80GB"),
    ("Standard_NC4as_T4_v3", "eastus", "on_demand", 0.526, 1, "T4"),
    ("Standard_NV36ads_A10_v5", "eastus", "spot", 0.8, 1, "A10"),
    ("Standard_NC6s_v3", "westus2", "on_demand", 3.06, 1, "V100-16GB"),
])
def test_figures_per_sku_region_and_pricing_type(outcome, sku, region, pricing, price, count, gpu_id):
    rate = _rate(outcome, sku, region, pricing)
    assert (rate.usd_per_instance_hour, rate.gpu_count, rate.gpu_id) == (price, count, gpu_id)


def test_windows_meters_share_the_linux_meter_name_but_are_skipped(outcome):
    windows = [s for s in outcome.skipped if s.reason == "Windows meter (licence included)"]
    assert len(windows) == 2 and all("Standard_ND96isr_H100_v5" in s.detail for s in windows)
    assert not any(r.usd_per_instance_hour in (102.736, 41.094) for r in outcome.records)


def test_fractional_gpu_sizes_and_cpu_vms_are_left_out(outcome):
    assert [s.detail.split()[0] for s in outcome.skipped if s.reason == "fractional GPU share"] == ["Standard_NV6ads_A10_v5"]
    assert not [r for r in outcome.records if not r.instance_type.startswith("Standard_N")]
    assert outcome.unreadable == []


def test_a_linux_low_priority_meter_is_skipped_as_retired():
    [skip] = list(parse(_page([_nd_h100(meterName="ND96isrH100v5 Low Priority", retailPrice=41.094)])))
    assert (skip.reason, skip.unreadable) == ("Low Priority meter (retired offer, replaced by Spot)", False)


@pytest.mark.parametrize("term, pricing, hours", [("1 Year", "reserved_1y", 8760), ("3 Years", "reserved_3y", 26280)])
def test_a_reservation_price_for_the_whole_term_becomes_an_hourly_rate(term, pricing, hours):
    # An illustrative term total, not a published figure: 8760 h x 60.00 USD/h.
    [rate] = list(parse(_page([_nd_h100(type="Reservation", reservationTerm=term, retailPrice=525600.0)])))
    assert (rate.pricing_type, rate.usd_per_instance_hour) == (pricing, round(525600 / hours, 6))


def test_other_reservation_terms_and_price_types_are_skipped():
    [five_years, devtest] = list(parse(_page([_nd_h100(type="Reservation", reservationTerm="5 Years"),
                                               _nd_h100(type="DevTestConsumption")])))
    assert five_years.reason == "reservation term other than 1 or 3 years"
    assert devtest.reason == "price type DevTestConsumption (not a public rate)"


def test_an_n_series_sku_missing_from_the_gpu_table_is_unreadable_not_guessed():
    [skip] = list(parse(_page([_nd_h100(armSkuName="Standard_ND128isr_NDR_GB200_v6")])))
    assert isinstance(skip, Skip) and skip.unreadable and skip.reason == "unreadable armSkuName"


# --- Broken inputs -------------------------------------------------------------------------------

def _parse_error(snapshot: Snapshot) -> ParseError:
    return parse_error(SOURCE, snapshot)


def test_an_html_error_page_is_a_parse_error():
    page = Snapshot(source_id="azure", url=EASTUS, fetched_at=datetime(2026, 9, 16, tzinfo=timezone.utc), status=200,
                    body=b"<!DOCTYPE html><html><body>The service is unavailable.</body></html>")
    assert _parse_error(page).field == "body"


def test_a_response_without_the_items_envelope_is_a_parse_error():
    page = Snapshot(source_id="azure", url=EASTUS, fetched_at=datetime(2026, 9, 16, tzinfo=timezone.utc), status=200,
                    body=b'{"error": {"code": "BadRequest", "message": "Invalid OData parameters supplied"}}')
    assert _parse_error(page).field == "Items"


def test_an_empty_page_is_a_parse_error():
    assert _parse_error(_page([])).field == "records"


def test_a_page_in_another_billing_currency_is_a_parse_error():
    assert _parse_error(_page([_nd_h100()], BillingCurrency="EUR")).field == "BillingCurrency"


@pytest.mark.parametrize("changes, field", [
    ({"retailPrice": None}, "retailPrice"),
    ({"retailPrice": "Contact sales"}, "retailPrice"),
    ({"currencyCode": "EUR"}, "currencyCode"),
    ({"unitOfMeasure": "1/Month"}, "unitOfMeasure"),
    ({"retailPrice": 0.0}, "usd_per_gpu_hour"),
])
def test_unreadable_items_are_unreadable_skips_and_a_mostly_unreadable_page_fails(changes, field):
    [skip] = list(parse(_page([_nd_h100(**changes)])))
    assert skip.unreadable and skip.reason == f"unreadable {field}"
    assert _parse_error(_page([_nd_h100(**changes)])).field == "rows"


def test_a_next_page_link_that_never_ends_stops_the_fetch():
    class Endless:
        served = 0

        def get(self, source_id, url, **_):
            self.served += 1
            return _page([_nd_h100()], next_link=EASTUS + f"&$skip={100 * self.served}", url=url)
    with pytest.raises(FetchError, match=f"after {MAX_PAGES} pages"):
        SOURCE.fetch_all(Endless())


def test_a_next_page_link_that_loops_back_stops_the_fetch():
    class Looping:
        def get(self, source_id, url, **_):
            return _page([_nd_h100()], next_link=EASTUS, url=url)
    with pytest.raises(FetchError, match="loops back"):
        SOURCE.fetch_all(Looping())


def test_a_next_page_link_to_another_host_is_refused():
    class Elsewhere:
        def get(self, source_id, url, **_):
            return _page([_nd_h100()], next_link="https://example.com/prices?$skip=1000", url=url)
    with pytest.raises(FetchError, match="leaves the source's declared hosts"):
        SOURCE.fetch_all(Elsewhere())


def test_records_are_gpu_rates_of_provider_azure(outcome):
    assert all(isinstance(r, GpuRate) and r.provider_id == "azure" for r in outcome.records)
    keys = [(r.instance_type, r.region, r.pricing_type) for r in outcome.records]
    assert len(keys) == len(set(keys)) == 22


def test_an_item_key_the_parser_does_not_know_is_reported_and_the_rates_are_unchanged():
    items = json.loads((FIXTURES / "azure" / f"{slug(EASTUS)}.json").read_text())["Items"]
    plain = parse_snapshots(SOURCE, [_page(items)])
    savings = [{**item, "savingsPlan": [{"unitPrice": 1.0, "retailPrice": 1.0, "term": "1 Year"}]} for item in items]
    noticed = parse_snapshots(SOURCE, [_page(savings)])
    assert plain.notices == []
    assert noticed.notices == [f"{EASTUS}: unknown key 'savingsPlan' in a price item"]
    assert noticed.records == plain.records
