"""`breakeven demo` starts with years of observed prices: the minimums of issue #17 (part 5), counted by SQL on the
warehouse the demo builds. Only days before the demo's own day count (today's bundled snapshots are left out), and
only observed rows (a carried-forward day is not an observation)."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from tests.orchestration.conftest import scratch_folder


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo warehouse, built once for this module (`breakeven demo` with its own paths, in the
    scratch folder where the last test's build left dbt's parse state for that path)."""
    import duckdb

    from orchestration.cli import main

    with scratch_folder(tmp_path_factory, "demo") as root:
        patch = pytest.MonkeyPatch()
        patch.setenv("BREAKEVEN_WAREHOUSE", str(root / "warehouse.duckdb"))
        patch.setenv("BREAKEVEN_ARCHIVE", str(root / "archive"))
        patch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        (root / "dagster_home").mkdir()
        try:
            assert main(["demo"]) == 0
        finally:
            patch.undo()
        with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
            yield con


def one(con, sql: str):
    return con.execute(sql).fetchone()


HISTORY_TOKEN_PRICES = """
    select * from marts.fct_token_prices_daily
    where not is_carried_forward and price_date < (select max(price_date) from marts.fct_token_prices_daily)"""
HISTORY_GPU_RATES = """
    select * from marts.fct_gpu_rates_daily
    where not is_carried_forward and rate_date < (select max(rate_date) from marts.fct_gpu_rates_daily)"""


def test_token_prices_span_two_years_for_twelve_models_and_one_year_for_forty(demo):
    two_years, one_year = one(demo, f"""
        with spans as (
            select model_id, min(price_date) as first_day, max(price_date) as last_day
            from ({HISTORY_TOKEN_PRICES}) where model_id is not null group by model_id)
        select count(*) filter (where last_day >= first_day + interval 24 month),
               count(*) filter (where last_day >= first_day + interval 12 month)
        from spans""")
    assert two_years >= 12 and one_year >= 40


def test_gpu_rates_are_observed_on_sixty_days_over_a_year(demo):
    days, first_day, last_day = one(demo, f"select count(distinct rate_date), min(rate_date), max(rate_date) "
                                          f"from ({HISTORY_GPU_RATES})")
    assert days >= 60
    assert one(demo, f"select date '{last_day}' >= date '{first_day}' + interval 12 month")[0]


def test_two_independent_dated_gpu_sources_give_ten_days_or_more_each(demo):
    sources = dict(demo.execute(f"select source_id, count(distinct rate_date) from ({HISTORY_GPU_RATES}) "
                                f"group by source_id having count(distinct rate_date) >= 10").fetchall())
    assert {"primeintellect", "gpuhunt"} <= set(sources), sources


def test_the_capability_frontiers_closed_models_have_first_party_prices_from_2023_on(demo):
    spans = {row[0]: row[1:] for row in demo.execute(f"""
        select model_id, min(price_date), max(price_date)
        from ({HISTORY_TOKEN_PRICES})
        where provider_id in ('openai', 'anthropic') and model_id in ('gpt-4', 'gpt-4o', 'claude-3.5-sonnet')
        group by model_id""").fetchall()}
    assert set(spans) == {"gpt-4", "gpt-4o", "claude-3.5-sonnet"}
    assert spans["gpt-4"][0].year == 2023
    assert all((last - first).days >= 365 for first, last in spans.values())


def test_every_bundled_history_day_landed(demo):
    from scrapers.replay import dated_files

    from orchestration.cli import HISTORY_SOURCES

    expected = {(source, day) for source in HISTORY_SOURCES for day in dated_files(FIXTURES / "history" / source)}
    landed = set(demo.execute("select source_id, cast(observed_date as varchar) from raw.ingest_log where ok "
                              "and rows_landed > 0").fetchall())
    assert expected <= landed, sorted(expected - landed)[:5]
