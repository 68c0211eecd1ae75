"""Groq: the language-model price table on groq.com/pricing, USD per million tokens.

The page has one table per product. The language-model table is found by its header: `AI Model`,
`Current Speed (Tokens per Second)`, `Input Token Price (Per Million Tokens)`, `Output Token
Price (Per Million Tokens)`. Each body cell repeats its column's label for the mobile layout
(cell text "Input Token Price(Per Million Tokens)$0.59(1.69M / $1)*"), so the label is stripped
before the value is read. A price cell is "$0.59 (1.69M / $1)*": the parenthesis is tokens per
dollar and the asterisk points at the footnote "Approximate number of tokens per $1"; both are
ignored and only the $ price is read. provider_model_id is the model name as the table shows it
("Llama 3.3 70B Versatile 128k"): the table does not give API ids.

Left out on purpose: the text-to-speech, speech-recognition and built-in-tool tables (priced per
character, per hour or per request, not per token), and the prompt-caching table (it repeats
models under their API ids, e.g. `openai/gpt-oss-120b`; joining those to the display names would
be a guess, so its cached prices are not kept). Batch prices are not on this table.

Fixture: composed by hand in the layout of a text capture of groq.com/pricing from late 2025
(the GPT OSS and Kimi K2-0905 rows), with its figures; they agree with genai-prices
(`groq.yml`, checked 2025-08-06/2025-08-12). Not confirmed: the page's exact tags and class names
(no raw HTML copy is public); the header and cell texts are as captured.
"""

from __future__ import annotations

import re


from scrapers.parsing import load_html, node_text, rows, unknown_columns
from scrapers.records import RecordError, Skip, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

PRICING_URL = "https://groq.com/pricing"

_COLUMNS = {"model": "AI Model", "input": "Input Token Price", "output": "Output Token Price"}
# Columns of the token table left out on purpose; any other column is reported as a notice.
IGNORED_COLUMNS = frozenset({
    "Current Speed (Tokens per Second)",  # throughput, not a price
})
# "$0.59", then optionally "(1.69M / $1)" tokens per dollar and a footnote "*".
_CACHING_SKIP = "prompt-caching table (API ids, not joined to the display names of the token table)"
_PRICE = re.compile(r"^(?P<price>\S+?)\s*(\([^()]*/\s*\$1\))?\s*\*?$")


def parse(snapshot: Snapshot):
    soup = load_html(snapshot)
    tables = [t for t in soup.find_all("table") if _columns(t)]
    if not tables:
        raise RecordError("header", "no table headed AI Model / Input Token Price / Output Token Price")
    for table in tables:
        columns = _columns(table)
        header = [node_text(th) for th in table.find("tr").find_all(["th", "td"])]
        yield from unknown_columns(header, [label for _, label in columns.values()] + list(IGNORED_COLUMNS),
                                   "language-model table")
        body = [tr for tr in table.find_all("tr") if tr.find("td")]
        yield from rows(body, lambda tr, columns=columns: _read_row(tr, columns))
    for table in soup.find_all("table"):
        header = table.find("tr")
        if header and "Cached Input Tokens" in node_text(header):
            for tr in (tr for tr in table.find_all("tr") if tr.find("td")):
                yield Skip(_CACHING_SKIP, node_text(tr)[:120])


def _columns(table) -> dict[str, tuple[int, str]] | None:
    """Column index and header label per field, or None when this is not the token table."""
    header = table.find("tr")
    labels = [node_text(th) for th in header.find_all(["th", "td"])] if header else []
    found = {}
    for field, start in _COLUMNS.items():
        matches = [(i, label) for i, label in enumerate(labels) if label.startswith(start)]
        if matches:
            found[field] = matches[0]
    if "model" in found and ("input" in found or "output" in found) and len(found) < 3:
        raise RecordError("header", f"token table header changed: {labels}")
    if len(found) == 3 and not all("Per Million Tokens" in found[f][1] for f in ("input", "output")):
        raise RecordError("header", f"token prices no longer per million tokens: {labels}")
    return found if len(found) == 3 else None


def _read_row(tr, columns: dict[str, tuple[int, str]]) -> TokenPrice:
    cells = tr.find_all("td")
    values = {field: _value(cells, i, label, field) for field, (i, label) in columns.items()}
    name = values["model"]
    if not name:
        raise RecordError("model", "blank model name")
    return TokenPrice(provider_id="groq", provider_name="Groq", provider_model_id=name, model_name=name,
                      input_usd_per_mtok=_price(values["input"], f"{name}.input"),
                      output_usd_per_mtok=_price(values["output"], f"{name}.output"))


def _value(cells, index: int, label: str, field: str) -> str:
    if index >= len(cells):
        raise RecordError(field, f"row has {len(cells)} cells, no column {index}")
    text = node_text(cells[index])
    # The mobile label repeats the header in the cell, with or without the space.
    for prefix in (label, label.replace(" (", "(")):
        if text.startswith(prefix):
            return text[len(prefix):].strip()
    return text


def _price(cell: str, field: str) -> float:
    match = _PRICE.match(cell)
    if not match:
        raise RecordError(field, f"not a price per million tokens: {cell!r}")
    return per_mtok(match["price"], "1M", field)


SOURCE = Source(
    id="groq",
    kind="token_prices",
    name="Groq",
    urls=(PRICING_URL,),
    parse=parse,
    description="Groq's pricing page: input and output price per language model, USD per million tokens.",
    homepage="https://groq.com/pricing",
)
