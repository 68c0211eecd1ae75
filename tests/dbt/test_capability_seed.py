"""seeds/model_capabilities.csv (Epoch AI's scores, cited per row) and the closed models the
frontier needs in models.csv and model_aliases.csv."""

from __future__ import annotations

import csv
import io
from contextlib import redirect_stdout

import pytest

from orchestration.trends import capability_seed
from tests.dbt.test_model_seeds import BY_ID, SEEDS, matches

with (SEEDS / "model_capabilities.csv").open(newline="") as _handle:
    SCORES = list(csv.DictReader(_handle))


def test_every_score_row_cites_its_repository_path_and_commit_and_names_a_known_model_or_none():
    assert {r["benchmark"] for r in SCORES} == {"ECI", "GPQA Diamond"}
    for row in SCORES:
        assert row["source_repo"] and row["source_path"] and len(row["source_commit"]) == 40, row
        assert row["model_id"] == "" or row["model_id"] in BY_ID, row


def test_gpqa_diamond_is_kept_as_a_percentage_of_the_hubs_fraction():
    gpt4 = next(r for r in SCORES if r["model_name_as_in_source"] == "gpt-4-0314" and r["benchmark"] == "GPQA Diamond")
    assert (gpt4["score_as_in_source"], gpt4["score"], gpt4["model_id"]) == ("0.357", "35.7", "gpt-4")


def test_the_models_that_lead_a_benchmark_since_gpt4_are_mapped():
    for name in ["GPT-4 (Mar 2023)", "GPT-4o (May 2024)", "Claude 3.5 Sonnet", "o1", "GPT-5", "Gemini 3 Pro",
                 "claude-3-5-sonnet-20240620", "gpt-4o-2024-05-13", "gpt-5.1_high", "grok-4-0709"]:
        assert all(r["model_id"] for r in SCORES if r["model_name_as_in_source"] == name), name


def test_the_seed_is_what_the_generator_writes_from_the_shared_extracts(realdata):
    written = io.StringIO()
    with redirect_stdout(written):
        assert capability_seed.main([str(realdata / "capability")]) == 0
    assert written.getvalue() == (SEEDS / "model_capabilities.csv").read_text()


@pytest.mark.parametrize("provider_id,provider_model_id,model_id", [
    ("openai", "gpt-5.4", "gpt-5.4"), ("openai", "gpt-5.4-mini", "gpt-5.4-mini"), ("openai", "gpt-5.5-pro", "gpt-5.5-pro"),
    ("openai", "gpt-5.6-terra", "gpt-5.6-terra"), ("openai", "gpt-5.1-2025-11-13", "gpt-5.1"),
    ("anthropic", "Claude Opus 4.5", "claude-opus-4.5"), ("anthropic", "Claude Sonnet 4.6", "claude-sonnet-4.6"),
    ("anthropic", "Claude Fable 5", "claude-fable-5"), ("anthropic", "Claude Mythos 5", "claude-mythos-5"),
    ("litellm", "claude-opus-4-5-20251101", "claude-opus-4.5"),
    ("vertex", "Gemini 3.1 Pro Preview", "gemini-3.1-pro"), ("vertex", "Gemini 3.1 Flash-Lite", "gemini-3.1-flash-lite"),
    ("vertex", "Gemini 3.5 Flash", "gemini-3.5-flash"), ("vertex", "vertex_ai/gemini-3-pro-preview", "gemini-3-pro"),
    ("mistral", "mistral/mistral-large-latest", "mistral-large-3"),
])
def test_first_party_ids_of_closed_models_map_to_their_canonical_model(provider_id, provider_model_id, model_id):
    assert matches(provider_model_id, provider_id)[0][2] == model_id


def test_ids_of_other_products_are_not_swallowed_by_the_new_patterns():
    for provider_model_id in ["gemini-3-pro-image-preview", "gpt-5.4-pro-image", "claude-opus-4-9"]:
        assert not matches(provider_model_id), provider_model_id
