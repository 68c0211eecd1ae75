"""The chained price indices of the shared test warehouse, checked against a chain computed apart
from dbt, straight from the daily fact (issue #17's targets)."""

from __future__ import annotations

import math
from collections import defaultdict

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(pipeline_runs):
    with duckdb.connect(str(pipeline_runs.warehouse), read_only=True) as connection:
        yield connection


def jevons_chain(offers_by_day: dict) -> dict:
    """A chained Jevons index over {day: {offer: price}}: 100 on the first day; each day after,
    the day before's value times the geometric mean of price ratios over offers present on both."""
    days = sorted(offers_by_day)
    chain = {days[0]: 100.0}
    for previous, day in zip(days, days[1:]):
        before, now = offers_by_day[previous], offers_by_day[day]
        matched = [key for key in now if key in before] if (day - previous).days == 1 else []
        step = sum(math.log(now[key] / before[key]) for key in matched) / len(matched) if matched else 0.0
        chain[day] = chain[previous] * math.exp(step)
    return chain


# Offers straight from the daily facts, keyed as issue #17 says.
OFFERS = {
    "gpu:H100-SXM:on_demand": """
        select rate_date, (source_id, provider_id, instance_type, region, gpu_count), usd_per_gpu_hour
        from marts.fct_gpu_rates_daily
        where gpu_id = 'H100-SXM' and pricing_type = 'on_demand' and usd_per_gpu_hour > 0
    """,
    "token:all:blended": """
        select price_date, (source_id, provider_id, provider_model_id, price_tier, min_prompt_tokens, region),
               blended_usd_per_mtok
        from marts.fct_token_prices_daily
        where blended_usd_per_mtok > 0
    """,
}


@pytest.mark.parametrize("index_id", OFFERS)
def test_an_index_matches_a_jevons_chain_computed_from_the_daily_fact(con, index_id):
    offers_by_day = defaultdict(dict)
    for day, key, price in con.execute(OFFERS[index_id]).fetchall():
        offers_by_day[day][key] = price
    assert len(offers_by_day) >= 2, "the test warehouse has prices on two days at least"
    expected = jevons_chain(offers_by_day)
    stored = dict(con.execute("select index_date, value from marts.fct_price_index_daily where index_id = ?",
                              [index_id]).fetchall())
    assert stored.keys() == expected.keys()
    for day, value in expected.items():
        assert stored[day] == pytest.approx(value, rel=0.005), day


def test_the_overnight_litellm_cut_moves_the_blended_token_index_and_nothing_else_does(con):
    # LiteLLM halves gpt-4o's input price on day 2 (conftest): one matched offer of hundreds
    # changes, so the index steps down a little, once.
    steps = con.execute("""
        select index_date, n_changed, value from marts.fct_price_index_daily
        where index_id = 'token:all:blended' and n_changed > 0
    """).fetchall()
    assert len(steps) == 1
    day, n_changed, value = steps[0]
    assert n_changed >= 1 and 99 < value < 100


def test_a_day_on_which_no_matched_offer_changed_keeps_its_value_exactly(con):
    moved = con.execute("""
        select today.index_id, today.index_date, yesterday.value, today.value
        from marts.fct_price_index_daily as today
        inner join marts.fct_price_index_daily as yesterday
            on yesterday.index_id = today.index_id and yesterday.index_date = today.index_date - 1
        where today.n_changed = 0 and today.value <> yesterday.value
    """).fetchall()
    assert moved == []
    unchanged_days = con.execute("select count(*) from marts.fct_price_index_daily where n_changed = 0 "
                                 "and n_matched > 0").fetchone()[0]
    assert unchanged_days > 0


def test_the_issue_s_indices_are_all_there(con):
    ids = {i for (i,) in con.execute("select distinct index_id from marts.fct_price_index_daily").fetchall()}
    assert {"gpu:all:on_demand", "token:all:output", "token:all:blended", "token:open_weight:output"} <= ids
    sold_by_two = {f"gpu:{g}:on_demand" for (g,) in con.execute("""
        select gpu_id from marts.fct_gpu_rates_daily where pricing_type = 'on_demand'
        group by gpu_id having count(distinct provider_id) >= 2
    """).fetchall()}
    assert sold_by_two and sold_by_two <= ids
    families = {i for i in ids if i.startswith("token:") and i.split(":")[1] not in ("all", "open_weight")}
    assert "token:llama-3.1:output" in families


def test_each_index_has_a_rate_row_saying_why_it_has_no_rate_in_a_short_warehouse(con):
    rows = con.execute("""
        select series_id, annual_factor, no_rate_reason
        from marts.fct_halving_rates
        where series_kind = 'price_index' and fit_window = 'all' and series_id = 'gpu:H100-SXM:on_demand'
    """).fetchall()
    assert len(rows) == 1
    _, factor, reason = rows[0]
    assert factor is None and reason.startswith("under 180 days")
