"""CoreWeave: the bundled pricing page (figures of the 2026-02-11 scrape) and broken inputs.

The fixture follows the row markup that other projects' parsers of the live page describe
(`role="listitem"` rows, `h3.table-model-name` with `data-product`, labelled
`table-meta-value` figures, "On-Demand Price:" spans); the figures are those of
realdata gpu/scraped_pricing_pages/coreweave_prices_2026-02-11 (per instance-hour). The
`data-product` slugs other than nvidia-b200 are placeholders in the real shape. The GB200 NVL72
row is left out: its GPU count cell is not a plain number on the page (the scrape recorded none)
and its real markup is unknown. The B200 block is repeated, as the live page repeats blocks.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.records import Skip
from scrapers.replay import ReplayClient, slug
from scrapers.snapshot import Snapshot
from scrapers.sources.coreweave import PRICING_URL, SOURCE, parse
from tests.conftest import FIXTURES
from tests.helpers import parse_error

FIXTURE = FIXTURES / "coreweave" / f"{slug(PRICING_URL)}.html"
B200_PRICE = '<span class="item-value">$68.80</span> / Hour<br/></span>'


def _snapshot(body: str) -> Snapshot:
    return Snapshot(source_id="coreweave", url=PRICING_URL, fetched_at=datetime(2026, 2, 11, tzinfo=timezone.utc),
                    status=200, body=body.encode(), headers={"Content-Type": "text/html"})


def _page(old: str = "", new: str = "") -> str:
    html = FIXTURE.read_text()
    assert old in html
    return html.replace(old, new)


@pytest.fixture(scope="module")
def outcome():
    return parse_snapshots(SOURCE, SOURCE.fetch_all(ReplayClient(FIXTURES)))


def _rate(outcome, product: str, pricing: str = "on_demand"):
    [rate] = [r for r in outcome.records if (r.instance_type, r.pricing_type) == (product, pricing)]
    return rate


def test_the_page_replays_from_its_slug():
    assert FIXTURE.name == "www.coreweave.com_pricing.html" and FIXTURE.stat().st_size < 60_000
    assert SOURCE.hosts == {"www.coreweave.com"}


def test_an_8x_b200_instance_at_68_80_is_8_60_per_gpu_hour(outcome):
    b200 = _rate(outcome, "nvidia-b200")
    assert (b200.gpu_name, b200.gpu_count, b200.usd_per_instance_hour) == ("NVIDIA B200", 8, 68.8)
    assert b200.usd_per_gpu_hour == pytest.approx(8.6)


@pytest.mark.parametrize("product, count, instance_price, per_gpu", [
    ("nvidia-hgx-h200", 8, 50.44, 6.305),
    ("nvidia-gh200", 1, 6.5, 6.5),
    ("nvidia-l40", 8, 10.0, 1.25),
    ("nvidia-l40s", 8, 18.0, 2.25),
    ("nvidia-a100", 8, 21.6, 2.7),
    ("nvidia-rtx-pro-6000-blackwell-server-edition", 8, 20.0, 2.5),
])
def test_prices_are_per_instance_for_the_gpu_count_the_row_states(outcome, product, count, instance_price, per_gpu):
    rate = _rate(outcome, product)
    assert (rate.gpu_count, rate.usd_per_instance_hour) == (count, instance_price)
    assert rate.usd_per_gpu_hour == pytest.approx(per_gpu)


def test_rows_take_the_region_heading_above_them(outcome):
    assert {r.region for r in outcome.records} == {"north-america"}
    without_heading = _page('<div class="pricing-region-label">REGION: NORTH AMERICA</div>', "")
    assert {r.region for r in parse(_snapshot(without_heading)) if not isinstance(r, Skip)} == {"global"}


def test_a_repeated_block_with_the_same_price_is_skipped_as_a_copy(outcome):
    assert [s.reason for s in outcome.skipped] == ["repeated block of the same offer"]
    assert len(outcome.records) == 7 and outcome.unreadable == []


def test_a_spot_price_next_to_the_on_demand_price_is_a_spot_offer():
    # Illustrative spot figure, not a published one: the page lists spot for some rows only.
    html = _page(B200_PRICE, B200_PRICE + '<span class="spot-price">Spot Price: <span class="item-value">$34.11</span> / Hour</span>')
    spot = [r for r in parse(_snapshot(html)) if not isinstance(r, Skip) and r.pricing_type == "spot"]
    assert [(s.instance_type, s.usd_per_instance_hour) for s in spot] == [("nvidia-b200", 34.11)]


def test_rows_without_a_gpu_count_label_are_not_gpu_offers():
    cpu_row = ('<div role="listitem" class="table-row-v2 w-dyn-item kubernetes-cpu-pricing"><h3 data-product="amd-genoa" '
               'class="table-model-name">AMD Genoa</h3><span class="instance-price">On-Demand Price: '
               '<span class="item-value">$1.00</span> / Hour</span></div>')
    html = _page('<div class="featured-gpu">', cpu_row + '<div class="featured-gpu">')
    assert not [r for r in parse(_snapshot(html)) if getattr(r, "instance_type", None) == "amd-genoa"]


# --- Broken inputs -------------------------------------------------------------------------------

def _parse_error(html: str) -> ParseError:
    return parse_error(SOURCE, _snapshot(html))


def test_an_error_page_or_a_relabelled_page_is_a_parse_error():
    assert _parse_error("<html><body><h1>403 Forbidden</h1></body></html>").field == "header"
    relabelled = FIXTURE.read_text().replace("On-Demand Price:", "Hourly:")
    assert _parse_error(relabelled).field == "header"


def test_a_page_whose_rows_lost_their_gpu_count_labels_is_a_parse_error():
    assert _parse_error(FIXTURE.read_text().replace("<div>GPU Count</div>", "<div>GPUs</div>")
                        .replace("<div>GPU Count</div></div>", "")).field == "header"


@pytest.mark.parametrize("value, field", [
    ("", "On-Demand Price"), ("Contact Sales", "On-Demand Price"), ("€58.90", "On-Demand Price"),
])
def test_a_blank_contact_sales_or_foreign_price_is_an_unreadable_row(value, field):
    html = _page(B200_PRICE, B200_PRICE.replace("$68.80", value))
    [first, *_] = list(parse(_snapshot(html)))
    assert isinstance(first, Skip) and first.unreadable and first.reason == f"unreadable {field}"


def test_a_repeated_block_with_a_different_price_is_unreadable_not_picked():
    html = FIXTURE.read_text()
    last = html.rindex(B200_PRICE)
    html = html[:last] + B200_PRICE.replace("$68.80", "$70.00") + html[last + len(B200_PRICE):]
    skips = [i for i in parse(_snapshot(html)) if isinstance(i, Skip)]
    assert [s.reason for s in skips] == ["unreadable On-Demand Price"] and skips[0].unreadable


def test_a_footnoted_gpu_count_is_unreadable_and_a_mostly_unreadable_page_fails():
    footnoted = _page('<div class="table-meta-value">1</div><div>GPU Count</div>',
                      '<div class="table-meta-value">1<sup>1</sup></div><div>GPU Count</div>')  # GH200
    [skip] = [s for s in parse(_snapshot(footnoted)) if isinstance(s, Skip) and s.unreadable]
    assert skip.reason == "unreadable GPU Count" and "'1 1'" in skip.detail
    garbage = FIXTURE.read_text().replace('<span class="item-value">$', '<span class="item-value">Contact Sales $')
    assert _parse_error(garbage).field == "rows"


def test_an_added_label_is_reported_and_the_rates_are_unchanged(outcome):
    html = FIXTURE.read_text().replace(
        "<div>Local Storage</div></div>",
        '<div>Local Storage</div></div><div class="table-meta-text table-meta-text-right">'
        '<div class="table-meta-value">3200</div><div>InfiniBand</div></div>')
    html = html.replace(" / Hour<br/></span>", ' / Hour<br/></span><span class="instance-price">Reserved Price: '
                                                '<span class="item-value">$1.00</span> / Hour<br/></span>')
    noticed = parse_snapshots(SOURCE, [_snapshot(html)])
    assert outcome.notices == []
    assert noticed.notices == [f"{PRICING_URL}: unknown label 'InfiniBand' in a product row",
                               f"{PRICING_URL}: unknown label 'Reserved Price:' in a product row"]
    assert noticed.records == outcome.records
