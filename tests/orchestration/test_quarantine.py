"""Suspicious landings are held back in raw, flagged, and released when confirmed."""

from datetime import date, timedelta

import duckdb
import pytest

from orchestration import warehouse as wh
from scrapers.records import GpuRate, TokenPrice
from scrapers.registry import Source

TOKENS = Source(id="tokens", kind="token_prices", name="t", urls=("https://t.example/",), parse=lambda s: [])
GPUS = Source(id="gpus", kind="gpu_rates", name="g", urls=("https://g.example/",), parse=lambda s: [])
DAY = date(2026, 11, 1)


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as connection:
        wh.ensure_raw_tables(connection, [TOKENS, GPUS])
        yield connection


def _prices(day_offset: int, con, source=TOKENS, **prices):
    records = [TokenPrice(provider_id="p", provider_model_id=model, input_usd_per_mtok=price, output_usd_per_mtok=price * 2)
               for model, price in prices.items()]
    return wh.land(con, source, DAY + timedelta(days=day_offset), records, ["u"] * len(records), ["s"] * len(records))


def _held(con, day_offset: int, table="tokens"):
    return dict(con.execute(f"select provider_model_id, quarantine_reason from raw.{table} where observed_date = ?",
                            [DAY + timedelta(days=day_offset)]).fetchall())



def test_a_thousandfold_move_is_held_back_and_the_rest_of_the_day_lands(con):
    _prices(0, con, a=0.5, b=1.0)
    assert _prices(1, con, a=500.0, b=1.1) == (2, 1)
    held = _held(con, 1)
    assert held["a"].startswith("price moved 1000x since 2026-11-01") and held["b"] is None


def test_the_next_day_showing_the_same_price_confirms_the_move(con):
    _prices(0, con, a=0.5)
    _prices(1, con, a=0.04)  # a cut of more than tenfold is suspicious...
    assert _held(con, 1)["a"] is not None
    assert _prices(2, con, a=0.04) == (1, 0)  # ...until it is seen again
    assert _held(con, 1)["a"] is None and _held(con, 2)["a"] is None


def test_a_one_day_spike_stays_held_and_the_old_price_is_not_suspicious(con):
    _prices(0, con, a=0.5)
    _prices(1, con, a=5000.0)
    assert _prices(2, con, a=0.5) == (1, 0)
    assert _held(con, 1)["a"] is not None


def test_a_day_with_under_half_the_usual_rows_is_held_back_whole(con):
    for offset in range(3):
        _prices(offset, con, **{f"m{i}": 1.0 for i in range(10)})
    assert _prices(3, con, m0=1.0, m1=1.0, m2=1.0) == (3, 3)
    assert all(reason.startswith("only 3 rows") for reason in _held(con, 3).values())


def test_a_smaller_source_confirmed_the_next_day_is_released(con):
    for offset in range(3):
        _prices(offset, con, **{f"m{i}": 1.0 for i in range(10)})
    _prices(3, con, m0=1.0, m1=1.0, m2=1.0)
    assert _prices(4, con, m0=1.0, m1=1.0, m2=1.0) == (3, 0)
    assert set(_held(con, 3).values()) == {None}


def test_accept_releases_a_held_day_by_hand(con):
    _prices(0, con, a=0.5)
    _prices(1, con, a=500.0)
    assert wh.accept(con, TOKENS, DAY + timedelta(days=1)) == 1
    assert _held(con, 1)["a"] is None


def test_a_gpu_rate_switching_units_is_held_back(con):
    def rate(day_offset, price):
        record = GpuRate(provider_id="p", gpu_name="H100", gpu_count=8, instance_type="x8", region="r",
                         pricing_type="on_demand", usd_per_instance_hour=price)
        return wh.land(con, GPUS, DAY + timedelta(days=day_offset), [record], ["u"], ["s"])
    rate(0, 40.0)
    assert rate(1, 0.04 * 8) == (1, 1)  # per-minute-ish figure: 125x cheaper


def test_staging_reads_only_rows_not_held_back():
    from orchestration.settings import DBT_PROJECT_DIR

    macro = (DBT_PROJECT_DIR / "macros" / "stage_landed.sql").read_text()
    assert macro.count("where quarantine_reason is null") == 2


def test_a_landing_after_a_gap_of_weeks_is_not_compared_with_the_old_day(con):
    for offset in range(3):
        _prices(offset, con, **{f"m{i}": 1.0 for i in range(10)})
    # A month later (a backfill of monthly snapshots): fewer models, prices cut tenfold.
    assert _prices(40, con, m0=0.05, m1=0.05) == (2, 0)


def test_changes_count_prices_that_moved_and_offers_seen_for_the_first_time(con):
    _prices(0, con, a=0.5, b=1.0)
    _prices(1, con, a=0.5, b=0.8, c=2.0)
    assert wh.changes(con, TOKENS, DAY + timedelta(days=1)) == (1, 1)
