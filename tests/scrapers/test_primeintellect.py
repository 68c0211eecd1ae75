"""Prime Intellect marketplace summaries: the bundled snapshot (the tracker's last line of 2025-11-16, real figures,
read by hand from the upstream line) and broken bodies."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient
from scrapers.snapshot import Snapshot
from scrapers.sources.primeintellect import SOURCE
from tests.conftest import FIXTURES


def bundled() -> dict:
    client = ReplayClient(FIXTURES)
    outcome = parse_snapshots(SOURCE, [client.get(SOURCE.id, url) for url in SOURCE.urls])
    return {(r.gpu_name, r.gpu_count): r for r in outcome.records}


def snapshot(body: str | bytes) -> Snapshot:
    return Snapshot(source_id=SOURCE.id, url=SOURCE.urls[0], fetched_at=datetime(2025, 11, 16, tzinfo=timezone.utc),
                    status=200, body=body.encode() if isinstance(body, str) else body, headers={})


def test_each_size_is_its_cheapest_listing_with_host_country_and_spot_flag():
    h100 = bundled()[("H100_80GB SXM5", 1)]
    assert (h100.instance_type, h100.region, h100.pricing_type, h100.usd_per_instance_hour) == (
        "cheapest 1x H100_80GB SXM5 on Prime Intellect: datacrunch", "FI", "spot", 1.09)
    pcie = bundled()[("H100_80GB PCIe", 8)]
    assert (pcie.region, pcie.pricing_type, pcie.usd_per_instance_hour, pcie.usd_per_gpu_hour) == ("CA", "on_demand", 15.2, 1.9)


def test_every_gpu_file_maps_to_a_canonical_gpu():
    assert {r.gpu_id for r in bundled().values()} == {"H100-SXM", "H100-PCIE", "H200", "B200", "A100-SXM-80GB",
                                                     "A100-PCIE-80GB"}


def test_only_the_last_line_is_read_and_clusters_are_skipped():
    old = {"timestamp": "2025-11-15T00:00:00Z", "gpu_type": "H200_141GB", "socket_type": None,
           "by_config": {"1x": {"min_total": 9.0, "best_deal": {"provider": "old", "location": "US", "spot": False}}}}
    new = {**old, "timestamp": "2025-11-16T00:00:00Z", "by_config": {
        "1x": {"min_total": 3.59, "best_deal": {"provider": "runpod", "location": "US", "spot": False}},
        "16x": {"min_total": 40.0, "best_deal": {"provider": "dc_roan", "location": "US", "spot": False}},
        "2x": {"min_total": 7.0}}}
    outcome = parse_snapshots(SOURCE, [snapshot(json.dumps(old) + "\n" + json.dumps(new) + "\n")])
    assert [(r.gpu_count, r.usd_per_instance_hour) for r in outcome.records] == [(1, 3.59)]
    assert sorted(s.reason for s in outcome.skipped) == ["a cluster of several machines, not one instance",
                                                         "no best_deal: the listing behind the price is unknown"]


def test_a_live_run_asks_for_the_tail_of_each_file_and_reads_a_tail_that_starts_mid_line():
    asked = []

    class Client:
        def get(self, source_id, url, *, headers=None, json_body=None):
            asked.append(headers)
            return ReplayClient(FIXTURES).get(source_id, url)

    assert len(SOURCE.fetch_all(Client())) == len(SOURCE.urls)
    assert asked == [{"Range": "bytes=-65536"}] * len(SOURCE.urls)
    line = ReplayClient(FIXTURES).get(SOURCE.id, SOURCE.urls[0]).body
    tail = "ab\u00e9cd".encode()[3:] + b'0.5}}\n' + line  # a cut character, then the end of an earlier line
    records = parse_snapshots(SOURCE, [snapshot(tail)]).records
    assert [(r.gpu_count, r.usd_per_instance_hour) for r in records][:1] == [(1, 1.09)]


@pytest.mark.parametrize("body", ["", "<html>rate limited</html>", '{"timestamp": "x"}'])
def test_a_body_that_is_not_a_summary_line_fails(body):
    with pytest.raises(ParseError):
        parse_snapshots(SOURCE, [snapshot(body)])
