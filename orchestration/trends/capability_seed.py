"""Writes dbt_project/seeds/model_capabilities.csv from the Epoch AI extracts in
../shared/realdata/capability (see its PROVENANCE.md), each row citing its repository, path and
commit, each name mapped to a canonical model_id where one is known:

    python -m orchestration.trends.capability_seed ../shared/realdata/capability > dbt_project/seeds/model_capabilities.csv

Scales: the Epoch Capabilities Index as published; GPQA Diamond from Epoch's Benchmarking Hub as a
percentage (the hub's 0-1 accuracy × 100), so Epoch's 30% floor for multiple-choice thresholds
applies to it as to the price-trend data. Epoch AI's data is CC BY 4.0: credit "Epoch AI,
'Epoch Capabilities Index' / 'AI Benchmarking Hub', epoch.ai".
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ECI_FILE = "epoch_eci_model_level_2026-02-08.csv"
HUB_FILE = "epoch_hub_benchmark_runs_2025-11-17.csv"
COLUMNS = ("model_name_as_in_source", "model_id", "benchmark", "score", "score_as_in_source", "observed_on",
           "source_repo", "source_path", "source_commit")

# Epoch's display names carry a snapshot month; the hub's ids carry a reasoning budget or effort
# (the run's setting, not another model). Both are dropped before matching the alias patterns.
_SNAPSHOT_MONTH = re.compile(r"\s*\((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}\)$", re.I)
_RUN_SETTING = re.compile(r"_(high|medium|low|\d+k)$", re.I)

# Names the price aliases (seeds/model_aliases.csv) do not cover, because no price source spells
# them so: Epoch's display names and the hub's dated API ids of models priced under another id.
EXPLICIT = {
    "gpt-4 (mar 2023)": "gpt-4", "gpt-4 (jun 2023)": "gpt-4", "gpt-4-0314": "gpt-4", "gpt-4-0613": "gpt-4",
    "gpt-4-1106-preview": "gpt-4-turbo", "gpt-4-0125-preview": "gpt-4-turbo", "gpt-4-turbo-2024-04-09": "gpt-4-turbo",
    "gpt-4 turbo (apr 2024)": "gpt-4-turbo",
    "gpt-3.5 turbo (jun 2023)": "gpt-3.5-turbo", "gpt-3.5 turbo (nov 2023)": "gpt-3.5-turbo",
    "gpt-3.5 turbo (jan 2024)": "gpt-3.5-turbo", "gpt-3.5-turbo-1106": "gpt-3.5-turbo", "gpt-3.5-turbo-0125": "gpt-3.5-turbo",
    "claude 3 opus": "claude-3-opus", "claude-3-opus-20240229": "claude-3-opus",
    "claude 3 haiku": "claude-3-haiku", "claude-3-haiku-20240307": "claude-3-haiku",
    "o1-mini": "o1-mini", "o1-mini-2024-09-12": "o1-mini", "o1-2024-12-17": "o1", "o3-mini-2025-01-31": "o3-mini",
    "o3-2025-04-16": "o3", "o4-mini-2025-04-16": "o4-mini",
    "gpt-5-2025-08-07": "gpt-5", "gpt-5-mini-2025-08-07": "gpt-5-mini", "gpt-5-nano-2025-08-07": "gpt-5-nano",
    "gpt-oss-120b": "gpt-oss-120b",
    "mistral large 2": "mistral-large-2", "deepseek-v3 (mar 2025)": "deepseek-v3-0324",
    "deepseek-r1 (may 2025)": "deepseek-r1-0528", "deepseek-v2 (moe-236b)": "deepseek-v2",
    "gemini-2.5-pro-preview-05-06": "gemini-2.5-pro", "gemini-2.5-pro-preview-06-05": "gemini-2.5-pro",
    "gemini-2.5-pro-exp-03-25": "gemini-2.5-pro",
    "llama 2-70b": "llama-2-70b", "llama-2-70b-chat-hf": "llama-2-70b",
}


def _aliases(path: Path) -> list[tuple[re.Pattern, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        rules = [r for r in csv.DictReader(handle) if r["provider_id"] == "*"]
    # The longer pattern wins, as in int_token_prices__model_ids.
    rules.sort(key=lambda r: (-len(r["pattern"]), r["model_id"]))
    return [(re.compile(r["pattern"]), r["model_id"]) for r in rules]


def model_id_for(name: str, aliases: list[tuple[re.Pattern, str]], known: set[str]) -> str:
    wanted = _RUN_SETTING.sub("", name.strip()).lower()
    for candidate in (wanted, _SNAPSHOT_MONTH.sub("", wanted)):
        if candidate in EXPLICIT:
            return EXPLICIT[candidate]
        for pattern, model_id in aliases:
            if pattern.fullmatch(candidate) and model_id in known:
                return model_id
        if candidate in known:
            return candidate
    return ""


def rows(realdata_capability: Path) -> list[dict]:
    seeds = ROOT / "dbt_project" / "seeds"
    aliases = _aliases(seeds / "model_aliases.csv")
    with open(seeds / "models.csv", newline="", encoding="utf-8") as handle:
        known = {r["model_id"] for r in csv.DictReader(handle)}
    out = []
    with open(realdata_capability / ECI_FILE, newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            out.append({"benchmark": "ECI", "score": r["score"], **_cited(r, aliases, known)})
    with open(realdata_capability / HUB_FILE, newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["score_name"] != "GPQA diamond" or not r["release_date"]:
                continue
            out.append({"benchmark": "GPQA Diamond", "score": f"{float(r['score']) * 100:.1f}", **_cited(r, aliases, known)})
    return [{c: row[c] for c in COLUMNS} for row in out]


def _cited(r: dict, aliases, known) -> dict:
    return {"model_name_as_in_source": r["model_name_as_in_source"],
            "model_id": model_id_for(r["model_name_as_in_source"], aliases, known),
            "score_as_in_source": r["score"], "observed_on": r["release_date"],
            "source_repo": r["source_repo"], "source_path": r["source_path"], "source_commit": r["source_commit"]}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(Path(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
