"""RunPod GraphQL gpuTypes: the bundled answer (real figures) and broken answers.

The bundled answer (api.runpod.io_graphql_<hash of the query>.json) has the shape of the real
`{"data": {"gpuTypes": [...]}}` answer. Its figures are published ones:
- securePrice of eight GPU types: the Secure Cloud prices on runpod.io/pricing on 2026-02-11
  (../shared/realdata/gpu/scraped_pricing_pages/runpod_gpu_prices_2026-02-11_64a1fca.csv, read by that
  scraper from the page's data-secure-cloud-price attribute): B200 4.99, H200 3.59, H100 NVL 3.07,
  H100 SXM 2.69, H100 PCIe 2.39, A100 SXM 1.49, L40S 0.86, RTX 4090 0.59; their other clouds left null.
- "NVIDIA A100 80GB PCIe": the GPU response example of RunPod's API documentation (securePrice 1.89,
  communityPrice 1.59, communitySpotPrice 0.89, no secure spot price).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.runpod import BODY, SOURCE, URL
from tests.conftest import FIXTURES
from tests.helpers import parse_error


def _snapshot(body) -> Snapshot:
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    raw = raw.encode() if isinstance(raw, str) else raw
    return Snapshot(source_id="runpod", url=URL, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc),
                    status=200, body=raw, headers={"Content-Type": "application/json"})


def _gpu(**fields) -> dict:
    return {"id": "NVIDIA H100 80GB HBM3", "displayName": "H100 SXM", "memoryInGb": 80, "secureCloud": True,
            "communityCloud": True, **fields}


def _parse_error(body) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, instance: str, pricing: str):
    [rate] = [r for r in outcome.records if (r.instance_type, r.pricing_type) == (instance, pricing)]
    return rate


def test_the_query_is_posted_and_replays_from_the_slug_of_url_and_body():
    name = slug(URL, BODY)
    assert name.startswith("api.runpod.io_graphql_") and (FIXTURES / "runpod" / f"{name}.json").is_file()
    assert "securePrice communityPrice secureSpotPrice communitySpotPrice" in BODY["query"]


def test_the_h100_sxm_costs_2_69_per_gpu_hour_in_secure_cloud(outcome):
    rate = _rate(outcome, "NVIDIA H100 80GB HBM3 secure", "on_demand")
    assert (rate.gpu_name, rate.gpu_count, rate.region, rate.gpu_id) == ("NVIDIA H100 80GB HBM3", 1, "global", "H100-SXM")
    assert rate.usd_per_gpu_hour == 2.69


def test_the_a100_pcie_has_secure_community_and_community_spot_prices(outcome):
    a100 = "NVIDIA A100 80GB PCIe"
    assert _rate(outcome, f"{a100} secure", "on_demand").usd_per_gpu_hour == 1.89
    assert _rate(outcome, f"{a100} community", "community").usd_per_gpu_hour == 1.59
    assert _rate(outcome, f"{a100} community", "spot").usd_per_gpu_hour == 0.89
    assert not [r for r in outcome.records if r.instance_type == f"{a100} secure" and r.pricing_type == "spot"]


@pytest.mark.parametrize("gpu, price", [("NVIDIA B200", 4.99), ("NVIDIA H200", 3.59), ("NVIDIA H100 NVL", 3.07),
                                        ("NVIDIA H100 PCIe", 2.39), ("NVIDIA A100-SXM4-80GB", 1.49),
                                        ("NVIDIA L40S", 0.86), ("NVIDIA GeForce RTX 4090", 0.59)])
def test_secure_cloud_prices_of_other_gpus(outcome, gpu, price):
    assert _rate(outcome, f"{gpu} secure", "on_demand").usd_per_gpu_hour == price


def test_null_prices_are_no_offer_and_no_skip(outcome):
    assert len(outcome.records) == 11 and outcome.skipped == []


def test_a_spot_price_per_cloud_keeps_the_key_unique():
    rates = parse_snapshots(SOURCE, [_snapshot({"data": {"gpuTypes": [_gpu(
        securePrice=2.69, communityPrice=2.39, secureSpotPrice=2.49, communitySpotPrice=2.19)]}})]).records
    keys = {(r.instance_type, r.pricing_type): r.usd_per_gpu_hour for r in rates}
    assert keys == {("NVIDIA H100 80GB HBM3 secure", "on_demand"): 2.69, ("NVIDIA H100 80GB HBM3 community", "community"): 2.39,
                    ("NVIDIA H100 80GB HBM3 secure", "spot"): 2.49, ("NVIDIA H100 80GB HBM3 community", "spot"): 2.19}


def test_a_cloud_flagged_false_offers_nothing_even_with_a_price():
    [rate] = parse_snapshots(SOURCE, [_snapshot({"data": {"gpuTypes": [_gpu(
        communityCloud=False, securePrice=2.69, communityPrice=2.39)]}})]).records
    assert rate.pricing_type == "on_demand"


def test_a_zero_price_is_a_placeholder_skip():
    outcome = parse_snapshots(SOURCE, [_snapshot({"data": {"gpuTypes": [_gpu(securePrice=2.69, communityPrice=0)]}})])
    [skip] = outcome.skipped
    assert skip.reason == "zero communityPrice: placeholder, not an offer" and not skip.unreadable


def test_an_html_error_page_is_a_parse_error():
    assert _parse_error("<!DOCTYPE html><html><body>Cloudflare: 403 Forbidden</body></html>").field == "body"


def test_a_graphql_error_without_data_is_a_parse_error():
    error = _parse_error({"errors": [{"message": "Cannot query field \"securePrice\" on type \"GpuType\"."}]})
    assert error.field == "data.gpuTypes" and "Cannot query field" in error.message


def test_an_empty_gpu_list_is_a_parse_error():
    assert _parse_error({"data": {"gpuTypes": []}}).field == "records"


def test_prices_as_strings_are_unreadable_and_fail_the_answer():
    error = _parse_error({"data": {"gpuTypes": [_gpu(securePrice="Contact sales"), _gpu(id="NVIDIA L40S", securePrice="0.86")]}})
    assert error.field == "rows" and "unreadable securePrice" in error.message


def test_a_gpu_type_without_an_id_is_unreadable():
    error = _parse_error({"data": {"gpuTypes": [{"displayName": "?", "securePrice": 1.0}]}})
    assert error.field == "rows" and "unreadable id" in error.message
