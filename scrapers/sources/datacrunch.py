"""DataCrunch (now Verda): GPU instance prices from the public instance-types API.

GETs https://api.datacrunch.io/v1/instance-types?currency=usd, which answers without a key: a
JSON list with one object per instance type, e.g. {"instance_type": "8H100.80S.176V", "name":
"H100 SXM5 80GB", "gpu": {"description": "8x H100 SXM5 80GB", "number_of_gpus": 8},
"price_per_hour": "26.00", "spot_price": "13.00", "currency": "usd", "dynamic_price": ...}.
Prices are strings (sometimes numbers) in USD per *instance*-hour for all `number_of_gpus` GPUs
(8H100.80S.176V at 26.00 is 3.25 per GPU-hour).

Per instance type: one on_demand offer from `price_per_hour` (the fixed pay-as-you-go price) and
one spot offer from `spot_price` (DataCrunch's interruptible instances) when it is above 0;
gpu_name is `name`, region "global" (one price list; which location has stock needs a key).

Left out on purpose, each with a reason: CPU-only types (number_of_gpus 0); fractional GPU shares; `dynamic_price`
(a price that moves daily with demand, neither the fixed on-demand price nor spot);
`serverless_price`/`serverless_spot_price` (container billing, not an instance); a zero
on-demand price (placeholder). A missing or non-numeric price, a currency other than USD or a GPU
count that is not a number is unreadable, never guessed.

Real format: field names from DataCrunch's own SDK (verda-cloud/sdk-python, InstanceTypesService:
`price_per_hour`, `spot_price`, `currency`, `dynamic_price`, `serverless_price`, ...) and public
keyless collectors of this endpoint (toolshedlabs-hash/gpu-price-feed, 2026-07/08). No raw copy
of the answer was available: the bundled fixture is composed in that shape with figures that
collector recorded on 2026-08-23.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from scrapers.parsing import load_json, rows, unknown_keys
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import parse_usd

URL = "https://api.datacrunch.io/v1/instance-types?currency=usd"
# Price keys of an instance type read by the passes below, and those left out on purpose; any other
# key that looks like a price is reported as a notice (other keys are specs, not prices).
_PRICE_KEY = re.compile(r"price|cost", re.IGNORECASE)
READ_PRICE_KEYS = frozenset({"price_per_hour", "spot_price", "dynamic_price", "serverless_price", "serverless_spot_price"})
IGNORED_PRICE_KEYS = frozenset({"max_dynamic_price"})  # the cap of the dynamic price, itself skipped
# The passes over each instance type: each yields at most one offer or one Skip.
_PASSES = ("on_demand", "spot", "dynamic", "serverless")


def parse(snapshot: Snapshot):
    answer = load_json(snapshot)
    if not isinstance(answer, list):
        keys = list(answer)[:5] if isinstance(answer, dict) else type(answer).__name__
        raise RecordError("body", f"expected a list of instance types, got {keys}")
    items = ((instance, what) for instance in answer for what in _PASSES)
    for instance in answer:
        prices = [key for key in (instance if isinstance(instance, dict) else {}) if _PRICE_KEY.search(key)]
        yield from unknown_keys(prices, READ_PRICE_KEYS | IGNORED_PRICE_KEYS, "an instance type")
    yield from rows(items, lambda item: _offer(*item))


def _offer(instance: dict, what: str) -> GpuRate | Skip | None:
    if not isinstance(instance, dict) or not isinstance(instance.get("instance_type"), str):
        raise RecordError("instance_type", "instance type without a name")
    name = instance["instance_type"]
    count = (instance.get("gpu") or {}).get("number_of_gpus")
    if not count:
        return Skip("CPU-only instance", name) if what == "on_demand" else None
    if isinstance(count, bool) or not isinstance(count, (int, float)) or not math.isfinite(count) or count < 0:
        raise RecordError("gpu.number_of_gpus", f"{name}: not a GPU count: {count!r}")
    if count != int(count):
        return Skip("fractional GPU share", f"{name}: {count} GPUs") if what == "on_demand" else None
    currency = instance.get("currency")
    if currency is not None and str(currency).lower() != "usd":
        raise RecordError("currency", f"{name}: prices in {currency!r}, not USD")
    if what == "dynamic":
        return Skip("dynamic price: moves daily, neither fixed on-demand nor spot", name) \
            if instance.get("dynamic_price") is not None else None
    if what == "serverless":
        return Skip("serverless container price, not an instance", name) \
            if instance.get("serverless_price") is not None or instance.get("serverless_spot_price") is not None else None
    field = "price_per_hour" if what == "on_demand" else "spot_price"
    raw = instance.get(field)
    if what == "spot" and raw in (None, "", 0, "0"):
        return None  # no spot offer for this type
    price = parse_usd(raw, field)
    if price == Decimal(0):
        if what == "spot":
            return None
        return Skip("zero on-demand price: placeholder, not an offer", name)
    gpu_name = instance.get("name")
    if not isinstance(gpu_name, str) or not gpu_name.strip():
        raise RecordError("name", f"{name}: no GPU name")
    return GpuRate(provider_id="datacrunch", gpu_name=gpu_name.strip(), gpu_count=int(count), instance_type=name,
                   region="global", pricing_type=what, usd_per_instance_hour=float(price))


SOURCE = Source(
    id="datacrunch",
    kind="gpu_rates",
    name="DataCrunch (Verda) instance types",
    urls=(URL,),
    parse=parse,
    extra_hosts=("api.verda.com",),  # the Verda rebrand's API host (the SDK default), in case of a redirect
    description="DataCrunch/Verda GPU instance types (H200, H100, A100, L40S, ...): fixed on-demand and spot USD per "
                "instance-hour from the public instance-types API.",
    homepage="https://datacrunch.io/products",
)
