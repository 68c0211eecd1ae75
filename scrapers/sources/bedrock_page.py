"""Amazon Bedrock: token prices from the tables of the pricing page (https://aws.amazon.com/bedrock/pricing/).

The AWS Price List (source `bedrock`) lacks the third-party models; the page lists them all, one tab
per provider, tables headed `<Provider> models | Price per 1M input tokens | ...`. Two layers:
(a) `page_rows` turns the page into row dicts {Provider, Hierarchy_Path, Sub_Tab_N, Pricing_Category
(nearest heading), model column, header: cell}, the shape in which the ajinkyak423/aws-bedrock-pricing-data
collector archives the rendered page (`bedrock_n_level_pricing.json`; `parse` reads that list too);
(b) `read_row` turns one dict into TokenPrice records or a Skip, and `settle` keeps the keys unique.

Columns: unit from the header (1M, or the older 1,000 / 1000 -> per 1K); `(batch)` -> price_tier
batch; `(cache read)`, `cached input` -> cached input; `(cache write)`, `(5m cache write)` -> cache
write; `(1h|1hr|30m cache write)` are not stored (one cache-write field: the default 5-minute price);
`(text)` is the text price, `(image|audio|video)` are not text tokens. Tier from a tab or heading
named Batch / Flex / Priority / Standard; region "global" for Global cross-region tables,
"geo-in-region" for Geo and In-region cross-region tables, else "global". "... - Long Context" in a
name -> long_context (min_prompt_tokens only when the name states it, e.g. "> 200K").
provider_model_id is the name the table shows (the page has no API ids).

Skipped on purpose: worked examples (Item, Line Item, Total ... and "example" headings), provisioned
throughput (per hour per TPM or model unit), Custom Model Import (per model unit), customized
(fine-tuned) models, speech rows, tables with no per-token column (images, seconds, queries),
non-GA rows, and the same model priced differently under the same key: the rendered copy keeps no
region, so such rows (Nova Micro 0.035/0.14 and 0.0175/0.07 under one heading) cannot be told apart.
N/A is no price; a figure above 500 USD per Mtok (a header unit that does not fit, e.g. "per 1,000"
over 1M figures) is unreadable.

FORMAT PARTLY UNCONFIRMED: no raw capture of the page is public. Other projects' parsers and test pages
show `<h2>` headings over `<table><thead><th>` tables, some inside an `aws-plc` element's
`data-pricing-markup` attribute, and cells that are literal ("$0.035", "$ 0.60", "N/A") or
`{priceOf!bedrockfoundationmodels/bedrockfoundationmodels!<hash>}` placeholders the browser fills from
a per-region JSON map (b0.p.awsstatic.com/.../bedrockfoundationmodels.json). A placeholder row is a
deliberate Skip: joining the map needs two snapshots in one parse. Tab markup (role=tab/tabpanel) is
assumed. Figures are confirmed against the collector's rendered copies (2026-05/06/07).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bs4 import BeautifulSoup

from scrapers.parsing import load_html, load_json, node_text, rows
from scrapers.records import Notice, RecordError, Skip, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

PAGE_URL = "https://aws.amazon.com/bedrock/pricing/"
META = ("Provider", "Hierarchy_Path", "Pricing_Category")
_EXAMPLE_KEYS = {"Item", "Line Item", "Calculation", "Total", "Cost", "Number of input tokens", "Cost of input"}
_COLUMN = re.compile(r"^price per (?P<unit>1m|1k|1,000|1000) (?:(?P<what>input|output|cached input) tokens?"
                     r"|tokens? text (?P<text>input))(?: ?\((?P<note>[^)]*)\))?$")
_NOTES = {None: "", "text": "", "batch": "batch", "cache read": "cached", "cache write": "cache_write",
          "5m cache write": "cache_write"}
_TIER = re.compile(r"^(batch|flex|priority|standard)( tier)?( pricing)?$", re.IGNORECASE)
_NO_PRICE = {"n/a", "na", "-", "—"}
_MAX_USD_PER_MTOK = 500
# Per-token price columns not read, on purpose (lower-cased): media tokens are not text tokens, the
# contract keeps one cache-write price (the 5-minute one), and training is not serving. Any other
# per-token column not read (a flex or priority column, say) is reported as a notice; columns
# priced per image, query, second or hour are not token prices and are not checked.
IGNORED_TOKEN_COLUMNS = frozenset({
    "price per 1m input tokens (1h cache write)", "price per 1m input tokens (1hr cache write)",
    "price per 1m input tokens (30m cache write)", "price per 1m input tokens (audio)",
    "price per 1m input tokens (image)", "price per 1m input tokens (video)", "price per 1m output tokens (image)",
    "price to train 1m tokens",
})


def parse(snapshot: Snapshot):
    if snapshot.body.lstrip()[:1] == b"[":  # the collector's archive: a list of row dicts
        items = load_json(snapshot)
    else:
        items = page_rows(load_html(snapshot))
    if not any(isinstance(item, dict) and _model_column(item) and _price_columns(item) for item in items):
        raise RecordError("header", "no table with a '... models' column and 'Price per ...' headers: not the Bedrock pricing page?")
    yield from (Notice("header", f"unknown per-token price column {column!r} in a table of the page")
                for column in _unread_token_columns(items) if column not in IGNORED_TOKEN_COLUMNS)
    yield from settle(items)


def _unread_token_columns(items: list) -> list[str]:
    """The per-token price columns, lower-cased, that _price_columns does not map to a price."""
    found = {" ".join(header.replace("\xa0", " ").split()).lower()
             for item in items if isinstance(item, dict) for header, field in _price_columns(item).items()
             if field == "other" and "token" in header.lower()}
    return sorted(found)


def settle(items: list) -> list:
    """Read every row, one record per key. Within one table (same heading and model column) a key priced
    several ways is skipped: the rendered rows do not say which region or tier each price is. Across
    headings, equal prices are kept once and different ones are told apart by the heading in the id."""
    found, tables = [], {}
    for item in items:
        context = tuple(str(v) for k, v in sorted(item.items()) if k in META[1:] or k.startswith("Sub_Tab_")) + (
            str(_model_column(item)),) if isinstance(item, dict) else ()
        for result in rows([item], read_row):
            if isinstance(result, Skip):
                found.append(result)
            else:
                tables.setdefault((_key(result), context), {})[result] = None
    by_key = {}
    for (key, context), prices in tables.items():
        if len(prices) > 1:
            found.extend(_ambiguous(key, prices, "same model priced several ways in one table (region or tier not in the rows)"))
        else:
            by_key.setdefault(key, {}).setdefault(next(iter(prices)), []).append(context)
    qualified = {}
    for key, prices in by_key.items():
        if len(prices) == 1:
            found.append(next(iter(prices)))
            continue
        for price, contexts in prices.items():
            heading = " > ".join(dict.fromkeys(c for c in contexts[0][:-1] if c and c != price.provider_model_id))
            price = replace(price, provider_model_id=f"{price.provider_model_id} [{heading}]")
            qualified.setdefault(_key(price), {})[price] = None
    for key, prices in qualified.items():
        found.extend(prices if len(prices) == 1 else _ambiguous(key, prices, "same model priced several ways under one heading"))
    return found


def _key(price: TokenPrice) -> tuple:
    return price.provider_model_id, price.price_tier, price.region, price.min_prompt_tokens


def _ambiguous(key: tuple, prices, reason: str) -> list[Skip]:
    return [Skip(reason, f"{' / '.join(map(str, key))}: {p.input_usd_per_mtok}/{p.output_usd_per_mtok}") for p in prices]


def read_row(row: dict) -> list[TokenPrice] | Skip:
    if not isinstance(row, dict):
        raise RecordError("row", "not a JSON object")
    path = [str(row.get(key) or "") for key in ("Hierarchy_Path", "Pricing_Category")]
    where = " > ".join(p for p in path if p)
    if _EXAMPLE_KEYS & set(row) or "example" in where.lower():
        return Skip("worked example on the page, not a list price", where)
    if row.get("Provider") == "Custom Model Import" or "Custom Model Unit version" in row:
        return Skip("Custom Model Import: billed per Custom Model Unit, not per token", where)
    if re.search(r"customi[sz]ation|fine-tun", where, re.IGNORECASE):
        return Skip("customized (fine-tuned) model, not the base model's price", where)
    column = _model_column(row)
    if column is None:
        raise RecordError("model", f"no model column in {sorted(row)[:6]} ({where})")
    name = " ".join(str(row[column]).replace("\\", "").replace("*", "").split())
    if not name:
        raise RecordError("model", f"blank model name ({where})")
    columns = _price_columns(row)
    token = {header: field for header, field in columns.items() if isinstance(field, tuple)}
    if not token:
        if any(field == "provisioned" for field in columns.values()):
            return Skip("provisioned throughput (per hour per TPM or model unit), not per token", f"{name} ({where})")
        return Skip("not priced per token (per image, second, request or query)", f"{name} ({where})")
    if re.search(r"speech|audio", str(row.get("Modality", "")), re.IGNORECASE):
        return Skip("speech tokens, not text tokens", f"{name} ({where})")
    cells = {header: " ".join(str(row[header]).split()) for header in token}
    if all(cell.lower() == "non-ga" for cell in cells.values()):
        return Skip("not generally available (non-GA), no price", f"{name} ({where})")
    if any(cell.startswith("{priceOf!") for cell in cells.values()):
        return Skip("price is a placeholder the browser fills from the regional price map", f"{name} ({where})")
    prices: dict[tuple, float] = {}
    for header, (tier, field, unit) in token.items():
        if cells[header].lower() not in _NO_PRICE:
            price = round(per_mtok(cells[header], unit, header), 9)
            if price > _MAX_USD_PER_MTOK:
                raise RecordError(header, f"{cells[header]} is {price} USD per Mtok: the header's unit does not fit ({name})")
            prices[tier, field] = price
    return _records(name, prices, path + [row.get(k) or "" for k in sorted(row) if k.startswith("Sub_Tab_")], where)


def _records(name: str, prices: dict, path: list[str], where: str) -> list[TokenPrice] | Skip:
    tier = next((m[1].lower() for p in path if (m := _TIER.match(p.strip()))), "standard")
    region = ("global" if re.search(r"global cross", where, re.IGNORECASE) else
              "geo-in-region" if re.search(r"geo and in-region", where, re.IGNORECASE) else "global")
    threshold = 0
    if long := re.search(r"\s*-?\s*\blong context\b(.*)$", name, re.IGNORECASE):
        tier, stated = "long_context", re.search(r"(\d+)\s*K\b", long[1] + " " + where, re.IGNORECASE)
        threshold, name = int(stated[1]) * 1000 if stated else 0, name[:long.start()]
    if tier == "standard" and re.search(r"\(batch\)", name, re.IGNORECASE):
        tier = "batch"
    found = []
    for column_tier in ("", "batch"):
        got = {field: price for (t, field), price in prices.items() if t == column_tier}
        if "input" in got or "output" in got:
            found.append(TokenPrice(
                provider_id="bedrock", provider_name="Amazon Bedrock", provider_model_id=name, model_name=name,
                input_usd_per_mtok=got.get("input"), output_usd_per_mtok=got.get("output"),
                cached_input_usd_per_mtok=got.get("cached"), cache_write_usd_per_mtok=got.get("cache_write"),
                price_tier=column_tier or tier, region=region, min_prompt_tokens=threshold))
    return found or Skip("no token price (every price cell N/A)", f"{name} ({where})")


def _model_column(row: dict) -> str | None:
    return next((key for key in row if key not in META and not key.startswith("Sub_Tab_")
                 and re.search(r"models?$|^model name$|^column_0$", key.replace("\xa0", " "), re.IGNORECASE)), None)


def _price_columns(row: dict) -> dict[str, tuple | str]:
    """Each price header -> (tier, field, unit) for a text-token price, else a word for what it prices."""
    columns = {}
    for header in row:
        text = " ".join(header.replace("\xa0", " ").split()).lower().replace("prce ", "price ")
        if not text.startswith("price"):
            continue
        match = _COLUMN.match(text)
        if re.search(r"\btpm\b|model unit|per hour", text):
            columns[header] = "provisioned"
        elif match and match["note"] in _NOTES:
            field = {"input": "input", "output": "output", "cached input": "cached", None: "input"}[match["what"]]
            note = _NOTES[match["note"]]
            tier = "batch" if note == "batch" else ""
            columns[header] = (tier, note if note in ("cached", "cache_write") else field, "1M" if match["unit"] == "1m" else "1K")
        else:
            columns[header] = "other"  # other units, media tokens, 1h/30m cache writes
    return columns


def page_rows(soup: BeautifulSoup, headings: tuple[str, ...] = ()) -> list[dict]:
    """Every table of the page (or of an `aws-plc` widget's markup) as row dicts, with its tab path and heading."""
    found, stack = [], list(headings)
    for element in soup.find_all(_walk):
        if element.name in ("h1", "h2", "h3", "h4"):
            stack = stack[: int(element.name[1]) - 1] + [node_text(element)]
        elif element.name == "table":
            found.extend(_table_rows(element, stack))
        else:
            found.extend(page_rows(BeautifulSoup(element["data-pricing-markup"], "lxml"), tuple(stack)))
    return found


def _walk(tag) -> bool:
    return tag.name in ("h1", "h2", "h3", "h4", "table") or tag.has_attr("data-pricing-markup")


def _table_rows(table, headings: list[str]) -> list[dict]:
    grid = [[node_text(cell) for cell in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
    if not grid:
        return []
    header = [text or f"Column_{i}" for i, text in enumerate(grid[0])]
    tabs = [node_text(panel) for panel in _tab_labels(table)]
    provider = tabs[0] if tabs else re.sub(r"\s*models?$", "", header[0], flags=re.IGNORECASE)
    meta = {"Provider": provider, "Hierarchy_Path": " > ".join(tabs) or provider,
            "Pricing_Category": next((h for h in reversed(headings) if h), "General Pricing"),
            **{f"Sub_Tab_{i}": tab for i, tab in enumerate(tabs[1:], 1)}}
    return [{**meta, **dict(zip(header, cells))} for cells in grid[1:] if len(cells) == len(header) and any(cells)]


def _tab_labels(table) -> list:
    root = list(table.parents)[-1]
    labels = [root.find(id=panel["aria-labelledby"]) for panel in table.find_parents(attrs={"role": "tabpanel"})
              if panel.get("aria-labelledby")]
    return [label for label in reversed(labels) if label is not None]


SOURCE = Source(
    id="bedrock_page",
    kind="token_prices",
    name="Amazon Bedrock pricing page",
    urls=(PAGE_URL,),
    parse=parse,
    description="Amazon Bedrock's pricing page tables: every provider's models, standard/batch/flex/priority, cache prices.",
    homepage=PAGE_URL,
)
