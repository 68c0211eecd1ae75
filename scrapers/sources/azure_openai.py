"""Azure OpenAI: token prices from the public Azure Retail Prices API, per meter and region.

`GET https://prices.azure.com/api/retail/prices?$filter=contains(productName, 'OpenAI')` answers
{"BillingCurrency", "CustomerEntityId", "CustomerEntityType", "Items": [...], "NextPageLink",
"Count"}. Each item is one meter in one region: `retailPrice` USD per `unitOfMeasure` ("1K", or
"1M" for newer meters such as GPT-5). Model, direction and deployment live only in the free-text
`skuName` ("gpt-4o-mini-0718-Inp-glbl", "gpt 4o mini 0718 cached Inp glbl", "GPT 5 Mini Batch
Inpt cchd Dzone"); `_WORDS` lists the spellings read. The filter is on productName because Azure
OpenAI later moved from serviceName 'Cognitive Services' to 'Foundry Models'.

One record per (model, deployment, price tier, region), joining the input, output and cached-input
meters. Deployment decision: the region is `armRegionName` for every deployment (regional meters
carry a ~10% uplift that varies by region, and even some global meters differ per region), and the
deployment is part of the model id: `gpt-4o-mini-0718:global`, `:datazone`, `:regional`. Meters
with "Batch" are price_tier batch.

Left out on purpose, each with a reason: provisioned throughput (PTU, per hour) and reservations,
fine-tuning training/hosting/inference and grader meters (a tuned model is not a list price),
audio, realtime, speech, image and video meters (not text-token prices), embeddings (input only),
meters not priced per token (per call, character, image, second) and legacy base-model meters
with one price for both directions. A non-USD currency, a tiered price or an unknown meter spelling
is unreadable, and so is the whole price it belongs to (no record with its input price missing).
"""

from __future__ import annotations

import re

from scrapers.paging import follow_pages, json_link
from scrapers.parsing import load_json, rows, unknown_keys
from scrapers.records import RecordError, Skip, TokenPrice
from scrapers.registry import Client, Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

PRICES_URL = "https://prices.azure.com/api/retail/prices?$filter=contains(productName,%20%27OpenAI%27)"
# ~8,000 OpenAI items in 2025 at 100 a page is ~80 pages; the bound only stops an endless walk.
MAX_PAGES = 250
# skuName words, lower-cased, after _split(); everything else is part of the model name.
# Keys of a Retail Prices item: those read, and those left out on purpose (identifiers, names and
# dates; `unitPrice` repeats `retailPrice` in this API). Any other key (a `savingsPlan` price list,
# say) is reported as a notice.
READ_KEYS = frozenset({"productName", "skuName", "meterName", "armRegionName", "type", "currencyCode",
                       "unitOfMeasure", "tierMinimumUnits", "retailPrice"})
IGNORED_KEYS = frozenset({"unitPrice", "armSkuName", "location", "effectiveStartDate", "effectiveEndDate", "meterId",
                          "productId", "skuId", "serviceName", "serviceId", "serviceFamily", "isPrimaryMeterRegion",
                          "reservationTerm", "availabilityId"})
_WORDS = {
    **dict.fromkeys(("inp", "inpt", "input"), ("direction", "input")),
    **dict.fromkeys(("outp", "outpt", "output", "out", "opt"), ("direction", "output")),
    **dict.fromkeys(("cchd", "cached", "cched"), ("cached", True)),
    **dict.fromkeys(("glbl", "global"), ("deployment", "global")),
    **dict.fromkeys(("regnl", "rgnl", "regn", "regional"), ("deployment", "regional")),
    **dict.fromkeys(("dzone", "datazone", "dz", "dzn"), ("deployment", "datazone")),
    "batch": ("batch", True),
}
_FINE_TUNING = {"ft", "hstng", "hosting", "trng", "training", "grader", "grdr", "rft"}
_NOT_TEXT = re.compile(r"aud|realtime|rtime|(^|[\s-])rt[\s-]|tts|transcribe|image|img|whisper|sora|dall|speech", re.I)
_PROVISIONED = re.compile(r"provisioned|ptu", re.I)


def fetch(source: Source, client: Client) -> list[Snapshot]:
    """Follow `NextPageLink` (absolute, with :443) until it is null."""
    return follow_pages(source, client, source.urls[0], lambda page: json_link(page, "NextPageLink"), MAX_PAGES)


def parse(snapshot: Snapshot):
    document = load_json(snapshot)
    items = document.get("Items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise RecordError("Items", "expected the Retail Prices envelope {'Items': [...], 'NextPageLink': ...}")
    meters: dict[tuple, dict] = {}
    broken: set[tuple] = set()

    def read(item):  # a Skip, or None once the meter is filed under its (model, deployment, tier, region)
        try:
            found = _meter(item)
        except RecordError:
            if isinstance(item, dict):  # its model must not be published with a price missing
                broken.add(_key(*_read_words(_split(str(item.get("skuName") or ""))), str(item.get("armRegionName"))))
            raise
        if isinstance(found, Skip):
            return found
        key, field, price = found
        meters.setdefault(key, {}).setdefault(field, []).append((price, item["meterName"]))
        return None

    for item in items:
        yield from unknown_keys(item if isinstance(item, dict) else {}, READ_KEYS | IGNORED_KEYS, "a price item")
    yield from rows(items, read)
    for key in broken & set(meters):
        yield Skip("another meter of this price is unreadable", " ".join(key))
    yield from rows([group for group in meters.items() if group[0] not in broken], _token_price)


def _meter(item: object) -> Skip | tuple:
    if not isinstance(item, dict):
        raise RecordError("item", "not a JSON object")
    product, sku, meter = (str(item.get(k) or "") for k in ("productName", "skuName", "meterName"))
    where = f"{meter} {item.get('armRegionName')}"
    if not product.startswith("Azure OpenAI"):
        return Skip("not an Azure OpenAI product", f"{product}: {where}")
    if item.get("type") != "Consumption":
        return Skip("reservation (provisioned throughput commitment), not a token price", where)
    if item.get("currencyCode") != "USD":
        raise RecordError("currencyCode", f"{item.get('currencyCode')!r} is not USD")
    words = _split(sku)
    if _FINE_TUNING & set(words):
        return Skip("fine-tuning meter (training, hosting, tuned-model or grader price)", where)
    if _PROVISIONED.search(sku):
        return Skip("provisioned throughput (per hour), not a token price", where)
    if _NOT_TEXT.search(sku):
        return Skip("audio, realtime, speech, image or video meter (not a text-token price)", where)
    if "embedding" in sku.lower():
        return Skip("embedding model (input tokens only)", where)
    unit = str(item.get("unitOfMeasure"))
    if unit not in ("1K", "1M") or not meter.endswith("Tokens"):
        return Skip("not priced per token", f"{where} per {item.get('unitOfMeasure')}")
    if item.get("tierMinimumUnits") not in (0, 0.0):
        raise RecordError("tierMinimumUnits", f"tiered price from {item.get('tierMinimumUnits')} units")
    model, parts = _read_words(words)
    if parts["direction"] is None and "base" in model:
        return Skip("legacy base-model meter (one price for input and output)", where)
    for name in ("direction", "deployment"):
        if parts[name] is None or not model:
            raise RecordError("skuName", f"cannot read the {name} of {sku!r}")
    if parts["cached"] and parts["direction"] != "input":
        raise RecordError("skuName", f"a cached meter that is not an input meter: {sku!r}")
    price = per_mtok(item.get("retailPrice"), unit, "retailPrice")
    if price == 0:
        return Skip("price 0 (no list price)", where)
    field = "cached" if parts["cached"] else parts["direction"]
    region = item.get("armRegionName")
    if not isinstance(region, str) or not region:
        raise RecordError("armRegionName", "missing region")
    return _key(model, parts, region), field, round(price, 9)


def _read_words(words: list[str]) -> tuple[list[str], dict]:
    parts = {"direction": None, "cached": False, "deployment": None, "batch": False}
    model = []
    for word in words:
        if word in _WORDS:
            name, value = _WORDS[word]
            parts[name] = value
        else:
            model.append(word)
    return model, parts


def _key(model: list[str], parts: dict, region: str) -> tuple:
    return "-".join(model), parts["deployment"], "batch" if parts["batch"] else "standard", region


def _split(sku: str) -> list[str]:
    text = sku.lower().replace("data zone", "datazone")
    text = re.sub(r"batch(?=inp|outp)", "batch ", text)  # "BatchOutp"
    text = re.sub(r"(mini|turbo)(?=\d)", r"\1 ", text)  # "mini0718", "turbo16K"
    return [w for w in re.split(r"[\s\-]+", text) if w]


def _token_price(group: tuple) -> TokenPrice | Skip:
    (model, deployment, tier, region), fields = group
    prices = {}
    for field, found in fields.items():
        if len({price for price, _ in found}) > 1:
            raise RecordError(f"{field} price", f"meters disagree: {found}")
        prices[field] = found[0][0]
    model_id = f"{model}:{deployment}"
    if "input" not in prices and "output" not in prices:
        return Skip("cached-input meter without an input or output meter", f"{model_id} {tier} {region}")
    return TokenPrice(provider_id="azure_openai", provider_name="Azure OpenAI", provider_model_id=model_id,
                      model_name=model, input_usd_per_mtok=prices.get("input"),
                      output_usd_per_mtok=prices.get("output"), cached_input_usd_per_mtok=prices.get("cached"),
                      price_tier=tier, region=region)


SOURCE = Source(
    id="azure_openai",
    kind="token_prices",
    name="Azure OpenAI",
    urls=(PRICES_URL,),
    parse=parse,
    fetch=fetch,
    description="Azure Retail Prices API: Azure OpenAI input, output, cached and batch token prices per region and deployment.",
    homepage="https://azure.microsoft.com/en-us/pricing/details/cognitive-services/openai-service/",
)
