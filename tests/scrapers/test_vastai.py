"""Vast.ai offers search: the bundled answer (real prices of 2025-04-16) and broken answers.

Where the bundled offers come from: becloudready/gpu-price gpu_prices.json @ 6dae24d (2025-04-16),
in ../shared/realdata/gpu/gpuhunt_daily/. Its bot ran gpuhunt, whose Vast provider queries this
bundles API for rentable, unrented offers and emits two rows per offer, on-demand then spot
(`min_bid`). That day it listed six H200 offers (price / spot, USD per offer-hour):
14.84/13.18, 3.70/3.29, 7.40/6.59, 3.03/2.99, 6.06/5.97, 29.84/17.88. They are the fixture's
offers, in that order: `dph_total` / `min_bid`. Vast's own name is "H200" (gpuhunt keeps it as is
and would have written its NVL part as "H200NVL").

What the copy does not hold, and how the fixture fills it:
- num_gpus: not recorded. Spot bids carry no disk charge, so a host split into 1-, 2- and 4-GPU
  offers shows exact multiples: 3.29 -> 6.59 -> 13.18 (1x, 2x, 4x at 3.70, 7.40, 14.84) and
  2.99 -> 5.97 (1x, 2x at 3.03, 6.06). 29.84 is the one left: 8x (3.73 per GPU, the 1x level of
  that day; 4x would be 7.46 per GPU, twice any other offer). These counts are inferred, not read.
- the price is gpuhunt's (dph_base + the offer's whole disk at storage_cost, to the cent), which
  can differ from the API's dph_total by a few cents of storage. Ids, hosts, `verified`: not kept.
The day's eighteen H100 offers are left out: gpuhunt folds "H100 SXM" and "H100 PCIE" into "H100".
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
from tests.helpers import parse_error


def _offer(dph, gpu="H100 SXM", n=1, **fields) -> dict:
    return {"id": 1, "gpu_name": gpu, "num_gpus": n, "dph_total": dph, "rentable": True, "rented": False, **fields}


def _snapshot(body) -> Snapshot:
    raw = body if isinstance(body, str) else json.dumps(body)
    return Snapshot(source_id="vastai", url=URL, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc),
                    status=200, body=raw.encode(), headers={"Content-Type": "application/json"})


def _parse_error(body) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


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
        "1x H200 median", "1x H200 min", "2x H200 median", "2x H200 min",
        "4x H200 median", "4x H200 min", "8x H200 median", "8x H200 min"]
    assert {(r.provider_id, r.region, r.pricing_type) for r in outcome.records} == {("vast", "global", "on_demand")}
    assert {r.gpu_name for r in outcome.records} == {"H200"}


def test_two_1x_h200_offers_have_the_mean_of_both_as_median_and_the_cheaper_as_min(outcome):
    # 3.70 and 3.03 USD per hour
    assert _rate(outcome, "1x H200 median").usd_per_gpu_hour == pytest.approx(3.365)
    assert _rate(outcome, "1x H200 min").usd_per_gpu_hour == pytest.approx(3.03)


def test_2x_offers_are_per_instance_and_divide_by_two(outcome):
    median = _rate(outcome, "2x H200 median")  # 7.40 and 6.06
    assert (median.gpu_count, median.usd_per_instance_hour) == (2, pytest.approx(6.73))
    assert median.usd_per_gpu_hour == pytest.approx(3.365)
    assert _rate(outcome, "2x H200 min").usd_per_gpu_hour == pytest.approx(3.03)


def test_a_single_offer_is_both_median_and_min(outcome):
    for statistic in ("median", "min"):
        four = _rate(outcome, f"4x H200 {statistic}")
        assert (four.usd_per_instance_hour, four.usd_per_gpu_hour) == (pytest.approx(14.84), pytest.approx(3.71))
    assert _rate(outcome, "8x H200 median").usd_per_gpu_hour == pytest.approx(3.73)  # 29.84 / 8


def test_spot_bids_are_not_recorded(outcome):
    # min_bid 13.18, 3.29, 6.59, 2.99, 5.97, 17.88 are in the answer; no record carries them
    assert {r.pricing_type for r in outcome.records} == {"on_demand"}
    assert not [r for r in outcome.records if r.usd_per_instance_hour in (13.18, 3.29, 6.59, 2.99, 5.97, 17.88)]


def test_the_bundled_answer_has_nothing_to_skip(outcome):
    assert outcome.skipped == []


def test_a_rented_or_unrentable_offer_is_left_out_of_the_distribution():
    answer = {"offers": [_offer(2.0), _offer(1.5, id=7, rented=True), _offer(1.6, id=8, rentable=False)]}
    outcome = parse_snapshots(SOURCE, [_snapshot(answer)])
    assert [s.reason for s in outcome.skipped] == ["offer not rentable now"] * 2
    assert not any(s.unreadable for s in outcome.skipped) and "offer 7 " in outcome.skipped[0].detail
    assert _rate(outcome, "1x H100 SXM min").usd_per_gpu_hour == 2.0


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


def test_a_price_key_the_parser_does_not_know_is_reported_and_the_rates_are_unchanged(outcome):
    [snapshot] = SOURCE.fetch_all(ReplayClient(FIXTURES))
    answer = json.loads(snapshot.body)
    for offer in answer["offers"]:
        offer["dph_reserved"] = 0.5
        offer["gpu_lanes"] = 16  # not a price: no notice
    noticed = parse_snapshots(SOURCE, [_snapshot(answer)])
    assert outcome.notices == []
    assert noticed.notices == [f"{URL}: unknown key 'dph_reserved' in an offer"]
    assert noticed.records == outcome.records
