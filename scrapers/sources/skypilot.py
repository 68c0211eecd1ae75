"""SkyPilot catalogs: the instance prices SkyPilot publishes per cloud, used as a cross-check.

Each catalog (`catalogs/v<N>/<cloud>/vms.csv` in skypilot-org/skypilot-catalog) has one row per
instance type and region, and per availability zone on AWS and GCP. `Price` and `SpotPrice` are
USD per *instance*-hour for all `AcceleratorCount` GPUs; the column order differs per cloud, so
columns are read by name. The cloud, used as provider_id, is the folder in the URL.

Per row: one on_demand offer from `Price` and one spot offer from `SpotPrice` (a blank cell is no
offer). Left out on purpose, each with a reason: rows without an accelerator (CPU-only), TPUs,
fractional GPU shares (AcceleratorCount 0.25), placeholder prices (0, 99999999), a blank Price,
and a `SpotPrice` equal to `Price` (Azure repeats Price for H100 v5: no spot discount). Known
catalog errors are corrected in `_GPU_COUNT_FIXES`.

One offer per (instance type, region, pricing type): rows repeating an offer per availability zone
(AWS, GCP) or per GPU count (GCP) collapse into the lowest price, the figure SkyPilot itself quotes
when no zone is pinned; the others are skipped as duplicates. On-demand prices are regional, so
for them this only drops copies; for spot it keeps the cheapest zone of the region.

GCP rule: GCP bills a GPU VM as the VM (cores, memory) plus the GPUs attached to it, and the catalog
keeps the two apart: a2/a3/g2 rows have an empty AcceleratorName and a VM-only price, accelerator
rows an empty InstanceType. We record the accelerator rows only, as the price of attaching ONE GPU:
instance_type "<AcceleratorName> attachment", gpu_count 1, Price / AcceleratorCount. The host VM
is not included (a3-highgpu-1g in us-central1 adds 1.18251 USD/h), so GCP rates here are a floor
on what a GPU instance costs; the VM-only rows are skipped with that reason.

The 2021 in-repo AWS catalog (`GpuName`, `GpuCount`, `PricePerHour`, no spot) reads the same way,
for backfill; a catalog's cloud is then the file name (`.../data/aws.csv`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from scrapers.parsing import load_csv, rows, unknown_columns
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import parse_usd

CATALOG_URL = "https://raw.githubusercontent.com/skypilot-org/skypilot-catalog/master/catalogs/v7/{cloud}/vms.csv"
CLOUDS = ("aws", "azure", "gcp", "lambda", "runpod")

# The catalog column behind each field; the 2021 AWS catalog named three of them differently.
_COLUMNS = {"instance": "InstanceType", "gpu": "AcceleratorName", "count": "AcceleratorCount",
            "price": "Price", "region": "Region"}
_OLD_AWS_COLUMNS = {**_COLUMNS, "gpu": "GpuName", "count": "GpuCount", "price": "PricePerHour"}
_SPOT = "SpotPrice"  # optional: older catalogs and Lambda leave it blank or out
# Columns left out on purpose; any column besides these and the ones read is reported as a notice.
IGNORED_COLUMNS = frozenset({
    "vCPUs", "MemoryGiB", "StorageGiB", "GpuInfo", "Generation",  # instance specs, not prices
    "AvailabilityZone",  # zone copies of a regional offer collapse into one (module docstring)
    # The 2021 in-repo AWS catalog's instance attributes (backfill only): specs, not prices.
    "CurrentGeneration", "FreeTierEligible", "SupportedUsageClasses", "SupportedRootDeviceTypes",
    "SupportedVirtualizationTypes", "BareMetal", "Hypervisor", "ProcessorInfo", "VCpuInfo", "MemoryInfo",
    "InstanceStorageSupported", "EbsInfo", "NetworkInfo", "PlacementGroupInfo", "HibernationSupported",
    "BurstablePerformanceSupported", "DedicatedHostsSupported", "AutoRecoverySupported", "SupportedBootModes",
    "InstanceStorageInfo", "InferenceAcceleratorInfo", "FpgaInfo",
})

# Catalog errors, checked against the cloud's own documentation: (cloud, instance) -> GPU count.
_GPU_COUNT_FIXES = {
    # The ND H100 v5 VM has 8 H100 GPUs; the catalog says 12, which would cut the per-GPU price by a third.
    ("azure", "Standard_ND96isr_H100_v5"): 8,
}
# Generators write these where a price is unknown; they are not offers.
_PLACEHOLDER_PRICES = (Decimal(0), Decimal(99999999))
# GCP machine families priced VM-only in the catalog: their GPUs are in the accelerator rows.
_GCP_GPU_VM = re.compile(r"^(a2|a3|a4|g2)-")


def parse(snapshot: Snapshot):
    cloud = _cloud(snapshot.url)
    columns = _columns(snapshot)
    catalog = load_csv(snapshot, columns.values())
    header = [column for column in (catalog[0] if catalog else {}) if column is not None]
    yield from unknown_columns(header, [*columns.values(), _SPOT, *IGNORED_COLUMNS], f"{cloud} catalog")
    # Each row is read twice, once per pricing type, so that an unreadable spot price costs
    # the spot offer only.
    items = ((row, pricing) for row in catalog for pricing in ("on_demand", "spot"))
    yield from _one_offer_per_key(rows(items, lambda item: _offer(cloud, columns, *item)))


def _offer(cloud: str, columns: dict, row: dict, pricing: str) -> GpuRate | Skip | None:
    instance, gpu = _text(row, columns["instance"]), _text(row, columns["gpu"])
    region = _text(row, columns["region"])
    where = f"{instance or gpu} {region}"
    on_demand = pricing == "on_demand"  # row-level skips are reported once, on this pass
    if not gpu:
        if cloud == "gcp" and _GCP_GPU_VM.match(instance):
            return Skip("GCP GPU VM priced without its GPUs (the GPUs are accelerator rows)", where) if on_demand else None
        return Skip("CPU-only instance", where) if on_demand else None
    if gpu.lower().startswith("tpu-"):
        return Skip("TPU, not a GPU", where) if on_demand else None
    count = _count(row, columns["count"])
    if count < 1 or count != count.to_integral_value():
        return Skip("fractional GPU share", f"{where}: {count} GPUs") if on_demand else None
    count = Decimal(_GPU_COUNT_FIXES.get((cloud, instance), count))

    column = columns["price"] if on_demand else _SPOT
    raw = _text(row, column)
    if not raw:
        return Skip("no on-demand price", where) if on_demand else None  # a blank spot is no offer
    price = parse_usd(raw, column)
    if price in _PLACEHOLDER_PRICES:
        return Skip(f"placeholder {pricing} price", f"{where}: {raw}")
    if not on_demand and price == _number(_text(row, columns["price"])):
        return Skip("spot price equals on-demand: not a spot offer", where)
    if not instance:  # a GCP accelerator row: attaching the GPUs, without the VM (module docstring)
        instance, price, count = f"{gpu} attachment", price / count, Decimal(1)
    return GpuRate(provider_id=cloud, gpu_name=gpu, gpu_count=int(count), instance_type=instance,
                   region=region, pricing_type=pricing, usd_per_instance_hour=float(price))


def _one_offer_per_key(items):
    """Keep the lowest price per (instance, region, pricing type); skip the other zones' copies."""
    kept: dict[tuple[str, str, str], GpuRate] = {}
    for item in items:
        if isinstance(item, Skip):
            yield item
            continue
        key = (item.instance_type, item.region, item.pricing_type)
        if key not in kept:
            kept[key] = item
            continue
        if item.usd_per_instance_hour < kept[key].usd_per_instance_hour:
            kept[key], item = item, kept[key]
        yield Skip("same offer in another zone or GPU count: kept the lowest price",
                   f"{item.instance_type} {item.region} {item.pricing_type} {item.usd_per_instance_hour}")
    yield from kept.values()


def _cloud(url: str) -> str:
    path = urlsplit(url).path
    match = re.search(r"/([A-Za-z0-9_-]+)/vms\.csv$", path) or re.search(r"/([A-Za-z0-9_-]+)\.csv$", path)
    if not match:
        raise RecordError("url", f"cannot tell the cloud from {url!r}: expected .../<cloud>/vms.csv")
    return match[1].lower()


def _columns(snapshot: Snapshot) -> dict[str, str]:
    header = snapshot.body.lstrip()[:8192].split(b"\n", 1)[0]
    return _OLD_AWS_COLUMNS if b"GpuName" in header and b"AcceleratorName" not in header else _COLUMNS


def _text(row: dict, column: str) -> str:
    return (row.get(column) or "").strip()


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _count(row: dict, column: str) -> Decimal:
    count = _number(_text(row, column))
    if count is None:
        raise RecordError(column, f"not a GPU count: {row.get(column)!r}")
    return count


SOURCE = Source(
    id="skypilot",
    kind="gpu_rates",
    name="SkyPilot catalogs",
    urls=tuple(CATALOG_URL.format(cloud=cloud) for cloud in CLOUDS),
    parse=parse,
    cross_check=True,
    description="SkyPilot's per-cloud instance catalogs (AWS, Azure, GCP, Lambda, RunPod): on-demand and "
                "spot USD per instance-hour, regenerated from the clouds' APIs every few hours.",
    homepage="https://github.com/skypilot-org/skypilot-catalog",
)
