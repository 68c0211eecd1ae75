"""Google Vertex AI: the generative-AI pricing page, USD per million tokens per model.

Read: every table headed `Model | Type | Price ...`. One model spans several rows: the model cell
(a rowspan, alone in its `<tr>` or on the first type row; "Gemini 2.5<br>Flash" reads "Gemini 2.5
Flash"), then one row per Type ("Input (text, image, video, audio)", "Text output (response and
reasoning)", "Cache Hit", "Cache Write"). Columns by header: "Price (/1M tokens) <= 200K input
tokens" is the standard price, "> 200K" the long_context price (min_prompt_tokens 200000: the page
charges every token of such a request at that rate), "cached input tokens" the cached-input price,
and "batch API" / "Priority" / "Flex" in a header puts the column in that tier. A lone "Price
(/1M tokens)" column (partner and open MaaS models: Claude, Llama, DeepSeek, Qwen, gpt-oss) is the
flat standard price. provider_model_id is the name the table shows (the page gives no API ids).

Skipped on purpose, with a reason: tables per 1K characters (PaLM, Gemini 1.0/1.5: a
characters-per-token factor would be a guess) or per image/second; audio/image/video-only rows;
the "Non-global" half of "$1.50 (Global) $1.65 (Non-global)*" cells (a regional-endpoint
surcharge, not one region: the Global price is kept as region "global"); a >200K price equal to
the <=200K one. "N/A" is no price; blank, "Free", "Contact sales", another unit: unreadable.

PARTLY UNCONFIRMED FORMAT (no raw copy is public). Confirmed by literal excerpts of captures quoted
in public repositories: 2026-07-31 (`<td rowspan="3">Gemini 3.5 Flash</td>` alone in its row,
Global/Non-global cells) and late 2025 ("Gemini 2.5<br>Flash", `<td>$0.30</td>` cells, the header
with two "with batch API" columns, verbatim). Unconfirmed: the partner/open-model and per-character
headers (from other projects' test copies). Fixture figures as published 2026-07/08.
"""

from __future__ import annotations

import re


from scrapers.parsing import load_html, node_text, rows
from scrapers.records import RecordError, Skip, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

PRICING_URL = "https://cloud.google.com/vertex-ai/generative-ai/pricing"

_THRESHOLD = re.compile(r"(<=|=<|≤|&lt;=|>|&gt;)\s*(\d+)\s*k", re.IGNORECASE)
_GLOBAL = re.compile(r"^\$?\s*([0-9.,]+)\s*\(Global\)", re.IGNORECASE)
_NONE = {"n/a", "na", "-", "—"}


def parse(snapshot: Snapshot):
    soup = load_html(snapshot)
    tables = [(grid, _columns(grid[0])) for grid in map(_grid, soup.find_all("table")) if _is_price_table(grid)]
    if not tables:
        raise RecordError("header", "no table headed Model | Type | Price: not the Vertex AI pricing page?")
    if not any(unit == "token" for _, (unit, _) in tables):
        raise RecordError("header", "no price table per 1M tokens: the unit in the headers changed?")
    seen: set[tuple] = set()
    for grid, (unit, columns) in tables:
        models = _models(grid[1:], len(grid[0]))
        if unit != "token":
            reason = ("priced per 1K characters (a characters-per-token factor would be a guess)" if unit == "character"
                      else "not priced per token (per image, second or request)")
            yield from (Skip(reason, name) for name, _ in models)
            continue
        for item in rows(models, lambda model, columns=columns: _read_model(model, columns)):
            if isinstance(item, TokenPrice):
                key = (item.provider_model_id, item.price_tier, item.min_prompt_tokens)
                if key in seen:  # the warehouse keeps one price per key: which one holds is not in the markup
                    item = Skip("unreadable table", f"{key} priced twice on the page", unreadable=True)
                seen.add(key)
            yield item


def _is_price_table(grid: list[list[str]]) -> bool:
    header = [cell.lower() for cell in grid[0]] if grid else []
    return header[:2] == ["model", "type"] and any(cell.startswith("price") for cell in header[2:])


def _columns(header: list[str]) -> tuple[str, dict[int, tuple[str, bool, int]]]:
    """The table's unit, and per price column: (tier, cached, min_prompt_tokens)."""
    units, columns = set(), {}
    for i, label in enumerate(header[2:], start=2):
        text = label.lower()
        units.add("token" if "1m" in text else "character" if "character" in text else "other")
        tier = next((t for t in ("batch", "priority", "flex") if t in text), "standard")
        threshold = _THRESHOLD.search(text)
        long_from = int(threshold[2]) * 1000 if threshold and threshold[1] in (">", "&gt;") else 0
        columns[i] = (tier, "cached" in text, long_from)
    if len(units) != 1:
        raise RecordError("header", f"price columns in mixed units: {header}")
    return units.pop(), columns


def _models(body: list[list[str]], width: int) -> list[tuple[str, list[list[str]]]]:
    """(model name, [[type, price cells...]]) in page order; a blank model cell continues the last model."""
    models: list[tuple[str, list[list[str]]]] = []
    for row in body:
        if len(row) == width - 1 and models:  # the model cell is left out, not spanned
            row = [models[-1][0], *row]
        name = row[0] if row else ""
        if name and (not models or models[-1][0] != name):
            models.append((name, []))
        if len(row) > 1 and models:
            models[-1][1].append(row[1:])
    return models


def _read_model(model: tuple[str, list[list[str]]], columns: dict) -> list[TokenPrice | Skip]:
    name, type_rows = model
    found: list[TokenPrice | Skip] = []
    prices: dict[tuple[str, int], dict[str, float]] = {}
    non_global = False
    for type_row in type_rows:
        metric = _metric(type_row[0])
        if metric is None:  # a modality price (audio, image, video): not the text token price
            found.append(Skip("not a text token price row (audio, image or video only)", f"{name}: {type_row[0]}"))
            continue
        for i, cell in enumerate(type_row[1:], start=2):
            if i not in columns:
                raise RecordError("row", f"{name}: more cells than the header has columns")
            tier, cached, long_from = columns[i]
            price, regional = _price(cell, f"{name}.{type_row[0]}")
            non_global |= regional
            if price is not None:
                slot = prices.setdefault((tier, long_from), {})
                slot.setdefault("cached" if cached else metric, price)
    if non_global:
        found.append(Skip("Non-global endpoint prices (a regional surcharge, not one region)", name))
    for (tier, long_from), slot in sorted(prices.items()):
        if "input" not in slot or "output" not in slot:
            raise RecordError("output" if "input" in slot else "input", f"{name}: no {tier} input and output price pair")
        if long_from and all(slot.get(k) == prices.get((tier, 0), {}).get(k) for k in slot):
            continue  # the >200K price repeats the <=200K one: no separate tier
        price_tier = "long_context" if tier == "standard" and long_from else tier
        found.append(TokenPrice(provider_id="vertex", provider_name="Google Vertex AI", provider_model_id=name,
                                model_name=name, price_tier=price_tier, min_prompt_tokens=long_from,
                                input_usd_per_mtok=slot["input"], output_usd_per_mtok=slot["output"],
                                cached_input_usd_per_mtok=slot.get("cached"), cache_write_usd_per_mtok=slot.get("cache_write")))
    if not prices:
        raise RecordError("input", f"{name}: no per-token price")
    return found


def _metric(label: str) -> str | None:
    text = label.lower()
    if "cache" in text:
        return "cache_write" if "write" in text else "cached"
    if "output" in text:
        return "output" if text.startswith(("text output", "output")) else None
    if "input" in text:
        modalities = re.findall(r"text|image|video|audio", text)
        return "input" if not modalities or "text" in modalities else None
    raise RecordError("type", f"unknown price type {label!r}")


def _price(cell: str, field: str) -> tuple[float | None, bool]:
    """(price per Mtok or None for N/A, whether a Non-global price was left out)."""
    text = cell.replace("*", "").strip()
    if text.lower() in _NONE:
        return None, False
    if "global" in text.lower():
        if not (match := _GLOBAL.match(text)):
            raise RecordError(field, f"no Global price in {cell!r}")
        return per_mtok(match[1], "1M", field), "non-global" in text.lower()
    return per_mtok(text, "1M", field), False


def _grid(table) -> list[list[str]]:
    """Rows of cell texts, a rowspan cell copied into every row it covers."""
    grid, pending = [], {}
    for r, tr in enumerate(table.find_all("tr")):
        row, cells = [], iter(tr.find_all(["td", "th"]))
        while True:
            if (r, len(row)) in pending:
                row.append(pending.pop((r, len(row))))
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text, span = node_text(cell), str(cell.get("rowspan", 1))
            if not span.isdigit():
                raise RecordError("table", f"rowspan={span!r} is not a number")
            pending.update({(r + dr, len(row)): text for dr in range(1, int(span))})
            row.append(text)
        grid.append(row)
    return grid


SOURCE = Source(
    id="vertex",
    kind="token_prices",
    name="Google Vertex AI",
    urls=(PRICING_URL,),
    parse=parse,
    description="Vertex AI generative-AI pricing: Gemini standard, long-context, cached and batch prices; partner and open models per 1M tokens.",
    homepage=PRICING_URL,
)
