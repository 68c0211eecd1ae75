"""Prime Intellect marketplace: the cheapest listing of each machine size, per GPU type.

Reads the summaries that tugot17/gpu-price-tracker commits from Prime Intellect's public
availability API (`data/summary/<GPU>.jsonl`, one JSON line per snapshot, about every 30 minutes
since 2025-10-19; prices in USD). A line is {timestamp, gpu_type, socket_type, price_stats,
availability, by_provider, by_config}; `by_config` holds, per GPU count ("1x", "8x", ...), the
cheapest listing of that size: `min_total` (USD per instance-hour), `min_per_gpu`, and
`best_deal` {provider, location (country), socket, spot}, the listing that price belongs to.

Read: the file's last line (the latest snapshot; a live run fetches the file's last 64 KB only).
Per size of 1 to 8 GPUs, one record: provider `primeintellect` (the marketplace the listing is
on), instance_type "cheapest <n>x <GPU> on Prime Intellect: <provider>" (the host that listed
it), region its country, spot or on_demand as the listing says, usd_per_instance_hour `min_total`. Each record is one real listing, the cheapest of
its size that half hour; it is not a median, and the host behind it can change from day to day
(a new instance_type then, not a price change). Keyed by host on purpose: a key without the host
would make the chained index follow the marketplace's lowest ask, which moves when the cheapest
listing becomes unavailable, not when a listing's price changes (in the demo's 29 days every on-demand H100
move it would add is a change of host, e.g. 2x at RunPod's $2.70/GPU-h giving way to Lambda's $3.19
on 2025-10-29 and back the next day; no H100 host's on-demand price changed).

Left out: sizes above 8 GPUs (clusters of several machines, priced per cluster); a size without
`best_deal` (the tracker added it on 2025-10-19 after its first two snapshots); the other
statistics (percentiles, means, per-provider minima: summaries, not listings).
"""

from __future__ import annotations

import json
import re

from scrapers.parsing import rows, unknown_keys
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot

BASE = "https://raw.githubusercontent.com/tugot17/gpu-price-tracker/main/data/summary/"
# GH200 is left out: the warehouse has no GH200 spec row (dim_gpus) to price it against.
FILES = ("H100_80GB_SXM5", "H100_80GB_PCIe", "H200_141GB", "B200_180GB", "A100_80GB_SXM4", "A100_80GB_PCIe")
MAX_GPUS = 8
KNOWN_LINE_KEYS = frozenset({"timestamp", "gpu_type", "socket_type", "price_stats", "availability", "by_provider",
                             "by_config"})
_SIZE = re.compile(r"^(\d+)x$")
# A summary file grows by a line every 30 minutes (2-3 MB per GPU after its first month) and only its last line is
# read, so a live run asks for the tail alone; the cut first line of the tail is never read. A server that ignores
# Range sends the whole file, which parses the same.
TAIL_BYTES = 65536


def fetch(source: Source, client) -> list[Snapshot]:
    return [client.get(source.id, url, headers={"Range": f"bytes=-{TAIL_BYTES}"}) for url in source.urls]


def parse(snapshot: Snapshot):
    # A tail may start inside a character as well as inside a line: only that first line is ever unreadable.
    lines = [line for line in snapshot.body.decode("utf-8", errors="replace").splitlines() if line.strip()]
    if not lines:
        raise RecordError("body", "no snapshot line")
    if lines[-1].lstrip().startswith("<"):
        raise RecordError("body", "expected JSON lines, got markup: an error page?")
    try:
        latest = json.loads(lines[-1])
    except json.JSONDecodeError as exc:
        raise RecordError("body", f"last line is not JSON: {exc}") from None
    if not isinstance(latest, dict) or not isinstance(latest.get("by_config"), dict) or not latest.get("gpu_type"):
        raise RecordError("by_config", "a snapshot line without gpu_type and by_config")
    yield from unknown_keys(latest, KNOWN_LINE_KEYS, "snapshot line")
    gpu_name = " ".join(part for part in (latest["gpu_type"], latest.get("socket_type")) if part)
    yield from rows(latest["by_config"].items(), lambda item: _listing(gpu_name, *item))


def _listing(gpu_name: str, size: str, config: dict) -> GpuRate | Skip:
    match = _SIZE.match(size)
    if not match:
        raise RecordError("gpu_count", f"size {size!r} is not '<n>x'")
    count = int(match[1])
    if count > MAX_GPUS:
        return Skip("a cluster of several machines, not one instance", f"{size} {gpu_name}")
    deal = config.get("best_deal")
    if not isinstance(deal, dict):
        return Skip("no best_deal: the listing behind the price is unknown", f"{size} {gpu_name}")
    provider, price = deal.get("provider"), config.get("min_total")
    if not provider or not isinstance(price, (int, float)):
        raise RecordError("min_total", f"listing without provider or price: {config}")
    return GpuRate(provider_id="primeintellect", gpu_name=gpu_name, gpu_count=count,
                   instance_type=f"cheapest {count}x {gpu_name} on Prime Intellect: {provider}",
                   region=deal.get("location") or "global", pricing_type="spot" if deal.get("spot") else "on_demand",
                   usd_per_instance_hour=float(price))


SOURCE = Source(
    id="primeintellect",
    kind="gpu_rates",
    name="Prime Intellect marketplace (gpu-price-tracker summaries)",
    urls=tuple(f"{BASE}{name}.jsonl" for name in FILES),
    parse=parse,
    fetch=fetch,
    description="The cheapest listing of each machine size (1-8 GPUs) of H100, H200, B200 and A100 on the Prime "
                "Intellect marketplace, USD per instance-hour, with the host, country and spot flag.",
    homepage="https://github.com/tugot17/gpu-price-tracker",
)
