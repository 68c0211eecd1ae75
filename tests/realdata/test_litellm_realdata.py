"""The LiteLLM parser over every real monthly copy of the map, 2023-08-08 .. 2026-07-24 (figures read by hand)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.snapshot import Snapshot
from scrapers.sources.litellm import MAP_URL, SOURCE

pytestmark = pytest.mark.realdata


def _files(realdata):
    return sorted((realdata / "token" / "litellm").glob("*.json")) + sorted((realdata / "token" / "litellm_mirror").glob("*.json"))


def _parse(path):
    snapshot = Snapshot(source_id="litellm", url=MAP_URL, fetched_at=datetime(2026, 8, 1, tzinfo=timezone.utc),
                        status=200, body=path.read_bytes())
    return parse_snapshots(SOURCE, [snapshot])


@pytest.fixture(scope="module")
def parsed(realdata):
    return {path.name[:10]: _parse(path) for path in _files(realdata) if not path.name.startswith("2023-08-08")}


def test_there_are_36_parseable_monthly_copies(parsed):
    assert len(parsed) == 36 and min(parsed) == "2023-09-30" and max(parsed) == "2026-07-24"


def test_every_real_copy_parses_with_nothing_unreadable_and_unique_keys(parsed):
    for day, outcome in parsed.items():
        assert outcome.unreadable == [], day
        keys = [(r.provider_id, r.provider_model_id, r.price_tier, r.region, r.min_prompt_tokens) for r in outcome.records]
        assert len(keys) == len(set(keys)), day


# 2024-12 and 2026-03 each hold 28 Vertex entries whose per-token price is below their per-character
# price (skipped as inconsistent), which the counts leave out.
@pytest.mark.parametrize("day, records", [("2023-09-30", 65), ("2024-12-28", 538), ("2026-03-03", 2168), ("2026-07-24", 2575)])
def test_record_counts_grow_with_the_map(parsed, day, records):
    assert len(parsed[day].records) == records


def test_the_2023_08_08_predecessor_file_is_refused(realdata):
    with pytest.raises(ParseError) as caught:
        _parse(realdata / "token" / "litellm" / "2023-08-08_371e9f1.json")
    assert caught.value.field == "MODEL_COST"


def _price(outcome, key, tier="standard", min_prompt_tokens=0):
    [price] = [r for r in outcome.records if r.provider_model_id == key and r.price_tier == tier
               and r.min_prompt_tokens == min_prompt_tokens]
    return price


def _prices(price):
    return (price.input_usd_per_mtok, price.output_usd_per_mtok, price.cached_input_usd_per_mtok)


@pytest.mark.parametrize("day, key, expected", [
    ("2023-09-30", "gpt-4", (30.0, 60.0, None)),                   # 3e-05 / 6e-05 (2023-08-08 said 3e-06)
    ("2026-07-24", "gpt-4", (30.0, 60.0, None)),
    ("2024-05-31", "gpt-4o", (5.0, 15.0, None)),                   # launch price
    ("2024-10-29", "gpt-4o", (5.0, 15.0, 1.25)),
    ("2024-11-28", "gpt-4o", (2.5, 10.0, 1.25)),                   # gpt-4o now points at 2024-08-06
    ("2026-07-24", "gpt-4o", (2.5, 10.0, 1.25)),
    ("2025-01-31", "deepseek/deepseek-chat", (0.14, 0.28, 0.014)),
    ("2025-02-27", "deepseek/deepseek-chat", (0.27, 1.1, 0.07)),
    ("2026-01-30", "deepseek/deepseek-chat", (0.28, 0.42, 0.028)),
    ("2024-02-29", "mistral/mistral-large-latest", (8.0, 24.0, None)),
    ("2024-05-31", "mistral/mistral-large-latest", (4.0, 12.0, None)),
    ("2024-07-29", "mistral/mistral-large-latest", (3.0, 9.0, None)),
    ("2025-01-31", "mistral/mistral-large-latest", (2.0, 6.0, None)),
    ("2026-03-03", "mistral/mistral-large-latest", (0.5, 1.5, None)),
    ("2024-12-28", "groq/llama-3.3-70b-versatile", (0.59, 0.79, None)),
    ("2025-01-31", "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", (0.88, 0.88, None)),
    ("2024-08-31", "claude-3-5-sonnet-20240620", (3.0, 15.0, 0.3)),
])
def test_hand_read_figures_across_the_years(parsed, day, key, expected):
    assert _prices(_price(parsed[day], key)) == expected


def test_gpt_4o_gains_a_batch_tier_in_december_2024(parsed):
    assert not any(r.provider_model_id == "gpt-4o" and r.price_tier == "batch" for r in parsed["2024-11-28"].records)
    assert _prices(_price(parsed["2024-12-28"], "gpt-4o", "batch")) == (1.25, 5.0, None)


def test_the_together_mixtral_entry_without_a_mode_is_skipped(parsed):
    # 2024-02-29: together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1 has prices but no `mode`.
    assert any(s.detail == "together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1" and s.reason.startswith("no mode")
               for s in parsed["2024-02-29"].skipped)


def test_the_wandb_unit_errors_are_skipped_not_published(parsed):
    implausible = {s.detail.split(" ")[0] for s in parsed["2026-07-24"].skipped if s.reason.startswith("implausible")}
    assert "wandb/deepseek-ai/DeepSeek-V3.1" in implausible and "azure_ai/jais-30b-chat" in implausible
    assert max(r.output_usd_per_mtok or 0 for r in parsed["2026-07-24"].records) <= 1000
