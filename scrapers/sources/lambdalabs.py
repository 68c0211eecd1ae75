"""Lambda Cloud: on-demand GPU instance prices from the public pricing page.

The source id is `lambdalabs` because `lambda` is a Python keyword (and Dagster refuses it as an
asset name); the provider id stays `lambda`.

Reads https://lambda.ai/pricing (static HTML). The "Instances pricing" section shows one table per
instance size in tab panels labelled "8x", "4x", "2x" and "1x"; each row is a GPU model with its
VRAM per GPU, vCPUs and a price in USD per GPU-hour ("Price / GPU / hr"). Tables are recognised by
their header (a GPU column, a VRAM column and a price column); a price column that is not per GPU
per hour fails the snapshot as layout drift.

Per row: one on_demand offer, gpu_count the tab's size (or the "On-demand 8x" prefix some versions
of the page put in the first cell), usd_per_instance_hour = per-GPU price x gpu_count, region
"global" (Lambda quotes one price for all regions). The page gives no API instance names, so
instance_type is "<n>x <GPU name> (<VRAM>)", e.g. "8x NVIDIA H100 SXM (80 GB)": the VRAM is part
of the name because the 8x tab lists "NVIDIA A100 SXM" twice, at 80 GB and at 40 GB.

Left out: rows marked Reserved (a term price, not on-demand); a second row with the same key.
A blank price, "Contact sales" or another currency is an unreadable row, never a guess.

Real format: assembled from two public parsers of the live page (becloudready/gpu-price
sources/lambdalabs.py, 2026-02: tables with thead th headers, a th per row, role=tabpanel with
aria-labelledby; and a cheerio parser: tab buttons "8x".."1x", cells "On-demand 8x NVIDIA H100 SXM"
and "$2.99"). The exact header wording and the RAM/storage columns could not be confirmed.
"""

from __future__ import annotations

import re


from scrapers.parsing import load_html, node_text, rows, unknown_columns
from scrapers.records import GpuRate, RecordError, Skip
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import parse_usd

URL = "https://lambda.ai/pricing"
# Columns of an instance table left out on purpose (instance specs, not prices); any column besides
# these and the GPU, VRAM and price columns read is reported as a notice.
IGNORED_COLUMNS = frozenset({"vCPUs"})
_PER_GPU_HOUR = re.compile(r"/\s*GPU\s*/\s*h(ou)?r", re.IGNORECASE)
_SIZE = re.compile(r"^(\d+)\s*x\b", re.IGNORECASE)
_PREFIX = re.compile(r"^(?P<term>on-demand|reserved)\s+(?:(?P<n>\d+)\s*x\s+)?", re.IGNORECASE)


def parse(snapshot: Snapshot):
    soup = load_html(snapshot)
    tables = [(t, h) for t in soup.find_all("table") if _is_instance_table(h := _header(t))]
    if not tables:
        raise RecordError("header", "no instance price table (columns GPU, VRAM, Price / GPU / hr) on the page")
    seen: set[str] = set()
    for table, header in tables:
        price_columns = [i for i, h in enumerate(header) if "price" in h.lower()]
        if len(price_columns) != 1 or not _PER_GPU_HOUR.search(header[price_columns[0]]):
            raise RecordError("header", f"expected one price column per GPU per hour, header is {header}")
        columns = {"gpu": 0, "vram": _find(header, "vram"), "price": price_columns[0]}
        yield from unknown_columns(header, [header[i] for i in columns.values()] + list(IGNORED_COLUMNS), "instance table")
        size = _tab_size(table, soup)
        body = [[node_text(c) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
        yield from rows(body, lambda cells: _offer(cells, columns, size, seen))


def _offer(cells: list[str], columns: dict, size: int | None, seen: set[str]) -> GpuRate | Skip:
    if len(cells) <= max(columns.values()):
        raise RecordError("row", f"{len(cells)} cells, fewer than the header")
    gpu, vram = cells[columns["gpu"]], cells[columns["vram"]]
    prefix = _PREFIX.match(gpu)
    if prefix:
        gpu = gpu[prefix.end():].strip()
        if prefix["term"].lower() == "reserved":
            return Skip("reserved term price, not on-demand", " ".join(cells))
        size = int(prefix["n"]) if prefix["n"] else size
    if size is None:
        raise RecordError("gpu_count", f"no instance size (tab label or 'On-demand <n>x') for {gpu!r}")
    if not gpu:
        raise RecordError("gpu_name", "blank GPU cell")
    per_gpu = parse_usd(re.sub(_PER_GPU_HOUR, "", cells[columns["price"]]).strip(), "usd_per_gpu_hour")
    instance = f"{size}x {gpu} ({vram})" if vram else f"{size}x {gpu}"
    if instance in seen:
        return Skip("same instance listed twice: kept the first", " ".join(cells))
    seen.add(instance)
    return GpuRate(provider_id="lambda", gpu_name=gpu, gpu_count=size, instance_type=instance, region="global",
                   pricing_type="on_demand", usd_per_instance_hour=float(per_gpu * size))


def _header(table) -> list[str]:
    head = table.select("thead th") or (table.find("tr").find_all(["th", "td"]) if table.find("tr") else [])
    return [node_text(c) for c in head]


def _is_instance_table(header: list[str]) -> bool:
    return bool(header) and header[0].upper().startswith("GPU") and any("vram" in h.lower() for h in header)


def _find(header: list[str], word: str) -> int:
    return next(i for i, h in enumerate(header) if word in h.lower())


def _tab_size(table, soup) -> int | None:
    """The GPU count of the tab panel holding the table, from its tab button ("8x")."""
    panel = table.find_parent(attrs={"role": "tabpanel"})
    label = soup.find(id=panel.get("aria-labelledby")) if panel and panel.get("aria-labelledby") else None
    match = _SIZE.match(node_text(label)) if label else None
    return int(match[1]) if match else None


SOURCE = Source(
    id="lambdalabs",
    kind="gpu_rates",
    name="Lambda Cloud pricing",
    urls=(URL,),
    parse=parse,
    description="On-demand USD per GPU-hour for Lambda Cloud instances (1x/2x/4x/8x of B200, H100, A100, "
                "GH200, A10, A6000, V100, ...) from lambda.ai/pricing.",
    homepage="https://lambda.ai/pricing",
)
