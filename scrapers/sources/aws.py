"""AWS EC2 GPU instances: the public Price List bulk files per region, and the public spot feed.

On-demand: `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/<region>/index.csv`,
five preamble lines ("FormatVersion", "Disclaimer", "Publication Date", "Version", "OfferCode")
then a header row and one row per (SKU, term, rate). `PricePerUnit` is USD per `Unit` "Hrs" for
the whole instance; the GPU count is the row's own `GPU` column. Only two regions are fetched
(us-east-1, us-west-2): each file is hundreds of MB, so the live client's size cap decides
whether a run gets them at all (see the report to the lead).

Kept: families p4d, p4de, p5, p5e, p5en, p6-b200, g5, g6, g6e, rows with TermType OnDemand,
Operating System Linux, Tenancy Shared, Pre Installed S/W NA, CapacityStatus Used and, where the
file has the column, MarketOption OnDemand. Rows of those families that fail a filter are
deliberate skips with the reason (Windows/RHEL/SQL licences, dedicated tenancy, reserved terms,
capacity-reservation bookkeeping rows). Capacity Blocks: we could not confirm how (or whether)
the Price List carries them, so a non-OnDemand MarketOption is skipped with that reason rather
than mapped to capacity_block. Rows of other families are not GPU offers we track and are ignored
without a Skip (a region file holds hundreds of thousands of them).

The Price List has no GPU-model column, so gpu_name comes from the instance family
(`_FAMILY_GPU`, AWS's instance-type documentation); the alias seed maps it to a variant.

Spot: `https://website.spot.ec2.aws.a2z.com/spot.js` is JSONP, `callback({...});`, with
`config.regions[].instanceTypes[].sizes[].valueColumns[{name: linux|mswin, prices: {USD}}]`,
USD per instance-hour. Old regions use legacy keys (us-east -> us-east-1, `_LEGACY_REGIONS`).
The feed has no GPU count, so spot counts come from `_SPOT_GPU_COUNTS` (AWS's instance-type
pages); a size of a tracked family missing there is unreadable. "N/A*" means no Linux spot offer
(deliberate skip); mswin prices are not read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlsplit

from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.parsing import rows, unknown_columns
from scrapers.snapshot import Snapshot
from scrapers.sources._aws_instances import FAMILY_GPU as _FAMILY_GPU, GPU_COUNTS as _SPOT_GPU_COUNTS
from scrapers.units import parse_usd

PRICE_LIST_URL = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/{region}/index.csv"
REGIONS = ("us-east-1", "us-west-2")
SPOT_URL = "https://website.spot.ec2.aws.a2z.com/spot.js"

_LEGACY_REGIONS = {"us-east": "us-east-1", "us-west": "us-west-1", "eu-ireland": "eu-west-1",
                   "eu-frankfurt": "eu-central-1", "apac-sin": "ap-southeast-1", "apac-syd": "ap-southeast-2",
                   "apac-tokyo": "ap-northeast-1"}
_REGION_CODE = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d$")
_COLUMNS = ("TermType", "Unit", "PricePerUnit", "Currency", "Product Family", "Instance Type", "Tenancy",
            "Operating System", "Pre Installed S/W", "CapacityStatus", "GPU")
# Price List columns left out on purpose: term and SKU bookkeeping, instance specs, and attributes of
# other products (storage, transfer) that are blank on compute rows. Any other column (a new
# attribute that may split an offer, as MarketOption once did) is reported as a notice.
IGNORED_COLUMNS = frozenset({
    "SKU", "OfferTermCode", "RateCode", "PriceDescription", "EffectiveDate", "StartingRange", "EndingRange",
    "RelatedTo", "LeaseContractLength", "PurchaseOption", "OfferingClass", "serviceCode", "serviceName",
    "Location", "Location Type", "usageType", "operation", "AvailabilityZone", "instanceSKU", "Product Type",
    "Current Generation", "Instance Family", "vCPU", "Physical Processor", "Clock Speed", "Memory", "Storage",
    "Network Performance", "Processor Architecture", "Storage Media", "Volume Type", "Max Volume Size",
    "Max IOPS/volume", "Max IOPS Burst Performance", "Max throughput/volume", "Provisioned", "EBS Optimized",
    "License Model", "Group", "Group Description", "Transfer Type", "From Location", "From Location Type",
    "To Location", "To Location Type", "ClassicNetworkingSupport", "Dedicated EBS Throughput", "ECU",
    "Elastic Graphics Type", "Enhanced Networking Supported", "From Region Code", "GPU Memory", "Instance",
    "Instance Capacity - 10xlarge", "Instance Capacity - 12xlarge", "Instance Capacity - 16xlarge",
    "Instance Capacity - 18xlarge", "Instance Capacity - 24xlarge", "Instance Capacity - 2xlarge",
    "Instance Capacity - 32xlarge", "Instance Capacity - 4xlarge", "Instance Capacity - 8xlarge",
    "Instance Capacity - 9xlarge", "Instance Capacity - large", "Instance Capacity - medium",
    "Instance Capacity - metal", "Instance Capacity - xlarge", "Intel AVX2 Available", "Intel AVX Available",
    "Intel Turbo Available", "Normalization Size Factor", "Physical Cores", "Processor Features",
    "Resource Type", "SnapshotArchiveFeeType", "To Region Code", "Volume API Name", "VPCNetworkingSupport",
})
# (column, value kept, reason when another value is found)
_FILTERS = (("TermType", "OnDemand", "not an on-demand term (reserved terms are not read)"),
            ("Product Family", "Compute Instance", "not a compute-instance product"),
            ("Operating System", "Linux", "not Linux (licence included in the price)"),
            ("Tenancy", "Shared", "not shared tenancy"),
            ("Pre Installed S/W", "NA", "pre-installed software included in the price"),
            ("CapacityStatus", "Used", "capacity-reservation bookkeeping row"),
            ("MarketOption", "OnDemand", "market option other than OnDemand (capacity blocks not confirmed in the Price List)"))


def parse(snapshot: Snapshot):
    if urlsplit(snapshot.url).hostname == urlsplit(SPOT_URL).hostname:
        yield from _spot(snapshot)
    else:
        yield from _price_list(snapshot)


def _price_list(snapshot: Snapshot):
    region = _url_region(snapshot.url)
    body = snapshot.body.lstrip()
    if body[:1] == b"<":
        raise RecordError("body", "expected the Price List CSV, got markup: an error page?")
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    preamble = [next(reader, []) for _ in range(5)]
    if [line[:1] for line in preamble] != [["FormatVersion"], ["Disclaimer"], ["Publication Date"], ["Version"], ["OfferCode"]] \
            or preamble[4][1:2] != ["AmazonEC2"]:
        raise RecordError("header", f"expected the five-line AmazonEC2 preamble, got {preamble[:5]}")
    header = next(reader, [])
    missing = [c for c in _COLUMNS if c not in header]
    if missing:
        raise RecordError("header", f"missing column(s) {', '.join(missing)}; header starts {header[:12]}")
    read = [*_COLUMNS, *(column for column, _, _ in _FILTERS), "Region Code"]
    yield from unknown_columns(header, [*read, *IGNORED_COLUMNS], "Price List")
    at = header.index("Instance Type")
    tracked = (dict(zip(header, line)) for line in reader if len(line) > at and _family(line[at]) in _FAMILY_GPU)
    seen: set[str] = set()
    yield from rows(tracked, lambda row: _on_demand(row, region, seen))


def _on_demand(row: dict, region: str, seen: set[str]) -> GpuRate | Skip:
    instance = row["Instance Type"]
    for column, kept, reason in _FILTERS:
        # MarketOption is absent from older files and blank on some rows: that is on-demand.
        value = (row.get(column) or kept) if column == "MarketOption" else row[column]
        if value != kept:
            return Skip(reason, f"{instance} {region}: {column} {value!r}")
    if row["Currency"] != "USD":
        raise RecordError("Currency", f"{row['Currency']!r} is not USD")
    if row["Unit"] != "Hrs":
        raise RecordError("Unit", f"{row['Unit']!r} is not an hourly price")
    if row.get("Region Code") not in (None, "", region):
        raise RecordError("Region Code", f"{row['Region Code']!r} in the {region} file")
    if not row["GPU"].strip().isdigit():
        raise RecordError("GPU", f"not a GPU count: {row['GPU']!r}")
    if instance in seen:
        raise RecordError("Instance Type", f"a second Linux shared on-demand row for {instance}")
    seen.add(instance)
    return _rate(instance, int(row["GPU"]), region, "on_demand", row["PricePerUnit"], "PricePerUnit")


def _spot(snapshot: Snapshot):
    text = snapshot.text().strip()
    # The feed is JSONP; collectors that archive the payload alone (spotinfo's test data) hold the same JSON.
    match = re.fullmatch(r"callback\((.*)\);?", text, re.DOTALL) or re.fullmatch(r"(\{.*\})", text, re.DOTALL)
    if not match:
        raise RecordError("body", f"expected the JSONP callback({{...}}), got {text[:60]!r}")
    try:
        config = json.loads(match[1])["config"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise RecordError("config", f"not the spot feed payload: {exc}") from None
    if config.get("rate") != "perhr" or "USD" not in config.get("currencies", []):
        raise RecordError("config", f"expected USD per hour, got rate {config.get('rate')!r}, currencies {config.get('currencies')!r}")
    sizes = [(region.get("region"), size) for region in config.get("regions", [])
             for family in region.get("instanceTypes", []) for size in family.get("sizes", [])
             if _family(size.get("size", "")) in _FAMILY_GPU]
    yield from rows(sizes, lambda item: _spot_offer(*item))


def _spot_offer(region_key: str, size: dict) -> GpuRate | Skip:
    instance = size["size"]
    region = _LEGACY_REGIONS.get(region_key, region_key)
    if not _REGION_CODE.match(region or ""):
        raise RecordError("region", f"unknown spot feed region key {region_key!r}")
    [price] = [c["prices"]["USD"] for c in size.get("valueColumns", []) if c.get("name") == "linux"] or [None]
    if price is None:
        raise RecordError("valueColumns", f"no linux price for {instance}")
    if price.startswith("N/A"):
        return Skip("no Linux spot offer (N/A)", f"{instance} {region}")
    if instance not in _SPOT_GPU_COUNTS:
        raise RecordError("gpu_count", f"{instance} is not in the spot GPU-count table")
    return _rate(instance, _SPOT_GPU_COUNTS[instance], region, "spot", price, "prices.USD")


def _rate(instance: str, count: int, region: str, pricing: str, price: str, field: str) -> GpuRate:
    return GpuRate(provider_id="aws", gpu_name=_FAMILY_GPU[_family(instance)], gpu_count=count,
                   instance_type=instance, region=region, pricing_type=pricing,
                   usd_per_instance_hour=float(parse_usd(price, field)))


def _family(instance: str) -> str:
    return instance.split(".", 1)[0]


def _url_region(url: str) -> str:
    match = re.search(r"/AmazonEC2/[^/]+/([a-z0-9-]+)/index\.csv$", urlsplit(url).path)
    if not match:
        raise RecordError("url", f"cannot tell the region from {url!r}: expected .../AmazonEC2/current/<region>/index.csv")
    return match[1]


SOURCE = Source(
    id="aws",
    kind="gpu_rates",
    name="AWS EC2 spot feed (and Price List files)",
    # The regional Price List CSVs run to gigabytes, past the client's size cap: the daily run
    # reads spot from the feed and on-demand from `aws_ondemand`; parse() still reads Price List
    # CSVs given to a backfill (`breakeven backfill aws --snapshots DIR`).
    urls=(SPOT_URL,),
    parse=parse,
    description="EC2 GPU instances (P4d/P4de/P5/P5e/P5en/P6-B200/G5/G6/G6e): Linux spot from the public spot "
                "price feed; Linux on-demand from Price List bulk CSVs when given to a backfill.",
    homepage="https://aws.amazon.com/ec2/pricing/on-demand/",
)
