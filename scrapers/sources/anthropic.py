"""Anthropic: the Claude API pricing page, read from its Markdown twin.

https://platform.claude.com/docs/en/about-claude/pricing (docs.anthropic.com redirects there)
serves the same page as Markdown at the URL plus `.md` (linked from platform.claude.com/docs/
llms.txt); the Markdown is read because its pipe tables are the page's tables without the site's
rendering. Tables are found by their header, capitalisation and "&"/"and" aside:
- `| Model | Base input tokens | 5m cache writes | 1h cache writes | Cache hits and refreshes |
  Output tokens |` -> `standard`: base input -> input, cache hits -> cached input, 5m cache writes
  -> cache_write (the 1h cache-write price, 2x base input, is not kept: one cache-write column);
- `| Model | Batch input | Batch output |` -> `batch`;
- `| Model | ≤ 200K input tokens | > 200K input tokens |` (cells "Input: $6 / MTok<br>Output:
  $22.50 / MTok") -> `long_context` from the header's threshold (200000, "more than N"); a row
  "Claude Sonnet 4.5 / 4" names two models. Cache prices above the threshold are not printed there.
Cells are "$3 / MTok" (a `<sup>1</sup>` footnote mark or an escaped "\\$" is allowed); anything
else fails the row. provider_model_id is the display name ("Claude Opus 4.8") without its notes:
the page gives no API ids and deriving them would be a guess.

Skipped with reasons: rows marked retired ("retired, except on Bedrock and Google Cloud": not sold
on the Claude API), in every table; dated rows ("Claude Sonnet 5 through August 31, 2026" /
"starting September 1, 2026") that are not in force on the day the page was fetched; the fast-mode
table (a research preview, no tier for it here). Other notes ("deprecated", "limited
availability") are dropped from the name; an unknown note fails the row rather than be guessed.

Fixture: composed by hand in the `.md` layout seen in copies of the page (2026-02 .. 2026-09:
verbatim rows quoted by other projects' tests, a 2026-08-07 transcript, a 2026-02 capture for the
long-context table), with the figures in force on 2026-08-05, checked against genai-prices
`anthropic.yml` (checked 2026-07-29) and simonw/llm-prices data of 2026-08-05. Not confirmed: that
the 2026-08 page still has the long-context table (its layout is the 2026-02 one; the Sonnet 4.5
figures are real for that date), and the exact form of the Sonnet 5 date notes.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from scrapers.parsing import rows
from scrapers.records import RecordError, Skip, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

PRICING_URL = "https://platform.claude.com/docs/en/about-claude/pricing.md"

_MODEL_HEADER = ["model", "base input tokens", "5m cache writes", "1h cache writes", "cache hits and refreshes", "output tokens"]
_BATCH_HEADER = ["model", "batch input", "batch output"]
_FAST_HEADER = ["model", "input", "output"]
_LONG_HEADER = re.compile(r"^>\s*(\d+)k input tokens$")
_PRICE = re.compile(r"^\\?\$\s*([0-9.,]+)\s*/\s*MTok$")
_LONG_CELL = re.compile(r"^Input:\s*(?P<input>.+?)\s*Output:\s*(?P<output>.+)$")
_DATED = re.compile(r"^(?P<name>.+?)\s+(?:introductory pricing\s+|pricing\s+)?(?P<when>through|starting)\s+"
                    r"(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})$", re.IGNORECASE)
_NOTE = re.compile(r"^(?P<name>.+?)\s*\((?P<note>[^()]*)\)$")
_DROPPED_NOTES = ("deprecated", "limited availability")
_RETIRED = "retired from the Claude API (sold on cloud platforms only)"


def parse(snapshot: Snapshot):
    text = snapshot.body.lstrip()
    if text[:1] == b"<":
        raise RecordError("body", f"expected Markdown, got markup ({snapshot.content_type or 'no content type'}): an error page?")
    tables = list(_tables(text.decode("utf-8", errors="replace")))
    main = [body for header, body in tables if _norm(header) == _MODEL_HEADER]
    for header, _ in tables:
        labels = _norm(header)
        if labels[:1] == ["model"] and labels not in (_MODEL_HEADER, _BATCH_HEADER) \
                and any("base input" in label or "batch" in label for label in labels):
            raise RecordError("header", f"price table header changed: {header}")
    if len(main) != 1:
        raise RecordError("header", f"{len(main)} tables headed {' | '.join(_MODEL_HEADER)} (expected one)")
    day = snapshot.fetched_at.date()
    seen: dict = {}
    yield from rows(main[0], lambda cells: _read(cells, "standard", day, seen))
    for header, body in tables:
        labels = _norm(header)
        if labels == _BATCH_HEADER:
            yield from rows(body, lambda cells: _read(cells, "batch", day, seen))
        elif len(labels) == 3 and labels[0] == "model" and (long := _LONG_HEADER.match(labels[2])):
            limit = int(long[1]) * 1000
            yield from rows(body, lambda cells, n=limit: _read(cells, "long_context", day, seen, n))
        elif labels == _FAST_HEADER:
            yield from (Skip("fast mode (research preview): no price tier for it here", _clean(c[0] if c else "")) for c in body)


def _tables(text: str):
    """(header cells, body rows) for every pipe table; the |---| separator row is dropped."""
    block: list[list[str]] = []
    for line in text.splitlines() + [""]:
        line = line.strip()
        if line.startswith("|"):
            block.append([cell.strip() for cell in line.strip("|").split("|")])
        elif block:
            separator = len(block) > 1 and all(re.fullmatch(r":?-+:?", c) for c in block[1])
            yield block[0], block[2:] if separator else block[1:]
            block = []


def _norm(header: list[str]) -> list[str]:
    return [" ".join(label.lower().replace("&", "and").replace("≤", "").split()) for label in header]


def _clean(cell: str) -> str:
    cell = re.sub(r"<sup>.*?</sup>", "", cell)
    cell = re.sub(r"<br\s*/?>", " ", cell)
    cell = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell)  # [text](link) -> text
    return " ".join(cell.replace("**", "").replace("\\$", "$").split())


def _read(cells: list[str], tier: str, day: date, seen: dict, limit: int = 0) -> list[TokenPrice | Skip]:
    """One row; `seen` holds the names retired in the model table and the (tier, name) pairs read."""
    names, skip = _names(cells[0] if cells else "", day)
    if skip:
        if skip.reason == _RETIRED:
            seen.setdefault("retired", set()).update(names)
        return [skip]
    found: list[TokenPrice | Skip] = [Skip(_RETIRED, f"{name} ({tier})") for name in names if name in seen.get("retired", ())]
    names = [name for name in names if name not in seen.get("retired", ())]
    for name in names:
        if (tier, name) in seen:
            raise RecordError(name, f"listed twice in the {tier} table")
        seen[(tier, name)] = True
    if not names:
        return found
    if tier == "standard":
        if len(cells) != 6:
            raise RecordError(names[0], f"{len(cells)} cells for 6 columns")
        base, write_5m, _write_1h, hits, output = (_price(c, f"{names[0]}.{tier}") for c in cells[1:])
        prices = dict(input_usd_per_mtok=base, cached_input_usd_per_mtok=hits, cache_write_usd_per_mtok=write_5m,
                      output_usd_per_mtok=output)
    elif tier == "batch":
        if len(cells) != 3:
            raise RecordError(names[0], f"{len(cells)} cells for 3 columns")
        prices = dict(input_usd_per_mtok=_price(cells[1], f"{names[0]}.batch_input"),
                      output_usd_per_mtok=_price(cells[2], f"{names[0]}.batch_output"))
    else:
        match = _LONG_CELL.match(_clean(cells[2])) if len(cells) == 3 else None
        if not match:
            raise RecordError(names[0], f"long-context cell is not 'Input: … Output: …': {cells[2:]}")
        prices = dict(input_usd_per_mtok=_price(match["input"], f"{names[0]}.long_input"),
                      output_usd_per_mtok=_price(match["output"], f"{names[0]}.long_output"))
    return found + [TokenPrice(provider_id="anthropic", provider_name="Anthropic", provider_model_id=name,
                               model_name=name, price_tier=tier, min_prompt_tokens=limit, **prices) for name in names]


def _names(cell: str, day: date) -> tuple[list[str], Skip | None]:
    """The model name(s) a row prices, or a Skip when the row is retired or not in force on `day`."""
    name = _clean(cell)
    note = _NOTE.match(name)
    if note:
        name, text = note["name"], note["note"].strip()
        if text.lower().startswith("retired"):
            return [name], Skip(_RETIRED, f"{name}: {text}")
        if text.lower() not in _DROPPED_NOTES and not _DATED.match(f"{name} {text}"):
            raise RecordError("model", f"unknown note on {name!r}: {text!r}")
        name = name if text.lower() in _DROPPED_NOTES else f"{name} {text}"
    dated = _DATED.match(name)
    if dated:
        name, when = dated["name"], datetime.strptime(dated["date"], "%B %d, %Y").date()
        if (dated["when"].lower() == "through" and day > when) or (dated["when"].lower() == "starting" and day < when):
            return [name], Skip("dated price not in force on the day fetched", f"{name}: {dated['when']} {when}")
    if not name.startswith("Claude "):
        raise RecordError("model", f"not a Claude model name: {cell!r}")
    first, *others = [part.strip() for part in name.split(" / ")]
    family = first.rsplit(" ", 1)[0]  # "Claude Sonnet 4.5 / 4": a bare version belongs to the same family
    return [first] + [part if part.startswith("Claude ") else f"{family} {part}" for part in others], None


def _price(cell: str, field: str) -> float:
    text = _clean(cell)
    match = _PRICE.match(text)
    if not match:  # blank, "Free", "Contact sales", another unit or currency: never guessed
        raise RecordError(field, f"not a '$N / MTok' price: {text!r}")
    return per_mtok(match[1], "1M", field)


SOURCE = Source(
    id="anthropic",
    kind="token_prices",
    name="Anthropic",
    urls=(PRICING_URL,),
    parse=parse,
    description="Anthropic's Claude API pricing page (Markdown twin): base input, cache hits, 5-minute cache "
                "writes and output per model; batch prices; long-context (>200K) prices.",
    homepage="https://platform.claude.com/docs/en/about-claude/pricing",
)
