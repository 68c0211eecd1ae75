"""Nebius AI Cloud: the on-demand price per GPU-hour from the public pricing page.

Reads https://nebius.com/prices, a static HTML page built from "highlight table" blocks. The block
titled "NVIDIA GPU Instances" lists one row per GPU platform (Item, vCPUs, "RAM, GB", "Price per
GPU-hour"); the price is per GPU-hour for a slice of one GPU with its vCPUs and RAM, so each row is
one on_demand offer with gpu_count 1, instance_type and gpu_name the Item as written (e.g.
"NVIDIA HGX H100"), region "global" (the page quotes one price for every region).

The block is found by its title text and its header is checked: a price column that is not "per
GPU-hour" is layout drift and fails loudly. Other blocks (CPU, storage, network) are not GPU rates
and are not read. A row whose price cell is blank or not a dollar amount (the GB200 NVL72 row is
offered through sales and has no price) is an unreadable row, never a guessed price.

Real format: block and cell class names and the header texts are those that becloudready/gpu-price
(sources/nebius.py, 2026-02) reads from the live page; the exact text of a price cell ("$2.95")
is not confirmed byte for byte.
"""

from __future__ import annotations

import re


from scrapers.parsing import load_html, node_text, rows, unknown_columns
from scrapers.records import GpuRate, RecordError
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import parse_usd

URL = "https://nebius.com/prices"
_GPU_BLOCK_TITLE = re.compile(r"^(?!non).*\bGPU instances\b", re.IGNORECASE)
# Columns between Item and the price left out on purpose (instance specs, not prices); any other
# column is reported as a notice.
IGNORED_COLUMNS = frozenset({"vCPUs", "RAM, GB"})
_PRICE_HEADER = re.compile(r"price per gpu[- ]hour", re.IGNORECASE)


def parse(snapshot: Snapshot):
    soup = load_html(snapshot)
    blocks = [b for b in soup.select("div.pc-highlight-table-block") if _GPU_BLOCK_TITLE.search(_title(b))]
    if not blocks:
        titles = [_title(b) for b in soup.select("div.pc-highlight-table-block")]
        raise RecordError("header", f"no 'NVIDIA GPU Instances' price table; tables found: {titles or 'none'}")
    for block in blocks:
        header = [node_text(c) for c in block.select(".pc-highlight-table-block__head .pc-highlight-table-block__cell")]
        if not header or header[0].lower() != "item" or not _PRICE_HEADER.search(header[-1]):
            raise RecordError("header", f"expected Item ... Price per GPU-hour, got {header}")
        yield from unknown_columns(header, [header[0], header[-1], *IGNORED_COLUMNS], "GPU instance table")
        body_rows = block.select(".pc-highlight-table-block__body .pc-highlight-table-block__row")
        cells = [[node_text(c) for c in row.select(".pc-highlight-table-block__cell")] for row in body_rows]
        yield from rows(cells, lambda row: _offer(row, len(header)))


def _offer(cells: list[str], width: int) -> GpuRate:
    if len(cells) != width:
        raise RecordError("row", f"{len(cells)} cells under a {width}-column header")
    item, price = cells[0], cells[-1]
    if not item:
        raise RecordError("gpu_name", "blank Item")
    return GpuRate(provider_id="nebius", gpu_name=item, gpu_count=1, instance_type=item, region="global",
                   pricing_type="on_demand", usd_per_instance_hour=float(parse_usd(price, "usd_per_gpu_hour")))


def _title(block) -> str:
    title = block.select_one(".pc-highlight-table-block__title")
    return node_text(title) if title else ""


SOURCE = Source(
    id="nebius",
    kind="gpu_rates",
    name="Nebius AI Cloud prices",
    urls=(URL,),
    parse=parse,
    description="On-demand USD per GPU-hour for Nebius GPU platforms (HGX B200/H200/H100, L40S) "
                "from the 'NVIDIA GPU Instances' table of nebius.com/prices.",
    homepage="https://nebius.com/prices",
)
