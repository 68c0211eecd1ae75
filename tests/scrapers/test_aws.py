"""AWS: the bundled Price List excerpts and spot feed (real figures) and broken inputs.

Where the bundled figures come from:
- Price List CSVs: the column layout of the real AmazonEC2 CSV header as of 2025-09 (quoted in
  public docs of a Price List loader), five preamble lines as served. Prices are the published
  Linux on-demand rates of early 2025, before AWS's June 2025 P4/P5 cut: p5.48xlarge 98.32 and
  p5en.48xlarge 84.8 in us-east-1 and us-west-2, p4de.24xlarge 40.96575 in us-west-2 (all as in
  the SkyPilot v7 AWS catalog excerpt in realdata), p4d.24xlarge 32.7726 (SkyPilot in-repo AWS
  catalog), g5.xlarge 1.006, g5.48xlarge 16.288 and m5.large 0.096 (AWS's on-demand page).
  SKU codes, the publication date and version are placeholders in the real shape; "GPU Memory"
  is left "NA" because its real content could not be confirmed (the parser does not read it).
- spot.js: rows of the real 2021-04-06 feed payload (gpu/aws_spot_feed in realdata), wrapped
  in the JSONP callback as served.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.records import Skip
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.aws import PRICE_LIST_URL, SOURCE, SPOT_URL, parse
from tests.conftest import FIXTURES
from tests.helpers import parse_error

EAST_URL = PRICE_LIST_URL.format(region="us-east-1")
# Price List CSVs are too large for the daily run; a backfill can still be given them.
PRICE_LISTS = FIXTURES / "aws" / "price_list"
EAST = PRICE_LISTS / slug(EAST_URL)


def _snapshot(body: str | bytes, url: str = EAST_URL) -> Snapshot:
    return Snapshot(source_id="aws", url=url, fetched_at=datetime(2025, 5, 21, tzinfo=timezone.utc), status=200,
                    body=body.encode() if isinstance(body, str) else body)


@pytest.fixture(scope="module")
def outcome():
    price_lists = [_snapshot((PRICE_LISTS / slug(PRICE_LIST_URL.format(region=r))).read_bytes(), PRICE_LIST_URL.format(region=r))
                   for r in ("us-east-1", "us-west-2")]
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)) + price_lists)


def _rate(outcome, instance: str, region: str, pricing: str = "on_demand"):
    [rate] = [r for r in outcome.records if (r.instance_type, r.region, r.pricing_type) == (instance, region, pricing)]
    return rate


def _east_rows() -> tuple[str, list[str], list[dict]]:
    lines = EAST.read_text().splitlines(keepends=True)
    reader = csv.DictReader(io.StringIO("".join(lines[5:])))
    return "".join(lines[:5]), list(reader.fieldnames), list(reader)


def _east_with(rows: list[dict], header: list[str] | None = None) -> str:
    preamble, fieldnames, _ = _east_rows()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or fieldnames, quoting=csv.QUOTE_ALL, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return preamble + out.getvalue()


def _p5_row(**changes) -> dict:
    _, _, rows = _east_rows()
    return {**rows[0], **changes}


def test_the_daily_run_reads_the_spot_feed_and_the_fixtures_are_small():
    assert SOURCE.urls == (SPOT_URL,)
    assert (FIXTURES / "aws" / slug(SPOT_URL)).stat().st_size < 60_000
    assert all(path.stat().st_size < 60_000 for path in PRICE_LISTS.iterdir())
    assert slug(SPOT_URL) == "website.spot.ec2.aws.a2z.com_spot.js"
    assert SOURCE.hosts == {"website.spot.ec2.aws.a2z.com"}


def test_p5_48xlarge_in_us_east_1_is_98_32_per_instance_and_12_29_per_h100(outcome):
    p5 = _rate(outcome, "p5.48xlarge", "us-east-1")
    assert (p5.usd_per_instance_hour, p5.gpu_count, p5.gpu_name, p5.gpu_id) == (98.32, 8, "H100", "H100-SXM")
    assert p5.usd_per_gpu_hour == pytest.approx(12.29)


@pytest.mark.parametrize("instance, region, price, count, gpu_id", [
    ("p5.48xlarge", "us-west-2", 98.32, 8, "H100-SXM"),
    ("p5en.48xlarge", "us-east-1", 84.8, 8, "H200"),
    ("p4d.24xlarge", "us-east-1", 32.7726, 8, "A100-SXM-40GB"),
    ("p4de.24xlarge", "us-west-2", 40.96575, 8, "A100-SXM-80GB"),
    ("g5.xlarge", "us-east-1", 1.006, 1, "A10G"),
    ("g5.48xlarge", "us-east-1", 16.288, 8, "A10G"),
])
def test_on_demand_prices_and_gpu_counts_come_from_the_rows(outcome, instance, region, price, count, gpu_id):
    rate = _rate(outcome, instance, region)
    assert (rate.usd_per_instance_hour, rate.gpu_count, rate.gpu_id) == (price, count, gpu_id)


def test_cpu_families_are_not_read(outcome):
    assert not [r for r in outcome.records if r.instance_type == "m5.large"]
    assert not [s for s in outcome.skipped if "m5.large" in s.detail]


def test_capacity_reservation_rows_are_deliberate_skips(outcome):
    statuses = {s.detail.rsplit(" ", 1)[-1] for s in outcome.skipped if s.reason == "capacity-reservation bookkeeping row"}
    assert statuses == {"'UnusedCapacityReservation'", "'AllocatedCapacityReservation'"}
    assert not any(s.unreadable for s in outcome.skipped)


@pytest.mark.parametrize("column, value, reason", [
    ("Operating System", "Windows", "not Linux (licence included in the price)"),
    ("Tenancy", "Dedicated", "not shared tenancy"),
    ("TermType", "Reserved", "not an on-demand term (reserved terms are not read)"),
    ("Pre Installed S/W", "SQL Web", "pre-installed software included in the price"),
    ("MarketOption", "CapacityBlock", "market option other than OnDemand (capacity blocks not confirmed in the Price List)"),
])
def test_rows_outside_linux_shared_on_demand_are_skipped_with_their_reason(column, value, reason):
    [skip] = list(parse(_snapshot(_east_with([_p5_row(**{column: value})]))))
    assert (skip.reason, skip.unreadable) == (reason, False)


def test_a_file_without_the_marketoption_column_is_read_as_on_demand():
    _, fieldnames, _ = _east_rows()
    [p5] = list(parse(_snapshot(_east_with([_p5_row()], [c for c in fieldnames if c != "MarketOption"]))))
    assert (p5.pricing_type, p5.usd_per_instance_hour) == ("on_demand", 98.32)


def test_spot_feed_legacy_region_keys_become_region_codes(outcome):
    assert _rate(outcome, "p4d.24xlarge", "us-east-1", "spot").usd_per_instance_hour == 9.8318
    assert _rate(outcome, "p4d.24xlarge", "us-east-2", "spot").usd_per_gpu_hour == pytest.approx(1.228975)
    assert _rate(outcome, "p4d.24xlarge", "eu-west-1", "spot").usd_per_instance_hour == 10.619


def test_spot_not_available_is_a_deliberate_skip_and_untracked_families_are_ignored(outcome):
    assert [s.detail for s in outcome.skipped if s.reason == "no Linux spot offer (N/A)"] == ["p4d.24xlarge us-west-1"]
    assert {r.instance_type for r in outcome.records if r.pricing_type == "spot"} == {"p4d.24xlarge"}


def test_each_offer_key_appears_once(outcome):
    keys = [(r.instance_type, r.region, r.pricing_type) for r in outcome.records]
    assert len(keys) == len(set(keys)) == 11


# --- Broken inputs -------------------------------------------------------------------------------

def _parse_error(body: str, url: str = EAST_URL) -> ParseError:
    return parse_error(SOURCE, _snapshot(body, url))


def test_an_html_error_page_is_a_parse_error():
    assert _parse_error("<?xml version='1.0'?><Error><Code>AccessDenied</Code></Error>").field == "body"
    assert _parse_error("<html><body>Service Unavailable</body></html>", SPOT_URL).field == "body"


def test_a_file_without_the_price_list_preamble_is_a_parse_error():
    _, _, rows = _east_rows()
    body = _east_with(rows).split("\n", 5)[5]  # header and rows only
    assert _parse_error(body).field == "header"


def test_a_header_without_the_gpu_column_is_a_parse_error():
    _, fieldnames, _ = _east_rows()
    error = _parse_error(_east_with([_p5_row()], [c for c in fieldnames if c != "GPU"]))
    assert error.field == "header" and "GPU" in error.message


def test_a_file_with_only_its_header_is_a_parse_error():
    assert _parse_error(_east_with([])).field == "records"


@pytest.mark.parametrize("changes, field", [
    ({"PricePerUnit": ""}, "PricePerUnit"),
    ({"PricePerUnit": "Contact sales"}, "PricePerUnit"),
    ({"Currency": "CNY"}, "Currency"),
    ({"Unit": "Quantity"}, "Unit"),
    ({"GPU": "NA"}, "GPU"),
])
def test_an_unreadable_row_is_an_unreadable_skip_and_mostly_unreadable_files_fail(changes, field):
    [skip] = list(parse(_snapshot(_east_with([_p5_row(**changes)]))))
    assert isinstance(skip, Skip) and skip.unreadable and skip.reason == f"unreadable {field}"
    assert _parse_error(_east_with([_p5_row(**changes)])).field == "rows"


def test_a_spot_feed_in_another_currency_or_unit_is_a_parse_error():
    body = (FIXTURES / "aws" / slug(SPOT_URL)).read_text().replace('"currencies":["USD"]', '"currencies":["EUR"]')
    assert _parse_error(body, SPOT_URL).field == "config"


def test_a_price_list_url_that_names_no_region_is_a_parse_error():
    assert _parse_error(EAST.read_text(), "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/index.csv").field == "url"


def test_an_added_column_is_reported_and_the_rates_are_unchanged(outcome):
    _, header, rows = _east_rows()
    plain = parse_snapshots(SOURCE, [_snapshot(EAST.read_bytes())])
    noticed = parse_snapshots(SOURCE, [_snapshot(_east_with([{**row, "Capacity Type": "Standard"} for row in rows],
                                                             header + ["Capacity Type"]))])
    assert outcome.notices == [] and plain.notices == []
    assert [n.split(" header ")[0] for n in noticed.notices] == [f"{EAST_URL}: unknown column 'Capacity Type' in Price List"]
    assert noticed.records == plain.records
