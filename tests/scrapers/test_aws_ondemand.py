"""AWS on-demand pricing-page data: the two bundled region documents (real figures) and broken inputs.

Where the bundled documents come from: the shape (manifest fields, compound offer keys such as
"p5 48xlarge US East N. Virginia Linux", offer fields rateCode/price/Location/Instance Family/vCPU/
Instance Type/Memory/Operating System/Pre Installed S/W/License Model, prices as 10-decimal strings)
follows public test fixtures and parsers of this endpoint (a 2024-11 EU (Stockholm) document; a
2026-09-10 US East one with p5.48xlarge "55.0400000000" and p4d.24xlarge "21.9576420000").
Figures: p5.48xlarge 55.04, p5.4xlarge 6.88, p5en.48xlarge 63.296 in us-east-1 and us-west-2
(AWS's prices after the June 2025 P4/P5 cut, as in instances.vantage.sh data of 2026-08);
p4d.24xlarge 21.957642 and p4de.24xlarge 27.44705 in us-east-1 (read off this feed by public
write-ups); g5.xlarge 1.006, g5.48xlarge 16.288 and m5.large 0.096 (AWS's on-demand page, as in
the aws fixtures). Rate codes are placeholders in the real SKU.OFFER.RATE shape; Storage and
Network Performance are left out because their values for these types could not be confirmed
(the parser reads neither); the manifest date of the us-west-2 document repeats us-east-1's.
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.records import Skip
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.aws_ondemand import FEED_URL, SOURCE, parse
from tests.conftest import FIXTURES
from tests.helpers import parse_error

EAST_URL = ("https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/ec2/USD/current/"
            "ec2-ondemand-without-sec-sel/US%20East%20%28N.%20Virginia%29/Linux/index.json")
WEST_URL = FEED_URL.format(location="US%20West%20%28Oregon%29")
EAST = FIXTURES / "aws_ondemand" / f"{slug(EAST_URL)}.json"
VIRGINIA = "US East (N. Virginia)"


def _snapshot(body: str | bytes, url: str = EAST_URL) -> Snapshot:
    return Snapshot(source_id="aws_ondemand", url=url, fetched_at=datetime(2026, 9, 11, tzinfo=timezone.utc),
                    status=200, body=body.encode() if isinstance(body, str) else body)


def _east() -> dict:
    return json.loads(EAST.read_text())


def _with_offers(*offers: dict) -> str:
    document = _east()
    document["regions"][VIRGINIA] = {f"offer {i}": offer for i, offer in enumerate(offers)}
    return json.dumps(document)


def _p5(**changes) -> dict:
    return {**_east()["regions"][VIRGINIA]["p5 48xlarge US East N. Virginia Linux"], **changes}


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, instance: str, region: str):
    [rate] = [r for r in outcome.records if (r.instance_type, r.region) == (instance, region)]
    return rate


def test_each_region_document_replays_from_its_slug_and_is_small():
    assert SOURCE.urls == (EAST_URL, WEST_URL)
    assert SOURCE.hosts == {"b0.p.awsstatic.com"}
    for url in SOURCE.urls:
        assert (FIXTURES / "aws_ondemand" / f"{slug(url)}.json").stat().st_size < 60_000


def test_p5_48xlarge_in_us_east_1_is_55_04_per_instance_and_6_88_per_h100(outcome):
    p5 = _rate(outcome, "p5.48xlarge", "us-east-1")
    assert (p5.provider_id, p5.pricing_type, p5.usd_per_instance_hour, p5.gpu_count, p5.gpu_name, p5.gpu_id) == \
        ("aws", "on_demand", 55.04, 8, "H100", "H100-SXM")
    assert p5.usd_per_gpu_hour == pytest.approx(6.88)


@pytest.mark.parametrize("instance, region, price, count, gpu_id", [
    ("p5.48xlarge", "us-west-2", 55.04, 8, "H100-SXM"),
    ("p5.4xlarge", "us-east-1", 6.88, 1, "H100-SXM"),
    ("p5en.48xlarge", "us-west-2", 63.296, 8, "H200"),
    ("p4d.24xlarge", "us-east-1", 21.957642, 8, "A100-SXM-40GB"),
    ("p4de.24xlarge", "us-east-1", 27.44705, 8, "A100-SXM-80GB"),
    ("g5.xlarge", "us-east-1", 1.006, 1, "A10G"),
    ("g5.48xlarge", "us-east-1", 16.288, 8, "A10G"),
])
def test_prices_come_from_the_document_and_gpu_counts_from_the_instance_table(outcome, instance, region, price, count, gpu_id):
    rate = _rate(outcome, instance, region)
    assert (rate.usd_per_instance_hour, rate.gpu_count, rate.gpu_id) == (price, count, gpu_id)


def test_cpu_families_are_not_read_and_nothing_is_skipped(outcome):
    assert not [r for r in outcome.records if r.instance_type == "m5.large"]
    assert outcome.skipped == []


def test_each_offer_key_appears_once_and_all_are_on_demand(outcome):
    keys = [(r.instance_type, r.region, r.pricing_type) for r in outcome.records]
    assert len(keys) == len(set(keys)) == 10
    assert {r.pricing_type for r in outcome.records} == {"on_demand"}


def test_a_gzip_body_served_without_content_encoding_reads_the_same():
    plain = list(parse(_snapshot(EAST.read_bytes())))
    assert list(parse(_snapshot(gzip.compress(EAST.read_bytes())))) == plain


@pytest.mark.parametrize("field, value, reason", [
    ("Operating System", "Windows", "not Linux (licence included in the price)"),
    ("Pre Installed S/W", "SQL Web", "pre-installed software included in the price"),
])
def test_offers_outside_plain_linux_are_skipped_with_their_reason(field, value, reason):
    [skip] = list(parse(_snapshot(_with_offers(_p5(**{field: value})))))
    assert (skip.reason, skip.unreadable) == (reason, False)


# --- Broken inputs -------------------------------------------------------------------------------

def _parse_error(body: str | bytes, url: str = EAST_URL) -> ParseError:
    return parse_error(SOURCE, _snapshot(body, url))


def test_an_html_or_xml_error_page_is_a_parse_error():
    assert _parse_error("<?xml version='1.0'?><Error><Code>AccessDenied</Code></Error>").field == "body"
    assert _parse_error(b"\x1f\x8b\x08\x00truncated").field == "body"


def test_a_document_without_manifest_or_regions_is_a_parse_error():
    assert _parse_error(json.dumps({"regions": _east()["regions"]})).field == "header"
    assert _parse_error(json.dumps({"products": {}, "terms": {}})).field == "header"


def test_a_document_in_another_currency_is_a_parse_error():
    document = _east()
    document["manifest"]["currencyCode"] = "CNY"
    assert _parse_error(json.dumps(document)).field == "manifest.currencyCode"


def test_a_document_for_another_location_is_a_parse_error():
    assert _parse_error(EAST.read_text(), WEST_URL).field == "regions"


def test_a_document_without_tracked_offers_is_a_parse_error():
    m5 = _east()["regions"][VIRGINIA]["m5 large US East N. Virginia Linux"]
    assert _parse_error(_with_offers(m5)).field == "records"


@pytest.mark.parametrize("changes, field", [
    ({"price": ""}, "price"),
    ({"price": "Contact sales"}, "price"),
    ({"price": None}, "price"),
    ({"Location": "US West (Oregon)"}, "Location"),
    ({"Instance Type": "p5.96xlarge"}, "gpu_count"),
])
def test_an_unreadable_offer_is_an_unreadable_skip_and_mostly_unreadable_documents_fail(changes, field):
    [skip] = list(parse(_snapshot(_with_offers(_p5(**changes)))))
    assert isinstance(skip, Skip) and skip.unreadable and skip.reason == f"unreadable {field}"
    assert _parse_error(_with_offers(_p5(**changes))).field == "rows"


def test_a_second_offer_for_the_same_instance_type_is_unreadable():
    first, second = parse(_snapshot(_with_offers(_p5(), _p5(price="99.9900000000"))))
    assert first.usd_per_instance_hour == 55.04
    assert (second.reason, second.unreadable) == ("unreadable Instance Type", True)


def test_a_url_that_names_no_known_location_is_a_parse_error():
    assert _parse_error(EAST.read_text(), FEED_URL.format(location="Mars%20(Olympus)")).field == "url"


def test_an_offer_key_the_parser_does_not_know_is_reported_and_the_rates_are_unchanged():
    document = _east()
    plain = parse_snapshots(SOURCE, [_snapshot(json.dumps(document))])
    for offer in document["regions"][VIRGINIA].values():
        offer["Tenancy"] = "Shared"
    noticed = parse_snapshots(SOURCE, [_snapshot(json.dumps(document))])
    assert plain.notices == []
    assert noticed.notices == [f"{EAST_URL}: unknown key 'Tenancy' in an offer"]
    assert noticed.records == plain.records
