"""Hyperbolic: spot GPU prices from the public marketplace listing, summarised per GPU model.

POSTs {"filters": {}} to https://api.hyperbolic.xyz/v1/marketplace (no key needed; the call the
official hyperbolic-cli makes for `hyperbolic spot`). The answer is {"instances": [node, ...]},
one node per supplier machine: {"id", "status", "hardware": {"gpus": [{"model":
"NVIDIA-H100-80GB-HBM3", "ram": 81559, ...}, ...], "cpus", "ram", "storage"}, "gpus_total",
"gpus_reserved", "reserved", "location": {"region"}, "pricing": {"price": {"amount": 99,
"period": "hourly", "agent": "platform"}}, "cluster_name", "supplier_id", "instances": [...]}.
`amount` is US cents per GPU-hour (the CLI prints amount / 100 "per GPU per hour"). Hyperbolic
sells these nodes as Spot instances ("rent GPU instances at discounted rates"; its on-demand
VM and bare-metal prices need an API key), so every offer here is pricing_type spot.

A marketplace lists many nodes, so, as for Vast.ai, we record its distribution per GPU model
rather than every node: instance_type "<model> min" (the cheapest node) and "<model> median"
(the median node price), gpu_name the model, gpu_count 1, region "global" (nodes only say
"region-1").

Left out on purpose, each with a reason: nodes not "node_ready"; nodes with no free GPU
(`reserved`, or gpus_reserved = gpus_total: rented, not on offer at that price); nodes without
a GPU. A price that is missing, not a number, not hourly or out of range, or a node mixing GPU
models, is unreadable, never guessed.

Real format: the official CLI's structs (HyperbolicLabs/hyperbolic-cli cmd/spot.go) and the
answer it committed as example-output.json, whose nodes and figures the bundled fixture keeps.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from statistics import median

from scrapers.parsing import load_json, rows, unknown_keys
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot

URL = "https://api.hyperbolic.xyz/v1/marketplace"
# Keys of a node's `pricing` and `pricing.price`: read, or left out on purpose; any other key (a
# second price, a discount) is reported as a notice.
READ_PRICING_KEYS = frozenset({"price"})
READ_PRICE_KEYS = frozenset({"amount", "period"})
IGNORED_PRICE_KEYS = frozenset({"agent"})  # who set the price ("platform"), not a figure
BODY = {"filters": {}}


def fetch(source: Source, client) -> list[Snapshot]:
    return [client.get(source.id, URL, json_body=BODY)]


def parse(snapshot: Snapshot):
    answer = load_json(snapshot)
    nodes = answer.get("instances") if isinstance(answer, dict) else None
    if not isinstance(nodes, list):
        keys = list(answer)[:5] if isinstance(answer, dict) else type(answer).__name__
        raise RecordError("instances", f"no instances list in the answer (keys: {keys})")
    for node in nodes:
        pricing = node.get("pricing") if isinstance(node, dict) else None
        price = pricing.get("price") if isinstance(pricing, dict) else None
        yield from unknown_keys(pricing if isinstance(pricing, dict) else {}, READ_PRICING_KEYS, "a node's pricing")
        yield from unknown_keys(price if isinstance(price, dict) else {}, READ_PRICE_KEYS | IGNORED_PRICE_KEYS,
                                "a node's pricing.price")
    by_model: dict[str, list[Decimal]] = defaultdict(list)
    for item in rows(nodes, _node):
        if isinstance(item, Skip):
            yield item
        else:
            by_model[item.gpu_name].append(Decimal(str(item.usd_per_instance_hour)))
    for model, prices in sorted(by_model.items()):
        for statistic, value in (("min", min(prices)), ("median", median(prices))):
            yield GpuRate(provider_id="hyperbolic", gpu_name=model, gpu_count=1, instance_type=f"{model} {statistic}",
                          region="global", pricing_type="spot", usd_per_instance_hour=float(value))


def _node(node: dict) -> GpuRate | Skip:
    """One node's price per GPU-hour, validated as a rate; the caller aggregates them per model."""
    if not isinstance(node, dict) or not isinstance(node.get("id"), str):
        raise RecordError("id", "node without an id")
    name = node["id"]
    if node.get("status") != "node_ready":
        return Skip("node not ready", f"{name}: {node.get('status')}")
    gpus = (node.get("hardware") or {}).get("gpus") or []
    models = {(gpu or {}).get("model") for gpu in gpus}
    if not gpus:
        return Skip("node without a GPU", name)
    if len(models) != 1 or not all(isinstance(m, str) and m.strip() for m in models):
        raise RecordError("hardware.gpus", f"{name}: not one GPU model: {sorted(map(str, models))}")
    total, reserved = node.get("gpus_total"), node.get("gpus_reserved")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (total, reserved)):
        raise RecordError("gpus_total", f"{name}: GPU counts {total!r}/{reserved!r}")
    if node.get("reserved") or reserved >= total:
        return Skip("no free GPU on the node (rented)", f"{name}: {reserved}/{total} GPUs reserved")
    price = ((node.get("pricing") or {}).get("price") or {})
    if price.get("period") != "hourly":
        raise RecordError("pricing.price.period", f"{name}: not an hourly price: {price.get('period')!r}")
    cents = price.get("amount")
    if isinstance(cents, bool) or not isinstance(cents, (int, float)):
        raise RecordError("pricing.price.amount", f"{name}: not a price in cents: {cents!r}")
    return GpuRate(provider_id="hyperbolic", gpu_name=models.pop().strip(), gpu_count=1, instance_type=name,
                   region="global", pricing_type="spot", usd_per_instance_hour=float(Decimal(str(cents)) / 100))


SOURCE = Source(
    id="hyperbolic",
    kind="gpu_rates",
    name="Hyperbolic spot marketplace",
    urls=(URL,),
    parse=parse,
    fetch=fetch,
    description="Hyperbolic's GPU marketplace (spot): the cheapest and the median node price per GPU-hour for each "
                "GPU model with a free GPU (H100, A100, RTX 4090, ...), from the public marketplace API.",
    homepage="https://hyperbolic.xyz",
)
