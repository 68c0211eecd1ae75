"""Google Cloud Compute Engine GPU prices, from the Cloud Billing Catalog API.

`GET cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus?currencyCode=USD` lists every
Compute Engine SKU, a page at a time (`nextPageToken`). A SKU has a `description` ("Nvidia Tesla
A100 GPU running in Americas"), a `category` (resourceFamily, resourceGroup, usageType), the
`serviceRegions` it is priced in and `pricingInfo[].pricingExpression` with a `usageUnit` and
`tieredRates[].unitPrice` {currencyCode, units, nanos}.

WHICH PRICE WE RECORD: the GPU attachment alone, per GPU-hour, without the VM. GCP bills a GPU VM
(a2, a3, g2, n1 + GPUs) as its GPUs plus its cores and memory, each a separate SKU; a whole-machine
price would have to add SKUs that sit on different pages of the list, and a parse reads one page
(one archived body) at a time. So each GPU SKU gives one offer per service region: instance_type
"<gpu> attachment", gpu_count 1, the SKU's hourly price; the same convention as the SkyPilot
source's GCP rows, so the two compare directly. These rates are a floor on a GPU VM's price (the
a2-highgpu-1g host adds 12 vCPU x 0.031611 + 85 GiB x 0.004237 = 0.739477 USD/h in us-central1).

Read: SKUs of resourceGroup "GPU" described "<gpu> GPU running in <place>" (usageType OnDemand ->
on_demand) or "<gpu> GPU attached to Spot Preemptible VMs running in <place>" (Preemptible ->
spot). Passed over without a word: every non-GPU SKU (cores, RAM, disks, network). Skipped on
purpose, with the reason: committed-use SKUs (their description and figures could not be
confirmed from any real capture), other GPU billing models (sole tenancy, DWS, virtual
workstations: other wordings), GPU models not in `_GPU_NAMES` (never guessed). Unreadable: a price
in another currency or unit, tiered or zero prices, a SKU without regions.

The live API needs an API key, read from BREAKEVEN_GCP_API_KEY and sent in the X-Goog-Api-Key
header, so it never appears in a URL, an archived index or a replay file name.

Format confirmed from a real API page (opencost/opencost pkg/cloud/gcp/test/skus.json). Spot and
non-US GPU figures could not be confirmed from stored material; the bundled fixture holds none.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from scrapers.archive import ArchiveClient
from scrapers.errors import FetchError
from scrapers.parsing import load_json, rows
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Client, Source
from scrapers.replay import DatedFilesClient, ReplayClient
from scrapers.snapshot import Snapshot

SKUS_URL = "https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus?currencyCode=USD&pageSize=5000"
API_KEY_ENV = "BREAKEVEN_GCP_API_KEY"
MAX_PAGES = 40  # Compute Engine has tens of thousands of SKUs: a few pages of 5,000

# Description grammar -> pricing type and the usageType the API pairs with it.
_OFFERS = (
    (re.compile(r"^(?P<gpu>.+?) GPU attached to Spot Preemptible VMs running in (?P<place>.+)$"), "spot", "Preemptible"),
    (re.compile(r"^(?P<gpu>.+?) GPU running in (?P<place>.+)$"), "on_demand", "OnDemand"),
)
# The model part of the description -> the accelerator name used for GCP elsewhere (SkyPilot).
_GPU_NAMES = {
    "Nvidia Tesla A100": "A100",  # 40 GB, a2-highgpu / a2-megagpu
    "Nvidia Tesla A100 80GB": "A100-80GB",  # a2-ultragpu
    "Nvidia H100 80GB": "H100",  # a3-highgpu
    "Nvidia H100 80GB Mega": "H100-MEGA",  # a3-megagpu
    "H200 141GB": "H200",  # a3-ultragpu
    "Nvidia L4": "L4",  # g2
    "Nvidia Tesla T4": "T4",
    "Nvidia Tesla V100": "V100",
    "Nvidia Tesla P100": "P100",
    "Nvidia Tesla P4": "P4",
}
_COMMITMENTS = ("Commit1Yr", "Commit3Yr")


def _offline(client: Client) -> bool:
    return isinstance(client, (ReplayClient, DatedFilesClient, ArchiveClient))


def fetch(source: Source, client: Client) -> list[Snapshot]:
    """Every page of the SKU list; the key travels in a header, never in the recorded URL."""
    key = os.environ.get(API_KEY_ENV, "").strip()
    if not key and not _offline(client):
        raise FetchError(source.id, SKUS_URL, f"the Cloud Billing Catalog API needs an API key: set {API_KEY_ENV}")
    headers = {"X-Goog-Api-Key": key} if key else None
    url, pages = SKUS_URL, []
    for _ in range(MAX_PAGES):
        page = client.get(source.id, url, headers=headers)
        pages.append(page)
        try:
            token = load_json(page).get("nextPageToken")
        except (RecordError, AttributeError):
            return pages  # parse() reports the unreadable page with its URL
        if not isinstance(token, str) or not token.strip():
            return pages
        url = f"{SKUS_URL}&pageToken={quote(token, safe='')}"
        if url in {p.url for p in pages}:
            raise FetchError(source.id, url, "pagination loops back to a page already fetched")
    raise FetchError(source.id, url, f"still a next page after {MAX_PAGES} pages")


def _usd(rate: dict) -> Decimal:
    money = rate.get("unitPrice") if isinstance(rate, dict) else None
    if not isinstance(money, dict):
        raise RecordError("unitPrice", "missing")
    if money.get("currencyCode") != "USD":
        raise RecordError("currencyCode", f"price in {money.get('currencyCode')!r}, not USD")
    units, nanos = money.get("units", "0"), money.get("nanos", 0)
    if not (isinstance(units, (str, int)) and re.fullmatch(r"\d+", str(units))) or not (
            isinstance(nanos, int) and not isinstance(nanos, bool) and 0 <= nanos < 10**9):
        raise RecordError("unitPrice", f"units {units!r} and nanos {nanos!r} are not a USD amount")
    try:
        return Decimal(str(units)) + Decimal(nanos) / Decimal(10**9)
    except InvalidOperation:
        raise RecordError("unitPrice", f"units {units!r} is not a number") from None


def _hourly_price(sku: dict) -> Decimal:
    infos = sku.get("pricingInfo")
    if not isinstance(infos, list) or len(infos) != 1 or not isinstance(infos[0], dict):
        raise RecordError("pricingInfo", "expected exactly one current price")
    expression = infos[0].get("pricingExpression") or {}
    if expression.get("usageUnit") != "h":
        raise RecordError("usageUnit", f"priced per {expression.get('usageUnit')!r}, not per hour ('h')")
    tiers = expression.get("tieredRates")
    if not isinstance(tiers, list) or len(tiers) != 1:
        raise RecordError("tieredRates", f"expected one flat rate, got {tiers!r}"[:200])
    price = _usd(tiers[0])
    if price <= 0:
        raise RecordError("unitPrice", "a zero price is not an offer")
    return price


def _read_sku(sku) -> list[GpuRate] | Skip | None:
    if not isinstance(sku, dict):
        raise RecordError("skus", f"expected an object, got {type(sku).__name__}")
    category = sku.get("category") or {}
    if category.get("resourceGroup") != "GPU":
        return None  # cores, RAM, disks, network: not GPU offers
    description, usage = str(sku.get("description", "")), category.get("usageType")
    if usage in _COMMITMENTS:
        return Skip("committed-use GPU price (format and figures unconfirmed)", description)
    match, pricing_type = None, None
    for pattern, kind, expected_usage in _OFFERS:
        match = pattern.match(description)
        if match:
            if usage != expected_usage:
                raise RecordError("usageType", f"{usage!r} for a {kind} description: {description}")
            pricing_type = kind
            break
    if not match:
        return Skip("GPU SKU of another billing model (sole tenancy, DWS, workstation...)", description)
    name = _GPU_NAMES.get(match["gpu"])
    if name is None:
        return Skip("GPU model not in the name table", description)
    price = float(_hourly_price(sku))
    regions = sku.get("serviceRegions")
    if not isinstance(regions, list) or not regions or not all(isinstance(r, str) and r.strip() for r in regions):
        raise RecordError("serviceRegions", f"no regions for {description}")
    return [GpuRate(provider_id="gcp", gpu_name=name, gpu_count=1, instance_type=f"{name} attachment",
                    region=region, pricing_type=pricing_type, usd_per_instance_hour=price) for region in regions]


def parse(snapshot: Snapshot):
    data = load_json(snapshot)
    if isinstance(data, dict) and "error" in data:
        raise RecordError("body", f"API error: {str(data['error'])[:200]}")
    skus = data.get("skus") if isinstance(data, dict) else None
    if not isinstance(skus, list):
        raise RecordError("skus", "no SKU list in the response")
    seen: set[tuple[str, str, str]] = set()
    for item in rows(skus, _read_sku):
        if isinstance(item, GpuRate):
            key = (item.instance_type, item.region, item.pricing_type)
            if key in seen:  # two SKUs for one GPU, region and pricing type: keep the first
                yield Skip("duplicate offer", " ".join(key))
                continue
            seen.add(key)
        yield item


SOURCE = Source(
    id="gcp",
    kind="gpu_rates",
    name="Google Cloud Compute Engine GPUs",
    urls=(SKUS_URL,),
    parse=parse,
    fetch=fetch,
    description="Compute Engine GPU SKUs from the Cloud Billing Catalog API: on-demand and spot price of attaching "
                "one GPU, per region (the VM's cores and memory are billed separately and not included).",
    homepage="https://cloud.google.com/compute/gpus-pricing",
)
