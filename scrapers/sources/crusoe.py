"""Crusoe Cloud: GPU instance prices from the public pricing page, https://crusoe.ai/cloud/pricing.

The page (Webflow) groups each priced product in a `div.pricing-gap`: a header row of
`div.pricing-heading` cells and one `div.pricing_gpu-item` per product, holding the product name
in `h4.pricing-item-heading`, spec tags in `div.pricing-tag` ("80GB", "HGX", "SXM", "PCIe") and
one `div.pricing-rich` cell per price column. The GPU table is the one whose header starts with
"GPU model"; its other columns are read by name: "On-demand" -> on_demand, "Current spot" (or
"Spot") -> spot. Any other column (a reserved term, say) or no GPU table at all fails the snapshot
as layout drift. Prices read "$3.90/GPU-hr": USD per GPU-hour, so each offer is gpu_count 1,
instance_type the name plus its tags ("NVIDIA A100 80GB SXM": the two A100 rows share a name),
region "global" (the page quotes one price). A cell in another unit ("$4.29/hr"), another
currency, blank, "Free" or with extra text is unreadable, never guessed.

Left out on purpose, each with a reason: "Contact sales" cells (the page's own marker for a GPU
or a spot price it does not publish: GB200, B200, MI355X, and every spot cell in 2026-08); the
other tables of the page (CPU instances per vCPU-hour, storage per GiB-month, managed Kubernetes
per cluster-hour, fine-tuning and serverless inference per 1M tokens, self-serve deployments),
one Skip per row; a row repeating an instance already read.

Real format: the markup of a contiguous excerpt of the live page captured 2026-08-22
(getcomputable/gpu-index tests/fixtures/observatory/crusoe/pricing.html) and the becloudready
parser of 2026-02 (same classes). Figures: that excerpt; the 2026-02-11 realdata scrape agrees for
H200 4.29, H100 3.90 and MI300X 3.45.
"""

from __future__ import annotations

import re


from scrapers.parsing import load_html, node_text, rows
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import parse_usd

URL = "https://crusoe.ai/cloud/pricing"
_COLUMNS = {"on-demand": "on_demand", "current spot": "spot", "spot": "spot"}
_PER_GPU_HOUR = re.compile(r"^(?P<price>\S+?)\s*/\s*GPU[- ]?h(ou)?r$", re.IGNORECASE)
_CONTACT_SALES = re.compile(r"^contact sales$", re.IGNORECASE)
# Why each non-GPU table of the page is left out, by the first cell of its header.
_OTHER_TABLES = {
    "cpu type": "CPU instance, priced per vCPU-hour",
    "storage": "storage, priced per GiB-month",
    "managed kubernetes": "managed Kubernetes, priced per cluster-hour",
    "base model size": "fine-tuning, priced per 1M tokens",
    "model": "serverless inference, priced per 1M tokens",
}


def parse(snapshot: Snapshot):
    soup = load_html(snapshot)
    tables = [(gap, _header(gap)) for gap in soup.select("div.pricing-gap")]
    gpu_tables = [(gap, header) for gap, header in tables if header[:1] == ["GPU model"]]
    if not gpu_tables:
        raise RecordError("header", f"no table headed 'GPU model' on the page (headers: {[h for _, h in tables][:6]})")
    seen: set[tuple[str, str]] = set()
    for gap, header in tables:
        items = gap.select("div.pricing_gpu-item")
        if header[:1] != ["GPU model"]:
            reason = _OTHER_TABLES.get((header[:1] or [""])[0].lower(), "not a GPU instance table")
            yield from (Skip(reason, f"{(header or ['?'])[0]}: {_name(item)}") for item in items)
            continue
        columns = [_column(label, header) for label in header[1:]]
        # One cell at a time, so that an unreadable spot cell costs the spot offer only.
        cells = ((item, column, pricing) for item in items for column, pricing in enumerate(columns))
        yield from rows(cells, lambda cell: _offer(*cell, len(columns), seen))


def _offer(item, column: int, pricing: str, n_columns: int, seen: set) -> GpuRate | Skip:
    name = _name(item)
    if not name:
        raise RecordError("gpu_name", "row without a GPU name")
    tags = [t for t in (node_text(tag) for tag in item.select("div.pricing-tag")) if t]
    instance = " ".join([name, *tags])
    cells = item.find_all("div", class_="pricing-rich", recursive=False)
    if len(cells) != n_columns:
        raise RecordError("row", f"{instance}: {len(cells)} price cells for {n_columns} price columns")
    text = node_text(cells[column])
    if _CONTACT_SALES.match(text):
        return Skip("Contact sales: no published price", f"{instance} {pricing}")
    match = _PER_GPU_HOUR.match(text)
    if not match:
        raise RecordError(pricing, f"{instance}: not a USD price per GPU-hour: {text!r}")
    if (instance, pricing) in seen:
        return Skip("same instance listed twice: kept the first", f"{instance} {pricing}")
    price = parse_usd(match["price"], pricing)
    seen.add((instance, pricing))
    return GpuRate(provider_id="crusoe", gpu_name=name, gpu_count=1, instance_type=instance,
                   region="global", pricing_type=pricing, usd_per_instance_hour=float(price))


def _header(gap) -> list[str]:
    heading = gap.select_one("div.pricing-table-heading")
    return [node_text(cell) for cell in heading.select("div.pricing-heading")] if heading else []


def _column(label: str, header: list[str]) -> str:
    try:
        return _COLUMNS[label.lower()]
    except KeyError:
        raise RecordError("header", f"unknown price column {label!r} in the GPU table; header is {header}") from None


def _name(item) -> str:
    heading = item.select_one("h4.pricing-item-heading")
    return node_text(heading) if heading else ""


SOURCE = Source(
    id="crusoe",
    kind="gpu_rates",
    name="Crusoe Cloud pricing page",
    urls=(URL,),
    parse=parse,
    extra_hosts=("www.crusoe.ai",),  # the canonical host the page links to, in case crusoe.ai redirects
    description="Crusoe Cloud's public GPU prices (H200, H100, A100, L40S, MI300X, ...): on-demand and, where "
                "published, spot, in USD per GPU-hour from crusoe.ai/cloud/pricing.",
    homepage="https://crusoe.ai/cloud/pricing",
)
