"""The history bundled for the demo: every dated file parses with its source's parser, and a few
figures read by hand from the real upstream files come out as written."""

from __future__ import annotations

import json
from datetime import date

import pytest

from scrapers.errors import FetchError
from scrapers.parsing import parse_snapshots
from scrapers.replay import DatedFilesClient, dated_files
from scrapers.sources.gpuhunt import SOURCE as GPUHUNT
from scrapers.sources.litellm import SOURCE as LITELLM
from scrapers.sources.primeintellect import SOURCE as PRIMEINTELLECT
from scrapers.sources.skypilot import SOURCE as SKYPILOT
from tests.conftest import FIXTURES

HISTORY = FIXTURES / "history"
LITELLM_DAYS = dated_files(HISTORY / "litellm")
SKYPILOT_DAYS = dated_files(HISTORY / "skypilot")
PRIMEINTELLECT_DAYS = dated_files(HISTORY / "primeintellect")
GPUHUNT_DAYS = dated_files(HISTORY / "gpuhunt")
KEYS = (HISTORY / "litellm" / "KEYS.txt").read_text().split()


def serves(client: DatedFilesClient, source_id: str, url: str) -> bool:
    try:
        client.file_for(source_id, url)
    except FetchError:
        return False
    return True


def parsed(source, day_files: list) -> dict:
    """{(provider_model_id or instance_type, region, tier or pricing type): record} for one day."""
    client = DatedFilesClient(day_files, source.urls)
    served = [url for url in source.urls if serves(client, source.id, url)]
    outcome = parse_snapshots(source, [client.get(source.id, url) for url in served])
    if source is LITELLM:
        return {(r.provider_model_id, r.price_tier): r for r in outcome.records}
    return {(r.provider_id, r.instance_type, r.region, r.pricing_type): r for r in outcome.records}


def test_the_bundle_is_small_and_spans_more_than_two_years():
    files = [path for path in HISTORY.rglob("*") if path.is_file()]
    assert sum(path.stat().st_size for path in files) < 4_000_000  # the repository's history budget is 5 MB
    assert all(path.stat().st_size < 100_000 for path in files)
    for days in (LITELLM_DAYS, SKYPILOT_DAYS, PRIMEINTELLECT_DAYS, GPUHUNT_DAYS):
        assert len(days) >= 2
    assert date.fromisoformat(max(LITELLM_DAYS)) - date.fromisoformat(min(LITELLM_DAYS)) > (date(2026, 7, 1) - date(2023, 10, 1))
    assert date.fromisoformat(max(SKYPILOT_DAYS)) - date.fromisoformat(min(SKYPILOT_DAYS)) > (date(2025, 1, 1) - date(2024, 9, 1))
    gpu_days = set(SKYPILOT_DAYS) | set(PRIMEINTELLECT_DAYS) | set(GPUHUNT_DAYS)
    assert len(gpu_days) >= 60 and len(PRIMEINTELLECT_DAYS) >= 10 and len(GPUHUNT_DAYS) >= 10
    assert date.fromisoformat(max(gpu_days)) - date.fromisoformat(min(gpu_days)) > (date(2025, 1, 1) - date(2024, 1, 1))


@pytest.mark.parametrize("day", sorted(LITELLM_DAYS))
def test_every_litellm_snapshot_parses(day):
    records = parsed(LITELLM, LITELLM_DAYS[day])
    assert records[("gpt-4", "standard")].input_usd_per_mtok == 30.0  # list price unchanged 2023-2026


def test_litellm_snapshots_hold_one_fixed_set_of_keys():
    keys = [set(json.loads(files[0].read_text())) for files in LITELLM_DAYS.values()]
    assert set().union(*keys) == set(KEYS)
    assert {"gpt-4o", "deepseek-chat", "mistral/mistral-large-latest", "groq/llama-3.3-70b-versatile"} <= set(KEYS)
    # The first-party closed models the capability frontier needs from 2023 on, under their own ids.
    assert {"gpt-4-0314", "gpt-4", "gpt-3.5-turbo", "claude-3-5-sonnet-20240620", "claude-3-opus-20240229"} <= set(KEYS)


def test_sample_spec_is_kept_where_the_real_map_had_it_and_skipped_by_the_parser():
    first_keys = {day: next(iter(json.loads(files[0].read_text()))) for day, files in LITELLM_DAYS.items()}
    assert first_keys["2024-06-29"] != "sample_spec" and first_keys["2024-09-27"] == "sample_spec"
    assert not any(key == "sample_spec" for key, _ in parsed(LITELLM, LITELLM_DAYS["2024-09-27"]))


def price(day: str, key: str, tier: str = "standard") -> tuple[float, float]:
    record = parsed(LITELLM, LITELLM_DAYS[day])[(key, tier)]
    return record.input_usd_per_mtok, record.output_usd_per_mtok


def test_hand_read_litellm_prices():
    assert price("2023-09-30", "gpt-3.5-turbo") == (1.5, 2.0)
    assert price("2025-09-30", "gpt-3.5-turbo") == (0.5, 1.5)
    assert price("2024-06-29", "gpt-4o") == (5.0, 15.0)
    assert price("2024-12-28", "gpt-4o") == (2.5, 10.0)
    assert price("2024-06-29", "deepseek-chat") == (0.14, 0.28)
    assert price("2025-03-31", "deepseek/deepseek-chat") == (0.27, 1.1)
    assert price("2026-03-03", "deepseek/deepseek-chat") == (0.28, 0.42)
    assert price("2024-03-30", "mistral/mistral-large-latest") == (8.0, 24.0)
    assert price("2026-03-03", "mistral/mistral-large-latest") == (0.5, 1.5)
    assert price("2024-03-30", "groq/mixtral-8x7b-32768") == (0.27, 0.27)
    assert price("2024-06-29", "groq/mixtral-8x7b-32768") == (0.24, 0.24)
    assert price("2024-12-28", "together_ai/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo") == (3.5, 3.5)
    # The map once listed Groq's Llama 3.1 8B at the 70B price, then corrected it.
    assert price("2024-09-27", "groq/llama-3.1-8b-instant") == (0.59, 0.79)
    assert price("2024-12-28", "groq/llama-3.1-8b-instant") == (0.05, 0.08)


def test_litellm_cache_prices_appear_with_the_field():
    assert parsed(LITELLM, LITELLM_DAYS["2024-12-28"])[("gpt-4o", "standard")].cached_input_usd_per_mtok == 1.25
    assert parsed(LITELLM, LITELLM_DAYS["2024-06-29"])[("gpt-4o", "standard")].cached_input_usd_per_mtok is None


@pytest.mark.parametrize("day", sorted(SKYPILOT_DAYS))
def test_every_skypilot_day_parses(day):
    assert parsed(SKYPILOT, SKYPILOT_DAYS[day])


def test_hand_read_skypilot_rates():
    mid = parsed(SKYPILOT, SKYPILOT_DAYS["2024-07-28"])
    assert mid[("runpod", "1x_H100_SECURE", "US", "on_demand")].usd_per_instance_hour == 4.49  # skypilot#3794
    nd_h100 = mid[("azure", "Standard_ND96isr_H100_v5", "eastus", "on_demand")]
    assert (nd_h100.gpu_count, nd_h100.usd_per_instance_hour) == (8, 98.32)  # catalogue says 12 GPUs
    assert mid[("lambda", "gpu_8x_h100_sxm5", "us-east-1", "on_demand")].usd_per_instance_hour == 23.92

    late = parsed(SKYPILOT, SKYPILOT_DAYS["2025-03-15"])
    assert late[("aws", "p5.48xlarge", "us-east-1", "on_demand")].usd_per_instance_hour == 98.32
    assert {k[0] for k in late} == {"aws", "lambda", "runpod"}


@pytest.mark.parametrize("day", sorted(PRIMEINTELLECT_DAYS))
def test_every_primeintellect_day_parses(day):
    records = parsed(PRIMEINTELLECT, PRIMEINTELLECT_DAYS[day])
    assert {key[0] for key in records} == {"primeintellect"}
    assert {record.gpu_name for record in records.values()} >= {"H100_80GB SXM5", "H200_141GB"}


@pytest.mark.parametrize("day", sorted(GPUHUNT_DAYS))
def test_every_gpuhunt_day_yields_lambda_h100_offers(day):
    records = parsed(GPUHUNT, GPUHUNT_DAYS[day])
    assert records[("lambda", "gpu_8x_h100_sxm5", "global", "on_demand")].usd_per_instance_hour == 23.92
