"""CoreWeave: the GPU instances on the public pricing page, https://www.coreweave.com/pricing.

The page (Webflow, server-rendered) lists each GPU instance as a row (`role="listitem"`) with the
product name in `h3.table-model-name` (`data-product` is its slug), labelled figures such as
`<div class="table-meta-value">8</div><div>GPU Count</div>`, and labelled prices
`On-Demand Price: <span class="item-value">$68.80</span> / Hour` and, for some rows,
`Spot Price: ...`. Prices are USD per *instance*-hour for the GPU Count the row states (8x B200
at 68.80 is 8.60 per GPU-hour). Figures are found by their labels, not by position; a page
without any "GPU Count" / "On-Demand Price" labels fails as a layout change. A "REGION: ..."
heading before a table names the region of the rows under it; without one the region is
"global".

Format caveat: the markup is known from other projects' parsers of the live page (2025-2026)
and their quoted snippets, not from a stored copy of the page; the figures in the bundled
fixture are the 2026-02-11 scrape of this page in realdata.

One offer per (product, region, pricing type). The page repeats blocks (desktop and mobile
copies): a repeat with the same price is skipped as a copy; a repeat with a different price is
unreadable (we do not pick one). Rows without a GPU Count label (CPU, storage) are not GPU offers
and are ignored. A blank, "Contact sales" or otherwise non-numeric price or GPU count is an
unreadable row, never a guess.
"""

from __future__ import annotations

import re


from scrapers.parsing import load_html, rows
from scrapers.records import GpuRate, Notice, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import parse_usd

PRICING_URL = "https://www.coreweave.com/pricing"
_PRICE_LABELS = {"on_demand": "On-Demand Price:", "spot": "Spot Price:"}
_REGION = re.compile(r"REGION:\s*(.+)", re.IGNORECASE)
# Labels of a product row besides the prices and GPU Count read: instance specs, left out on
# purpose. Any other label, or a price label other than _PRICE_LABELS, is reported as a notice.
IGNORED_LABELS = frozenset({"VRAM", "vCPUs", "System RAM", "Local Storage"})


def parse(snapshot: Snapshot):
    soup = load_html(snapshot)
    if not soup.find(string=re.compile("On-Demand Price")) or not soup.find(string=re.compile(r"^\s*GPU Count\s*$")):
        raise RecordError("header", "no 'On-Demand Price' / 'GPU Count' labels: not the pricing page, or its layout changed")
    products = [h3 for h3 in soup.find_all("h3", class_="table-model-name") if _row(h3) is not None and _label_value(_row(h3), "GPU Count") is not None]
    if not products:
        raise RecordError("header", "no product row carries a 'GPU Count' label")
    yield from _unknown_labels(products)
    seen: dict[tuple[str, str, str], float] = {}
    yield from rows(products, lambda h3: _offers(h3, seen))


def _unknown_labels(products) -> list[Notice]:
    known = {*_PRICE_LABELS.values(), "GPU Count", *IGNORED_LABELS}
    labels = {}
    for row in {id(r): r for r in map(_row, products)}.values():
        for meta in row.select(".table-meta-text-right"):  # <div>value</div><div>label</div>
            cells = meta.find_all("div", recursive=False)
            labels[cells[-1].get_text(" ", strip=True) if cells else ""] = None
        for price in row.select(".instance-price"):  # "On-Demand Price: <span>$68.80</span> / Hour"
            labels[price.get_text(" ", strip=True).split(":")[0].strip() + ":"] = None
    return [Notice("label", f"unknown label {label!r} in a product row") for label in labels if label not in known]


def _offers(h3, seen: dict) -> list[GpuRate | Skip]:
    row, name = _row(h3), h3.get_text(" ", strip=True)
    product = h3.get("data-product") or name
    count_text = _label_value(row, "GPU Count")
    if not re.fullmatch(r"\d+", count_text):
        raise RecordError("GPU Count", f"{name}: not a whole GPU count: {count_text!r}")
    region = _region(h3)
    found: list[GpuRate | Skip] = []
    for pricing, label in _PRICE_LABELS.items():
        text = _price_text(row, label)
        if text is None:
            if pricing == "on_demand":
                raise RecordError("On-Demand Price", f"{name}: no on-demand price")
            continue  # most rows list no spot price
        key = (product, region, pricing)
        price = float(parse_usd(text, label.rstrip(":")))
        if key in seen:
            if seen[key] != price:
                raise RecordError(label.rstrip(":"), f"{name}: repeated block says {price}, first said {seen[key]}")
            found.append(Skip("repeated block of the same offer", f"{name} {region} {pricing}"))
            continue
        seen[key] = price
        found.append(GpuRate(provider_id="coreweave", gpu_name=name, gpu_count=int(count_text), instance_type=product,
                             region=region, pricing_type=pricing, usd_per_instance_hour=price))
    return found


def _row(h3):
    return h3.find_parent(attrs={"role": "listitem"})


def _label_value(row, label: str) -> str | None:
    """The text of the value element just before a label element, e.g. <div>8</div><div>GPU Count</div>."""
    for element in row.find_all(string=re.compile(rf"^\s*{re.escape(label)}\s*$")):
        value = element.parent.find_previous_sibling()
        if value is not None:
            return value.get_text(" ", strip=True)  # "4<sup>1</sup>" reads "4 1", not 41
    return None


def _price_text(row, label: str) -> str | None:
    for element in row.find_all(string=re.compile(re.escape(label))):
        value = element.parent.find(class_="item-value")
        if value is not None:
            return value.get_text(strip=True)
        raise RecordError(label.rstrip(":"), f"label {label!r} without a value")
    return None


def _region(h3) -> str:
    marker = h3.find_previous(string=_REGION)
    if marker is None:
        return "global"
    return re.sub(r"[^a-z0-9]+", "-", _REGION.search(marker)[1].strip().lower()).strip("-")


SOURCE = Source(
    id="coreweave",
    kind="gpu_rates",
    name="CoreWeave pricing page",
    urls=(PRICING_URL,),
    parse=parse,
    description="CoreWeave's public GPU instance prices (HGX H100/H200, B200, GB200, L40S, ...): on-demand and spot, "
                "USD per instance-hour for the GPU count the page lists.",
    homepage="https://www.coreweave.com/pricing",
)
