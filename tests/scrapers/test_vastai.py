"""Vast.ai offers search: the bundled answer and broken answers.

The bundled answer has the shape of the real `GET /api/v0/bundles/?q=...` answer ({"offers": [...]}
with the field names of vast-ai/vast-python); its eleven offers and their prices are ILLUSTRATIVE,
not recorded (no real copy of this answer was available): four 1x RTX 4090 (0.31, 0.35, 0.40, 0.52),
one 1x A100 SXM4 (0.95), three 1x H100 SXM (1.87, 2.13, 2.40), two 8x H100 SXM (15.20, 17.60) and a
rented 8x H100 SXM at 14.00.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.vastai import QUERY, SOURCE, URL
from tests.conftest import FIXTURES


def _offer(dph, gpu="H100 SXM", n=1, **fields) -> dict:
    return {"id": 1, "gpu_name": gpu, "num_gpus": n, "dph_total": dph, "rentable": True, "rented": False, **fields}


def _snapshot(body) -> Snapshot:
    raw = body if isinstance(body, str) else json.dumps(body)
    return Snapshot(source_id="vastai", url=URL, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc),
                    status=200, body=raw.encode(), headers={"Content-Type": "application/json"})


def _parse_error(body) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_snapshots(SOURCE, [_snapshot(body)])
    assert (caught.value.source_id, caught.value.url) == ("vastai", URL)
    return caught.value


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, instance: str):
    [rate] = [r for r in outcome.records if r.instance_type == instance]
    return rate


def test_the_search_replays_from_the_slug_of_its_url():
    assert (FIXTURES / "vastai" / f"{slug(URL)}.json").is_file()
    assert QUERY["type"] == "on-demand" and QUERY["verified"] == {"eq": True} and URL.startswith("https://console.vast.ai/")


def test_each_gpu_model_and_count_gets_a_median_and_a_min_record(outcome):
    assert sorted(r.instance_type for r in outcome.records) == [
        "1x A100 SXM4 median", "1x A100 SXM4 min", "1x H100 SXM median", "1x H100 SXM min",
        "1x RTX 4090 median", "1x RTX 4090 min", "8x H100 SXM median", "8x H100 SXM min"]
    assert {(r.provider_id, r.region, r.pricing_type) for r in outcome.records} == {("vast", "global", "on_demand")}


def test_1x_h100_sxm_median_is_the_middle_of_three_offers_and_min_the_cheapest(outcome):
    assert _rate(outcome, "1x H100 SXM median").usd_per_gpu_hour == 2.13
    assert _rate(outcome, "1x H100 SXM min").usd_per_gpu_hour == 1.87


def test_an_even_number_of_offers_has_the_mean_of_the_middle_two_as_median(outcome):
    assert _rate(outcome, "1x RTX 4090 median").usd_per_instance_hour == pytest.approx(0.375)


def test_8x_offers_are_per_instance_and_divide_by_eight(outcome):
    median = _rate(outcome, "8x H100 SXM median")
    assert (median.gpu_count, median.usd_per_instance_hour) == (8, pytest.approx(16.4))
    assert median.usd_per_gpu_hour == pytest.approx(2.05)
    assert _rate(outcome, "8x H100 SXM min").usd_per_gpu_hour == pytest.approx(1.9)


def test_a_rented_offer_is_left_out_of_the_distribution(outcome):
    [skip] = outcome.skipped
    assert skip.reason == "offer not rentable now" and "18120077" in skip.detail and not skip.unreadable


def test_a_fractional_gpu_offer_is_a_deliberate_skip():
    outcome = parse_snapshots(SOURCE, [_snapshot({"offers": [_offer(2.0), _offer(0.4, n=0.5)]})])
    assert [s.reason for s in outcome.skipped] == ["fractional GPU share"]
    assert len(outcome.records) == 2


def test_an_html_error_page_is_a_parse_error():
    assert _parse_error("<html><body>502 Bad Gateway</body></html>").field == "body"


def test_an_answer_without_offers_is_a_parse_error():
    assert _parse_error({"success": False, "error": "invalid_request"}).field == "offers"


def test_no_offers_is_a_parse_error():
    assert _parse_error({"offers": []}).field == "records"


@pytest.mark.parametrize("price", [None, "1.87", 0, 99999999])
def test_offers_with_missing_string_or_implausible_prices_fail_the_answer(price):
    error = _parse_error({"offers": [_offer(price), _offer(price)]})
    assert error.field == "rows"


def test_one_bad_offer_among_good_ones_costs_that_offer_only():
    outcome = parse_snapshots(SOURCE, [_snapshot({"offers": [_offer(1.8), _offer(2.2), _offer(None)]})])
    assert _rate(outcome, "1x H100 SXM median").usd_per_gpu_hour == pytest.approx(2.0)
    assert [s.unreadable for s in outcome.skipped] == [True]
