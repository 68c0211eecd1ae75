"""Nebius pricing page: the bundled page (real figures) and broken pages.

The bundled nebius.com/prices keeps the "NVIDIA GPU Instances" block in the markup that
becloudready/gpu-price reads from the live page (pc-highlight-table-block, header Item / vCPUs /
RAM, GB / Price per GPU-hour), with the rows and prices that scraper recorded on 2026-02-11
(../shared/realdata/gpu/scraped_pricing_pages/nebius_prices_2026-02-11_64a1fca.csv): HGX B200 5.50,
HGX H200 3.50, HGX H100 2.95, L40S with AMD 1.82, L40S with Intel 1.55, GB200 NVL72 without a price.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.nebius import SOURCE, URL
from tests.conftest import FIXTURES
from tests.helpers import parse_error

HEAD = ("<div class='pc-highlight-table-block__head'><div class='pc-highlight-table-block__cell'>Item</div>"
        "<div class='pc-highlight-table-block__cell'>vCPUs</div><div class='pc-highlight-table-block__cell'>RAM, GB</div>"
        "<div class='pc-highlight-table-block__cell'>{price}</div></div>")
ROW = ("<div class='pc-highlight-table-block__row'><div class='pc-highlight-table-block__cell'>{item}</div>"
       "<div class='pc-highlight-table-block__cell'>16</div><div class='pc-highlight-table-block__cell'>200</div>"
       "<div class='pc-highlight-table-block__cell'>{price}</div></div>")


def _page(rows: list[tuple[str, str]], title: str = "NVIDIA GPU Instances", price_header: str = "Price per GPU-hour") -> str:
    body = "".join(ROW.format(item=i, price=p) for i, p in rows)
    return (f"<html><body><div class='pc-highlight-table-block'><div class='pc-highlight-table-block__title'>"
            f"<span class='pc-title-item__text'>{title}</span></div>{HEAD.format(price=price_header)}"
            f"<div class='pc-highlight-table-block__body'>{body}</div></div></body></html>")


def _snapshot(body: str) -> Snapshot:
    return Snapshot(source_id="nebius", url=URL, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc),
                    status=200, body=body.encode(), headers={"Content-Type": "text/html"})


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, instance: str):
    [rate] = [r for r in outcome.records if r.instance_type == instance]
    return rate


def test_the_page_replays_from_its_slug():
    assert SOURCE.urls == (URL,) and slug(URL) == "nebius.com_prices"
    assert (FIXTURES / "nebius" / "nebius.com_prices.html").stat().st_size < 60_000


def test_an_hgx_h100_costs_2_95_per_gpu_hour_on_demand(outcome):
    rate = _rate(outcome, "NVIDIA HGX H100")
    assert (rate.provider_id, rate.gpu_count, rate.region, rate.pricing_type) == ("nebius", 1, "global", "on_demand")
    assert rate.usd_per_gpu_hour == 2.95


@pytest.mark.parametrize("item, price", [("NVIDIA HGX B200", 5.5), ("NVIDIA HGX H200", 3.5),
                                         ("NVIDIA L40S GPU with AMD", 1.82), ("NVIDIA L40S GPU with Intel", 1.55)])
def test_every_priced_gpu_platform_is_one_per_gpu_offer(outcome, item, price):
    rate = _rate(outcome, item)
    assert (rate.gpu_name, rate.usd_per_instance_hour, rate.usd_per_gpu_hour) == (item, price, price)


def test_the_gb200_row_without_a_price_is_an_unreadable_row_not_a_guess(outcome):
    assert len(outcome.records) == 5
    assert not [r for r in outcome.records if "GB200" in r.instance_type]
    [skip] = outcome.skipped
    assert skip.unreadable and "GB200" in skip.detail


def test_a_page_without_the_gpu_block_is_a_parse_error_naming_source_and_url():
    error = parse_error(SOURCE, _snapshot(_page([("vCPU", "$0.01")], title="Non-GPU instances")))
    assert (error.url, error.field) == (URL, "header")


def test_an_html_error_page_is_a_parse_error():
    with pytest.raises(ParseError) as caught:
        parse_snapshots(SOURCE, [_snapshot("<html><body><h1>502 Bad Gateway</h1></body></html>")])
    assert caught.value.field == "header"


def test_a_price_column_that_is_no_longer_per_gpu_hour_is_a_parse_error():
    with pytest.raises(ParseError) as caught:
        parse_snapshots(SOURCE, [_snapshot(_page([("NVIDIA HGX H100", "$23.60")], price_header="Price per hour, 8 GPUs"))])
    assert caught.value.field == "header" and "Price per GPU-hour" in caught.value.message


def test_an_empty_gpu_table_is_a_parse_error():
    with pytest.raises(ParseError) as caught:
        parse_snapshots(SOURCE, [_snapshot(_page([]))])
    assert caught.value.field == "records"


@pytest.mark.parametrize("price", ["Contact sales", "", "€2.70", "Free"])
def test_a_table_of_non_prices_is_a_parse_error(price):
    with pytest.raises(ParseError) as caught:
        parse_snapshots(SOURCE, [_snapshot(_page([("NVIDIA HGX H100", price), ("NVIDIA HGX H200", price)]))])
    assert caught.value.field == "rows" and "unreadable usd_per_gpu_hour" in caught.value.message


def test_one_unpriced_row_among_priced_ones_costs_that_row_only():
    outcome = parse_snapshots(SOURCE, [_snapshot(_page([("NVIDIA HGX H100", "$2.95"), ("NVIDIA HGX H200", "$3.50"),
                                                        ("NVIDIA GB200 NVL72*", "Contact sales")]))])
    assert [r.usd_per_gpu_hour for r in outcome.records] == [2.95, 3.5]
    assert [s.reason for s in outcome.skipped] == ["unreadable usd_per_gpu_hour"]


def test_an_added_column_is_reported_and_the_rates_are_unchanged(outcome):
    cell = '<div class="pc-highlight-table-block__cell">'
    html = (FIXTURES / "nebius" / f"{slug(URL)}.html").read_text()
    html = html.replace(f"{cell}Item</div>", f"{cell}Item</div>{cell}InfiniBand</div>")
    html = re.sub(r'(__row">\s*<div class="pc-highlight-table-block__cell">[^<]*</div>)', rf"\1{cell}3.2 Tbit/s</div>", html)
    noticed = parse_snapshots(SOURCE, [_snapshot(html)])
    assert outcome.notices == []
    assert noticed.notices == [f"{URL}: unknown column 'InfiniBand' in GPU instance table header "
                               "['Item', 'InfiniBand', 'vCPUs', 'RAM, GB', 'Price per GPU-hour']"]
    assert noticed.records == outcome.records
