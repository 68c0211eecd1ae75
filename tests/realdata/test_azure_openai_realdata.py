"""The Azure OpenAI parser over the real Retail Prices items of 2025-08-17 (figures read off the files by hand).

The collector kept the items, not the API's page envelope, so the test wraps them in one.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.parsing import parse_snapshots
from scrapers.snapshot import Snapshot
from scrapers.sources.azure_openai import PRICES_URL, SOURCE

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def outcome(realdata):
    [folder] = (realdata / "token" / "azure_retail").glob("2025-08-17_*")
    items = [json.loads(line) for path in sorted(folder.glob("*.ndjson"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    page = {"BillingCurrency": "USD", "CustomerEntityId": "Default", "CustomerEntityType": "Retail",
            "Items": items, "NextPageLink": None, "Count": len(items)}
    snapshot = Snapshot(source_id="azure_openai", url=PRICES_URL, fetched_at=datetime(2025, 8, 17, tzinfo=timezone.utc),
                        status=200, body=json.dumps(page).encode())
    return parse_snapshots(SOURCE, [snapshot])


def _price(outcome, model_id: str, region: str, tier: str = "standard"):
    [price] = [r for r in outcome.records if r.provider_model_id == model_id and r.region == region and r.price_tier == tier]
    return (price.input_usd_per_mtok, price.output_usd_per_mtok, price.cached_input_usd_per_mtok)


def test_every_real_item_is_read_or_skipped_on_purpose(outcome):
    assert outcome.unreadable == []
    assert len(outcome.records) == 1646


def test_the_key_is_unique(outcome):
    keys = [(r.provider_model_id, r.price_tier, r.region, r.min_prompt_tokens) for r in outcome.records]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("model_id, region, tier, expected", [
    # gpt-4o-mini-0718-Inp-glbl 0.00015 / -Outp-glbl 0.0006 / cached glbl 0.000075 per 1K
    ("gpt-4o-mini-0718:global", "westus3", "standard", (0.15, 0.6, 0.075)),
    # -Inp-regnl 0.000165 (PROVENANCE: a 10% regional uplift), -Outp-regnl 0.00066, cached regnl 0.000083 in eastus
    ("gpt-4o-mini-0718:regional", "eastus", "standard", (0.165, 0.66, 0.083)),
    ("gpt-4o-mini-0718:regional", "swedencentral", "standard", (0.165, 0.66, 0.091)),  # cached 0.000091 here
    ("gpt-4o-mini-0718:regional", "usgovarizona", "standard", (0.206, 0.825, 0.104)),  # 0.000206 / 0.000825 / 0.000104
    # "gpt 4o 0513 Input regional Tokens" 0.005 / Output 0.015 per 1K (PROVENANCE cross-check value)
    ("gpt-4o-0513:regional", "eastus", "standard", (5.0, 15.0, None)),
    ("gpt-4.1:global", "eastus2", "batch", (1.0, 4.0, None)),  # gpt 4.1 Batch Inp/Outp glbl 0.001 / 0.004
    ("gpt-5-mini:global", "eastus2", "standard", (0.25, 2.0, 0.025)),  # 1M meters: 0.25 / 2 / 0.025
    ("gpt-5-rsng:datazone", "eastus2", "standard", (1.375, 11.0, 0.1375)),  # GPT 5 Rsng ... DZone
])
def test_real_prices_match_the_figures_in_the_items(outcome, model_id, region, tier, expected):
    assert _price(outcome, model_id, region, tier) == expected


def test_provisioned_fine_tuning_and_audio_meters_are_skipped_deliberately(outcome):
    reasons = {s.reason for s in outcome.skipped}
    assert {"provisioned throughput (per hour), not a token price",
            "fine-tuning meter (training, hosting, tuned-model or grader price)",
            "audio, realtime, speech, image or video meter (not a text-token price)"} <= reasons
    assert not any(":" not in r.provider_model_id for r in outcome.records)
