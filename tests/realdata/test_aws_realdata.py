"""The AWS spot-feed parser over the real 2021-04-06 feed payload (figures read off the file by hand).

The realdata copy is the payload of spot.js without its JSONP wrapper (spotinfo's test data); the
parser reads both. In 2021 p4d.24xlarge was the only tracked GPU family in the feed.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.parsing import parse_snapshots
from scrapers.snapshot import Snapshot
from scrapers.sources.aws import SOURCE, SPOT_URL

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module", params=["bare", "jsonp"])
def outcome(realdata, request):
    [path] = (realdata / "gpu" / "aws_spot_feed").glob("spot.js_payload*.json")
    body = path.read_bytes()
    if request.param == "jsonp":
        body = b"callback(" + body + b");"
    snapshot = Snapshot(source_id="aws", url=SPOT_URL, fetched_at=datetime(2021, 4, 6, tzinfo=timezone.utc),
                        status=200, body=body)
    return parse_snapshots(SOURCE, [snapshot])


def test_p4d_spot_in_virginia_ohio_and_ireland(outcome):
    spot = {(r.instance_type, r.region): r for r in outcome.records}
    assert set(spot) == {("p4d.24xlarge", "us-east-1"), ("p4d.24xlarge", "us-east-2"), ("p4d.24xlarge", "eu-west-1")}
    assert spot["p4d.24xlarge", "us-east-1"].usd_per_instance_hour == 9.8318
    assert spot["p4d.24xlarge", "eu-west-1"].usd_per_gpu_hour == pytest.approx(10.619 / 8)
    assert {(r.pricing_type, r.gpu_id, r.gpu_count) for r in outcome.records} == {("spot", "A100-SXM-40GB", 8)}


def test_regions_where_p4d_had_no_spot_offer_are_deliberate_skips(outcome):
    assert outcome.unreadable == []
    assert sorted(s.detail for s in outcome.skipped) == ["p4d.24xlarge ap-southeast-2", "p4d.24xlarge us-west-1"]
