"""LiteLLM: the bundled price map (real entries of the 2026-03-03 upstream file) and broken inputs."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.litellm import MAP_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "litellm" / slug(MAP_URL)


def _snapshot(body) -> Snapshot:
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    return Snapshot(source_id="litellm", url=MAP_URL, fetched_at=datetime(2026, 3, 3, tzinfo=timezone.utc),
                    status=200, body=body, headers={"Content-Type": "text/plain"})


def _document() -> dict:
    return json.loads(FIXTURE.read_bytes())


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, key: str, tier: str = "standard", min_prompt_tokens: int = 0):
    [price] = [r for r in outcome.records if r.provider_model_id == key
               and r.price_tier == tier and r.min_prompt_tokens == min_prompt_tokens]
    return price


def _prices(price):
    return (price.input_usd_per_mtok, price.output_usd_per_mtok, price.cached_input_usd_per_mtok,
            price.cache_write_usd_per_mtok)


def test_the_bundled_map_replays_from_its_slug_and_is_small():
    assert FIXTURE.name == "raw.githubusercontent.com_BerriAI_litellm_main_model_prices_and_context_window.json"
    assert FIXTURE.stat().st_size < 60_000


@pytest.mark.parametrize("key, provider_id, expected", [
    # input_cost_per_token / output_cost_per_token / cache_read / cache_creation, per token x 1e6
    ("gpt-4o", "openai", (2.5, 10.0, 1.25, None)),                    # 2.5e-06 / 1e-05 / 1.25e-06
    ("claude-sonnet-4-5", "anthropic", (3.0, 15.0, 0.3, 3.75)),
    ("claude-3-5-haiku-20241022", "anthropic", (0.8, 4.0, 0.08, 1.0)),  # the 1h write (6e-06) is not kept
    ("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "together", (0.88, 0.88, None, None)),
    ("fireworks_ai/accounts/fireworks/models/llama-v3p1-405b-instruct", "fireworks", (3.0, 3.0, None, None)),
    ("groq/llama-3.3-70b-versatile", "groq", (0.59, 0.79, None, None)),
    ("bedrock/ap-northeast-1/deepseek.v3.2", "bedrock", (0.74, 2.22, None, None)),
    ("gemini-2.5-pro", "vertex", (1.25, 10.0, 0.125, None)),           # litellm_provider vertex_ai-language-models
    ("vertex_ai/gemini-3-pro-preview", "vertex", (2.0, 12.0, 0.2, None)),
    ("azure/gpt-4o", "azure_openai", (2.5, 10.0, 1.25, None)),
    ("azure_ai/Llama-3.3-70B-Instruct", "azure_openai", (0.71, 0.71, None, None)),
    ("mistral/mistral-large-latest", "mistral", (0.5, 1.5, None, None)),
    ("openrouter/deepseek/deepseek-chat", "openrouter", (0.14, 0.28, None, None)),
    ("lambda_ai/llama3.3-70b-instruct-fp8", "lambda", (0.12, 0.3, None, None)),
    ("dashscope/qwen3-max", "dashscope", (1.2, 6.0, None, None)),  # not in our id list: LiteLLM's own name
])
def test_standard_prices_per_token_become_usd_per_mtok_under_our_provider_ids(outcome, key, provider_id, expected):
    price = _price(outcome, key)
    assert price.provider_id == provider_id and price.region == "global"
    assert _prices(price) == expected


def test_the_provider_name_keeps_litellms_own_spelling(outcome):
    assert _price(outcome, "gemini-2.5-pro").provider_name == "vertex_ai-language-models"
    assert _price(outcome, "gemini-2.5-pro").context_length == 1048576


def test_deepseeks_zero_cache_write_is_no_price_and_its_cache_read_is_kept(outcome):
    # cache_creation_input_token_cost 0.0, cache_read_input_token_cost 2.8e-08
    assert _prices(_price(outcome, "deepseek/deepseek-chat")) == (0.28, 0.42, 0.028, None)


def test_batches_keys_become_the_batch_tier(outcome):
    assert _prices(_price(outcome, "gpt-4o", "batch")) == (1.25, 5.0, None, None)
    assert _prices(_price(outcome, "gpt-4o-mini", "batch")) == (0.075, 0.3, None, None)


def test_flex_and_priority_keys_become_their_tiers(outcome):
    assert _prices(_price(outcome, "gpt-5", "flex")) == (0.625, 5.0, 0.0625, None)
    assert _prices(_price(outcome, "gpt-5", "priority")) == (2.5, 20.0, 0.25, None)
    assert _prices(_price(outcome, "gpt-4o", "priority")) == (4.25, 17.0, 2.125, None)


def test_a_tier_keeps_only_the_prices_the_map_names_for_it(outcome):
    # gpt-5-nano has input_cost_per_token_priority but no output_cost_per_token_priority.
    assert _prices(_price(outcome, "gpt-5-nano", "priority")) == (2.5, None, None, None)


def test_above_200k_keys_become_a_long_context_tier_from_200000_tokens(outcome):
    assert _prices(_price(outcome, "claude-sonnet-4-5", "long_context", 200000)) == (6.0, 22.5, 0.6, 7.5)
    assert _prices(_price(outcome, "gemini-2.5-pro", "long_context", 200000)) == (2.5, 15.0, 0.25, 0.25)


def test_priority_above_200k_is_the_priority_tier_from_200000_tokens(outcome):
    assert _prices(_price(outcome, "vertex_ai/gemini-3-pro-preview", "priority", 200000)) == (7.2, 32.4, 0.72, None)
    assert _prices(_price(outcome, "vertex_ai/gemini-3-pro-preview", "priority")) == (3.6, 21.6, 0.36, None)


def test_tiered_pricing_ranges_become_standard_and_long_context_prices(outcome):
    assert _prices(_price(outcome, "dashscope/qwen3-max")) == (1.2, 6.0, None, None)
    assert _prices(_price(outcome, "dashscope/qwen3-max", "long_context", 32000)) == (2.4, 12.0, None, None)
    assert _prices(_price(outcome, "dashscope/qwen3-max", "long_context", 128000)) == (3.0, 15.0, None, None)


def test_a_per_token_price_below_the_same_entrys_per_character_price_is_skipped_as_inconsistent(outcome):
    # chat-bison: 0.125 USD per Mtok against 0.25 per million characters; a token is several characters.
    [skip] = [s for s in outcome.skipped if s.detail.startswith("chat-bison ")]
    assert skip.reason.startswith("per-token price below the entry's own per-character price")
    assert not any(r.provider_model_id == "chat-bison" for r in outcome.records)


def test_a_per_token_price_at_or_above_the_per_character_price_is_kept():
    entry = dict(_document()["gpt-4o"], input_cost_per_character=1e-06, output_cost_per_character=1e-06)
    assert _price(parse_snapshots(SOURCE, [_snapshot({"gpt-4o": entry})]), "gpt-4o").input_usd_per_mtok == 2.5


@pytest.mark.parametrize("key, reason", [
    ("sample_spec", "sample_spec"),
    ("text-embedding-3-small", "mode embedding is not a text-token model"),
    ("dall-e-3", "mode image_generation is not a text-token model"),
    ("medlm-large", "not priced per token"),
    ("bedrock/us-east-1/1-month-commitment/anthropic.claude-v2:1", "not priced per token"),
    ("github_copilot/claude-opus-4.5", "no price listed"),
    ("gemini/gemma-3-27b-it", "placeholder price"),
    ("fireworks-ai-default", "no mode"),
    ("wandb/openai/gpt-oss-120b", "implausible price"),  # 0.015 USD per token = 15,000 per Mtok
])
def test_deliberate_skips_carry_their_reason(outcome, key, reason):
    [skip] = [s for s in outcome.skipped if s.detail == key or s.detail.startswith(f"{key}:") or s.detail.startswith(f"{key} ")]
    assert skip.reason.startswith(reason) and not skip.unreadable
    assert not any(r.provider_model_id == key for r in outcome.records)


def test_nothing_in_the_bundled_map_is_unreadable_and_every_key_is_unique(outcome):
    assert outcome.unreadable == []
    keys = [(r.provider_id, r.provider_model_id, r.price_tier, r.region, r.min_prompt_tokens) for r in outcome.records]
    assert len(keys) == len(set(keys)) == 35


def test_the_mirrors_last_updated_key_is_not_a_model():
    document = {"last_updated": "2026-07-24T00:00:00Z", "gpt-4o": _document()["gpt-4o"]}
    outcome = parse_snapshots(SOURCE, [_snapshot(document)])
    assert [s.reason for s in outcome.skipped] == ["mirror metadata, not a model"]
    assert {r.price_tier for r in outcome.records} == {"standard", "batch", "priority"}


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(body) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


def test_an_html_error_page_fails_naming_the_body():
    assert _parse_error("<html><body>404: Not Found</body></html>").field == "body"


def test_a_list_instead_of_the_map_fails_naming_the_body():
    assert _parse_error([{"gpt-4o": {}}]).field == "body"


def test_the_2023_predecessor_file_is_refused_not_parsed():
    error = _parse_error({"MODEL_COST": {"gpt-4": {"max_tokens": 8000, "input_cost_per_token": 0.000003,
                                                   "output_cost_per_token": 0.00006}}})
    assert error.field == "MODEL_COST" and "known wrong" in error.message


def test_an_empty_map_fails_because_nothing_was_read():
    assert _parse_error({}).field == "records"


@pytest.mark.parametrize("bad, field", [
    ("0.0000025", None),   # a string price is read as a number would be: still a price
    ("$2.50 / 1M", "input_cost_per_token"),
    ("free", "input_cost_per_token"),
    (-2.5e-06, "input_usd_per_mtok"),
])
def test_a_price_that_is_not_a_usd_number_per_token_is_unreadable(bad, field):
    document = {"gpt-4o": dict(_document()["gpt-4o"], input_cost_per_token=bad)}
    if field is None:
        assert _price(parse_snapshots(SOURCE, [_snapshot(document)]), "gpt-4o").input_usd_per_mtok == 2.5
        return
    error = _parse_error(document)
    assert error.field == "rows" and f"unreadable {field}" in error.message


def test_a_text_model_without_its_provider_is_unreadable():
    entry = dict(_document()["gpt-4o"])
    del entry["litellm_provider"]
    error = _parse_error({"gpt-4o": entry})
    assert error.field == "rows" and "litellm_provider" in error.message


def test_one_unreadable_entry_among_many_is_skipped_and_the_rest_are_read():
    document = _document()
    document["gpt-4o"]["output_cost_per_token"] = "contact sales"
    outcome = parse_snapshots(SOURCE, [_snapshot(document)])
    [bad] = outcome.unreadable
    assert bad.reason == "unreadable output_cost_per_token"
    assert len(outcome.records) == 32  # gpt-4o's three tiers are lost with it


def test_a_price_key_the_parser_does_not_know_is_reported_and_the_prices_are_unchanged(outcome):
    document = _document()
    for entry in document.values():
        if isinstance(entry, dict) and entry.get("mode") == "chat":
            entry["output_cost_per_token_fast"] = 0.00001
            entry["max_video_length"] = 60  # not a price key: no notice
    noticed = parse_snapshots(SOURCE, [_snapshot(document)])
    assert outcome.notices == []
    assert noticed.notices == [f"{MAP_URL}: unknown key 'output_cost_per_token_fast' in a chat/completion/responses entry"]
    assert noticed.records == outcome.records
