"""DeepSeek: the USD "Models & Pricing" page of the API docs, one price per model column.

The page (https://api-docs.deepseek.com/quick_start/pricing, a static Docusaurus page) holds HTML
tables whose first cell reads MODEL and whose other header cells are the API model ids
(`deepseek-chat`, `deepseek-reasoner`; later `deepseek-v4-flash(1)`, the "(1)" a footnote mark).
Price rows are labelled `1M INPUT TOKENS (CACHE HIT)`, `1M INPUT TOKENS (CACHE MISS)` and
`1M OUTPUT TOKENS` under a `PRICING` cell with a rowspan; a price shared by every model is one
cell with a colspan. The table is expanded into a grid (rowspan/colspan copied into each slot)
before it is read, so a shared price counts for every model it spans.

Per model: cache miss -> input, cache hit -> cached input, output -> output (USD per 1M tokens).

Time-of-day prices: from 2025-02 to 2025-09-05 the page split the rows into `STANDARD PRICE (UTC
00:30-16:30)` and `DISCOUNT PRICE (UTC 16:30-00:30)` bands (a rowspan label left of the metric);
2026 pages split each metric into `PEAK` and `OFF-PEAK` sub-rows (right of it). The standard/peak
band is price_tier `standard`; the discount/off-peak band is price_tier `off_peak`, same model id,
region `global`, min_prompt_tokens 0. The off-peak hours are not stored: the contract has no
time-of-day columns (a window such as `valid_from_utc` / `valid_until_utc` on the record, the raw
table and fct_token_prices_daily would be needed), so a reader learns the hours from the archived
page, whose band label holds them (2025) or does not (2026).

Refused, never guessed: the CNY page (`/zh-cn/`, prices in ¥ or 元) fails naming the currency; a
page with more than one price table (the 2025-08 page announced the next price list beside the
current one, and which is in force is prose, not markup) fails naming the table; a page whose
MODEL table has no price rows fails naming the header.

Fixture: composed by hand in the page's table layout with the figures published until
2025-09-05 (deepseek-chat 0.07/0.27/1.10, deepseek-reasoner 0.14/0.55/2.19, off-peak
0.035/0.135/0.550 for both), as quoted from the live page in 2025-08 and in genai-prices
(`deepseek.yml`, checked 2025-07-12). Not confirmed: the page's exact tags and attributes (no raw
copy is public); the layout follows the page text and other projects' fixtures of it.
"""

from __future__ import annotations

import re


from scrapers.parsing import load_html, node_text, rows, unknown_columns
from scrapers.records import Notice, RecordError, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

PRICING_URL = "https://api-docs.deepseek.com/quick_start/pricing"

_MODEL_ID = re.compile(r"^(deepseek-[a-z0-9.\-]+?)(\(\d+\))?$")
_OTHER_CURRENCY = re.compile(r"[¥￥元]|CNY|RMB")
_OFF_PEAK = ("OFF-PEAK", "DISCOUNT PRICE")
# The table is transposed: models are columns, metrics are rows. Rows without a "1M ... TOKENS"
# label are not prices; these (by their first cell) are left out on purpose, any other is reported
# as a notice (a price in another unit, say per search, would otherwise go unseen).
IGNORED_ROWS = frozenset({"CONTEXT LENGTH", "MAX OUTPUT", "MAX COT TOKENS", "FEATURES"})
_METRICS = (("CACHE HIT", "cached"), ("CACHE MISS", "input"), ("OUTPUT", "output"), ("INPUT", "input"))


def parse(snapshot: Snapshot):
    soup = load_html(snapshot)
    price_tables = [grid for grid in map(_grid, soup.find_all("table")) if _is_price_table(grid)]
    if not price_tables:
        raise RecordError("header", "no table headed MODEL with 1M-token price rows: not the pricing page?")
    if len(price_tables) > 1:
        raise RecordError("table", f"{len(price_tables)} price tables (a current and an announced price list?): "
                                   "which one is in force is not in the markup")
    yield from _unknown_columns_and_rows(price_tables[0])
    yield from rows(_offers(price_tables[0]), _read_offer)


def _unknown_columns_and_rows(grid: list[list[str]]) -> list[Notice]:
    header = grid[0]
    notices = unknown_columns(header, [cell for cell in header if cell == "MODEL" or _MODEL_ID.match(cell)], "price table")
    return notices + [Notice("row", f"unknown row {row[0]!r} in the price table (not priced per 1M tokens)")
                      for row in grid[1:] if row and not _price_label(row) and row[0] not in IGNORED_ROWS]


def _grid(table) -> list[list[str]]:
    """The table as rows of cell texts, a rowspan/colspan cell copied into every slot it covers."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.find_all("tr")):
        row, c = [], 0
        cells = iter(tr.find_all(["td", "th"]))
        while True:
            if (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text = node_text(cell)
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr:
                        pending[(r + dr, c + dc)] = text
                    else:
                        row.append(text)
            c += colspan
        while (r, c) in pending:  # spans reaching past the last cell of this row
            row.append(pending.pop((r, c)))
            c += 1
        grid.append(row)
    return grid


def _span(cell, name: str) -> int:
    try:
        return max(1, int(cell.get(name, 1)))
    except ValueError:
        raise RecordError("table", f"{name}={cell.get(name)!r} is not a number") from None


def _is_price_table(grid: list[list[str]]) -> bool:
    return bool(grid) and grid[0][:1] == ["MODEL"] and any(_price_label(row) for row in grid[1:])


def _price_label(row: list[str]) -> bool:
    return any("1M" in cell and "TOKENS" in cell for cell in row)


def _offers(grid: list[list[str]]) -> list[tuple[str, str, dict[str, str]]]:
    """(band, model, {metric: cell}) per model column and time band ("standard" or the off-peak label)."""
    header = grid[0]
    columns = {i: m.group(1) for i, cell in enumerate(header) if (m := _MODEL_ID.match(cell))}
    if not columns:
        raise RecordError("header", f"MODEL row names no deepseek-* model: {header}")
    first = min(columns)
    offers: dict[tuple[str, str], dict[str, str]] = {}
    for row in grid[1:]:
        if not _price_label(row):
            continue
        labels = list(dict.fromkeys(row[:first]))  # a spanned label repeats: keep it once
        label = " ".join(labels)
        band = next((cell for cell in labels if any(mark in cell for mark in _OFF_PEAK)), "standard")
        metric = next((name for mark, name in _METRICS if mark in label), None)
        if metric is None:
            raise RecordError("header", f"unknown price row {label!r}")
        for i, model in columns.items():
            if i < len(row):
                offers.setdefault((band, model), {})[metric] = row[i]
    for cell in (c for metrics in offers.values() for c in metrics.values()):
        if _OTHER_CURRENCY.search(cell):
            raise RecordError("currency", f"price {cell!r} is in CNY: only the USD page is read")
    return [(band, model, metrics) for (band, model), metrics in offers.items()]


def _read_offer(offer: tuple[str, str, dict[str, str]]) -> TokenPrice:
    band, model, metrics = offer
    for metric in ("input", "output"):
        if metric not in metrics:
            raise RecordError(metric, f"no {metric} price row for {model}")
    prices = {metric: per_mtok(cell, "1M", f"{model}.{metric}") for metric, cell in metrics.items()}
    return TokenPrice(provider_id="deepseek", provider_name="DeepSeek", provider_model_id=model, model_name=model,
                      input_usd_per_mtok=prices["input"], output_usd_per_mtok=prices["output"],
                      cached_input_usd_per_mtok=prices.get("cached"),
                      price_tier="standard" if band == "standard" else "off_peak")


SOURCE = Source(
    id="deepseek",
    kind="token_prices",
    name="DeepSeek",
    urls=(PRICING_URL,),
    parse=parse,
    description="DeepSeek's USD pricing page: cache-miss input, cache-hit input and output per model; off-peak prices as price_tier off_peak.",
    homepage="https://api-docs.deepseek.com/quick_start/pricing",
)
