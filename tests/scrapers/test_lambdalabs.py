"""Lambda pricing page: the bundled page (real figures) and broken pages.

The bundled lambda.ai/pricing holds the 22 on-demand rows that becloudready/gpu-price scraped from
the live page on 2026-02-11 (../shared/realdata/gpu/scraped_pricing_pages/lambda_gpu_prices_2026-02-11_64a1fca.csv),
per GPU-hour, placed in the 8x/4x/2x/1x tab their vCPU count shows (H100 SXM: 208/104/52/26 vCPUs
at 2.99/3.09/3.19/3.29). The markup follows two public parsers of the page (see the module
docstring); RAM and storage columns are left out because their values are not in that copy.
The module is loaded with importlib: `lambda` is a Python keyword.
"""

from __future__ import annotations

import importlib
import re
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from tests.conftest import FIXTURES
from tests.helpers import parse_error

module = importlib.import_module("scrapers.sources.lambdalabs")
SOURCE, URL = module.SOURCE, module.URL
HEADER = "<thead><tr><th>GPU</th><th>VRAM / GPU</th><th>vCPUs</th><th>{price}</th></tr></thead>"


def _page(rows: list[tuple[str, str]], tab: str | None = "8x", price_header: str = "Price / GPU / hr") -> str:
    body = "".join(f"<tr><th>{gpu}</th><td>80 GB</td><td>208</td><td>{price}</td></tr>" for gpu, price in rows)
    table = f"<table>{HEADER.format(price=price_header)}<tbody>{body}</tbody></table>"
    if tab is None:
        return f"<html><body>{table}</body></html>"
    return (f"<html><body><button role='tab' id='t8'>{tab}</button>"
            f"<div role='tabpanel' aria-labelledby='t8'>{table}</div></body></html>")


def _snapshot(body: str) -> Snapshot:
    return Snapshot(source_id="lambdalabs", url=URL, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc),
                    status=200, body=body.encode(), headers={"Content-Type": "text/html"})


def _parse_error(body: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(body))


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, instance: str):
    [rate] = [r for r in outcome.records if r.instance_type == instance]
    return rate


def test_the_page_replays_from_its_slug():
    assert SOURCE.urls == (URL,) and slug(URL) == "lambda.ai_pricing"
    assert (FIXTURES / "lambdalabs" / "lambda.ai_pricing.html").stat().st_size < 60_000


def test_every_row_of_every_tab_is_one_on_demand_offer(outcome):
    assert len(outcome.records) == 22 and outcome.skipped == []
    assert {(r.provider_id, r.region, r.pricing_type) for r in outcome.records} == {("lambda", "global", "on_demand")}


@pytest.mark.parametrize("count, per_gpu", [(8, 2.99), (4, 3.09), (2, 3.19), (1, 3.29)])
def test_h100_sxm_is_cheaper_per_gpu_in_bigger_instances(outcome, count, per_gpu):
    rate = _rate(outcome, f"{count}x NVIDIA H100 SXM (80 GB)")
    assert (rate.gpu_count, rate.gpu_name) == (count, "NVIDIA H100 SXM")
    assert rate.usd_per_gpu_hour == pytest.approx(per_gpu)
    assert rate.usd_per_instance_hour == pytest.approx(per_gpu * count)


def test_the_8x_h100_sxm_instance_costs_23_92_per_hour(outcome):
    assert _rate(outcome, "8x NVIDIA H100 SXM (80 GB)").usd_per_instance_hour == pytest.approx(23.92)


def test_the_two_8x_a100_sxm_rows_are_told_apart_by_their_vram(outcome):
    assert _rate(outcome, "8x NVIDIA A100 SXM (80 GB)").usd_per_gpu_hour == pytest.approx(1.79)
    assert _rate(outcome, "8x NVIDIA A100 SXM (40 GB)").usd_per_gpu_hour == pytest.approx(1.29)


@pytest.mark.parametrize("instance, per_gpu", [
    ("1x NVIDIA B200 SXM6 (180 GB)", 5.29), ("8x NVIDIA B200 SXM6 (180 GB)", 4.99),
    ("1x NVIDIA H100 PCIe (80 GB)", 2.49), ("1x NVIDIA GH200 (96 GB)", 1.99), ("1x NVIDIA A10 (24 GB)", 0.75),
    ("2x NVIDIA A6000 (48 GB)", 0.80), ("8x NVIDIA Tesla V100 (16 GB)", 0.55),
    ("1x NVIDIA Quadro RTX 6000 (24 GB)", 0.50),
])
def test_other_rows_read_off_the_page(outcome, instance, per_gpu):
    assert _rate(outcome, instance).usd_per_gpu_hour == pytest.approx(per_gpu)


def test_an_on_demand_prefix_in_the_first_cell_gives_the_size_when_there_is_no_tab():
    [rate] = parse_snapshots(SOURCE, [_snapshot(_page([("On-demand 2x NVIDIA H100 SXM", "$3.19")], tab=None))]).records
    assert (rate.gpu_name, rate.gpu_count, rate.instance_type) == ("NVIDIA H100 SXM", 2, "2x NVIDIA H100 SXM (80 GB)")
    assert rate.usd_per_instance_hour == pytest.approx(6.38)


def test_a_price_written_per_gpu_per_hour_in_the_cell_is_read():
    [rate] = parse_snapshots(SOURCE, [_snapshot(_page([("NVIDIA H100 SXM", "$2.99 / GPU / hr")]))]).records
    assert rate.usd_per_gpu_hour == pytest.approx(2.99)


def test_a_reserved_row_is_a_deliberate_skip():
    outcome = parse_snapshots(SOURCE, [_snapshot(_page([("NVIDIA H100 SXM", "$2.99"), ("Reserved 8x NVIDIA H100 SXM", "$1.85")]))])
    assert len(outcome.records) == 1
    [skip] = outcome.skipped
    assert skip.reason == "reserved term price, not on-demand" and not skip.unreadable


def test_a_row_without_an_instance_size_is_unreadable():
    error = _parse_error(_page([("NVIDIA H100 SXM", "$2.99")], tab="All GPUs"))
    assert error.field == "rows" and "gpu_count" in error.message


def test_a_page_without_an_instance_table_is_a_parse_error():
    assert _parse_error("<html><body><h1>Something went wrong</h1></body></html>").field == "header"


def test_a_price_column_per_instance_instead_of_per_gpu_is_a_parse_error():
    error = _parse_error(_page([("NVIDIA H100 SXM", "$23.92")], price_header="Price / hr"))
    assert error.field == "header" and "per GPU per hour" in error.message


def test_an_empty_table_is_a_parse_error():
    assert _parse_error(_page([])).field == "records"


@pytest.mark.parametrize("price", ["Contact sales", "", "Free", "€2.99", "$2.99 / GPU / month"])
def test_non_prices_are_unreadable_rows_and_fail_the_page(price):
    error = _parse_error(_page([("NVIDIA H100 SXM", price)]))
    assert error.field == "rows" and "unreadable usd_per_gpu_hour" in error.message


def test_an_added_column_is_reported_and_the_rates_are_unchanged(outcome):
    fixture = FIXTURES / "lambdalabs" / f"{slug(URL)}.html"
    html = fixture.read_text().replace("<th>vCPUs</th>", "<th>vCPUs</th><th>RAM</th>")
    html = re.sub(r'(<td data-label="vCPUs">[^<]*</td>)', r"\1<td>1800 GiB</td>", html)
    noticed = parse_snapshots(SOURCE, [_snapshot(html)])
    assert outcome.notices == []
    assert noticed.notices == [f"{URL}: unknown column 'RAM' in instance table header "
                               "['GPU', 'VRAM / GPU', 'vCPUs', 'RAM', 'Price / GPU / hr']"]
    assert noticed.records == outcome.records
