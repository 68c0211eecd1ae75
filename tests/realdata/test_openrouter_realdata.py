"""The OpenRouter parser over real /api/v1/models responses (figures read off the files by hand)."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.snapshot import Snapshot
from scrapers.sources.openrouter import MODELS_URL, SOURCE

pytestmark = pytest.mark.realdata

RESPONSES = {
    "2025-05-23": "2025-05-23_madviking-pydantic-llm-tester_02f3c49_api_v1_models.json",
    "2025-07-20": "2025-07-20_wikiarena_cc1d450_api_v1_models.json",
    "2025-11-13": "2025-11-13_uiuc-chat-frontend_46f5de4d_openrouter_models.json",
    "2026-01-16": "2026-01-16_Maxizag-MulTI-AI-Bot_49f6fc7_api_v1_models.json",
    "2026-08-01": "2026-08-01_token-tariff_77b8722_api_v1_models.json",
}
DAILY = {  # sui414/openrouter-pricing-data: the bare `data` list, gzipped by the collector
    "2026-07-17": "2026-07-17_92344ca",
    "2026-08-01": "2026-08-01_3314e3d",
    "2026-08-08": "2026-08-08_0427e0e",
}
V1_MODELS = [day for day in RESPONSES if day != "2025-11-13"]


def _parse(body: bytes):
    snapshot = Snapshot(source_id="openrouter", url=MODELS_URL, fetched_at=datetime(2026, 8, 1, tzinfo=timezone.utc),
                        status=200, body=body)
    return parse_snapshots(SOURCE, [snapshot])


@pytest.fixture(scope="module")
def parsed(realdata):
    folder = realdata / "token" / "openrouter"
    return {day: _parse((folder / RESPONSES[day]).read_bytes()) for day in V1_MODELS}


@pytest.fixture(scope="module")
def daily(realdata):
    folder = realdata / "token" / "openrouter_daily"
    return {day: _parse(gzip.decompress((folder / name / "models.json.gz").read_bytes())) for day, name in DAILY.items()}


def _price(outcome, model_id: str, tier: str = "standard", min_prompt_tokens: int = 0):
    [price] = [r for r in outcome.records if r.provider_model_id == model_id
               and r.price_tier == tier and r.min_prompt_tokens == min_prompt_tokens]
    return price


def _prices(price):
    return (price.input_usd_per_mtok, price.output_usd_per_mtok, price.cached_input_usd_per_mtok,
            price.cache_write_usd_per_mtok)


@pytest.mark.parametrize("day", V1_MODELS)
def test_every_real_models_response_parses_with_nothing_unreadable(parsed, day):
    assert parsed[day].unreadable == []
    assert len(parsed[day].records) > 100


@pytest.mark.parametrize("day, model_id, expected", [
    # (day, id, (input, output, cached input, cache write) USD per Mtok) from the per-token strings
    ("2025-05-23", "meta-llama/llama-3.3-70b-instruct", (0.07, 0.25, None, None)),  # "0.00000007" / "0.00000025"
    ("2025-05-23", "openai/gpt-4o", (2.5, 10.0, 1.25, None)),
    ("2025-05-23", "openai/gpt-4o:extended", (6.0, 18.0, None, None)),
    ("2025-07-20", "meta-llama/llama-3.3-70b-instruct", (0.038, 0.12, None, None)),  # "0.000000038"
    ("2025-07-20", "deepseek/deepseek-chat", (0.4, 1.3, None, None)),
    ("2025-07-20", "anthropic/claude-3.7-sonnet:thinking", (3.0, 15.0, 0.3, 3.75)),
    ("2026-01-16", "openai/gpt-oss-120b", (0.039, 0.19, None, None)),
    ("2026-01-16", "z-ai/glm-4.6:exacto", (0.44, 1.76, None, None)),
    ("2026-01-16", "deepseek/deepseek-chat", (0.3, 1.2, None, None)),
    ("2026-08-01", "deepseek/deepseek-v4-pro", (0.435, 0.87, 0.003625, None)),  # "0.000000003625"
    ("2026-08-01", "meta-llama/llama-3.1-70b-instruct", (0.4, 0.4, None, None)),
    ("2026-08-01", "anthropic/claude-sonnet-4", (3.0, 15.0, 0.3, 3.75)),  # PROVENANCE cross-check value
])
def test_real_prices_match_the_figures_in_the_files(parsed, day, model_id, expected):
    assert _prices(_price(parsed[day], model_id)) == expected


def test_a_zero_cache_price_in_the_2026_01_response_is_no_cache_price(parsed):
    # qwen/qwen3-vl-30b-a3b-thinking: prompt "0.0000002", input_cache_read "0".
    assert _prices(_price(parsed["2026-01-16"], "qwen/qwen3-vl-30b-a3b-thinking")) == (0.2, 1.0, None, None)


@pytest.mark.parametrize("day, routers", [
    ("2025-05-23", {"openrouter/auto"}),
    ("2026-01-16", {"openrouter/auto", "openrouter/bodybuilder"}),
    ("2026-08-01", {"openrouter/auto", "openrouter/auto-beta", "openrouter/bodybuilder", "openrouter/fusion",
                    "openrouter/pareto-code"}),
])
def test_router_pseudo_models_are_skipped_not_priced(parsed, day, routers):
    skipped = {s.detail for s in parsed[day].skipped if s.reason.startswith("router pseudo-model")}
    assert skipped == routers
    assert not any(r.provider_model_id.startswith("openrouter/") for r in parsed[day].records)


@pytest.mark.parametrize("day, free_variants", [("2025-05-23", 68), ("2025-07-20", 10), ("2026-01-16", 31), ("2026-08-01", 14)])
def test_free_variants_are_skipped_deliberately(parsed, day, free_variants):
    assert sum(s.reason.startswith(":free variant") for s in parsed[day].skipped) == free_variants
    assert not any(r.provider_model_id.endswith(":free") for r in parsed[day].records)


def test_the_2026_08_01_overrides_become_long_context_rows(parsed):
    outcome = parsed["2026-08-01"]
    # 49 overrides in the file, 3 of them on ~aliases that are skipped.
    assert sum(r.price_tier == "long_context" for r in outcome.records) == 46
    sonnet = _price(outcome, "anthropic/claude-sonnet-4", "long_context", 200000)
    assert _prices(sonnet) == (6.0, 22.5, 0.6, 7.5)  # "0.000006" / "0.0000225" / "0.0000006" / "0.0000075"
    assert _prices(_price(outcome, "qwen/qwen3-coder-plus", "long_context", 32000)) == (1.17, 5.85, 0.234, 1.4625)
    assert _prices(_price(outcome, "qwen/qwen3-coder-plus", "long_context", 128000)) == (1.95, 9.75, 0.39, 2.4375)


def test_the_frontend_models_dump_is_refused_not_guessed(realdata):
    # 2025-11-13 is /api/frontend/models (per-endpoint prices, no `id`): not what this source fetches.
    body = (realdata / "token" / "openrouter" / RESPONSES["2025-11-13"]).read_bytes()
    with pytest.raises(ParseError) as caught:
        _parse(body)
    assert caught.value.field == "rows" and "unreadable id" in caught.value.message


@pytest.mark.parametrize("day", DAILY)
def test_the_daily_archive_bare_model_lists_parse(daily, day):
    assert daily[day].unreadable == []
    assert _prices(_price(daily[day], "meta-llama/llama-3.1-70b-instruct")) == (0.4, 0.4, None, None)
    assert _prices(_price(daily[day], "anthropic/claude-sonnet-4", "long_context", 200000)) == (6.0, 22.5, 0.6, 7.5)


def test_the_daily_archive_sees_llama_3_3_70b_get_cheaper(daily):
    # "0.00000013"/"0.0000004" on 2026-08-01, "0.0000001"/"0.00000032" on 2026-08-08.
    assert _prices(_price(daily["2026-08-01"], "meta-llama/llama-3.3-70b-instruct"))[:2] == (0.13, 0.4)
    assert _prices(_price(daily["2026-08-08"], "meta-llama/llama-3.3-70b-instruct"))[:2] == (0.1, 0.32)


def test_two_collectors_on_the_same_day_agree_except_where_a_price_moved(parsed, daily):
    differing = set(parsed["2026-08-01"].records) ^ set(daily["2026-08-01"].records)
    # Fetched at different hours: only z-ai/glm-5.2 and nvidia/nemotron-3-ultra-550b-a55b differ.
    assert {r.provider_model_id for r in differing} == {"z-ai/glm-5.2", "nvidia/nemotron-3-ultra-550b-a55b"}
    assert len(parsed["2026-08-01"].records) == len(daily["2026-08-01"].records) == 350
