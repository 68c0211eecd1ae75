"""AWS EC2 GPU instances: Linux on-demand prices from the JSON behind the EC2 on-demand pricing page.

`https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/ec2/USD/current/ec2-ondemand-without-sec-sel/<Location>/Linux/index.json`
is the per-region document aws.amazon.com/ec2/pricing/on-demand and calculator.aws render: public,
no credentials, tens of KB compressed instead of the hundreds of MB of the Price List CSV that
`aws.py` reads. It serves the same Linux on-demand rates (same SKU rate codes, `<SKU>.JRTCKXETXF.6YS6EN2CT7`).

Shape: `{"manifest": {"serviceId": "ec2", "hawkFilePublicationDate", "currencyCode": "USD",
"source": "ec2-ondemand-without-sec-sel", ...}, "regions": {"<Location>": {"<compound key>":
{"rateCode", "price": "55.0400000000", "Location", "Instance Type", "vCPU", "Memory",
"Operating System", "Pre Installed S/W", ...}}}}`. `price` is a string, USD per instance-hour.
The offer keys are compound strings ("p5 48xlarge US East N. Virginia Linux"), so offers are read by
their "Instance Type" field, never by key. Collectors report the body as gzip, sometimes without a
Content-Encoding header, so a gzip body is inflated before parsing.

Kept: the GPU families and GPU names of `aws.py` (`_FAMILY_GPU`), Operating System Linux,
Pre Installed S/W NA (when present). The document has no GPU-count field, so counts come from
`aws.py`'s `_SPOT_GPU_COUNTS` (AWS's instance-type pages); a tracked size missing there is
unreadable. Deliberate skips: another OS or pre-installed software (licence in the price). Other
families are not GPU offers we track and are ignored without a Skip. A second offer for the same
instance type, a Location other than the URL's, a blank/non-numeric price or a non-USD manifest
is unreadable. Capacity Blocks are not in this document; spot stays with `aws.py`'s spot feed.

Format evidence: public parsers and test fixtures of this endpoint (manifest and offer fields as
above, live-checked by their authors 2024-11 and 2026-09); no byte copy of a whole response was
available, so the fixture is composed in that shape and the rate codes in it are placeholders.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import replace
from urllib.parse import quote, unquote, urlsplit

from scrapers.parsing import load_json, rows, unknown_keys
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.sources._aws_instances import FAMILY_GPU as _FAMILY_GPU, GPU_COUNTS as _SPOT_GPU_COUNTS
from scrapers.units import parse_usd

FEED_URL = ("https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/ec2/USD/current/"
            "ec2-ondemand-without-sec-sel/{location}/Linux/index.json")
# The pricing pages' Location names for the regions fetched (the same two as aws.py).
LOCATIONS = {"US East (N. Virginia)": "us-east-1", "US West (Oregon)": "us-west-2"}
# (field, value kept, reason when another value is found); a field absent from an offer is not checked.
# Keys of an offer: read or filtered on, and left out on purpose (instance specs and the term's
# code). Any other key (a new attribute such as a tenancy or market option, a second price) is
# reported as a notice: it may split one offer into several.
READ_KEYS = frozenset({"Instance Type", "Location", "Operating System", "Pre Installed S/W", "price"})
IGNORED_KEYS = frozenset({"Instance Family", "License Model", "Memory", "vCPU", "rateCode"})
_FILTERS = (("Operating System", "Linux", "not Linux (licence included in the price)"),
            ("Pre Installed S/W", "NA", "pre-installed software included in the price"))


def parse(snapshot: Snapshot):
    location = _url_location(snapshot.url)
    document = load_json(_inflated(snapshot))
    manifest = document.get("manifest") if isinstance(document, dict) else None
    if not isinstance(manifest, dict) or not isinstance(document.get("regions"), dict):
        raise RecordError("header", "expected {manifest, regions}: not the EC2 on-demand price document")
    if manifest.get("currencyCode") != "USD":
        raise RecordError("manifest.currencyCode", f"{manifest.get('currencyCode')!r} is not USD")
    if list(document["regions"]) != [location]:
        raise RecordError("regions", f"expected only {location!r}, got {list(document['regions'])[:5]}")
    offers = document["regions"][location]
    if not isinstance(offers, dict):
        raise RecordError("regions", f"{location!r} holds {type(offers).__name__}, not offers")
    tracked = [offer for offer in offers.values()
               if isinstance(offer, dict) and _family(str(offer.get("Instance Type", ""))) in _FAMILY_GPU]
    for offer in tracked:
        yield from unknown_keys(offer, READ_KEYS | IGNORED_KEYS, "an offer")
    seen: set[str] = set()
    yield from rows(tracked, lambda offer: _on_demand(offer, location, seen))


def _on_demand(offer: dict, location: str, seen: set[str]) -> GpuRate | Skip:
    instance = offer["Instance Type"]
    for field, kept, reason in _FILTERS:
        if field in offer and offer[field] != kept:
            return Skip(reason, f"{instance} {location}: {field} {offer[field]!r}")
    if offer.get("Location") != location:
        raise RecordError("Location", f"{offer.get('Location')!r} in the {location!r} document")
    if instance not in _SPOT_GPU_COUNTS:
        raise RecordError("gpu_count", f"{instance} is not in aws.py's GPU-count table")
    if instance in seen:
        raise RecordError("Instance Type", f"a second Linux on-demand offer for {instance}")
    seen.add(instance)
    price = offer.get("price")
    if not isinstance(price, str) or not price.strip():
        raise RecordError("price", f"no price for {instance}: {price!r}")
    return GpuRate(provider_id="aws", gpu_name=_FAMILY_GPU[_family(instance)], gpu_count=_SPOT_GPU_COUNTS[instance],
                   instance_type=instance, region=LOCATIONS[location], pricing_type="on_demand",
                   usd_per_instance_hour=float(parse_usd(price, "price")))


def _inflated(snapshot: Snapshot) -> Snapshot:
    if snapshot.body[:2] != b"\x1f\x8b":
        return snapshot
    try:
        return replace(snapshot, body=gzip.decompress(snapshot.body))
    except (OSError, EOFError) as exc:
        raise RecordError("body", f"gzip body does not inflate: {exc}") from None


def _url_location(url: str) -> str:
    match = re.search(r"/ec2-ondemand-without-sec-sel/([^/]+)/Linux/index\.json$", urlsplit(url).path)
    location = unquote(match[1]) if match else None
    if location not in LOCATIONS:
        raise RecordError("url", f"cannot tell a known region from {url!r}: expected .../<Location>/Linux/index.json")
    return location


def _family(instance: str) -> str:
    return instance.split(".", 1)[0]


SOURCE = Source(
    id="aws_ondemand",
    kind="gpu_rates",
    name="AWS EC2 on-demand pricing page data",
    urls=tuple(FEED_URL.format(location=quote(location)) for location in LOCATIONS),
    parse=parse,
    description="EC2 GPU instances (P4d/P4de/P5/P5e/P5en/P6-B200/G5/G6/G6e): Linux on-demand USD per "
                "instance-hour from the per-region JSON behind aws.amazon.com/ec2/pricing/on-demand "
                "(us-east-1, us-west-2).",
    homepage="https://aws.amazon.com/ec2/pricing/on-demand/",
)
