"""OpenAI: the API pricing page's per-tier text-token tables, read from its Markdown twin.

The pricing page moved from platform.openai.com/docs/pricing (and openai.com/api/pricing) to
developers.openai.com/api/docs/pricing. Its HTML shows one tier tab at a time and carries the
prices as Astro island props (JavaScript-rendered), so the parser reads the Markdown twin every
docs page serves at the same URL plus `.md`: it prints every tier under its own heading,
`### Standard pricing data`, `### Batch pricing data`, `### Flex pricing data` and `### Fast
pricing data` (`### Priority pricing data` before OpenAI renamed Priority to Fast on 2026-07-30;
both are price_tier `priority`). Each table is found by that heading and read by its header:
`| Model | Short context input | Short context cached input | Short context cache writes | Short
context output | Long context input | … cached input | … cache writes | … output |`, or the older
`| Model | Input | Cached input | Output |`. Cells are "$1.25" USD per 1M tokens; "-" is no price
(None, never 0). A model cell may read "gpt-5.5 (<272K context length)": the id is kept without it.

Short-context columns are the tier's price. The long-context columns of the Standard table become
price_tier `long_context` from the threshold the page states ("Long context: >272K input tokens",
kept as 272000, "more than N" as OpenRouter's thresholds are); long-context columns of the other
tiers are skipped (the contract has one long_context tier). Also skipped, with reasons: the
"Grouped Pricing Table" tables (specialized, image, audio, realtime, embedding models: per
modality or category, tier given only by a loose label line) and every other table (tools,
storage, fine-tuning), an unknown tier heading, and rows with no input and no output price.

Fixture: composed by hand in the `.md` layout that other projects' parsers and copies of
developers.openai.com/api/docs/pricing.md show (2026-07..09), with the figures in force on
2026-08-05 (standard and long-context figures agree with genai-prices `openai.yml`, checked
2026-08-02, and simonw/llm-prices data of 2026-08-05). Not confirmed: the batch, flex and fast
figures come from third-party captures and OpenAI's stated rules (batch and flex half of
standard), not from a dated raw copy; no raw copy of the page was available.
"""

from __future__ import annotations

import re

from scrapers.parsing import rows
from scrapers.records import RecordError, Skip, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

PRICING_URL = "https://developers.openai.com/api/docs/pricing.md"

_TIERS = {"standard": "standard", "batch": "batch", "flex": "flex", "priority": "priority", "fast": "priority"}
# Header label -> (context, metric); the older four-column layout has no context prefix.
_COLUMNS = {f"{prefix}{label}": (context, metric)
            for prefix, context in (("", "short"), ("short context ", "short"), ("long context ", "long"))
            for label, metric in (("input", "input"), ("cached input", "cached"), ("cache writes", "write"),
                                  ("output", "output"))
            if not (prefix == "" and context == "long")}
_TIER_HEADING = re.compile(r"^###\s+(\w+)\s+pricing data$", re.IGNORECASE)
_THRESHOLD = re.compile(r"Long context:\s*>\s*(\d+)K input tokens", re.IGNORECASE)
_MODEL = re.compile(r"^([a-z0-9][a-z0-9._:-]*)(?:\s+\(<\d+K context length\))?$", re.IGNORECASE)


def parse(snapshot: Snapshot):
    text = _markdown(snapshot)
    threshold = _THRESHOLD.search(text)
    tables = list(_tables(text))
    if not any(_tier(heading) == "standard" for heading, _, _ in tables):
        raise RecordError("header", "no '### Standard pricing data' table: not the pricing page's Markdown?")
    seen: dict[tuple[str, str], tuple] = {}
    for heading, header, body in tables:
        tier = _tier(heading)
        if tier is None:
            if _TIER_HEADING.match(heading):
                yield Skip("service tier with no price_tier in the contract", heading)
            else:
                yield Skip(_other_table_reason(header), f"{heading or '(no heading)'}: {' | '.join(header)}")
            continue
        columns = _columns(header)
        if "long" in {context for context, _ in columns.values()} and not threshold:
            raise RecordError("threshold", "long-context columns but no 'Long context: >NK input tokens' note")
        limit = int(threshold[1]) * 1000 if threshold else 0
        yield from rows(body, lambda cells, t=tier, c=columns: _read_row(cells, t, c, limit, seen))


def _markdown(snapshot: Snapshot) -> str:
    body = snapshot.body.lstrip()
    if body[:1] == b"<":
        raise RecordError("body", f"expected Markdown, got markup ({snapshot.content_type or 'no content type'}): an error page?")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError("body", f"not UTF-8 text: {exc}") from None


def _tables(text: str):
    """(last ### heading, header cells, body rows) for every pipe table in the page."""
    heading, block = "", []
    for line in text.splitlines() + [""]:
        line = line.strip()
        if line.startswith("|"):
            block.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        if block:
            separator = len(block) > 1 and all(re.fullmatch(r":?-+:?", cell) for cell in block[1])
            yield heading, block[0], block[2:] if separator else block[1:]
            block = []
        if line.startswith("#"):
            heading = line


def _tier(heading: str) -> str | None:
    match = _TIER_HEADING.match(heading)
    return _TIERS.get(match[1].lower()) if match else None


def _columns(header: list[str]) -> dict[int, tuple[str, str]]:
    if not header or header[0].lower() != "model":
        raise RecordError("header", f"tier table does not start with Model: {header}")
    unknown = [label for label in header[1:] if label.lower() not in _COLUMNS]
    if unknown:
        raise RecordError("header", f"unknown column(s) {unknown} in {header}")
    columns = {i: _COLUMNS[label.lower()] for i, label in enumerate(header) if i}
    if not {("short", "input"), ("short", "output")} <= set(columns.values()):
        raise RecordError("header", f"no input or output column in {header}")
    return columns


def _other_table_reason(header: list[str]) -> str:
    labels = {label.lower() for label in header}
    if "modality" in labels:
        return "image/audio/realtime prices by modality (not a text-token price)"
    if "category" in labels:
        return "specialized-models table (Codex, ChatGPT, embeddings): tier only in a loose label line"
    return "not a per-token price table (tools, storage, fine-tuning or other)"


def _read_row(cells: list[str], tier: str, columns: dict, limit: int, seen: dict) -> list[TokenPrice | Skip]:
    match = _MODEL.match(cells[0].strip("`* ")) if cells else None
    if not match:
        raise RecordError("model", f"not a model id: {cells[:1]}")
    model = match[1]
    if len(cells) != len(columns) + 1:
        raise RecordError(model, f"row has {len(cells)} cells for {len(columns) + 1} columns")
    prices = {key: _price(cells[i], f"{model}.{tier}.{key[0]}_{key[1]}") for i, key in columns.items()}
    found: list[TokenPrice | Skip] = []
    for context in ("short", "long"):
        values = {metric: prices.get((context, metric)) for metric in ("input", "cached", "write", "output")}
        if values["input"] is None and values["output"] is None:
            if context == "short":
                found.append(Skip("no input or output price in this tier", f"{model} ({tier})"))
            continue
        if context == "long" and tier != "standard":
            found.append(Skip("long-context price of a non-standard tier (one long_context tier in the contract)",
                              f"{model} ({tier})"))
            continue
        price_tier, min_tokens = ("long_context", limit) if context == "long" else (tier, 0)
        if (price_tier, model) in seen:
            if seen[(price_tier, model)] != tuple(values.values()):
                raise RecordError(model, f"listed twice in {price_tier} with different prices")
            found.append(Skip("listed again with the same prices", f"{model} ({price_tier})"))
            continue
        seen[(price_tier, model)] = tuple(values.values())
        found.append(TokenPrice(provider_id="openai", provider_name="OpenAI", provider_model_id=model, model_name=model,
                                input_usd_per_mtok=values["input"], output_usd_per_mtok=values["output"],
                                cached_input_usd_per_mtok=values["cached"], cache_write_usd_per_mtok=values["write"],
                                price_tier=price_tier, min_prompt_tokens=min_tokens))
    return found


def _price(cell: str, field: str) -> float | None:
    # "-" is the page's "no such price"; anything else must be a plain USD amount per 1M tokens.
    return None if cell == "-" else per_mtok(cell, "1M", field)


SOURCE = Source(
    id="openai",
    kind="token_prices",
    name="OpenAI",
    urls=(PRICING_URL,),
    parse=parse,
    description="OpenAI's API pricing page (Markdown twin): standard, batch, flex and priority/fast text-token "
                "prices with cached input and cache writes; standard long-context prices as long_context.",
    homepage="https://developers.openai.com/api/docs/pricing",
)
