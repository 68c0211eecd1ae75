"""Google Cloud GPUs from the Cloud Billing Catalog API: the bundled two pages and broken inputs.

We record the price of attaching ONE GPU (per GPU-hour, the VM's cores and memory not included),
as instance_type "<gpu> attachment", like the SkyPilot source's GCP rows (see scrapers/sources/gcp.py).

Where the bundled pages come from:
- page 1: the three Compute Engine SKUs of a real Catalog API page kept by opencost/opencost
  (pkg/cloud/gcp/test/skus.json, "copied directly from GCP Billing API", effective 2023-03-24):
  A100 40GB (039F-D0DA-4055, 2.933908 USD/h), A2 RAM (0.004237 USD/GiB-h), A2 core (0.031611
  USD/h), with that page's real nextPageToken. The same three figures appear in other projects.
- page 2: the H100 80GB on-demand SKU for us-central1 at 9.796550569 USD/h (quoted alike by three
  unrelated projects); its skuId, full region list and effective time are unknown and left out.
No spot or non-US GPU figure could be confirmed, so the spot reading is checked on the real A100
SKU re-worded as a spot SKU (a test of the description grammar, not a published spot price).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from scrapers import gpus
from scrapers.errors import FetchError
from scrapers.parsing import parse_snapshots
from scrapers.records import GpuRate, Skip
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.gcp import API_KEY_ENV, SKUS_URL, SOURCE, fetch, parse
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIRST_PAGE = FIXTURES / "gcp" / f"{slug(SKUS_URL)}.json"


def _snapshot(body, url: str = SKUS_URL) -> Snapshot:
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    return Snapshot(source_id="gcp", url=url, fetched_at=datetime(2026, 11, 26, tzinfo=UTC),
                    status=200, body=body, headers={"Content-Type": "application/json"})


def _page() -> dict:
    return json.loads(FIRST_PAGE.read_text())


def _a100(**changes) -> dict:
    sku = _page()["skus"][0]
    sku.update(changes)
    return sku


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, gpu_name, region, pricing_type="on_demand") -> GpuRate:
    [rate] = [r for r in outcome.records
              if (r.gpu_name, r.region, r.pricing_type) == (gpu_name, region, pricing_type)]
    return rate


def test_both_pages_replay_from_their_slugs_following_the_next_page_token(outcome):
    urls = list(dict.fromkeys(url for url, _ in outcome.origins))
    assert urls[0] == SKUS_URL
    assert urls[1].startswith(SKUS_URL + "&pageToken=APKCS1HVa0Yp") and len(urls) == 2


def test_the_a100_40gb_attachment_costs_2_933908_per_gpu_hour_in_each_americas_region(outcome):
    for region in ("us-central1", "us-east1", "us-west1"):
        rate = _rate(outcome, "A100", region)
        assert rate.usd_per_instance_hour == pytest.approx(2.933908)
        assert rate.usd_per_gpu_hour == pytest.approx(2.933908)
        assert (rate.gpu_count, rate.instance_type, rate.provider_id) == (1, "A100 attachment", "gcp")
        assert rate.gpu_id == "A100-SXM-40GB"


def test_the_h100_80gb_attachment_on_the_second_page_costs_9_796550569_in_us_central1(outcome):
    rate = _rate(outcome, "H100", "us-central1")
    assert rate.usd_per_gpu_hour == pytest.approx(9.796550569)
    assert (rate.instance_type, rate.gpu_id) == ("H100 attachment", "H100-SXM")


def test_only_gpu_skus_become_offers_the_a2_cores_and_ram_are_not_added(outcome):
    assert len(outcome.records) == 4
    assert {r.instance_type for r in outcome.records} == {"A100 attachment", "H100 attachment"}
    assert outcome.skipped == []
    # What the a2-highgpu-1g host would add, for the record: 12 vCPU and 85 GiB at the A2 rates.
    assert 12 * 0.031611 + 85 * 0.004237 == pytest.approx(0.739477)


def test_a_spot_description_with_usage_type_preemptible_is_a_spot_offer():
    sku = _a100(description="Nvidia Tesla A100 GPU attached to Spot Preemptible VMs running in Americas",
                category={"resourceFamily": "Compute", "resourceGroup": "GPU", "usageType": "Preemptible"})
    rates = [r for r in parse(_snapshot({"skus": [sku]})) if isinstance(r, GpuRate)]
    assert {(r.pricing_type, r.instance_type) for r in rates} == {("spot", "A100 attachment")}


def test_committed_use_other_billing_models_and_unknown_gpus_are_deliberate_skips():
    skus = [
        _a100(description="Commitment v1: Nvidia Tesla A100 GPU in Americas for 1 Year",
              category={"resourceGroup": "GPU", "usageType": "Commit1Yr"}),
        _a100(description="Nvidia Tesla T4 GPU attached to Sole Tenancy VMs running in Americas"),
        _a100(description="Nvidia L4 GPU Virtual Workstation running in Americas"),
        _a100(description="Nvidia B300 GPU running in Americas"),
        _a100(),
    ]
    skipped = [s for s in parse(_snapshot({"skus": skus})) if isinstance(s, Skip)]
    assert [s.reason for s in skipped] == [
        "committed-use GPU price (format and figures unconfirmed)",
        "GPU SKU of another billing model (sole tenancy, DWS, workstation...)",
        "GPU SKU of another billing model (sole tenancy, DWS, workstation...)",
        "GPU model not in the name table",
    ]
    assert not any(s.unreadable for s in skipped)


def test_two_skus_for_the_same_gpu_region_and_pricing_type_keep_the_first():
    out = list(parse(_snapshot({"skus": [_a100(), _a100()]})))
    assert sum(isinstance(r, GpuRate) for r in out) == 3
    assert [s.reason for s in out if isinstance(s, Skip)] == ["duplicate offer"] * 3


def test_every_gpu_name_the_parser_emits_resolves_to_a_canonical_gpu():
    for name in ("A100", "A100-80GB", "H100", "H100-MEGA", "H200", "L4", "T4", "V100"):
        assert gpus.resolve("gcp", name, f"{name} attachment"), name


def test_live_fetch_without_an_api_key_fails_naming_the_variable(monkeypatch):
    monkeypatch.delenv(API_KEY_ENV, raising=False)

    class Live:
        def get(self, *args, **kwargs):
            raise AssertionError("must not reach the network without a key")

    with pytest.raises(FetchError, match=API_KEY_ENV) as error:
        fetch(SOURCE, Live())
    assert error.value.source_id == "gcp"


def test_the_key_goes_in_a_header_and_never_into_the_recorded_urls(monkeypatch):
    monkeypatch.setenv(API_KEY_ENV, "secret-key-123")
    replay, seen = ReplayClient(FIXTURES), []

    class Recording:
        def get(self, source_id, url, *, headers=None, json_body=None):
            seen.append((url, headers))
            return replay.get(source_id, url, headers=headers)

    pages = fetch(SOURCE, Recording())
    assert [h for _, h in seen] == [{"X-Goog-Api-Key": "secret-key-123"}] * 2
    assert not any("secret-key-123" in p.url or "key=" in p.url for p in pages)


@pytest.mark.parametrize("sku_change, field", [
    ({"pricingInfo": [{"pricingExpression": {"usageUnit": "h", "tieredRates": [
        {"unitPrice": {"currencyCode": "IDR", "units": "44008", "nanos": 620000000}}]}}]}, "currencyCode"),
    ({"pricingInfo": [{"pricingExpression": {"usageUnit": "mo", "tieredRates": [
        {"unitPrice": {"currencyCode": "USD", "units": "2141", "nanos": 0}}]}}]}, "usageUnit"),
    ({"pricingInfo": [{"pricingExpression": {"usageUnit": "h", "tieredRates": [
        {"unitPrice": {"currencyCode": "USD", "units": "0", "nanos": 0}}]}}]}, "unitPrice"),
    ({"pricingInfo": []}, "pricingInfo"),
    ({"serviceRegions": []}, "serviceRegions"),
    ({"category": {"resourceGroup": "GPU", "usageType": "Preemptible"}}, "usageType"),
])
def test_an_unreadable_gpu_sku_fails_the_page_naming_the_field(sku_change, field):
    error = parse_error(SOURCE, _snapshot({"skus": [_a100(**sku_change)]}))
    assert (error.url, error.field) == (SKUS_URL, "rows")
    assert f"unreadable {field}" in str(error)


@pytest.mark.parametrize("body, field", [
    (b"<!DOCTYPE html><html><body>Error 404</body></html>", "body"),
    ({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                "status": "INVALID_ARGUMENT"}}, "body"),
    ({"services": []}, "skus"),
    ({"skus": []}, "records"),
])
def test_error_pages_and_empty_lists_raise_a_parse_error(body, field):
    error = parse_error(SOURCE, _snapshot(body))
    assert (error.url, error.field) == (SKUS_URL, field)


def test_a_page_of_only_vm_skus_yields_nothing_but_does_not_fail_with_a_gpu_page_beside_it():
    vm_only = _page()
    vm_only["skus"] = vm_only["skus"][1:]
    out = parse_snapshots(SOURCE, [_snapshot(vm_only), replace(_snapshot({"skus": [_a100()]}), url=SKUS_URL + "&x")])
    assert len(out.records) == 3
