"""The capability frontier's models on an in-memory DuckDB: the dbt Python models with a stand-in
for dbt's `dbt` object, the SQL rates with their refs read as tables. Thresholds and t quantiles
are the Epoch implementation's; the SQL fit gives its digits, in fct_halving_rates' columns."""

from __future__ import annotations

import importlib.util
import re
from datetime import date, timedelta

import duckdb
import pytest

from orchestration.settings import DBT_PROJECT_DIR
from orchestration.trends.capability import Observation, fit_points

MODELS = DBT_PROJECT_DIR / "models" / "intermediate" / "capability"
RATE_COLUMNS = ["series_kind", "series_id", "metric", "fit_window", "start_date", "end_date", "n_days", "n_changes",
                "n_points", "annual_factor", "annual_factor_ci90_low", "annual_factor_ci90_high", "halving_months",
                "doubling_months", "r_squared", "slope_per_year", "intercept", "no_rate_reason"]


class StandIn:
    """What a dbt Python model uses of `dbt`: config() and ref() (a DuckDB relation)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def config(self, **_):
        pass

    def ref(self, name: str) -> duckdb.DuckDBPyRelation:
        return self.con.table(name)


def _run_rows(model_file: str, con: duckdb.DuckDBPyConnection) -> list[tuple]:
    spec = importlib.util.spec_from_file_location(model_file, MODELS / f"{model_file}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    relation = module.model(StandIn(con), con)
    return relation.fetchall() if relation.columns else []


def _run(model_file: str, con: duckdb.DuckDBPyConnection) -> list[dict]:
    spec = importlib.util.spec_from_file_location(model_file, MODELS / f"{model_file}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    relation = module.model(StandIn(con), con)
    return [dict(zip(relation.columns, row)) for row in relation.fetchall()]


@pytest.fixture
def con():
    with duckdb.connect() as connection:
        yield connection


def test_thresholds_are_the_frontier_and_unmapped_leaders_raise_the_bar_without_naming_a_level(con):
    con.execute("create table model_capabilities (model_name_as_in_source varchar, model_id varchar, "
                "benchmark varchar, score double, observed_on date)")
    con.execute("""insert into model_capabilities values
        ('GPT-4 (Mar 2023)', 'gpt-4', 'GPQA Diamond', 35.7, '2023-03-14'),
        ('a guess', 'guesser', 'GPQA Diamond', 29.0, '2023-01-01'),
        ('Unmapped Leader', null, 'GPQA Diamond', 40.0, '2023-05-01'),
        ('not a leader', 'follower', 'GPQA Diamond', 39.0, '2023-06-01'),
        ('gpt-4o-2024-05-13', 'gpt-4o', 'GPQA Diamond', 48.9, '2024-05-13'),
        ('gpt-4o-2024-08-06', 'gpt-4o', 'GPQA Diamond', 49.2, '2024-08-06'),
        ('GPT-4o (May 2024)', 'gpt-4o', 'ECI', 128.7, '2024-05-13')""")
    rows = _run("int_capability__thresholds", con)
    assert [(r["benchmark"], r["threshold_model_id"], r["threshold_score"], r["upper_bound"]) for r in rows] == [
        ("ECI", "gpt-4o", 128.7, None),
        ("GPQA Diamond", "gpt-4", 35.7, 100.0),
        ("GPQA Diamond", "gpt-4o", 48.9, 100.0),  # its first level; the August snapshot names none
    ]


def _rates(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The SQL model int_trends__capability_frontier_rates, its refs read as the tables of `con`."""
    sql = re.sub(r"\{\{\s*ref\('(\w+)'\)\s*\}\}", r"\1", (MODELS / "int_trends__capability_frontier_rates.sql").read_text())
    assert "{{" not in sql and "{%" not in sql
    relation = con.sql(sql)
    return [dict(zip(relation.columns, row)) for row in relation.fetchall()]


def _frontier(con, prices_by_day: dict[date, float]):
    con.execute("create table fct_capability_price_daily (benchmark varchar, threshold_model_id varchar, "
                "price_date date, usd_per_mtok_blended double)")
    con.executemany("insert into fct_capability_price_daily values ('GPQA Diamond', 'gpt-4', ?, ?)",
                    list(prices_by_day.items()))
    # The lows a daily series has (the SQL model int_capability__frontier_lows): each day cheaper than every earlier one.
    con.execute("create table int_capability__frontier_lows as select *, 'some-model' as cheapest_model_id from ("
                "select *, min(usd_per_mtok_blended) over (order by price_date rows between unbounded preceding "
                "and 1 preceding) as before from fct_capability_price_daily) where before is null or usd_per_mtok_blended < before")
    con.execute("create table int_trends__t_quantiles (degrees_of_freedom integer, t_two_sided_90 double)")
    con.executemany("insert into int_trends__t_quantiles values (?, ?)", _run_rows("int_trends__t_quantiles", con))


def test_the_t_quantiles_are_the_printed_ones():
    with duckdb.connect() as con:
        rows = dict((df, t) for df, t in _run_rows("int_trends__t_quantiles", con))
    assert len(rows) == 1000
    assert rows[1] == pytest.approx(6.3138, abs=1e-4) and rows[4] == pytest.approx(2.1318, abs=1e-4)


def test_a_level_ten_times_cheaper_each_year_gets_an_annual_factor_of_a_tenth(con):
    start = date(2023, 1, 1)
    # Four new lows a year apart, the price flat in between and one rise that is no new low.
    days = {start + timedelta(days=d): 100.0 / 10 ** (d // 365) for d in range(0, 3 * 365 + 1)}
    days[start + timedelta(days=500)] = 50.0
    _frontier(con, days)
    (rate,) = _rates(con)
    assert list(rate) == RATE_COLUMNS
    assert rate["series_kind"] == "capability_frontier" and rate["series_id"] == "GPQA Diamond|gpt-4"
    assert (rate["start_date"], rate["n_days"], rate["n_points"], rate["n_changes"]) == (start, 3 * 365 + 1, 4, 5)
    assert rate["annual_factor"] == pytest.approx(0.1, rel=1e-6)
    assert rate["annual_factor_ci90_low"] == pytest.approx(0.1) == pytest.approx(rate["annual_factor_ci90_high"])
    assert rate["halving_months"] == pytest.approx(12 * 0.30103, abs=0.01) and rate["doubling_months"] is None
    assert rate["slope_per_year"] == pytest.approx(-2.302585, rel=1e-6)
    assert rate["intercept"] == pytest.approx(4.605170, rel=1e-6)  # ln 100 on the first day
    assert rate["no_rate_reason"] is None


def test_the_sql_fit_is_the_python_fit_of_capability_trend_to_the_digit(con):
    start = date(2023, 3, 14)
    # Epoch's GPQA Diamond points at GPT-4-0314's level (tests/fixtures/capability), as a daily series.
    lows = {date(2023, 3, 14): 37.5, date(2023, 11, 6): 15.0, date(2024, 2, 26): 6.0, date(2024, 3, 4): 0.5,
            date(2024, 5, 10): 0.13, date(2024, 12, 13): 0.1225}
    days, price = {}, None
    for d in range((date(2025, 1, 31) - start).days + 1):
        day = start + timedelta(days=d)
        price = lows.get(day, price)
        days[day] = price
    _frontier(con, days)
    (rate,) = _rates(con)
    fit = fit_points([Observation("m", day, "GPQA Diamond", 0.0, p) for day, p in sorted(lows.items())])
    assert rate["n_points"] == fit.n_points == 6
    assert 1 / rate["annual_factor"] == pytest.approx(fit.annual_factor, rel=1e-5) == pytest.approx(42.019, rel=1e-4)
    assert 1 / rate["annual_factor_ci90_high"] == pytest.approx(fit.annual_factor_ci90_low, rel=1e-9)
    assert 1 / rate["annual_factor_ci90_low"] == pytest.approx(fit.annual_factor_ci90_high, rel=1e-9)
    assert rate["r_squared"] == pytest.approx(fit.r_squared, rel=1e-9)
    assert rate["halving_months"] == pytest.approx(fit.halving_months, abs=0.005)


def test_a_level_with_fewer_than_four_new_lows_gets_no_rate_and_says_why(con):
    start = date(2024, 1, 1)
    _frontier(con, {start + timedelta(days=d): 10.0 if d < 200 else 5.0 for d in range(400)})
    (rate,) = _rates(con)
    assert rate["annual_factor"] is None and rate["n_points"] == 2
    assert rate["no_rate_reason"] == "2 new lows in price, under Epoch's minimum of 4"


def test_a_level_under_180_days_gets_no_rate_whatever_its_lows(con):
    start = date(2024, 1, 1)
    _frontier(con, {start + timedelta(days=d): 100.0 - d for d in range(30)})
    (rate,) = _rates(con)
    assert rate["annual_factor"] is None and rate["no_rate_reason"] == "30 days, under 180"
