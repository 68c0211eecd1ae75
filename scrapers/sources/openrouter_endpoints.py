"""OpenRouter per-provider endpoints: what each serving provider charges for an open-weight model.

fetch: the model list (GET /api/v1/models, paginated as in scrapers.sources.openrouter), then
GET /api/v1/models/{author}/{slug}/endpoints for each open-weight model (non-empty
`hugging_face_id`; `:variant` ids and `~` aliases left out), at most MAX_MODELS models.
The endpoints response (OpenAPI ListEndpointsResponse, wrapped in {"data": ...}) lists
`endpoints[]` (PublicEndpoint): `provider_name`, `tag` (the provider's slug, e.g.
"deepinfra/turbo", "amazon-bedrock/eu-west-1"), `quantization`, `context_length` and `pricing`
with decimal strings in USD per token (`prompt`, `completion`, `input_cache_read`,
`input_cache_write`, `discount`, `overrides` for long prompts), like the model list.

One TokenPrice per (model, endpoint): provider_id from the tag's provider slug (together,
fireworks, groq, deepseek, amazon-bedrock -> bedrock, google-vertex -> vertex, azure ->
azure_openai, openai, anthropic, mistral, digitalocean -> do; any other slug lowercased with "-" -> "_"),
provider_name and quantization ("unknown" -> None) kept. One provider often serves a model
through several endpoints (DeepInfra fp8 and "turbo", Bedrock per region) with the same
provider_name and quantization, so provider_model_id is "<model id>@<tag>", the tag being what
tells endpoints apart; region stays "global" (a region in the tag stays in the id).

Left out on purpose: the model-list snapshot itself (read only to find the models), endpoints
priced 0/0 (free endpoints), "-1" placeholders, endpoints with a non-zero `discount` (the spec
says the price is multiplied by (1 - discount), but whether the listed price already includes
it is not documented: observed prices suggest it does), and endpoints sharing one tag within a
model (seen for google-vertex/us-south1 with two prices: they cannot be told apart).

Not confirmed: no real /endpoints response was available. The fixture is composed from the
OpenAPI schema (realdata token/openrouter/spec) and real per-endpoint figures of 2026-08-01 from
the frontend stats in token/openrouter_daily; that `tag` equals the frontend's provider_slug is
an assumption from the spec's example ("openai") and third-party client types.
"""

from __future__ import annotations

import re
from collections import Counter

from scrapers.errors import FetchError
from scrapers.parsing import load_json, rows, unknown_keys
from scrapers.records import RecordError, Skip, TokenPrice
from scrapers.registry import Client, Source
from scrapers.snapshot import Snapshot
from scrapers.sources import openrouter
# Private helpers of the model-list source, reused so both read pricing objects the same way.
from scrapers.sources.openrouter import long_context_prices, prices_from, token_price

MODELS_URL = openrouter.MODELS_URL
ENDPOINTS_URL = "https://openrouter.ai/api/v1/models/{model_id}/endpoints"
# ~200 open-weight models today; the bound stops a runaway list, not a real one.
MAX_MODELS = 300
# An endpoint's `pricing` is the model list's object: the keys read and those left out on purpose
# (with their reasons) are openrouter.py's; any other key is reported as a notice.
KNOWN_PRICING_KEYS = openrouter.READ_PRICING_KEYS | openrouter.IGNORED_PRICING_KEYS
SLUG_IDS = {"together": "together", "fireworks": "fireworks", "groq": "groq", "deepseek": "deepseek",
            "amazon-bedrock": "bedrock", "google-vertex": "vertex", "azure": "azure_openai", "openai": "openai",
            "anthropic": "anthropic", "mistral": "mistral", "digitalocean": "do"}


def fetch(source: Source, client: Client) -> list[Snapshot]:
    pages = openrouter.fetch(source, client)
    model_ids = []
    for page in pages:
        try:
            models = load_json(page).get("data") or []
        except (RecordError, AttributeError):
            return pages  # parse() reports the broken page with its URL
        model_ids += [m["id"] for m in models if isinstance(m, dict) and _open_weight(m) and m["id"] not in model_ids]
    snapshots, failures = list(pages), []
    for model_id in model_ids[:MAX_MODELS]:
        try:
            snapshots.append(client.get(source.id, ENDPOINTS_URL.format(model_id=model_id)))
        except FetchError as exc:  # one vanished model should not cost the day
            failures.append(exc)
    if failures and len(failures) * 2 > len(model_ids[:MAX_MODELS]):
        raise failures[0]
    return snapshots


def _open_weight(model: dict) -> bool:
    model_id, hf_id = model.get("id"), model.get("hugging_face_id")
    return (isinstance(model_id, str) and "/" in model_id and ":" not in model_id and not model_id.startswith("~")
            and isinstance(hf_id, str) and bool(hf_id.strip()))


def parse(snapshot: Snapshot):
    document = load_json(snapshot)
    data = document.get("data") if isinstance(document, dict) else None
    if isinstance(data, list):
        return  # the model list: read by fetch to find the models, no prices of its own here
    if not isinstance(data, dict) or not isinstance(data.get("endpoints"), list):
        raise RecordError("data", "expected {'data': {'id', 'endpoints': [...]}} (ListEndpointsResponse)")
    model_id = data.get("id")
    if not isinstance(model_id, str) or not model_id.strip():
        raise RecordError("data.id", "missing model id")
    tags = Counter(e.get("tag") for e in data["endpoints"] if isinstance(e, dict))
    yield from rows(data["endpoints"], lambda endpoint: _read_endpoint(model_id, data.get("name"), endpoint, tags))


def _read_endpoint(model_id: str, model_name, endpoint: object, tags: Counter) -> list[TokenPrice | Skip] | Skip:
    if not isinstance(endpoint, dict):
        raise RecordError("endpoint", "not a JSON object")
    provider_name, tag = endpoint.get("provider_name"), endpoint.get("tag")
    if not isinstance(provider_name, str) or not provider_name.strip():
        raise RecordError("provider_name", f"{model_id}: missing")
    if not isinstance(tag, str) or not tag.strip():
        raise RecordError("tag", f"{model_id} {provider_name}: missing")
    key = f"{model_id}@{tag}"
    if tags[tag] > 1:
        return Skip("two endpoints share one tag (cannot be told apart)", key)
    pricing = endpoint.get("pricing")
    if not isinstance(pricing, dict):
        raise RecordError("pricing", f"{key}: missing or not an object")
    for field in ("prompt", "completion"):
        if field not in pricing:
            raise RecordError(f"pricing.{field}", f"{key}: missing")
    if "-1" in (str(pricing["prompt"]).strip(), str(pricing["completion"]).strip()):
        return Skip("-1 placeholder price", key)
    if pricing.get("discount") not in (None, 0, "0"):
        return Skip("discounted endpoint (whether the listed price includes the discount is undocumented)",
                    f"{key}: discount {pricing['discount']}")
    notices = unknown_keys(pricing, KNOWN_PRICING_KEYS, "endpoint pricing")
    base = prices_from(pricing, "pricing")
    if base["prompt"] == 0 and base["completion"] == 0:
        return Skip("free endpoint (prompt and completion 0)", key)
    quantization = endpoint.get("quantization")
    context_length = endpoint.get("context_length")
    common = dict(provider_id=_provider_id(tag), provider_name=provider_name, provider_model_id=key,
                  model_name=model_name if isinstance(model_name, str) else None,
                  quantization=quantization if isinstance(quantization, str) and quantization != "unknown" else None,
                  context_length=context_length if type(context_length) is int else None)
    return [*notices, token_price(base, "standard", 0, common), *long_context_prices(pricing, base, common)]


def _provider_id(tag: str) -> str:
    provider_slug = tag.split("/")[0].strip().lower()
    return SLUG_IDS.get(provider_slug) or re.sub(r"[^a-z0-9_]", "_", provider_slug)


SOURCE = Source(
    id="openrouter_endpoints",
    kind="token_prices",
    name="OpenRouter endpoints",
    urls=(MODELS_URL,),
    parse=parse,
    fetch=fetch,
    description="OpenRouter's per-model endpoints API: each serving provider's price and quantization for "
                "every open-weight model.",
    homepage="https://openrouter.ai/models",
)
