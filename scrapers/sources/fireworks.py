"""Fireworks AI: the serverless text-model price table on fireworks.ai/pricing.

The table is found by its header `Base model | $ / 1M tokens`. It mixes two kinds of rows:

- size buckets, the price of any model not listed by name ("Less than 4B parameters",
  "4B - 16B parameters", "More than 16B parameters", "MoE 0B - 56B parameters (e.g. Mixtral
  8x7B)", "MoE 56.1B - 176B parameters (e.g. DBRX, Mixtral 8x22B)"). Convention: such a row
  becomes provider_model_id "bucket:<range>", the range written compactly without the examples:
  `bucket:<4B`, `bucket:4B-16B`, `bucket:>16B`, `bucket:MoE 0B-56B`, `bucket:MoE 56.1B-176B`.
- named models ("DeepSeek V3 family", "OpenAI gpt-oss-120b"), kept under the name as shown; a
  row naming several models with one price ("Kimi K2 Instruct,Kimi K2 Thinking") becomes one
  record per name.

Price cells: "$0.10, $0.05 cached" (one price for input and output, plus cached input) or
"$0.56 input, $0.28 cached, $1.68 output". Any other label, a blank cell or "Free" is unreadable.
The other tables (audio per minute, images per step, embeddings, fine-tuning, GPUs per hour) are
not token prices for serving and are not read. Batch prices: Fireworks' docs say batch costs 50%
of serverless, but the pricing page copy used here does not state it, so no batch row is emitted.

Fixture: composed by hand from a text capture of fireworks.ai/pricing from late 2025 (DeepSeek V3
family 0.56/0.28/1.68, GLM-4.6, MiniMax M2), header and cell texts as captured; figures agree with
genai-prices `fireworks.yml` where it has the same model (Qwen3 235B 0.22/0.88, checked
2025-07-13; DeepSeek V3.2 0.56/0.28/1.68, checked 2026-02-03). Not confirmed: the page's tags and
attributes (no raw HTML copy is public).
"""

from __future__ import annotations

import re


from scrapers.parsing import load_html, node_text, rows, unknown_columns
from scrapers.records import RecordError, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

PRICING_URL = "https://fireworks.ai/pricing"
# The serverless table has two columns, both read; none is left out on purpose, so any other
# column (a batch or cached price column, say) is reported as a notice.
READ_COLUMNS = ("base model", "$ / 1m tokens")
IGNORED_COLUMNS: frozenset[str] = frozenset()

_BUCKET = re.compile(r"^(?P<moe>MoE\s+)?(?P<range>(less|more) than \S+|\S+\s*[-–]\s*\S+)\s+parameters\b", re.I)
_PART = re.compile(r"^(?P<price>\S+)(\s+(?P<label>input|cached input|cached|output))?$", re.I)


def parse(snapshot: Snapshot):
    soup = load_html(snapshot)
    tables = [t for t in soup.find_all("table") if tuple(_header(t)[:2]) == READ_COLUMNS]
    if not tables:
        raise RecordError("header", "no table headed 'Base model | $ / 1M tokens'")
    for table in tables:
        header = [node_text(cell) for cell in table.find("tr").find_all(["th", "td"])]  # as printed, not lower-cased
        yield from unknown_columns(header, [*READ_COLUMNS, *IGNORED_COLUMNS], "serverless token price table")
        body = [tr for tr in table.find_all("tr") if tr.find("td")]
        yield from rows(body, _read_row)


def _header(table) -> list[str]:
    first = table.find("tr")
    return [node_text(cell).lower() for cell in first.find_all(["th", "td"])] if first else []


def _read_row(tr) -> list[TokenPrice]:
    cells = [node_text(td) for td in tr.find_all("td")]
    if len(cells) < 2 or not cells[0]:
        raise RecordError("row", f"expected a model and a price cell, got {cells}")
    name, prices = cells[0], _prices(cells[1], cells[0])
    bucket = _BUCKET.match(name)
    ids = [_bucket_id(bucket)] if bucket else [n.strip() for n in name.split(",") if n.strip()]
    return [TokenPrice(provider_id="fireworks", provider_name="Fireworks AI", provider_model_id=model_id,
                       model_name=name, **prices) for model_id in ids]


def _bucket_id(match: re.Match) -> str:
    size = re.sub(r"\s*[-–]\s*", "-", match["range"])
    size = re.sub(r"^less than ", "<", re.sub(r"^more than ", ">", size, flags=re.I), flags=re.I)
    return f"bucket:{'MoE ' if match['moe'] else ''}{size}"


def _prices(cell: str, name: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for i, part in enumerate(p.strip() for p in cell.split(",")):
        match = _PART.match(part)
        if not match:
            raise RecordError("price", f"{name}: cannot read {part!r} in {cell!r}")
        label = (match["label"] or "").lower()
        price = per_mtok(match["price"], "1M", f"{name}.price")
        if not label and i == 0:  # one price for input and output alike
            found.update(input_usd_per_mtok=price, output_usd_per_mtok=price)
        elif label == "input":
            found["input_usd_per_mtok"] = price
        elif label == "output":
            found["output_usd_per_mtok"] = price
        elif label.startswith("cached"):
            found["cached_input_usd_per_mtok"] = price
        else:
            raise RecordError("price", f"{name}: unlabelled price {part!r} after the first in {cell!r}")
    if "input_usd_per_mtok" not in found or "output_usd_per_mtok" not in found:
        raise RecordError("price", f"{name}: no input and output price in {cell!r}")
    return found


SOURCE = Source(
    id="fireworks",
    kind="token_prices",
    name="Fireworks AI",
    urls=(PRICING_URL,),
    parse=parse,
    description="Fireworks AI's serverless text-model prices: size buckets (bucket:<4B, ...) and named models, with cached input.",
    homepage="https://fireworks.ai/pricing",
)
