"""Vast.ai: the distribution of marketplace prices per GPU model, from the public offers search.

GETs https://console.vast.ai/api/v0/bundles/?q=<query JSON> (the endpoint the vast.ai CLI's
`search offers` calls) for verified, rentable, unrented on-demand offers; the answer is
{"offers": [{id, gpu_name, num_gpus, dph_total, geolocation, rentable, verified, ...}, ...]}.
`dph_total` is USD per hour for the whole offer (all `num_gpus` GPUs, with the default disk).

A marketplace has thousands of hosts, so we record its distribution, not every offer: per
(gpu_name, num_gpus) two on_demand records, region "global", gpu_count num_gpus:
- instance_type "<n>x <gpu_name> median": the median dph_total of those offers;
- instance_type "<n>x <gpu_name> min": the cheapest offer.
Spot (interruptible, "type": "bid") prices are not collected: a bid offer's price is a bid floor
(`min_bid`) whose meaning per instance or per GPU could not be confirmed.

Left out: offers not rentable or already rented (not available at that price), offers without a
whole number of GPUs; an offer whose price is missing or out of range is unreadable.

Real format: endpoint, query operators and offer field names as in vast-ai/vast-python (vast.py
`search offers`) and other public API clients (dstackai/gpuhunt's Vast provider reads the same
fields). No recorded answer of this endpoint was available. The bundled fixture has real prices of
one day, 2025-04-16: the six H200 offers that gpuhunt returned from this API, as committed to
becloudready/gpu-price (gpu_prices.json @ 6dae24d). That copy kept price, spot price and GPU model
only, so the offers' GPU counts are inferred and their ids and hosts are missing (see the test).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal
from statistics import median
from urllib.parse import quote

from scrapers.parsing import load_json, rows, unknown_keys
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import parse_usd

QUERY = {"verified": {"eq": True}, "external": {"eq": False}, "rentable": {"eq": True}, "rented": {"eq": False},
         "type": "on-demand", "order": [["dph_total", "asc"]], "limit": 1000}
URL = "https://console.vast.ai/api/v0/bundles/?q=" + quote(json.dumps(QUERY, separators=(",", ":")))
# An offer has a hundred keys; those that look like a price are checked: `dph_total` is read, the
# others below are left out on purpose, and any other price-like key is reported as a notice.
_PRICE_KEY = re.compile(r"cost|dph|price|bid|discount|hour", re.IGNORECASE)
IGNORED_PRICE_KEYS = frozenset({
    "dph_base", "dph_total_adj", "vram_costperhour",  # parts or adjustments of dph_total, which includes them
    "min_bid", "time_remaining_isbid",  # interruptible bids, not the on-demand price
    "discount_rate", "discounted_dph_total", "discounted_hourly", "credit_discount_max",  # prepaid discounts
    "storage_cost", "storage_total_cost", "inet_up_cost", "inet_down_cost", "internet_up_cost_per_tb",
    "internet_down_cost_per_tb", "avail_vol_dph",  # storage and traffic, not the GPU-hour
    "dlperf_per_dphtotal", "flops_per_dphtotal",  # performance per dollar, derived
})


def parse(snapshot: Snapshot):
    answer = load_json(snapshot)
    offers = answer.get("offers") if isinstance(answer, dict) else None
    if not isinstance(offers, list):
        raise RecordError("offers", f"no offers list in the answer (keys: {list(answer)[:5] if isinstance(answer, dict) else type(answer).__name__})")
    for offer in offers:
        prices = [key for key in (offer if isinstance(offer, dict) else {}) if _PRICE_KEY.search(key)]
        yield from unknown_keys(prices, {"dph_total", *IGNORED_PRICE_KEYS}, "an offer")
    by_model: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for item in rows(offers, _offer):
        if isinstance(item, Skip):
            yield item
        else:
            by_model[(item.gpu_name, int(item.gpu_count))].append(Decimal(str(item.usd_per_instance_hour)))
    for (gpu, count), prices in sorted(by_model.items()):
        for statistic, value in (("median", median(prices)), ("min", min(prices))):
            yield GpuRate(provider_id="vast", gpu_name=gpu, gpu_count=count, instance_type=f"{count}x {gpu} {statistic}",
                          region="global", pricing_type="on_demand", usd_per_instance_hour=float(value))


def _offer(offer: dict) -> GpuRate | Skip:
    """One offer, validated as a rate (range, count); the caller aggregates them per GPU model."""
    where = f"offer {offer.get('id')} {offer.get('num_gpus')}x {offer.get('gpu_name')}"
    if offer.get("rentable") is False or offer.get("rented") is True:
        return Skip("offer not rentable now", where)
    gpu = offer.get("gpu_name")
    if not isinstance(gpu, str) or not gpu.strip():
        raise RecordError("gpu_name", "offer without a GPU name")
    count = offer.get("num_gpus")
    if isinstance(count, bool) or not isinstance(count, (int, float)):
        raise RecordError("num_gpus", f"not a GPU count: {count!r}")
    if count < 1 or count != int(count):
        return Skip("fractional GPU share", where)
    price = offer.get("dph_total")
    if isinstance(price, str):
        raise RecordError("dph_total", f"expected a number, got {price!r}")
    return GpuRate(provider_id="vast", gpu_name=gpu.strip(), gpu_count=int(count), instance_type=where,
                   region="global", pricing_type="on_demand", usd_per_instance_hour=float(parse_usd(price, "dph_total")))


SOURCE = Source(
    id="vastai",
    kind="gpu_rates",
    name="Vast.ai marketplace offers",
    urls=(URL,),
    parse=parse,
    description="Median and cheapest on-demand Vast.ai marketplace price per GPU model and GPU count "
                "(verified, rentable offers), from the public offers search API.",
    homepage="https://vast.ai/pricing",
)
