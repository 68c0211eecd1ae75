"""The Bedrock pricing-page normaliser over the collector's real rendered rows (figures read off the files by hand).

ajinkyak423/aws-bedrock-pricing-data `bedrock_n_level_pricing.json` at three commits: a list of row dicts
(Provider, Hierarchy_Path, Sub_Tab_N, Pricing_Category, model column, table headers).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.parsing import parse_snapshots
from scrapers.parsing import rows as parse_rows
from scrapers.records import Skip, TokenPrice
from scrapers.snapshot import Snapshot
from scrapers.sources.bedrock_page import PAGE_URL, SOURCE, read_row

pytestmark = pytest.mark.realdata

FILES = {
    "2026-05-30": "2026-05-30_813250f_bedrock_n_level_pricing.json",
    "2026-06-30": "2026-06-30_bd277ee_bedrock_n_level_pricing.json",
    "2026-07-24": "2026-07-24_86fc3c1_bedrock_n_level_pricing.json",
}


@pytest.fixture(scope="module")
def files(realdata):
    folder = realdata / "token" / "aws_bedrock_tables"
    return {day: (folder / name).read_bytes() for day, name in FILES.items()}


@pytest.fixture(scope="module")
def parsed(files):
    return {day: parse_snapshots(SOURCE, [Snapshot(source_id="bedrock_page", url=PAGE_URL, status=200, body=body,
                                                   fetched_at=datetime.fromisoformat(day).replace(tzinfo=timezone.utc))])
            for day, body in files.items()}


def _row(files, day: str, **match) -> dict:
    [row] = [r for r in json.loads(files[day]) if all(r.get(k) == v for k, v in match.items())]
    return row


def _price(parsed, day: str, model: str, tier: str = "standard", region: str = "global") -> TokenPrice:
    [price] = [r for r in parsed[day].records if (r.provider_model_id, r.price_tier, r.region) == (model, tier, region)]
    return price


@pytest.mark.parametrize("day", FILES)
def test_every_row_is_read_or_skipped_on_purpose_and_keys_are_unique(files, parsed, day):
    outcome, rows = parsed[day], json.loads(files[day])
    read = [row for row in rows if not any(isinstance(item, Skip) for item in parse_rows([row], read_row))]
    assert len(outcome.unreadable) == 1  # the latency-optimized Claude 3.5 Haiku row: "per 1,000" over $1.00
    assert len(outcome.unreadable) < len(rows) / 2 and len(outcome.records) > 90
    assert len(read) > 100  # rows that normalise to a price, before ambiguous keys are set aside
    keys = [(r.provider_model_id, r.price_tier, r.region, r.min_prompt_tokens) for r in outcome.records]
    assert len(keys) == len(set(keys))


def test_claude_haiku_4_5_global_cross_region_with_batch_cache_read_and_5m_write(parsed):
    haiku = _price(parsed, "2026-07-24", "Claude Haiku 4.5")
    assert (haiku.input_usd_per_mtok, haiku.output_usd_per_mtok) == (1.0, 5.0)
    assert (haiku.cached_input_usd_per_mtok, haiku.cache_write_usd_per_mtok) == (0.1, 1.25)  # 1h write 2.00 not stored
    batch = _price(parsed, "2026-07-24", "Claude Haiku 4.5", "batch")
    assert (batch.input_usd_per_mtok, batch.output_usd_per_mtok) == (0.5, 2.5)


def test_claude_sonnet_4_6_geo_and_in_region_is_ten_percent_above_global(parsed):
    geo = _price(parsed, "2026-07-24", "Claude Sonnet 4.6", region="geo-in-region")
    assert (geo.input_usd_per_mtok, geo.output_usd_per_mtok, geo.cached_input_usd_per_mtok, geo.cache_write_usd_per_mtok) \
        == (3.3, 16.5, 0.33, 4.125)
    assert _price(parsed, "2026-07-24", "Claude Sonnet 4.6").input_usd_per_mtok == 3.0


def test_claude_sonnet_4_and_llama_3_1_70b_batch_on_the_may_page(parsed):
    sonnet = _price(parsed, "2026-05-30", "Claude Sonnet 4", region="geo-in-region")
    assert (sonnet.input_usd_per_mtok, sonnet.output_usd_per_mtok, sonnet.cached_input_usd_per_mtok) == (3.0, 15.0, 0.3)
    llama = _price(parsed, "2026-05-30", "Llama 3.1 Instruct (70B)", "batch")
    assert (llama.input_usd_per_mtok, llama.output_usd_per_mtok) == (0.36, 0.36)


def test_deepseek_tiers_come_from_the_tier_tabs(parsed):
    assert [(p.input_usd_per_mtok, p.output_usd_per_mtok) for p in
            (_price(parsed, "2026-06-30", "DeepSeek-V3.1", tier) for tier in ("standard", "priority", "flex"))] \
        == [(0.58, 1.68), (1.015, 2.94), (0.29, 0.84)]


def test_amazon_nova_micro_on_demand_lands_and_its_unlabelled_second_price_is_not_guessed(files, parsed):
    nova = _price(parsed, "2026-07-24", "Amazon Nova Micro")
    assert (nova.input_usd_per_mtok, nova.output_usd_per_mtok) == (0.035, 0.14)
    # 0.0175/0.07 sits in the same table ("Input modalities Text, Image, Video") as 0.035/0.14, with nothing in
    # the row to say which region or tier it is: it is skipped on purpose, with the reason.
    assert any("several ways" in s.reason and "Amazon Nova Micro" in s.detail and "0.0175/0.07" in s.detail
               for s in parsed["2026-07-24"].skipped)
    twin = _row(files, "2026-07-24", **{"Amazon Nova models": "Amazon Nova Micro", "Price per 1M input tokens": "$0.0175"})
    [alone] = read_row(twin)  # read by itself, the row is a well-formed price
    assert (alone.input_usd_per_mtok, alone.output_usd_per_mtok) == (0.0175, 0.07)


def test_a_cached_input_column_and_a_spaced_dollar_figure(parsed):
    grok = _price(parsed, "2026-07-24", "Grok 4.3")
    assert (grok.input_usd_per_mtok, grok.output_usd_per_mtok, grok.cached_input_usd_per_mtok) == (1.25, 2.5, 0.2)
    assert _price(parsed, "2026-07-24", "DeepSeek v3.1", "flex").input_usd_per_mtok == 0.2987  # "$ 0.2987"


def test_the_only_per_1000_token_price_row_does_not_fit_its_unit_and_is_unreadable(files, parsed):
    row = _row(files, "2026-07-24", Pricing_Category="Latency Optimized Inference")
    assert row["Price per 1,000 input tokens"] == "$1.00"  # $1.00 per 1M on the page; the header says per 1,000
    assert [s.reason for s in parsed["2026-07-24"].unreadable] == ["unreadable Price per 1,000 input tokens"]


@pytest.mark.parametrize("match, reason", [
    ({"Item": "Claude Instant Inference"}, "worked example on the page, not a list price"),
    ({"Line Item": "Monthly Total"}, "worked example on the page, not a list price"),
    ({"Anthropic models": "Claude Haiku 4.5", "Pricing_Category": "Global Cross region Inference"},
     "provisioned throughput (per hour per TPM or model unit), not per token"),
    ({"Cohere models": "Rerank 3.5"}, "not priced per token (per image, second, request or query)"),
    ({"Amazon Nova models": "Amazon Nova Sonic", "Modality": "Speech"}, "speech tokens, not text tokens"),
])
def test_deliberate_skips_on_the_real_rows(files, match, reason):
    rows = [r for r in json.loads(files["2026-07-24"]) if all(r.get(k) == v for k, v in match.items())]
    assert rows and all(isinstance(s := read_row(r), Skip) and s.reason == reason and not s.unreadable for r in rows)
