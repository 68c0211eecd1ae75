"""gpuhunt daily dump: Lambda's rows are read where the price names the instance; every other row is skipped, because
the dump dropped the GPU count and spot flag. The bundled dump is becloudready/gpu-price @ 6dae24d (2025-04-16)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient
from scrapers.snapshot import Snapshot
from scrapers.sources.gpuhunt import SOURCE
from tests.conftest import FIXTURES


def parse(rows: list[dict]):
    body = json.dumps(rows).encode()
    return parse_snapshots(SOURCE, [Snapshot(source_id=SOURCE.id, url=SOURCE.urls[0], status=200, body=body,
                                             fetched_at=datetime(2025, 4, 16, tzinfo=timezone.utc), headers={})])


def test_the_bundled_dump_gives_lambdas_five_h100_sizes_once_each():
    outcome = parse_snapshots(SOURCE, [ReplayClient(FIXTURES).get(SOURCE.id, SOURCE.urls[0])])
    offers = {r.instance_type: (r.gpu_count, r.usd_per_instance_hour, r.gpu_id) for r in outcome.records}
    assert offers == {"gpu_1x_h100_pcie": (1, 2.49, "H100-PCIE"), "gpu_1x_h100_sxm5": (1, 3.29, "H100-SXM"),
                      "gpu_2x_h100_sxm5": (2, 6.38, "H100-SXM"), "gpu_4x_h100_sxm5": (4, 12.36, "H100-SXM"),
                      "gpu_8x_h100_sxm5": (8, 23.92, "H100-SXM")}
    assert {r.provider_id for r in outcome.records} == {"lambda"}


def test_other_providers_and_prices_off_the_menu_are_skipped_not_guessed():
    outcome = parse([{"gpuModel": "H100", "price": "$98.32", "provider": "aws"},
                     {"gpuModel": "H100", "price": "$2.99", "provider": "lambdalabs"},
                     {"gpuModel": "A100", "price": "$1.29", "provider": "lambdalabs"},
                     {"gpuModel": "A100", "price": "$14.32", "provider": "lambdalabs"}])
    assert [(r.instance_type, r.usd_per_gpu_hour) for r in outcome.records] == [("gpu_8x_a100_80gb_sxm4", 1.79)]
    assert len(outcome.skipped) == 3 and not outcome.unreadable


@pytest.mark.parametrize("body", [{"gpuModel": "H100"}, [{"gpuModel": "H100", "price": "$2.49"}]])
def test_a_dump_that_is_not_a_list_of_offers_fails(body):
    with pytest.raises(ParseError):
        parse_snapshots(SOURCE, [Snapshot(source_id=SOURCE.id, url=SOURCE.urls[0], status=200,
                                          body=json.dumps(body).encode(),
                                          fetched_at=datetime(2025, 4, 16, tzinfo=timezone.utc), headers={})])
