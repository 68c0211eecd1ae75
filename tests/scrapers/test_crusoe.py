"""Crusoe Cloud pricing page: the bundled page (real figures) and broken pages.

The bundled page (crusoe.ai_cloud_pricing.html) keeps the markup of the live page as captured on
2026-08-22 (getcomputable/gpu-index tests/fixtures/observatory/crusoe/pricing.html: div.pricing-gap
tables, div.pricing-heading headers, div.pricing_gpu-item rows, div.pricing-rich price cells),
trimmed of icons and tracking attributes and of some CPU/storage/inference rows. Every figure is
the one that capture shows: GPU table H200 4.29, H100 3.90, A100 80GB SXM 2.30, A100 80GB PCIe
2.00, L40S 1.50, MI300X 3.45 USD/GPU-hr, GB200/B200/MI355X and every spot cell "Contact sales";
CPU 0.04/0.09 per vCPU-hr; disks 0.08/0.07 per GiB-month; DeepSeek V3 0324 0.50/1.50/0.25 and
Llama 3.3 70B 0.25/0.75/0.13 per 1M tokens. The spot price used in the built pages below (H100
1.60 USD/GPU-hr) is the Crusoe spot figure quoted by llm-inference-anatomy.pages.dev/economics.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.records import Skip
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.crusoe import SOURCE, URL, parse
from tests.conftest import FIXTURES
from tests.helpers import parse_error

PAGE = FIXTURES / "crusoe" / "crusoe.ai_cloud_pricing.html"


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, instance: str, pricing: str = "on_demand"):
    [rate] = [r for r in outcome.records if (r.instance_type, r.pricing_type) == (instance, pricing)]
    return rate


def _snapshot(body: str) -> Snapshot:
    return Snapshot(source_id="crusoe", url=URL, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc), status=200,
                    body=body.encode(), headers={"Content-Type": "text/html"})


def _row(name: str, tags: tuple[str, ...], *cells: str) -> str:
    tag_html = "".join(f'<div class="pricing-tag">{t}</div>' for t in tags)
    cell_html = "".join(f'<div class="pricing-rich w-richtext"><p>{c}</p></div>' for c in cells)
    return (f'<div role="listitem" class="prixing-item w-dyn-item"><div class="pricing_gpu-item"><a>'
            f'<h4 class="pricing-item-heading">{name}</h4><div class="pricing_tags-wr">{tag_html}</div></a>'
            f'{cell_html}</div></div>')


def _page(*rows: str, columns=("GPU model", "On-demand", "Current spot")) -> str:
    heads = "".join(f'<div class="pricing-heading is-d">{c}</div>' for c in columns)
    return (f'<html><body><div class="pricing-gap"><div class="pricing-table-heading is-w">{heads}</div>'
            f'<div class="pricing-cms w-dyn-list"><div role="list" class="w-dyn-items">{"".join(rows)}</div></div>'
            '</div></body></html>')


def _parse_error(body: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


def test_the_page_replays_from_its_slug():
    assert SOURCE.urls == (URL,) and slug(URL) == "crusoe.ai_cloud_pricing"
    assert PAGE.is_file() and PAGE.stat().st_size < 60_000


def test_six_gpus_have_a_published_on_demand_price(outcome):
    assert {(r.instance_type, r.usd_per_gpu_hour) for r in outcome.records} == {
        ("NVIDIA H200 141GB HGX", 4.29), ("NVIDIA H100 80GB HGX", 3.90), ("NVIDIA A100 80GB SXM", 2.30),
        ("NVIDIA A100 80GB PCIe", 2.00), ("NVIDIA L40S 48GB", 1.50), ("AMD MI300X 192GB", 3.45)}
    assert {(r.provider_id, r.gpu_count, r.region, r.pricing_type) for r in outcome.records} == {
        ("crusoe", 1, "global", "on_demand")}


def test_prices_are_per_gpu_hour_so_instance_and_gpu_prices_are_equal(outcome):
    h100 = _rate(outcome, "NVIDIA H100 80GB HGX")
    assert (h100.gpu_name, h100.usd_per_instance_hour, h100.usd_per_gpu_hour) == ("NVIDIA H100", 3.90, 3.90)


def test_the_two_a100_rows_are_told_apart_by_their_tags(outcome):
    assert _rate(outcome, "NVIDIA A100 80GB SXM").usd_per_gpu_hour == 2.30
    assert _rate(outcome, "NVIDIA A100 80GB PCIe").usd_per_gpu_hour == 2.00
    assert {r.gpu_name for r in outcome.records if "A100" in r.instance_type} == {"NVIDIA A100"}


def test_contact_sales_cells_are_deliberate_skips_never_prices(outcome):
    contact = [s for s in outcome.skipped if s.reason == "Contact sales: no published price"]
    assert len(contact) == 12  # GB200, B200, MI355X on-demand + all nine spot cells
    assert not any(s.unreadable for s in contact)
    assert {"NVIDIA GB200 186GB NVL72 on_demand", "NVIDIA B200 180GB HGX on_demand",
            "AMD MI355X 288GB on_demand", "NVIDIA H100 80GB HGX spot"} <= {s.detail for s in contact}
    assert not [r for r in outcome.records if "B200" in r.instance_type or "MI355X" in r.instance_type]


def test_cpu_storage_and_inference_rows_are_skipped_with_their_unit(outcome):
    reasons = {s.detail: s.reason for s in outcome.skipped if not s.reason.startswith("Contact")}
    assert reasons == {
        "CPU Type: General-purpose": "CPU instance, priced per vCPU-hour",
        "CPU Type: Storage-optimized": "CPU instance, priced per vCPU-hour",
        "Storage: Persistent disks": "storage, priced per GiB-month",
        "Storage: Shared disks": "storage, priced per GiB-month",
        "Model: DeepSeek": "serverless inference, priced per 1M tokens",
        "Model: Llama": "serverless inference, priced per 1M tokens",
    }
    assert outcome.unreadable == []


def test_a_published_spot_price_is_a_spot_offer():
    [h100] = [r for r in parse(_snapshot(_page(_row("NVIDIA H100", ("80GB", "HGX"), "$3.90/GPU-hr", "$1.60/GPU-hr"))))
              if not isinstance(r, Skip) and r.pricing_type == "spot"]
    assert (h100.instance_type, h100.usd_per_gpu_hour) == ("NVIDIA H100 80GB HGX", 1.60)


def test_a_plain_spot_column_heading_is_read_too():
    items = list(parse(_snapshot(_page(_row("NVIDIA H200", ("141GB",), "$4.29/GPU-hr", "$2.10/GPU-hr"),
                                       columns=("GPU model", "On-demand", "Spot")))))
    assert [(r.pricing_type, r.usd_per_gpu_hour) for r in items] == [("on_demand", 4.29), ("spot", 2.10)]


# --- Broken pages: a ParseError naming the source, the URL and the field --------------------------

def test_an_error_page_without_the_gpu_table_is_a_parse_error():
    assert _parse_error("<html><body><h1>403 Forbidden</h1></body></html>").field == "header"


def test_a_new_price_column_such_as_a_reserved_term_is_layout_drift():
    body = _page(_row("NVIDIA H100", ("80GB",), "$3.90/GPU-hr", "$2.90/GPU-hr"),
                 columns=("GPU model", "On-demand", "Reserved"))
    error = _parse_error(body)
    assert error.field == "header" and "Reserved" in error.message


def test_an_empty_gpu_table_is_a_parse_error():
    assert _parse_error(_page()).field == "records"


def test_a_table_where_every_gpu_says_contact_sales_yields_no_records():
    body = _page(_row("NVIDIA B200", ("180GB",), "Contact sales", "Contact sales"))
    error = _parse_error(body)
    assert error.field == "records" and "Contact sales" in error.message


@pytest.mark.parametrize("cell", ["", "Free", "$4.29/hr", "€3.90/GPU-hr", "$4.29/GPU-hr per 8-GPU node"])
def test_a_cell_that_is_not_usd_per_gpu_hour_is_unreadable(cell):
    [skip, spot] = list(parse(_snapshot(_page(_row("NVIDIA H200", ("141GB",), cell, "Contact sales")))))
    assert skip.unreadable and skip.reason == "unreadable on_demand"
    assert spot.reason.startswith("Contact sales")  # the row's readable cell is still reported


def test_a_page_of_mostly_unreadable_prices_is_a_parse_error():
    rows = [_row(f"GPU {n}", ("80GB",), "call us", "Contact sales") for n in range(3)]
    error = _parse_error(_page(*rows, _row("NVIDIA H100", ("80GB",), "$3.90/GPU-hr", "Contact sales")))
    assert error.field == "rows"


def test_a_row_with_a_missing_price_cell_is_unreadable():
    skips = list(parse(_snapshot(_page(_row("NVIDIA H200", ("141GB",), "$4.29/GPU-hr")))))
    assert [(s.reason, s.unreadable) for s in skips] == [("unreadable row", True)] * 2  # once per price column
