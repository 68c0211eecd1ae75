"""Mistral AI: the API model prices embedded in mistral.ai/pricing, USD per million tokens.

The page is a Next.js (app router) page: its data is not in the HTML tags but in the React Server
Components payload, a series of `<script>self.__next_f.push([1,"..."])</script>` chunks. Joined,
the chunks are lines `<id>:<JSON>`; the "model_grid" section holds the model cards:
{"name": "Mistral Medium 3.5", "api": "mistral-medium-latest", "price": [{"value": "Input (/M
tokens)", "price_dollar": "$$1.5", "price_euro": "1.25€"}, {"value": "Output (/M tokens)", ...}]}.
The parser decodes every chunk, reads every JSON line and walks it for such cards. A leading "$" in
a payload string is written "$$" (React escapes "$"), so "$$1.5" is $1.5. provider_model_id is the
card's `api` id; model_name its display name. The EUR/USD toggle is client-side: both currencies
are in the payload, and only `price_dollar` is read; a card with only a euro price, or a "dollar"
price in another currency, is refused (RecordError naming the currency).

Skipped on purpose: cards priced per page, per minute or per request (OCR, audio, tools: no
"tokens" label), and a card repeated in another grid with the same prices. Plan cards (Le Chat
Free/Pro/Team, "price_dollar": "$$14.99" per month) have no `price` list and are not cards. Batch
("50% off") and cached-input discounts are prose on the page, not per-model figures: none derived.

Format confirmed from a real capture of https://mistral.ai/pricing (2026-05-08, kept as a test
fixture by the public repository Lore-Hex/quill-router), whose model grid lists three cards
(Mistral Medium 3.5, Devstral 2, OCR 3). By 2026-07 Mistral also serves a fuller API grid at
https://mistral.ai/pricing/api/; its markup was not seen, so it is not fetched here. The fixture
is composed in the captured layout with the captured 2026-05-08 figures (Medium 3.5 1.5/7.5,
Devstral 2 0.4/2), which models.dev (2026-08-12: mistral-medium-latest, devstral-medium-latest)
and genai-prices (devstral-2512, 2026-06-09) agree with.
"""

from __future__ import annotations

import json


from scrapers.parsing import load_html, rows, unknown_keys
from scrapers.records import RecordError, Skip, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

PRICING_URL = "https://mistral.ai/pricing"
_PUSH = "self.__next_f.push("
_OTHER_CURRENCY = ("€", "eur", "£", "chf")
# Keys of a card's price entry: the label and the USD price are read; the EUR price (only USD is
# read) and the locale are left out on purpose. Any other key is reported as a notice.
READ_PRICE_KEYS = frozenset({"value", "price_dollar"})
IGNORED_PRICE_KEYS = frozenset({"price_euro", "locale"})


def parse(snapshot: Snapshot):
    soup = load_html(snapshot)
    payload = "".join(_chunks(soup))
    if not payload:
        raise RecordError("body", "no Next.js server-components payload (self.__next_f.push): not the pricing page?")
    cards = [card for line in payload.split("\n") for card in _cards(_json_line(line))]
    if not cards:
        raise RecordError("models", "no model card with a price list in the payload: the page layout changed?")
    for card in cards:
        for entry in card["price"]:
            yield from unknown_keys(entry, READ_PRICE_KEYS | IGNORED_PRICE_KEYS, "a model card's price entry")
    seen: dict[str, tuple] = {}
    for item in rows(cards, _read_card):
        if isinstance(item, TokenPrice):
            prices = (item.input_usd_per_mtok, item.output_usd_per_mtok)
            if item.provider_model_id in seen:
                same = seen[item.provider_model_id] == prices
                yield Skip("card repeated on the page" if same else "unreadable models",
                           f"{item.provider_model_id} listed twice" + ("" if same else " with different prices"),
                           unreadable=not same)
                continue
            seen[item.provider_model_id] = prices
        yield item


def _chunks(soup) -> list[str]:
    chunks = []
    for script in soup.find_all("script"):
        text = (script.string or "").strip()
        if not text.startswith(_PUSH):
            continue
        try:
            pushed = json.loads(text[len(_PUSH):].rstrip(";").removesuffix(")"))
        except json.JSONDecodeError as exc:
            raise RecordError("body", f"unreadable server-components chunk: {exc}") from None
        if isinstance(pushed, list) and len(pushed) == 2 and pushed[0] == 1 and isinstance(pushed[1], str):
            chunks.append(pushed[1])
    return chunks


def _json_line(line: str):
    """The JSON of one `<id>:<JSON>` payload line; None for text chunks and module references."""
    _, sep, body = line.partition(":")
    if not sep or body[:1] not in ("[", "{"):
        return None
    try:
        return json.loads(body)
    except json.JSONDecodeError:
        return None


def _cards(node) -> list[dict]:
    if isinstance(node, dict):
        price = node.get("price")
        if isinstance(price, list) and price and all(isinstance(p, dict) and "value" in p for p in price):
            return [node]
        return [card for value in node.values() for card in _cards(value)]
    if isinstance(node, list):
        return [card for value in node for card in _cards(value)]
    return []


def _read_card(card: dict) -> TokenPrice | Skip:
    name = str(card.get("name") or "").strip()
    model_id = str(card.get("api") or "").strip()
    if not name or not model_id:
        raise RecordError("api", f"card without a name or API id: {name or model_id or card.get('id')!r}")
    labels = [str(p.get("value") or "") for p in card["price"]]
    if not any("token" in label.lower() for label in labels):
        return Skip("not priced per token (per page, minute or request)", f"{model_id}: {', '.join(labels)}")
    prices = {}
    for entry, label in zip(card["price"], labels):
        metric = _metric(label, model_id)
        prices[metric] = per_mtok(_usd(entry, f"{model_id}.{metric}"), "1M", f"{model_id}.{metric}")
    for metric in ("input", "output"):
        if metric not in prices:
            raise RecordError(metric, f"{model_id}: no {metric} price")
    return TokenPrice(provider_id="mistral", provider_name="Mistral AI", provider_model_id=model_id, model_name=name,
                      input_usd_per_mtok=prices["input"], output_usd_per_mtok=prices["output"],
                      cached_input_usd_per_mtok=prices.get("cached"))


def _metric(label: str, model_id: str) -> str:
    text = label.lower()
    if "token" in text and "/m tokens" not in text:
        raise RecordError("unit", f"{model_id}: {label!r} is not per million tokens")
    if "cache" in text:
        return "cached"
    for metric in ("input", "output"):
        if text.startswith(metric):
            return metric
    raise RecordError("price", f"{model_id}: unknown price label {label!r}")


def _usd(entry: dict, field: str) -> str:
    dollar = entry.get("price_dollar")
    if not isinstance(dollar, str) or not dollar.strip():
        euro = entry.get("price_euro")
        raise RecordError("currency", f"{field}: no USD price" + (f", only EUR {euro!r}: EUR is not read" if euro else ""))
    text = dollar.strip()
    if any(mark in text.lower() for mark in _OTHER_CURRENCY):
        raise RecordError("currency", f"{field}: {text!r} is not in USD")
    # React writes a string that starts with "$" as "$$"; a lone "$" would be a payload reference.
    return text[1:] if text.startswith("$$") else text


SOURCE = Source(
    id="mistral",
    kind="token_prices",
    name="Mistral AI",
    urls=(PRICING_URL,),
    parse=parse,
    description="Mistral AI's pricing page: USD input and output price per API model, read from the page's embedded data.",
    homepage="https://mistral.ai/pricing",
)
