"""OpenRouter endpoints: the bundled model list + four /endpoints responses (real 2026-08-01 figures)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import FetchError, ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.openrouter_endpoints import ENDPOINTS_URL, MODELS_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FOLDER = FIXTURES / "openrouter_endpoints"
LLAMA_URL = ENDPOINTS_URL.format(model_id="meta-llama/llama-3.3-70b-instruct")


def _snapshot(body, url: str = LLAMA_URL) -> Snapshot:
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    return Snapshot(source_id="openrouter_endpoints", url=url, fetched_at=datetime(2026, 8, 1, tzinfo=timezone.utc),
                    status=200, body=body, headers={"Content-Type": "application/json"})


def _llama() -> dict:
    return json.loads((FOLDER / f"{slug(LLAMA_URL)}.json").read_bytes())


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, key: str, tier: str = "standard", min_prompt_tokens: int = 0):
    [price] = [r for r in outcome.records if r.provider_model_id == key and r.price_tier == tier
               and r.min_prompt_tokens == min_prompt_tokens]
    return price


def test_fetch_reads_the_model_list_then_the_endpoints_of_each_open_weight_model():
    urls = [s.url for s in SOURCE.fetch_all(ReplayClient(FIXTURES))]
    # anthropic/claude-sonnet-4 has no hugging_face_id; openai/gpt-oss-20b:free is a variant.
    assert urls == [MODELS_URL] + [ENDPOINTS_URL.format(model_id=m) for m in (
        "meta-llama/llama-3.3-70b-instruct", "openai/gpt-oss-120b", "qwen/qwen3-235b-a22b-2507",
        "deepseek/deepseek-chat-v3-0324")]
    assert all(p.stat().st_size < 60_000 for p in FOLDER.iterdir())


@pytest.mark.parametrize("key, provider_id, expected", [
    # pricing.prompt / completion / input_cache_read, USD per token x 1e6
    ("meta-llama/llama-3.3-70b-instruct@deepinfra/turbo", "deepinfra", (0.1, 0.32, None)),
    ("meta-llama/llama-3.3-70b-instruct@groq", "groq", (0.59, 0.79, 0.295)),
    ("meta-llama/llama-3.3-70b-instruct@together/fp8", "together", (1.04, 1.04, None)),
    ("meta-llama/llama-3.3-70b-instruct@google-vertex/us-central1", "vertex", (0.72, 0.72, None)),
    ("openai/gpt-oss-120b@amazon-bedrock/eu-west-1", "bedrock", (0.15, 0.6, None)),
    ("openai/gpt-oss-120b@coreweave/fp4", "coreweave", (0.03, 0.17, 0.03)),
    ("qwen/qwen3-235b-a22b-2507@atlas-cloud/fp8", "atlas_cloud", (0.2, 0.88, 0.2)),
    ("deepseek/deepseek-chat-v3-0324@novita/fp8", "novita", (0.27, 1.12, 0.135)),
    ("openai/gpt-oss-120b@digitalocean", "do", (0.07, 0.49, 0.02)),
])
def test_each_endpoint_is_one_price_under_the_serving_providers_id(outcome, key, provider_id, expected):
    price = _price(outcome, key)
    assert price.provider_id == provider_id and price.region == "global"
    assert (price.input_usd_per_mtok, price.output_usd_per_mtok, price.cached_input_usd_per_mtok) == expected


def test_two_endpoints_of_one_provider_are_told_apart_by_their_tag(outcome):
    turbo = _price(outcome, "openai/gpt-oss-120b@deepinfra/turbo")
    bf16 = _price(outcome, "openai/gpt-oss-120b@deepinfra/bf16")
    assert (turbo.quantization, bf16.quantization) == ("bf16", "bf16")  # same quantization, different prices
    assert (turbo.input_usd_per_mtok, bf16.input_usd_per_mtok) == (0.15, 0.037)


def test_provider_name_quantization_and_context_length_are_kept(outcome):
    novita = _price(outcome, "meta-llama/llama-3.3-70b-instruct@novita/bf16")
    assert (novita.provider_name, novita.quantization, novita.context_length) == ("Novita", "bf16", 6000)
    assert novita.model_name == "Meta: Llama 3.3 70B Instruct"
    assert _price(outcome, "meta-llama/llama-3.3-70b-instruct@groq").quantization is None  # "unknown"


def test_keys_are_unique_and_nothing_is_unreadable(outcome):
    keys = [(r.provider_id, r.provider_model_id, r.price_tier, r.region, r.min_prompt_tokens) for r in outcome.records]
    assert len(keys) == len(set(keys)) == 44
    assert outcome.unreadable == []


def test_discounted_endpoints_are_skipped_with_a_reason(outcome):
    [skip] = [s for s in outcome.skipped if s.detail.startswith("meta-llama/llama-3.3-70b-instruct@sambanova-turbo")]
    assert skip.reason.startswith("discounted endpoint") and not skip.unreadable


def test_endpoints_sharing_one_tag_are_both_skipped(outcome):
    skipped = [s for s in outcome.skipped if s.detail == "qwen/qwen3-235b-a22b-2507@google-vertex/us-south1"]
    assert len(skipped) == 2 and all(s.reason.startswith("two endpoints share one tag") for s in skipped)


def test_a_free_endpoint_is_skipped_not_recorded_at_zero():
    document = _llama()
    document["data"]["endpoints"][0]["pricing"].update(prompt="0", completion="0")
    outcome = parse_snapshots(SOURCE, [_snapshot(document)])
    assert [s.reason for s in outcome.skipped if s.reason.startswith("free")] == ["free endpoint (prompt and completion 0)"]


def test_a_prompt_length_override_becomes_a_long_context_price():
    document = _llama()
    document["data"]["endpoints"][0]["pricing"]["overrides"] = [
        {"min_prompt_tokens": 128000, "prompt": "0.0000002", "completion": "0.00000064"}]
    outcome = parse_snapshots(SOURCE, [_snapshot(document)])
    long = _price(outcome, "meta-llama/llama-3.3-70b-instruct@deepinfra/turbo", "long_context", 128000)
    assert (long.input_usd_per_mtok, long.output_usd_per_mtok) == (0.2, 0.64)


def test_the_model_list_alone_yields_no_prices():
    body = (FOLDER / f"{slug(MODELS_URL)}.json").read_bytes()
    with pytest.raises(ParseError) as caught:
        parse_snapshots(SOURCE, [_snapshot(body, MODELS_URL)])
    assert caught.value.field == "records"


# --- broken inputs ----------------------------------------------------------------------------

def _parse_error(body) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


def test_an_html_error_page_fails_naming_the_body():
    assert _parse_error("<html><body>Not Found</body></html>").field == "body"


def test_an_error_envelope_fails_naming_data():
    assert _parse_error({"error": {"code": 404, "message": "Model not found"}}).field == "data"


def test_an_empty_endpoint_list_fails_because_nothing_was_read():
    document = _llama()
    document["data"]["endpoints"] = []
    assert _parse_error(document).field == "records"


@pytest.mark.parametrize("value", ["N/A", "", "Contact sales", "$0.10 per 1K"])
def test_an_unreadable_price_on_most_endpoints_fails_the_snapshot(value):
    document = _llama()
    for endpoint in document["data"]["endpoints"]:
        endpoint["pricing"]["completion"] = value
    error = _parse_error(document)
    assert error.field == "rows" and "pricing.completion" in error.message


def test_an_endpoint_without_a_provider_tag_is_unreadable():
    document = _llama()
    document["data"]["endpoints"] = [document["data"]["endpoints"][0]]
    del document["data"]["endpoints"][0]["tag"]
    assert "unreadable tag" in _parse_error(document).message


class _Client:
    def __init__(self, missing: set[str]):
        self.missing = missing

    def get(self, source_id, url, *, headers=None, json_body=None):
        if url in self.missing:
            raise FetchError(source_id, url, "HTTP 404")
        return ReplayClient(FIXTURES).get(source_id, url)


def test_one_vanished_model_does_not_cost_the_day_but_most_vanishing_does():
    gone = ENDPOINTS_URL.format(model_id="openai/gpt-oss-120b")
    assert gone not in [s.url for s in SOURCE.fetch_all(_Client({gone}))]
    all_gone = {ENDPOINTS_URL.format(model_id=m) for m in ("meta-llama/llama-3.3-70b-instruct", "openai/gpt-oss-120b",
                                                          "qwen/qwen3-235b-a22b-2507")}
    with pytest.raises(FetchError):
        SOURCE.fetch_all(_Client(all_gone))


def test_a_pricing_key_the_parser_does_not_know_is_reported_and_the_prices_are_unchanged():
    document = _llama()
    plain = parse_snapshots(SOURCE, [_snapshot(document)])
    for endpoint in document["data"]["endpoints"]:
        endpoint["pricing"]["input_cache_write_24h"] = "0.000001"
    noticed = parse_snapshots(SOURCE, [_snapshot(document)])
    assert plain.notices == []
    assert noticed.notices == [f"{LLAMA_URL}: unknown key 'input_cache_write_24h' in endpoint pricing"]
    assert noticed.records == plain.records
