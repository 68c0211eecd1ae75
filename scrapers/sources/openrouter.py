"""OpenRouter: the public model list, one price per model id in USD per token.

`GET /api/v1/models` answers {"data": [model, ...], "total_count", "links": {"next"}}; every
model carries `pricing` with decimal strings in USD per token (`prompt`, `completion`, optional
`input_cache_read`, `input_cache_write`) and, in newer responses, `overrides` for long prompts.
The top-level keys are the price "under default conditions" (OpenRouter's OpenAPI spec).

Left out on purpose, each with a reason: `:free` variants (a rate-limited free tier is not a
list price), router pseudo-models priced "-1" (their price is the routed model's), `~` aliases
such as `~openai/gpt-latest` (a copy of another id's row; following the alias would look like a
price change when it moves), models whose prompt and completion are both "0" (free previews, or
priced per request, image or song, which is no token price), and overrides conditioned on a UTC
time window (no off-peak tier in the contract). Other `:variant` ids (`:thinking`, `:nitro`,
`:extended`) are separate SKUs and are kept under their own id.
"""

from __future__ import annotations

from scrapers.paging import follow_pages, json_link
from scrapers.parsing import load_json, rows, unknown_keys
from scrapers.records import RecordError, Skip, TokenPrice
from scrapers.registry import Client, Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

MODELS_URL = "https://openrouter.ai/api/v1/models"
# The unpaginated call returns everything (~400 models); pages hold up to 1000, so 20 pages is
# far beyond any real list and only stops a `next` link that never ends.
MAX_PAGES = 20
# Per-token price keys an override may carry; any other key is a condition.
_PRICE_KEYS = {"prompt", "completion", "input_cache_read", "input_cache_write", "input_cache_write_1h",
               "audio", "input_audio_cache", "image", "image_token", "internal_reasoning"}
# `pricing` keys read (or checked) by this parser; any other key is reported as a notice.
READ_PRICING_KEYS = frozenset({"prompt", "completion", "input_cache_read", "input_cache_write", "overrides", "discount"})
# `pricing` keys seen in real responses and left out on purpose: not text-token list prices.
IGNORED_PRICING_KEYS = frozenset({
    "web_search", "request",  # per search / per request, not per token
    "image", "image_token", "image_output", "audio", "audio_output", "input_audio_cache",  # media, not text tokens
    "internal_reasoning",  # reasoning tokens are billed as completion tokens; the contract has no column for it
    "input_cache_write_1h",  # the 1-hour cache write: the contract keeps one cache-write price (the default)
})


def fetch(source: Source, client: Client) -> list[Snapshot]:
    """Follow `links.next` (relative or absolute) from the first page until it is null."""
    return follow_pages(source, client, source.urls[0], lambda page: json_link(page, "links", "next"), MAX_PAGES)


def parse(snapshot: Snapshot):
    document = load_json(snapshot)
    # The API wraps the list in {"data": ...}; collectors that archive the list alone (the
    # sui414 daily archive's models.json.gz) hold the same model objects, so both are read.
    models = document.get("data") if isinstance(document, dict) else document
    if not isinstance(models, list):
        raise RecordError("data", f"expected {{'data': [models]}} or a list of models, got {type(document).__name__}"
                          + (f" with keys {sorted(document)[:8]}" if isinstance(document, dict) else ""))
    # _read_model returns a list, not a generator, so that rows() catches its RecordErrors.
    yield from rows(models, _read_model)


def _read_model(model: object) -> list[TokenPrice | Skip]:
    if not isinstance(model, dict):
        raise RecordError("model", "not a JSON object")
    model_id = model.get("id")
    if not isinstance(model_id, str) or not model_id.strip():
        raise RecordError("id", "missing model id")
    alias_target = model.get("alias_target")
    if model_id.startswith("~") or alias_target:
        target = alias_target.get("slug") if isinstance(alias_target, dict) else alias_target
        return [Skip("alias of another model id", f"{model_id} -> {target}")]
    if model_id.endswith(":free"):
        return [Skip(":free variant (rate-limited free tier, not a list price)", model_id)]
    pricing = model.get("pricing")
    if not isinstance(pricing, dict):
        raise RecordError("pricing", "missing or not an object")
    for key in ("prompt", "completion"):
        if key not in pricing:
            raise RecordError(f"pricing.{key}", "missing")
    return unknown_keys(pricing, READ_PRICING_KEYS | IGNORED_PRICING_KEYS, "pricing") + _read_prices(model, model_id, pricing)


def _read_prices(model: dict, model_id: str, pricing: dict) -> list[TokenPrice | Skip]:
    if "-1" in (str(pricing["prompt"]).strip(), str(pricing["completion"]).strip()):
        return [Skip("router pseudo-model (-1 placeholder: priced as the model it routes to)", model_id)]
    if pricing.get("discount") not in (None, 0, "0"):
        # Not seen on /api/v1/models; whether the listed price already includes it is unknown.
        raise RecordError("pricing.discount", f"discount {pricing['discount']!r} on a listed price")
    base = prices_from(pricing, "pricing")
    if base["prompt"] == 0 and base["completion"] == 0:
        return [Skip("no per-token price (prompt and completion 0: free, or priced per request/image)", model_id)]
    context_length = model.get("context_length")
    common = dict(provider_id="openrouter", provider_name="OpenRouter", provider_model_id=model_id,
                  model_name=model.get("name") or None,
                  context_length=context_length if type(context_length) is int else None)
    found: list[TokenPrice | Skip] = [token_price(base, "standard", 0, common)]
    try:
        found.extend(long_context_prices(pricing, base, common))
    except RecordError as exc:  # a bad override should not cost the model its standard price
        found.append(Skip(f"unreadable {exc.field}", f"{exc.message}: {model_id}", unreadable=True))
    return found


def long_context_prices(pricing: dict, base: dict, common: dict) -> list[TokenPrice | Skip]:
    overrides = pricing.get("overrides") or []
    if not isinstance(overrides, list):
        raise RecordError("pricing.overrides", "not a list")
    tiers, found = [], []
    for i, override in enumerate(overrides):
        field = f"pricing.overrides[{i}]"
        if not isinstance(override, dict):
            raise RecordError(field, "not an object")
        conditions = set(override) - _PRICE_KEYS
        if conditions != {"min_prompt_tokens"}:
            found.append(Skip("conditional price other than prompt length", f"{common['provider_model_id']}: {sorted(conditions)}"))
            continue
        threshold = override["min_prompt_tokens"]
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold != int(threshold) or threshold < 0:
            raise RecordError(f"{field}.min_prompt_tokens", f"not a token count: {threshold!r}")
        tiers.append((int(threshold), prices_from(override, field)))
    # Per the spec, every override whose condition holds applies, later ones winning per key,
    # and keys an override leaves out inherit the base price.
    for threshold, _ in tiers:
        effective = dict(base)
        for other_threshold, prices in tiers:
            if other_threshold <= threshold:
                effective.update(prices)
        # OpenRouter's threshold is "strictly more than N prompt tokens"; N is kept as served.
        found.append(token_price(effective, "long_context", threshold, common))
    return found


def prices_from(pricing: dict, field: str) -> dict[str, float]:
    keys = ("prompt", "completion", "input_cache_read", "input_cache_write")
    prices = {key: _usd_per_mtok(pricing[key], f"{field}.{key}") for key in keys if key in pricing}
    # Unused price keys are filled with "0" (2026-01 responses list cache reads of "0" for
    # models that later got a real cache price): a zero cache price means none, not free.
    return {key: price for key, price in prices.items() if price or not key.startswith("input_cache")}


def _usd_per_mtok(value: object, field: str) -> float:
    # Some prices are served with float noise ("0.0000006000000000000001"); nine decimals per
    # Mtok keeps every real price and stops the noise from looking like a price change.
    return round(per_mtok(value, "token", field), 9)


def token_price(prices: dict, tier: str, min_prompt_tokens: int, common: dict) -> TokenPrice:
    return TokenPrice(input_usd_per_mtok=prices["prompt"], output_usd_per_mtok=prices["completion"],
                      cached_input_usd_per_mtok=prices.get("input_cache_read"),
                      cache_write_usd_per_mtok=prices.get("input_cache_write"),
                      price_tier=tier, min_prompt_tokens=min_prompt_tokens, **common)


SOURCE = Source(
    id="openrouter",
    kind="token_prices",
    name="OpenRouter",
    urls=(MODELS_URL,),
    parse=parse,
    fetch=fetch,
    description="OpenRouter's public model list: prompt, completion, cache and long-context prices per model id.",
    homepage="https://openrouter.ai/models",
)
