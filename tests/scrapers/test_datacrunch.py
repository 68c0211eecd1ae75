"""DataCrunch (Verda) instance-types API: the bundled answer (real figures) and broken answers.

The bundled answer (api.datacrunch.io_v1_instance-types_currency_usd.json) is composed in the
shape the DataCrunch SDK reads (verda-cloud/sdk-python InstanceTypesService: a list of objects
with id, instance_type, price_per_hour and spot_price as strings, cpu/gpu/memory/gpu_memory
objects, name, model, currency, dynamic_price, serverless_price, ...). Its prices, GPU counts,
vCPUs and RAM are the ones the public collector toolshedlabs-hash/gpu-price-feed recorded from
this endpoint on 2026-08-23 (data/prices.json): 1H100.80S.30V 3.25 / spot 1.625, 8H100.80S.176V
26.00 / 13.00, 1A100.40S.22V 1.29 / 0.645, 8A100.40S.176V 10.32 / 5.16. The ids, best_for and
supported_os values and the CPU.4V.16G row are illustrative (no raw answer was available); the
CPU row is only ever skipped.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.datacrunch import SOURCE, URL, parse
from tests.conftest import FIXTURES
from tests.helpers import parse_error

ANSWER = FIXTURES / "datacrunch" / "api.datacrunch.io_v1_instance-types_currency_usd.json"


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, instance: str, pricing: str = "on_demand"):
    [rate] = [r for r in outcome.records if (r.instance_type, r.pricing_type) == (instance, pricing)]
    return rate


def _snapshot(body) -> Snapshot:
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return Snapshot(source_id="datacrunch", url=URL, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc), status=200,
                    body=raw.encode() if isinstance(raw, str) else raw, headers={"Content-Type": "application/json"})


def _type(**fields) -> dict:
    return {"instance_type": "1H100.80S.30V", "name": "H100 SXM5 80GB", "currency": "usd",
            "gpu": {"description": "1x H100 SXM5 80GB", "number_of_gpus": 1}, "price_per_hour": "3.25",
            "spot_price": "1.625", **fields}


def _parse_error(body) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


def test_the_usd_price_list_replays_from_its_slug():
    assert SOURCE.urls == (URL,) and URL.endswith("?currency=usd")
    assert slug(URL) == "api.datacrunch.io_v1_instance-types_currency_usd"
    assert ANSWER.is_file() and ANSWER.stat().st_size < 60_000


def test_every_gpu_type_has_an_on_demand_and_a_spot_offer(outcome):
    assert {(r.instance_type, r.pricing_type) for r in outcome.records} == {
        (i, p) for i in ("1H100.80S.30V", "8H100.80S.176V", "1A100.40S.22V", "8A100.40S.176V")
        for p in ("on_demand", "spot")}
    assert {(r.provider_id, r.region) for r in outcome.records} == {("datacrunch", "global")}


def test_an_eight_h100_instance_price_divides_by_its_eight_gpus(outcome):
    h100 = _rate(outcome, "8H100.80S.176V")
    assert (h100.gpu_name, h100.gpu_count, h100.usd_per_instance_hour) == ("H100 SXM5 80GB", 8, 26.00)
    assert h100.usd_per_gpu_hour == pytest.approx(3.25)
    assert _rate(outcome, "1H100.80S.30V").usd_per_gpu_hour == 3.25


def test_spot_prices_are_read_from_spot_price(outcome):
    assert _rate(outcome, "1H100.80S.30V", "spot").usd_per_instance_hour == 1.625
    assert _rate(outcome, "8A100.40S.176V", "spot").usd_per_gpu_hour == pytest.approx(0.645)
    assert _rate(outcome, "1A100.40S.22V").usd_per_gpu_hour == 1.29


def test_a_cpu_only_type_is_a_deliberate_skip(outcome):
    assert [(s.reason, s.detail, s.unreadable) for s in outcome.skipped] == [("CPU-only instance", "CPU.4V.16G", False)]


def test_a_type_without_a_spot_price_offers_on_demand_only():
    for spot in (None, "0", "0.00", 0):
        items = list(parse(_snapshot([_type(spot_price=spot)])))
        assert [(r.pricing_type, r.usd_per_instance_hour) for r in items] == [("on_demand", 3.25)]


def test_prices_given_as_numbers_are_read_too():
    items = list(parse(_snapshot([_type(price_per_hour=3.25, spot_price=1.625)])))
    assert [r.usd_per_instance_hour for r in items] == [3.25, 1.625]


def test_dynamic_and_serverless_prices_are_deliberately_not_recorded():
    items = list(parse(_snapshot([_type(dynamic_price="2.10", serverless_price="3.00")])))
    assert [getattr(i, "pricing_type", None) for i in items] == ["on_demand", "spot", None, None]
    assert [(s.reason, s.unreadable) for s in items[2:]] == [
        ("dynamic price: moves daily, neither fixed on-demand nor spot", False),
        ("serverless container price, not an instance", False)]


def test_a_zero_on_demand_price_is_a_placeholder_skip():
    [skip, spot] = list(parse(_snapshot([_type(price_per_hour="0.00")])))
    assert (skip.reason, skip.unreadable) == ("zero on-demand price: placeholder, not an offer", False)
    assert spot.pricing_type == "spot"


# --- Broken answers: a ParseError naming the source, the URL and the field ------------------------

def test_an_html_error_page_is_a_parse_error():
    assert _parse_error("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>").field == "body"


def test_an_auth_error_object_instead_of_the_list_is_a_parse_error():
    error = _parse_error({"code": "unauthorized_request", "message": "Access token is missing"})
    assert error.field == "body" and "code" in error.message


def test_an_empty_list_is_a_parse_error():
    assert _parse_error([]).field == "records"


def test_prices_in_euros_are_not_read_as_dollars():
    error = _parse_error([_type(currency="eur")])
    assert error.field == "rows" and "currency" in error.message


@pytest.mark.parametrize("price", [None, "", "Contact sales", "Free", "€3.25"])
def test_a_missing_or_non_numeric_on_demand_price_is_unreadable(price):
    [skip, spot] = list(parse(_snapshot([_type(price_per_hour=price)])))
    assert skip.unreadable and skip.reason == "unreadable price_per_hour"
    assert spot.pricing_type == "spot"  # the spot offer of the type still stands


def test_a_list_of_mostly_unreadable_types_is_a_parse_error():
    body = [_type(instance_type=f"{n}H100.80S.30V", price_per_hour="N/A", spot_price=None) for n in (2, 4, 8)] + [_type()]
    assert _parse_error(body).field == "rows"


def test_a_fractional_gpu_share_is_a_deliberate_skip():
    [skip] = list(parse(_snapshot([_type(gpu={"number_of_gpus": 0.5})])))
    assert (skip.reason, skip.unreadable) == ("fractional GPU share", False)


def test_a_gpu_count_that_is_not_a_number_is_unreadable():
    [skip, *_] = list(parse(_snapshot([_type(gpu={"number_of_gpus": "eight"})])))
    assert skip.unreadable and skip.reason == "unreadable gpu.number_of_gpus"


def test_a_price_key_the_parser_does_not_know_is_reported_and_the_rates_are_unchanged(outcome):
    answer = json.loads(ANSWER.read_bytes())
    for instance in answer:
        instance["reserved_price_per_hour"] = "1.00"
        instance["rack_position"] = "A1"  # not a price: no notice
    noticed = parse_snapshots(SOURCE, [_snapshot(answer)])
    assert outcome.notices == []
    assert noticed.notices == [f"{URL}: unknown key 'reserved_price_per_hour' in an instance type"]
    assert noticed.records == outcome.records
