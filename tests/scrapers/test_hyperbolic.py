"""Hyperbolic spot marketplace: the bundled answer (real nodes and figures) and broken answers.

The bundled answer (api.hyperbolic.xyz_v1_marketplace_<hash of the POSTed body>.json) keeps six
nodes, with their fields and figures, of the marketplace answer Hyperbolic committed as
example-output.json in HyperbolicLabs/hyperbolic-cli (commit 5813b5cc), in its order:
- sfc-016: 8 H100 (NVIDIA-H100-80GB-HBM3), 2 reserved, 99 cents per GPU-hour;
- antalpha-super-server100132: 8 RTX 4090, all 8 reserved (reserved true), 35 cents;
- gpu-cluster-luxembourg-2-y7323-249912e8: 8 A100 SXM4 80GB, none reserved, 100 cents;
- sfc-025: 8 H100, none reserved, 150 cents;
- korea-amd9-17: 1 RTX 3070, reserved, 16 cents;
- sfc-010: 8 H100, all 8 reserved, 99 cents.
Each node's nested "instances" list (the rentals running on it) is kept as served.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.records import Skip
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.hyperbolic import BODY, SOURCE, URL, parse
from tests.conftest import FIXTURES
from tests.helpers import parse_error

H100 = "NVIDIA-H100-80GB-HBM3"


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, instance: str):
    [rate] = [r for r in outcome.records if r.instance_type == instance]
    return rate


def _node(id_="sfc-025", model=H100, total=8, reserved=0, cents=150, **fields) -> dict:
    return {"id": id_, "status": "node_ready", "hardware": {"gpus": [{"model": model, "ram": 81559}] * total},
            "gpus_total": total, "gpus_reserved": reserved, "reserved": False, "location": {"region": "region-1"},
            "pricing": {"price": {"amount": cents, "period": "hourly", "agent": "platform"}}, **fields}


def _snapshot(body) -> Snapshot:
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return Snapshot(source_id="hyperbolic", url=URL, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc), status=200,
                    body=raw.encode() if isinstance(raw, str) else raw, headers={"Content-Type": "application/json"})


def _parse_error(body) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


def test_the_listing_is_posted_and_replays_from_the_slug_of_url_and_body():
    assert BODY == {"filters": {}} and SOURCE.urls == (URL,)
    name = slug(URL, BODY)
    assert name.startswith("api.hyperbolic.xyz_v1_marketplace_")
    assert (FIXTURES / "hyperbolic" / f"{name}.json").stat().st_size < 60_000


def test_each_gpu_model_with_a_free_gpu_gets_a_min_and_a_median_spot_price(outcome):
    assert {(r.instance_type, r.usd_per_gpu_hour) for r in outcome.records} == {
        (f"{H100} min", 0.99), (f"{H100} median", 1.245),
        ("NVIDIA-A100-SXM4-80GB min", 1.00), ("NVIDIA-A100-SXM4-80GB median", 1.00)}
    assert {(r.provider_id, r.gpu_count, r.region, r.pricing_type) for r in outcome.records} == {
        ("hyperbolic", 1, "global", "spot")}


def test_amounts_are_cents_per_gpu_hour(outcome):
    cheapest = _rate(outcome, f"{H100} min")  # sfc-016 at 99 cents, with 6 of 8 GPUs free
    assert (cheapest.gpu_name, cheapest.usd_per_instance_hour, cheapest.usd_per_gpu_hour) == (H100, 0.99, 0.99)


def test_the_median_is_over_available_nodes_not_rented_ones(outcome):
    # sfc-016 (0.99) and sfc-025 (1.50) are available; sfc-010 (0.99) is fully rented and left out.
    assert _rate(outcome, f"{H100} median").usd_per_gpu_hour == pytest.approx(1.245)


def test_fully_rented_nodes_are_deliberate_skips(outcome):
    assert sorted((s.reason, s.detail.split(":")[0], s.unreadable) for s in outcome.skipped) == [
        ("no free GPU on the node (rented)", "antalpha-super-server100132", False),
        ("no free GPU on the node (rented)", "korea-amd9-17", False),
        ("no free GPU on the node (rented)", "sfc-010", False)]
    assert not [r for r in outcome.records if "RTX" in r.gpu_name]


def test_nodes_not_ready_or_without_gpus_are_deliberate_skips():
    items = list(parse(_snapshot({"instances": [_node("a", status="node_offline"), _node("b", total=0), _node("c")]})))
    assert [(i.reason, i.unreadable) for i in items if isinstance(i, Skip)] == [
        ("node not ready", False), ("node without a GPU", False)]


# --- Broken answers: a ParseError naming the source, the URL and the field ------------------------

def test_an_html_error_page_is_a_parse_error():
    assert _parse_error("<html><body>502 Bad Gateway</body></html>").field == "body"


def test_an_answer_without_an_instances_list_is_a_parse_error():
    error = _parse_error({"detail": "Not authenticated"})
    assert error.field == "instances" and "detail" in error.message


def test_an_empty_marketplace_is_a_parse_error():
    assert _parse_error({"instances": []}).field == "records"


@pytest.mark.parametrize("price, field", [
    ({"amount": None, "period": "hourly"}, "pricing.price.amount"),
    ({"amount": "1.50", "period": "hourly"}, "pricing.price.amount"),
    ({"amount": 150, "period": "monthly"}, "pricing.price.period"),
    ({"amount": 0, "period": "hourly"}, "usd_per_gpu_hour"),
])
def test_a_price_that_is_not_hourly_cents_is_unreadable(price, field):
    [skip] = list(parse(_snapshot({"instances": [_node(pricing={"price": price})]})))
    assert skip.unreadable and skip.reason == f"unreadable {field}"


def test_a_node_mixing_gpu_models_is_unreadable():
    node = _node(hardware={"gpus": [{"model": H100}, {"model": "NVIDIA-GeForce-RTX-4090"}]})
    [skip] = list(parse(_snapshot({"instances": [node]})))
    assert skip.unreadable and skip.reason == "unreadable hardware.gpus"


def test_a_listing_of_mostly_unreadable_nodes_is_a_parse_error():
    broken = [_node(f"n{i}", pricing={"price": {"amount": None, "period": "hourly"}}) for i in range(3)]
    assert _parse_error({"instances": [*broken, _node()]}).field == "rows"


def test_a_pricing_key_the_parser_does_not_know_is_reported_and_the_rates_are_unchanged(outcome):
    [snapshot] = SOURCE.fetch_all(ReplayClient(FIXTURES))
    answer = json.loads(snapshot.body)
    for node in answer["instances"]:
        node["pricing"]["price"]["discount"] = 10
        node["pricing"]["reserved_price"] = {"amount": 90, "period": "hourly"}
    noticed = parse_snapshots(SOURCE, [_snapshot(answer)])
    assert outcome.notices == []
    assert noticed.notices == [f"{URL}: unknown key 'reserved_price' in a node's pricing",
                               f"{URL}: unknown key 'discount' in a node's pricing.price"]
    assert noticed.records == outcome.records
