"""The two history GPU parsers over every real copy: each of the 957 Prime Intellect snapshots of the H100 SXM5 file
(read as if it were the file's last line) and each of the 198 gpuhunt dumps parse, and the Lambda menu names the same
prices on every day the dumps list Lambda."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.snapshot import Snapshot
from scrapers.sources.gpuhunt import SOURCE as GPUHUNT
from scrapers.sources.primeintellect import SOURCE as PRIMEINTELLECT

pytestmark = pytest.mark.realdata
AT = datetime(2025, 11, 16, tzinfo=timezone.utc)


def test_every_prime_intellect_snapshot_with_listings_parses(realdata):
    lines = (realdata / "gpu" / "primeintellect_tracker" / "H100_80GB_SXM5.jsonl").read_bytes().splitlines()
    assert len(lines) == 957
    for line in lines[:2]:  # the tracker's first two snapshots name no listing (best_deal came later): nothing to land
        with pytest.raises(ParseError, match="no records parsed"):
            parse_snapshots(PRIMEINTELLECT, [Snapshot(PRIMEINTELLECT.id, PRIMEINTELLECT.urls[0], AT, 200, line, {})])
    for line in lines[2:]:
        outcome = parse_snapshots(PRIMEINTELLECT, [Snapshot(PRIMEINTELLECT.id, PRIMEINTELLECT.urls[0], AT, 200, line, {})])
        assert outcome.records and not outcome.unreadable


def test_every_gpuhunt_dump_parses_and_lambda_keeps_its_menu(realdata):
    dumps = sorted((realdata / "gpu" / "gpuhunt_daily").glob("20*.json"))
    with_lambda = 0
    for dump in dumps:
        outcome = parse_snapshots(GPUHUNT, [Snapshot(GPUHUNT.id, GPUHUNT.urls[0], AT, 200, dump.read_bytes(), {})])
        assert not outcome.unreadable
        offers = {r.instance_type: r.usd_per_instance_hour for r in outcome.records}
        if offers:
            with_lambda += 1
            assert offers["gpu_8x_h100_sxm5"] == 23.92 and offers["gpu_1x_h100_pcie"] == 2.49
    assert len(dumps) == 198 and with_lambda == 198
