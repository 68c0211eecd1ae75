"""Canonical GPU ids from each provider's spelling, read from the dbt seed `gpu_aliases.csv`.

The seed is the one place the mapping lives: dbt loads it for docs and tests, and parsers use it
through `resolve` so that `python -m scrapers parse` prints the same gpu_id the warehouse holds.
A name the seed does not know resolves to None; `breakeven status` lists those, nothing guesses.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

ALIASES_CSV = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "gpu_aliases.csv"


@lru_cache(maxsize=1)
def _aliases() -> tuple[tuple[str, str, re.Pattern | None, str], ...]:
    rows = []
    with ALIASES_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            pattern = row["instance_type_pattern"].strip()
            rows.append(
                (
                    row["provider_id"].strip() or "*",
                    row["gpu_name"].strip().lower(),
                    re.compile(pattern, re.IGNORECASE) if pattern else None,
                    row["gpu_id"].strip(),
                )
            )
    return tuple(rows)


def resolve(provider_id: str, gpu_name: str, instance_type: str = "") -> str | None:
    """The canonical gpu_id, preferring a provider- and instance-specific alias over a generic one."""
    name = gpu_name.strip().lower()
    best: tuple[int, str] | None = None
    for alias_provider, alias_name, pattern, gpu_id in _aliases():
        if alias_name != name or alias_provider not in ("*", provider_id):
            continue
        if pattern is not None and not pattern.search(instance_type or ""):
            continue
        score = (alias_provider != "*") * 2 + (pattern is not None)
        if best is None or score > best[0]:
            best = (score, gpu_id)
    return best[1] if best else None
