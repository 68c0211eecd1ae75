"""OpenRouter: the bundled /api/v1/models snapshot (real 2026-08-01 figures) and broken inputs."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import pytest

from scrapers.errors import FetchError, ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.openrouter import MAX_PAGES, MODELS_URL, SOURCE
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "openrouter" / f"{slug(MODELS_URL)}.json"


def _snapshot(body: bytes | str | dict | list, url: str = MODELS_URL) -> Snapshot:
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    return Snapshot(source_id="openrouter", url=url, fetched_at=datetime(2026, 8, 1, tzinfo=timezone.utc),
                    status=200, body=body, headers={"Content-Type": "application/json"})


def _fixture_document() -> dict:
    return json.loads(FIXTURE.read_bytes())


def _model(document: dict, model_id: str) -> dict:
    return next(m for m in document["data"] if m["id"] == model_id)


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _price(outcome, model_id: str, tier: str = "standard", min_prompt_tokens: int = 0):
    [price] = [r for r in outcome.records if r.provider_model_id == model_id
               and r.price_tier == tier and r.min_prompt_tokens == min_prompt_tokens]
    return price


def test_the_bundled_snapshot_replays_from_the_documented_slug():
    assert FIXTURE.name == "openrouter.ai_api_v1_models.json"
    assert FIXTURE.stat().st_size < 60_000


def test_a_price_per_token_string_becomes_usd_per_million_tokens(outcome):
    flash = _price(outcome, "deepseek/deepseek-v4-flash")  # "0.00000014" / "0.00000028"
    assert (flash.input_usd_per_mtok, flash.output_usd_per_mtok) == (0.14, 0.28)
    assert flash.cached_input_usd_per_mtok == 0.028


@pytest.mark.parametrize("model_id, input_usd, output_usd", [
    ("meta-llama/llama-3.1-70b-instruct", 0.4, 0.4),
    ("meta-llama/llama-3.3-70b-instruct", 0.13, 0.4),
    ("openai/gpt-oss-120b", 0.037, 0.17),
    ("deepseek/deepseek-chat", 0.2574, 1.0287),
    ("qwen/qwen3-235b-a22b", 0.455, 1.82),
    ("mistralai/mistral-nemo", 0.019, 0.03),
])
def test_open_weight_models_keep_their_exact_list_prices(outcome, model_id, input_usd, output_usd):
    price = _price(outcome, model_id)
    assert (price.input_usd_per_mtok, price.output_usd_per_mtok) == (input_usd, output_usd)


def test_each_price_names_openrouter_the_model_and_its_context_length(outcome):
    price = _price(outcome, "meta-llama/llama-3.1-70b-instruct")
    assert (price.provider_id, price.provider_name, price.region) == ("openrouter", "OpenRouter", "global")
    assert price.model_name == "Meta: Llama 3.1 70B Instruct"
    assert price.context_length == 131072


def test_cache_read_and_cache_write_prices_are_kept(outcome):
    sonnet = _price(outcome, "anthropic/claude-sonnet-4")
    assert (sonnet.input_usd_per_mtok, sonnet.output_usd_per_mtok) == (3.0, 15.0)
    assert (sonnet.cached_input_usd_per_mtok, sonnet.cache_write_usd_per_mtok) == (0.3, 3.75)


def test_float_noise_in_a_served_price_is_not_kept(outcome):
    # gpt-5.6-luna's completion is served as "0.0000006000000000000001".
    assert _price(outcome, "openai/gpt-5.6-luna").output_usd_per_mtok == 0.6


def test_an_override_becomes_a_long_context_price_from_its_prompt_threshold(outcome):
    long = _price(outcome, "anthropic/claude-sonnet-4", "long_context", 200000)
    assert (long.input_usd_per_mtok, long.output_usd_per_mtok) == (6.0, 22.5)
    assert (long.cached_input_usd_per_mtok, long.cache_write_usd_per_mtok) == (0.6, 7.5)


def test_two_overrides_become_two_long_context_tiers(outcome):
    tiers = sorted(r.min_prompt_tokens for r in outcome.records if r.provider_model_id == "qwen/qwen3-max")
    assert tiers == [0, 32000, 128000]
    assert _price(outcome, "qwen/qwen3-max", "long_context", 32000).input_usd_per_mtok == 1.56
    top = _price(outcome, "qwen/qwen3-max", "long_context", 128000)
    assert (top.input_usd_per_mtok, top.output_usd_per_mtok, top.cache_write_usd_per_mtok) == (1.95, 9.75, 2.4375)


def test_a_key_an_override_leaves_out_inherits_the_base_price(outcome):
    # gemini-2.5-pro's override has no input_cache_write: the base "0.000000375" still applies.
    assert _price(outcome, "google/gemini-2.5-pro", "long_context", 200000).cache_write_usd_per_mtok == 0.375


def test_other_variants_are_kept_as_their_own_model_id(outcome):
    thinking = _price(outcome, "qwen/qwen-plus-2025-07-28:thinking")
    assert (thinking.input_usd_per_mtok, thinking.output_usd_per_mtok) == (0.4, 1.2)


def test_free_variants_are_skipped_with_a_reason(outcome):
    ids = {r.provider_model_id for r in outcome.records}
    assert "openai/gpt-oss-20b:free" not in ids and "openai/gpt-oss-20b" in ids
    [free] = [s for s in outcome.skipped if s.detail == "openai/gpt-oss-20b:free"]
    assert free.reason.startswith(":free variant") and not free.unreadable


def test_router_pseudo_models_priced_minus_one_are_skipped_with_a_reason(outcome):
    [auto] = [s for s in outcome.skipped if s.detail == "openrouter/auto"]
    assert "router pseudo-model" in auto.reason and not auto.unreadable


@pytest.mark.parametrize("model_id", ["openrouter/free", "google/lyria-3-pro-preview"])
def test_models_with_no_per_token_price_are_skipped_not_recorded_as_free(outcome, model_id):
    [skip] = [s for s in outcome.skipped if s.detail == model_id]
    assert "no per-token price" in skip.reason and not skip.unreadable


def test_aliases_are_skipped_so_a_moving_alias_is_not_a_price_change(outcome):
    [alias] = [s for s in outcome.skipped if s.detail.startswith("~openai/gpt-latest")]
    assert alias.detail.endswith("openai/gpt-5.6-sol") and not alias.unreadable


def test_nothing_in_the_bundled_snapshot_is_unreadable(outcome):
    assert outcome.unreadable == []
    assert len(outcome.records) == 28


def test_a_bare_list_of_models_is_read_like_the_data_envelope():
    document = _fixture_document()
    from_list = parse_snapshots(SOURCE, [_snapshot(document["data"])])
    assert from_list.records == parse_snapshots(SOURCE, [_snapshot(document)]).records


def test_a_zero_cache_price_means_no_cache_price_not_free_cache_reads():
    document = _fixture_document()
    _model(document, "z-ai/glm-4.6")["pricing"]["input_cache_read"] = "0"  # as served in 2026-01
    price = _price(parse_snapshots(SOURCE, [_snapshot(document)]), "z-ai/glm-4.6")
    assert (price.input_usd_per_mtok, price.cached_input_usd_per_mtok) == (0.5, None)


def test_an_override_on_a_utc_time_window_is_skipped_deliberately():
    document = _fixture_document()
    _model(document, "qwen/qwen3-max")["pricing"]["overrides"].append(
        {"utc_start": 30, "utc_end": 830, "prompt": "0.0000002", "completion": "0.000001"})
    outcome = parse_snapshots(SOURCE, [_snapshot(document)])
    assert any(s.reason.startswith("conditional price") for s in outcome.skipped)
    assert {r.min_prompt_tokens for r in outcome.records if r.provider_model_id == "qwen/qwen3-max"} == {0, 32000, 128000}


def test_an_unreadable_override_keeps_the_standard_price_and_skips_the_override():
    document = _fixture_document()
    _model(document, "anthropic/claude-sonnet-4")["pricing"]["overrides"][0]["prompt"] = "N/A"
    outcome = parse_snapshots(SOURCE, [_snapshot(document)])
    assert [r.price_tier for r in outcome.records if r.provider_model_id == "anthropic/claude-sonnet-4"] == ["standard"]
    [bad] = outcome.unreadable
    assert bad.reason == "unreadable pricing.overrides[0].prompt"


# --- broken inputs: a typed ParseError naming the source, the URL and the field -----------------

def _parse_error(body) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


def test_an_html_error_page_fails_naming_the_body():
    error = _parse_error("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>")
    assert error.field == "body" and "markup" in error.message


def test_truncated_json_fails_naming_the_body():
    error = _parse_error(FIXTURE.read_bytes()[:5000])
    assert error.field == "body" and "not valid JSON" in error.message


def test_an_empty_model_list_fails_because_nothing_was_read():
    assert _parse_error({"data": [], "total_count": 0, "links": {"next": None}}).field == "records"


def test_an_unknown_envelope_fails_naming_data():
    assert _parse_error({"error": {"code": 429, "message": "Rate limit exceeded"}}).field == "data"


def test_a_model_missing_its_prompt_price_fails_a_snapshot_of_one():
    document = _fixture_document()
    model = _model(document, "meta-llama/llama-3.1-70b-instruct")
    del model["pricing"]["prompt"]
    error = _parse_error({"data": [model]})
    assert error.field == "rows" and "pricing.prompt" in error.message


def test_one_unreadable_model_among_many_is_skipped_and_the_rest_are_read():
    document = _fixture_document()
    del _model(document, "meta-llama/llama-3.1-70b-instruct")["pricing"]["prompt"]
    outcome = parse_snapshots(SOURCE, [_snapshot(document)])
    [bad] = outcome.unreadable
    assert bad.reason == "unreadable pricing.prompt"
    assert len(outcome.records) == 27


def test_a_snapshot_with_mostly_unreadable_prices_fails():
    document = _fixture_document()
    for model in document["data"][:20]:
        model["pricing"]["completion"] = "N/A"
    error = _parse_error(document)
    assert error.field == "rows" and "more than half" in error.message


# --- fetch: pagination -----------------------------------------------------------------------

class FakeClient:
    """Serves canned pages by URL and records what was asked for."""

    def __init__(self, pages: dict[str, dict]):
        self.pages, self.requested = pages, []

    def get(self, source_id, url, *, headers=None, json_body=None):
        self.requested.append(url)
        return _snapshot(self.pages[url], url)


def _page(document: dict, models: slice, next_link: str | None) -> dict:
    data = copy.deepcopy(document["data"][models])
    return {"data": data, "total_count": len(document["data"]), "links": {"next": next_link}}


def test_fetch_follows_relative_and_absolute_next_links_until_null():
    document = _fixture_document()
    second = f"{MODELS_URL}?offset=10&limit=10"
    third = f"{MODELS_URL}?offset=20&limit=10"
    client = FakeClient({
        MODELS_URL: _page(document, slice(0, 10), "/api/v1/models?offset=10&limit=10"),
        second: _page(document, slice(10, 20), third),
        third: _page(document, slice(20, None), None),
    })
    snapshots = SOURCE.fetch_all(client)
    assert client.requested == [MODELS_URL, second, third]
    paged = parse_snapshots(SOURCE, snapshots)
    assert paged.records == parse_snapshots(SOURCE, [_snapshot(document)]).records


def test_fetch_stops_a_next_link_that_loops():
    client = FakeClient({MODELS_URL: {"data": [], "links": {"next": "/api/v1/models"}}})
    with pytest.raises(FetchError, match="loops"):
        SOURCE.fetch_all(client)


def test_fetch_gives_up_after_the_page_bound():
    pages = {MODELS_URL: {"data": [], "links": {"next": "/api/v1/models?offset=1"}}}
    pages.update({f"{MODELS_URL}?offset={n}": {"data": [], "links": {"next": f"/api/v1/models?offset={n + 1}"}}
                  for n in range(1, MAX_PAGES + 1)})
    client = FakeClient(pages)
    with pytest.raises(FetchError, match=f"after {MAX_PAGES} pages"):
        SOURCE.fetch_all(client)
    assert len(client.requested) == MAX_PAGES


def test_an_error_page_ends_pagination_and_is_left_for_parse_to_report():
    client = FakeClient({MODELS_URL: "<html>503</html>"})
    [snapshot] = SOURCE.fetch_all(client)
    with pytest.raises(ParseError, match="body"):
        parse_snapshots(SOURCE, [snapshot])


def test_a_pricing_key_the_parser_does_not_know_is_reported_and_the_prices_are_unchanged(outcome):
    document = _fixture_document()
    for model in document["data"]:
        model["pricing"]["input_cache_write_24h"] = "0.000001"
    noticed = parse_snapshots(SOURCE, [_snapshot(document)])
    assert outcome.notices == []
    assert noticed.notices == [f"{MODELS_URL}: unknown key 'input_cache_write_24h' in pricing"]
    assert noticed.records == outcome.records
