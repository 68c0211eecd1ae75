"""LiteLLM: the community price map `model_prices_and_context_window.json`, USD per token.

One JSON object keyed by LiteLLM's model name; each entry carries `litellm_provider`, `mode` and
prices per token as JSON numbers. The same parser reads the live file and the historical monthly
copies (2023-09-30 on, and the RoCry mirror with its extra top-level `last_updated`), whose field
names grew over time (token/litellm/SCHEMA_EVOLUTION.md in the real-data folder).

Read, per entry of mode chat / completion / responses: `input_cost_per_token`,
`output_cost_per_token`, `cache_read_input_token_cost` (else DeepSeek's
`input_cost_per_token_cache_hit`) as cached input, `cache_creation_input_token_cost` (the default,
5-minute write; `..._above_1hr` is not kept) as cache write; `*_batches` -> batch, `*_flex` ->
flex, `*_priority` -> priority; `*_above_<N>k_tokens` -> long_context from N*1000 prompt tokens
(with `_priority` after it: the priority tier from N*1000 tokens); `tiered_pricing` ranges: the
range from 0 is the standard price, each later range a long_context price from its lower bound.
A tier holds only the prices the map names for it (a key it leaves out is None, not inherited).
A cache price of 0 means none. The key is the provider_model_id; region is "global" (Bedrock keys
carry their region in the key itself); `regional_processing_uplift_multiplier_*` is not applied.

Left out on purpose: `sample_spec` (documentation, placeholder zeros) and the mirror's
`last_updated`; entries of other modes (embedding, image, audio, rerank, ...); entries without a
mode (LiteLLM's per-size default buckets such as `fireworks-ai-default`); entries priced only per
character, second, image or session; entries with no price at all; entries whose input and output
are both 0 (placeholders, free previews); and prices above 1000 USD per Mtok (unit errors in the
map, e.g. every `wandb/*` entry and `azure_ai/jais-30b-chat`).

The 2023-08-08 predecessor file `{"MODEL_COST": {...}}` (no provider, no mode, and gpt-4 input
10x too low) is refused with a RecordError rather than parsed: its figures are known wrong.
"""

from __future__ import annotations

import re

from scrapers.parsing import load_json, rows, unknown_keys
from scrapers.records import RecordError, Skip, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

MAP_URL = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"
TEXT_MODES = frozenset({"chat", "completion", "responses"})
# A token price above this is a unit error in the map, not a list price (the staging test's bound).
MAX_USD_PER_MTOK = 1000
PROVIDER_IDS = {
    "together_ai": "together", "fireworks_ai": "fireworks", "groq": "groq", "deepseek": "deepseek",
    "bedrock": "bedrock", "bedrock_converse": "bedrock", "vertex_ai": "vertex", "azure": "azure_openai",
    "azure_ai": "azure_openai", "openai": "openai", "anthropic": "anthropic", "mistral": "mistral",
    "openrouter": "openrouter", "lambda_ai": "lambda",  # Lambda's inference API: our existing id
}
_TIERS = {None: "standard", "batches": "batch", "flex": "flex", "priority": "priority"}
_TIER_KEY = re.compile(r"^(?:input|output)_cost_per_token(?:_above_(?P<k>\d+)k_tokens)?(?:_(?P<tier>batches|flex|priority))?$")
_PRICE_FIELD = re.compile(r"_cost_per_|_cost$|^tiered_pricing$")
# Price keys read besides _TIER_KEY: the cache prices of each tier (_prices) and DeepSeek's cache hit.
_CACHE_KEY = re.compile(r"^cache_(?:read|creation)_input_token_cost(?:_above_\d+k_tokens)?(?:_(?:batches|flex|priority))?$"
                        r"|^input_cost_per_token_cache_hit$|^tiered_pricing$")
# Price keys of text-model entries (2023-09 .. 2026-07 copies) left out on purpose; any other
# price key of a chat/completion/responses entry is reported as a notice.
IGNORED_PRICE_KEYS = frozenset({
    # Priced per character, second, image, pixel, request, query or session: not per token.
    "input_cost_per_character", "output_cost_per_character", "input_cost_per_character_above_128k_tokens",
    "output_cost_per_character_above_128k_tokens", "input_cost_per_second", "output_cost_per_second",
    "input_cost_per_image", "output_cost_per_image", "input_cost_per_image_above_128k_tokens",
    "input_cost_per_audio_per_second", "input_cost_per_audio_per_second_above_128k_tokens",
    "output_cost_per_audio_per_second", "input_cost_per_video_per_second",
    "input_cost_per_video_per_second_above_128k_tokens", "output_cost_per_video_per_second",
    "input_cost_per_request", "search_context_cost_per_query", "code_interpreter_cost_per_session",
    # Audio, image and video tokens: not the text-token price of the contract.
    "input_cost_per_audio_token", "input_cost_per_audio_token_priority", "output_cost_per_audio_token",
    "cache_creation_input_audio_token_cost", "cache_read_input_audio_token_cost",
    "cache_read_input_token_cost_per_audio_token", "cache_read_input_image_token_cost",
    "input_cost_per_image_token", "output_cost_per_image_token", "output_cost_per_video_token",
    # Reasoning and citation tokens: billed beside output, no column for them in the contract.
    "output_cost_per_reasoning_token", "citation_cost_per_token",
    # Databricks prices in DBUs (a DBU price is not USD); the USD prices are the *_cost_per_token keys.
    "input_dbu_cost_per_token", "output_dbu_cost_per_token", "output_db_cost_per_token",
    # The 1-hour cache write: the contract keeps one cache-write price (the default 5-minute one).
    "cache_creation_input_token_cost_above_1hr", "cache_creation_input_token_cost_above_1hr_above_200k_tokens",
})


def parse(snapshot: Snapshot):
    document = load_json(snapshot)
    if not isinstance(document, dict):
        raise RecordError("body", f"expected an object keyed by model name, got {type(document).__name__}")
    if "MODEL_COST" in document:
        raise RecordError("MODEL_COST", "the 2023 predecessor file (max_tokens.json) has known wrong prices; not parsed")
    yield from rows(document.items(), _read_entry)
    for entry in document.values():
        if isinstance(entry, dict) and entry.get("mode") in TEXT_MODES:
            read = [f for f in entry if _PRICE_FIELD.search(f) and not _TIER_KEY.match(f) and not _CACHE_KEY.match(f)]
            yield from unknown_keys(read, IGNORED_PRICE_KEYS, "a chat/completion/responses entry")


def _read_entry(item: tuple[str, object]) -> list[TokenPrice | Skip] | Skip:
    key, entry = item
    if key == "sample_spec":
        return Skip("sample_spec (documentation entry with placeholder prices)", key)
    if key == "last_updated" and isinstance(entry, str):
        return Skip("mirror metadata, not a model", key)
    if not isinstance(entry, dict):
        raise RecordError("entry", f"{key}: not a JSON object")
    mode = entry.get("mode")
    if mode is None:
        return Skip("no mode (LiteLLM's per-size default buckets and a few old entries)", key)
    if mode not in TEXT_MODES:
        return Skip(f"mode {mode} is not a text-token model", key)
    provider = entry.get("litellm_provider")
    if not isinstance(provider, str) or not provider.strip():
        raise RecordError("litellm_provider", f"{key}: missing")
    tiers = _tiers(key, entry)
    standard = tiers.get(("standard", 0))
    if standard is None or standard["input"] is None or standard["output"] is None:
        other = sorted(f for f in entry if _PRICE_FIELD.search(f))
        if other:
            return Skip("not priced per token (per character, second, image or session)", f"{key}: {', '.join(other)}")
        return Skip("no price listed", key)
    if standard["input"] == 0 and standard["output"] == 0:
        return Skip("placeholder price (input and output both 0)", key)
    common = dict(provider_id=_provider_id(provider), provider_name=provider, provider_model_id=key,
                  context_length=entry.get("max_input_tokens") if type(entry.get("max_input_tokens")) is int else None)
    found: list[TokenPrice | Skip] = []
    for (tier, min_prompt_tokens), prices in sorted(tiers.items()):
        if max((p for p in prices.values() if p is not None), default=0) > MAX_USD_PER_MTOK:
            found.append(Skip(f"implausible price above {MAX_USD_PER_MTOK} USD per Mtok (a unit error in the map)",
                              f"{key} {tier}: {prices}"))
            continue
        if _below_per_character(entry, tier, min_prompt_tokens, prices):
            found.append(Skip("per-token price below the entry's own per-character price (a token is several "
                              "characters: the map divided where it should have multiplied)", f"{key} {tier}: {prices}"))
            continue
        found.append(TokenPrice(input_usd_per_mtok=prices["input"], output_usd_per_mtok=prices["output"],
                                cached_input_usd_per_mtok=prices["cached"], cache_write_usd_per_mtok=prices["write"],
                                price_tier=tier, min_prompt_tokens=min_prompt_tokens, **common))
    return found


def _tiers(key: str, entry: dict) -> dict[tuple[str, int], dict]:
    """{(price_tier, min_prompt_tokens): {"input", "output", "cached", "write"}} from the entry's keys."""
    tiers: dict[tuple[str, int], dict] = {}
    for field in entry:
        match = _TIER_KEY.match(field)
        if not match:
            continue
        above, tier = match["k"], match["tier"]
        suffix = (f"_above_{above}k_tokens" if above else "") + (f"_{tier}" if tier else "")
        price_tier = _TIERS[tier] if tier or not above else "long_context"
        min_prompt_tokens = int(above) * 1000 if above else 0
        tiers[(price_tier, min_prompt_tokens)] = _prices(entry, suffix)
    if "tiered_pricing" in entry:
        tiers.update({t: p for t, p in _ranges(key, entry["tiered_pricing"]).items() if t not in tiers})
    return tiers


def _prices(entry: dict, suffix: str) -> dict:
    prices = {
        "input": _usd(entry, f"input_cost_per_token{suffix}"),
        "output": _usd(entry, f"output_cost_per_token{suffix}"),
        "cached": _usd(entry, f"cache_read_input_token_cost{suffix}") or None,
        "write": _usd(entry, f"cache_creation_input_token_cost{suffix}") or None,
    }
    if not suffix and prices["cached"] is None:
        prices["cached"] = _usd(entry, "input_cost_per_token_cache_hit") or None
    return prices


def _below_per_character(entry: dict, tier: str, min_prompt_tokens: int, prices: dict) -> bool:
    """Vertex's Gemini 1.x entries (2024) give both; their per-token figures were a quarter of the
    per-character ones, 16x under Google's price. A token never costs less than one character."""
    if tier not in ("standard", "long_context"):
        return False
    suffix = f"_above_{min_prompt_tokens // 1000}k_tokens" if min_prompt_tokens else ""
    return any(prices[side] is not None and _usd(entry, f"{side}_cost_per_character{suffix}") is not None
               and prices[side] < _usd(entry, f"{side}_cost_per_character{suffix}")
               for side in ("input", "output"))


def _ranges(key: str, ranges: object) -> dict[tuple[str, int], dict]:
    if not isinstance(ranges, list):
        raise RecordError("tiered_pricing", f"{key}: not a list")
    tiers = {}
    for i, block in enumerate(ranges):
        bounds = block.get("range") if isinstance(block, dict) else None
        if not (isinstance(bounds, list) and bounds and isinstance(bounds[0], (int, float)) and bounds[0] >= 0):
            raise RecordError(f"tiered_pricing[{i}].range", f"{key}: not a [low, high] token range")
        low = int(bounds[0])
        tiers[("long_context", low) if low else ("standard", 0)] = _prices(block, "")
    return tiers


def _usd(entry: dict, field: str) -> float | None:
    if field not in entry or entry[field] is None:
        return None
    # Nine decimals per Mtok keep every real price and drop float noise such as 3.0000000000000004e-07.
    return round(per_mtok(entry[field], "token", field), 9)


def _provider_id(litellm_provider: str) -> str:
    name = litellm_provider.strip().lower()
    if name in PROVIDER_IDS:
        return PROVIDER_IDS[name]
    if name.startswith("vertex_ai-"):  # vertex_ai-language-models, vertex_ai-anthropic_models, ...
        return "vertex"
    return re.sub(r"[^a-z0-9_]", "_", name)


SOURCE = Source(
    id="litellm",
    kind="token_prices",
    name="LiteLLM price map",
    urls=(MAP_URL,),
    parse=parse,
    description="LiteLLM's model_prices_and_context_window.json: per-token prices of every provider it routes to, "
                "with cached, batch, flex, priority and long-context tiers.",
    homepage="https://github.com/BerriAI/litellm",
)
