"""The canonical model seeds: models.csv is self-consistent and model_aliases.csv maps real ids.

The mapping rule mirrors int_token_prices__model_ids.sql: lowercase the provider's model id, keep
the aliases whose pattern full-matches it (provider_id '*' or the provider's own id), then prefer a
provider-specific alias, then the longest pattern, then the smallest model_id.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from orchestration.settings import DBT_PROJECT_DIR

SEEDS = DBT_PROJECT_DIR / "seeds"
MODEL_COLUMNS = ["model_id", "family", "creator", "total_params_b", "active_params_b", "architecture",
                 "n_experts", "n_active_experts", "n_shared_experts", "open_weights", "release_date",
                 "params_source_url", "note"]
ALIAS_COLUMNS = ["provider_id", "pattern", "model_id", "note"]


def read_seed(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (SEEDS / name).open(newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


MODEL_HEADER, MODELS = read_seed("models.csv")
ALIAS_HEADER, ALIASES = read_seed("model_aliases.csv")
BY_ID = {row["model_id"]: row for row in MODELS}
COMPILED = [(a["provider_id"], re.compile(a["pattern"]), a["model_id"], len(a["pattern"])) for a in ALIASES]


def matches(provider_model_id: str, provider_id: str = "*") -> list[tuple[bool, int, str]]:
    """Every alias that full-matches the lowercased id, best first (the lead's ordering)."""
    lowered = provider_model_id.lower()
    hits = [(prov != "*", length, model_id) for prov, rx, model_id, length in COMPILED
            if (prov == "*" or prov == provider_id) and rx.fullmatch(lowered)]
    return sorted(hits, key=lambda hit: (not hit[0], -hit[1], hit[2]))


def canonical(provider_model_id: str, provider_id: str = "*") -> str | None:
    hits = matches(provider_model_id, provider_id)
    return hits[0][2] if hits else None


def number(text: str) -> float | None:
    return float(text) if text != "" else None


def test_the_seeds_have_exactly_the_contract_columns():
    assert MODEL_HEADER == MODEL_COLUMNS
    assert ALIAS_HEADER == ALIAS_COLUMNS


def test_model_ids_are_unique_lowercase_and_hyphenated():
    ids = [row["model_id"] for row in MODELS]
    assert len(ids) == len(set(ids))
    for model_id in ids:
        assert re.fullmatch(r"[a-z0-9][a-z0-9.\-]*", model_id), model_id


def test_every_alias_points_at_a_model_and_compiles_lowercase():
    for alias in ALIASES:
        assert alias["model_id"] in BY_ID, alias
        assert alias["pattern"] == alias["pattern"].lower(), alias["pattern"]
        assert alias["provider_id"], alias


def test_architecture_and_open_weights_take_only_their_allowed_values():
    for row in MODELS:
        assert row["open_weights"] in {"true", "false"}, row["model_id"]
        assert row["architecture"] in {"dense", "moe", ""}, row["model_id"]


def test_dense_models_read_all_their_parameters_per_token():
    for row in MODELS:
        if row["architecture"] == "dense":
            assert number(row["active_params_b"]) == number(row["total_params_b"]), row["model_id"]
            assert row["n_experts"] == row["n_active_experts"] == row["n_shared_experts"] == "", row["model_id"]


def test_moe_models_activate_fewer_parameters_and_fewer_experts_than_they_hold():
    for row in MODELS:
        if row["architecture"] != "moe":
            continue
        assert number(row["active_params_b"]) < number(row["total_params_b"]), row["model_id"]
        if row["n_experts"] or row["n_active_experts"]:
            assert row["n_experts"] and row["n_active_experts"], row["model_id"]
            assert 0 < int(row["n_active_experts"]) <= int(row["n_experts"]), row["model_id"]
        if row["n_shared_experts"]:
            assert int(row["n_shared_experts"]) >= 0 and row["n_experts"], row["model_id"]


def test_every_open_weights_model_has_parameters_an_architecture_and_a_source():
    for row in MODELS:
        if row["open_weights"] == "true":
            assert number(row["total_params_b"]) and number(row["active_params_b"]), row["model_id"]
            assert row["architecture"] in {"dense", "moe"}, row["model_id"]
            assert row["params_source_url"].startswith("https://"), row["model_id"]


def test_closed_weights_models_never_carry_invented_parameter_counts():
    for row in MODELS:
        if row["open_weights"] == "false":
            assert row["total_params_b"] == row["active_params_b"] == "", row["model_id"]
            assert row["n_experts"] == row["n_active_experts"] == row["n_shared_experts"] == "", row["model_id"]


def test_the_models_the_breakeven_needs_are_there_with_their_public_figures():
    expect = {
        "llama-3.1-70b": (70, 70), "llama-3.1-405b": (405, 405), "llama-3.3-70b": (70, 70),
        "llama-4-scout": (109, 17), "llama-4-maverick": (400, 17), "mixtral-8x7b": (46.7, 12.9),
        "mixtral-8x22b": (141, 39), "deepseek-v2": (236, 21), "deepseek-v3": (671, 37),
        "deepseek-r1": (671, 37), "qwen3-235b-a22b": (235, 22), "qwen3-coder-480b-a35b": (480, 35),
        "gpt-oss-120b": (117, 5.1), "gpt-oss-20b": (21, 3.6), "kimi-k2": (1000, 32),
        "glm-4.5": (355, 32), "glm-4.5-air": (106, 12), "mistral-large-2": (123, 123),
    }
    for model_id, (total, active) in expect.items():
        row = BY_ID[model_id]
        assert (number(row["total_params_b"]), number(row["active_params_b"])) == (total, active), model_id
    assert (BY_ID["deepseek-v3"]["n_experts"], BY_ID["deepseek-v3"]["n_active_experts"],
            BY_ID["deepseek-v3"]["n_shared_experts"]) == ("256", "8", "1")


# Real provider ids (from the OpenRouter API, the LiteLLM price map and genai-prices) and the
# canonical model each must map to.
EXPECTED = {
    # OpenRouter
    "meta-llama/llama-3.3-70b-instruct": "llama-3.3-70b",
    "meta-llama/llama-3.1-70b-instruct": "llama-3.1-70b",
    "meta-llama/llama-3.1-8b-instruct": "llama-3.1-8b",
    "meta-llama/llama-3.2-3b-instruct": "llama-3.2-3b",
    "meta-llama/llama-4-maverick": "llama-4-maverick",
    "deepseek/deepseek-r1": "deepseek-r1",
    "deepseek/deepseek-chat": "deepseek-v3",
    "deepseek/deepseek-chat-v3-0324": "deepseek-v3-0324",
    "deepseek/deepseek-chat-v3.1": "deepseek-v3.1",
    "deepseek/deepseek-r1-distill-llama-70b": "deepseek-r1-distill-llama-70b",
    "qwen/qwen3-235b-a22b": "qwen3-235b-a22b",
    "qwen/qwen3-235b-a22b-2507": "qwen3-235b-a22b-instruct-2507",
    "qwen/qwen3-coder": "qwen3-coder-480b-a35b",
    "qwen/qwen-2.5-72b-instruct": "qwen2.5-72b",
    "openai/gpt-oss-120b": "gpt-oss-120b",
    "openai/gpt-oss-20b:free": "gpt-oss-20b",
    "mistralai/mixtral-8x7b-instruct": "mixtral-8x7b",
    "mistralai/mistral-small-3.2-24b-instruct": "mistral-small-3.2",
    "moonshotai/kimi-k2-0905": "kimi-k2-0905",
    "z-ai/glm-4.5-air": "glm-4.5-air",
    "nvidia/nemotron-3-super-120b-a12b:free": "nemotron-3-super-120b-a12b",
    "nousresearch/hermes-3-llama-3.1-405b": "hermes-3-llama-3.1-405b",
    "anthropic/claude-3.7-sonnet:thinking": "claude-3.7-sonnet",
    # LiteLLM keys
    "together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo": "llama-3.1-70b",
    "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo-Free": "llama-3.3-70b",
    "together_ai/Qwen/Qwen3-235B-A22B-fp8-tput": "qwen3-235b-a22b",
    "together_ai/zai-org/GLM-4.5-Air-FP8": "glm-4.5-air",
    "fireworks_ai/accounts/fireworks/models/llama-v3p1-405b-instruct": "llama-3.1-405b",
    "fireworks_ai/accounts/fireworks/models/deepseek-v3p1-terminus": "deepseek-v3.1-terminus",
    "fireworks_ai/accounts/fireworks/models/qwen2p5-coder-32b-instruct": "qwen2.5-coder-32b",
    "fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct-hf": "mixtral-8x22b",
    "groq/llama-3.3-70b-versatile": "llama-3.3-70b",
    "groq/llama-3.1-8b-instant": "llama-3.1-8b",
    "groq/meta-llama/llama-4-scout-17b-16e-instruct": "llama-4-scout",
    "bedrock/us.meta.llama3-1-405b-instruct-v1:0": "llama-3.1-405b",
    "meta.llama3-70b-instruct-v1:0": "llama-3-70b",
    "mistral.mixtral-8x7b-instruct-v0:1": "mixtral-8x7b",
    "bedrock/us-east-1/deepseek.v3.2": "deepseek-v3.2",
    "openai.gpt-oss-120b-1:0": "gpt-oss-120b",
    "deepseek/deepseek-reasoner": "deepseek-r1",
    "vertex_ai/meta/llama-3.1-405b-instruct-maas": "llama-3.1-405b",
    "vertex_ai/qwen/qwen3-coder-480b-a35b-instruct-maas": "qwen3-coder-480b-a35b",
    "vertex_ai/mistral-large@2411-001": "mistral-large-2411",
    "azure/global/gpt-4o-2024-08-06": "gpt-4o",
    "azure_ai/Meta-Llama-3.1-70B-Instruct": "llama-3.1-70b",
    "mistral/open-mixtral-8x22b": "mixtral-8x22b",
    "mistral/mistral-small-3-2-2506": "mistral-small-3.2",
    "anthropic.claude-3-5-sonnet-20241022-v2:0": "claude-3.5-sonnet",
    "gemini/gemini-2.5-pro-preview-05-06": "gemini-2.5-pro",
    # genai-prices (Together, Fireworks, Groq spellings)
    "meta-llama/Meta-Llama-3-70B-Instruct-Lite": "llama-3-70b",
    "accounts/fireworks/models/llama4-maverick-instruct-basic": "llama-4-maverick",
    "accounts/fireworks/models/kimi-k2p5": "kimi-k2.5",
    "mixtral-8x7b-32768": "mixtral-8x7b",
    "gemma2-9b-it": "gemma-2-9b",
    # display names scraped from pricing pages (bundled fixtures) and OpenRouter endpoint ids
    "Llama 3.3 70B Instruct-Turbo": "llama-3.3-70b",
    "Llama 3 70B Instruct Lite": "llama-3-70b",
    "Llama 4 Maverick (17Bx128E) 128k": "llama-4-maverick",
    "Kimi K2-0905 1T 256k": "kimi-k2-0905",
    "GPT OSS 120B 128k": "gpt-oss-120b",
    "OpenAI gpt-oss-20b": "gpt-oss-20b",
    "DeepSeek R1 0528": "deepseek-r1-0528",
    "Qwen3 Coder 480B": "qwen3-coder-480b-a35b",
    "qwen/qwen3-235b-a22b-2507@deepinfra/fp8": "qwen3-235b-a22b-instruct-2507",
    "meta-llama/llama-3.3-70b-instruct@google-vertex/us-central1": "llama-3.3-70b",
    "gpt-4o-mini-0718:datazone": "gpt-4o-mini",
    "gpt-oss-120b:global": "gpt-oss-120b",
}

# Similar-looking ids that must stay apart (or stay unmapped rather than map wrongly).
MUST_NOT_MAP_TO = {
    "meta-llama/llama-3.1-405b-instruct": "llama-3.1-70b",
    "nousresearch/hermes-3-llama-3.1-70b": "llama-3.1-70b",
    "deepseek/deepseek-r1-distill-qwen-32b": "deepseek-r1",
    "openai/gpt-4o-mini": "gpt-4o",
    "openai/o1-preview": "o1",
    "z-ai/glm-5-turbo": "glm-5",
    "accounts/fireworks/models/deepseek-v2-lite-chat": "deepseek-v2",
    "qwen/qwen3-coder-30b-a3b-instruct": "qwen3-coder-480b-a35b",
    "Nous Hermes 2 Mixtral 8x7B DPO": "mixtral-8x7b",
    "deepseek-r1-70b": "deepseek-r1",
}


@pytest.mark.parametrize("provider_model_id", sorted(EXPECTED))
def test_real_provider_ids_map_to_their_canonical_model(provider_model_id):
    assert canonical(provider_model_id) == EXPECTED[provider_model_id]


@pytest.mark.parametrize("provider_model_id", sorted(MUST_NOT_MAP_TO))
def test_similar_ids_do_not_collapse_onto_the_wrong_model(provider_model_id):
    assert canonical(provider_model_id) != MUST_NOT_MAP_TO[provider_model_id]


def test_no_real_id_is_matched_by_two_models_through_patterns_of_equal_length():
    for provider_model_id in EXPECTED:
        hits = matches(provider_model_id)
        tied = {model_id for specific, length, model_id in hits if (specific, length) == hits[0][:2]}
        assert len(tied) == 1, (provider_model_id, tied)


def test_a_provider_specific_alias_beats_a_generic_one():
    assert canonical("vertex_ai/meta/llama3-70b-instruct-maas", "vertex") == "llama-3.1-70b"
    assert canonical("meta-llama/meta-llama-3-70b-instruct") == "llama-3-70b"


def test_every_id_with_a_hugging_face_id_in_the_bundled_openrouter_fixture_maps():
    from tests.conftest import FIXTURES

    data = json.loads((FIXTURES / "openrouter" / "openrouter.ai_api_v1_models.json").read_text())["data"]
    open_ids = [m["id"] for m in data if m.get("hugging_face_id")]
    assert open_ids and [i for i in open_ids if canonical(i) is None] == []


@pytest.mark.realdata
def test_most_open_weight_ids_in_the_2026_08_01_openrouter_list_map(realdata):
    path = realdata / "token" / "openrouter" / "2026-08-01_token-tariff_77b8722_api_v1_models.json"
    data = json.loads(path.read_text())["data"]
    open_ids = [m["id"] for m in data if m.get("hugging_face_id")]
    mapped = [i for i in open_ids if canonical(i) is not None]
    share = len(mapped) / len(open_ids)
    print(f"\nOpenRouter 2026-08-01: {len(mapped)}/{len(open_ids)} open-weight ids mapped ({share:.1%});"
          f" unmapped: {sorted(set(open_ids) - set(mapped))}")
    assert share >= 0.90
    for provider_model_id in open_ids:
        hits = matches(provider_model_id)
        tied = {model_id for specific, length, model_id in hits if hits and (specific, length) == hits[0][:2]}
        assert len(tied) <= 1, (provider_model_id, tied)
