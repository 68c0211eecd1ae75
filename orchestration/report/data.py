"""What the report shows, read from the public marts only (so every figure can be redone in SQL).

Each function takes a read-only connection and returns plain Python values: the charts and
tables need no pandas.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import duckdb


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple]


@dataclass
class Series:
    """One line on a chart: x are days, y values (extra carries per-point values such as a band)."""
    name: str
    x: list[date] = field(default_factory=list)
    y: list[float] = field(default_factory=list)
    extra: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Table:
    result = con.execute(sql, params or [])
    return Table(columns=[d[0] for d in result.description], rows=result.fetchall())


def latest_day(con: duckdb.DuckDBPyConnection, table: str, column: str) -> date | None:
    return con.execute(f"select max({column}) from marts.{table}").fetchone()[0]


# The chained indices the trend chart draws, (index_id, label) per side. The capability frontier
# is drawn with them on the paradox chart (paradox.py), in dollars rather than as an index.
TOKEN_INDICES = [("token:all:output", "Token prices, all offers (output)")]
GPU_INDICES = [("gpu:H100-SXM:on_demand", "H100-SXM on demand"), ("gpu:all:on_demand", "All GPUs on demand")]


def annual_rate(con: duckdb.DuckDBPyConnection, series_kind: str, series_id: str, metric: str) -> str:
    """The legend's rate: '×0.62/yr (90%: 0.50–0.77)' over the whole series, or why there is none."""
    row = con.execute("""
        select annual_factor, annual_factor_ci90_low, annual_factor_ci90_high, no_rate_reason
        from marts.fct_halving_rates
        where series_kind = ? and series_id = ? and metric = ? and fit_window = 'all'
    """, [series_kind, series_id, metric]).fetchone()
    if row is None:
        return "no rate yet"
    factor, low, high, reason = row
    if factor is None:
        return f"no rate: {reason}"
    # Three significant digits: a frontier falling 25× a year is ×0.0394, which two decimals would round away.
    return f"×{factor:.3g}/yr (90%: {low:.3g}–{high:.3g})"


def index_line(con: duckdb.DuckDBPyConnection, index_id: str, label: str) -> Series | None:
    """One chained index of marts.fct_price_index_daily, named with its annual factor and interval."""
    rows = con.execute("select index_date, value from marts.fct_price_index_daily where index_id = ? "
                       "order by index_date", [index_id]).fetchall()
    if not rows:
        return None
    line = Series(f"{label}: {annual_rate(con, 'price_index', index_id, 'index_value')}")
    for day, value in rows:
        line.x.append(day)
        line.y.append(value)
    return line


def trend_lines(con: duckdb.DuckDBPyConnection) -> dict[str, list[Series]]:
    """The token side and the GPU side of the trend chart (indices with no row are left out)."""
    token = [index_line(con, index_id, label) for index_id, label in TOKEN_INDICES]
    gpu = [index_line(con, index_id, label) for index_id, label in GPU_INDICES]
    return {"token": [s for s in token if s], "gpu": [s for s in gpu if s]}


def provider_prices(con: duckdb.DuckDBPyConnection, models: list[str]) -> list[Series]:
    """Each provider's cheapest standard output price for any model of the family, per day."""
    rows = con.execute("""
        select provider_id, price_date, min(output_usd_per_mtok) as output_usd_per_mtok
        from marts.fct_token_prices_daily
        where model_id in (select unnest(?::varchar[]))
          and price_tier = 'standard' and output_usd_per_mtok > 0
        group by provider_id, price_date
        order by provider_id, price_date
    """, [models]).fetchall()
    return _group(rows)


def breakevens(con: duckdb.DuckDBPyConnection, models: list[str], scenarios: list[str], gpu_id: str) -> list[Series]:
    """Breakeven output cost per scenario on one GPU; the median over the family's models per day."""
    rows = con.execute("""
        select scenario_id, breakeven_date, median(breakeven_output_usd_per_mtok)
        from marts.fct_breakeven_daily
        where model_id in (select unnest(?::varchar[]))
          and scenario_id in (select unnest(?::varchar[]))
          and gpu_id = ? and rate_basis = 'median_on_demand'
        group by scenario_id, breakeven_date
        order by scenario_id, breakeven_date
    """, [models, scenarios, gpu_id]).fetchall()
    by_scenario = {s.name: s for s in _group(rows)}
    return [by_scenario[s] for s in scenarios if s in by_scenario]


def gpu_index(con: duckdb.DuckDBPyConnection, max_gpus: int = 6) -> list[Series]:
    """On-demand index (median, p25, p75) of the GPUs most providers rent on the latest day."""
    rows = con.execute("""
        with latest as (
            select gpu_id, n_providers
            from marts.fct_gpu_rate_index_daily
            where pricing_type = 'on_demand'
              and rate_date = (select max(rate_date) from marts.fct_gpu_rate_index_daily where pricing_type = 'on_demand')
            order by n_providers desc, gpu_id
            limit ?
        )
        select i.gpu_id, i.rate_date, i.median_usd_per_gpu_hour, i.p25_usd_per_gpu_hour, i.p75_usd_per_gpu_hour
        from marts.fct_gpu_rate_index_daily i
        join latest using (gpu_id)
        where i.pricing_type = 'on_demand'
        order by latest.n_providers desc, i.gpu_id, i.rate_date
    """, [max_gpus]).fetchall()
    series: dict[str, Series] = {}
    for gpu, day, median, p25, p75 in rows:
        s = series.setdefault(gpu, Series(gpu))
        s.x.append(day)
        s.y.append(median)
        s.extra["p25"].append(p25 if p25 is not None else median)
        s.extra["p75"].append(p75 if p75 is not None else median)
    return list(series.values())


def halving_rates(con: duckdb.DuckDBPyConnection) -> Table:
    """Every fitted rate with its 90% interval, indices first, then models and GPUs (a breakeven
    halves exactly as its GPU's rate does); series with no rate say why, except single offers
    (thousands of them: marts.fct_halving_rates lists them all)."""
    return _rows(con, """
        select series_kind, series_id, metric, fit_window, halving_months, doubling_months,
               annual_factor, annual_factor_ci90_low, annual_factor_ci90_high, n_points, r_squared,
               start_date, end_date, n_days, no_rate_reason
        from marts.fct_halving_rates
        where no_rate_reason is null or series_kind <> 'token_price'
        order by no_rate_reason is not null,
                 case series_kind when 'price_index' then 1 when 'capability_frontier' then 2
                                  when 'canonical_model' then 3 when 'gpu_rate' then 4
                                  when 'token_price' then 5 else 6 end,
                 series_id, metric, fit_window
    """)


def recent_price_changes(con: duckdb.DuckDBPyConnection, limit: int = 25) -> Table:
    return _rows(con, """
        select changed_on, provider_id, provider_model_id, price_tier, region, metric,
               old_usd_per_mtok, new_usd_per_mtok, change_factor
        from marts.fct_price_changes
        order by changed_on desc, provider_id, provider_model_id, metric
        limit ?
    """, [limit])


def below_breakeven(con: duckdb.DuckDBPyConnection, day: date | None, scenario: str, gpu_id: str) -> Table:
    return _rows(con, """
        select provider_id, provider_model_id, model_id, output_usd_per_mtok,
               breakeven_output_usd_per_mtok, price_to_breakeven
        from marts.fct_price_vs_breakeven_daily
        where price_date = ? and scenario_id = ? and gpu_id = ?
          and price_tier = 'standard' and is_below_breakeven
        order by price_to_breakeven, provider_id, provider_model_id
    """, [day, scenario, gpu_id])


def _group(rows: list[tuple]) -> list[Series]:
    """(name, day, value) rows, ordered by name then day, into one Series per name."""
    series: dict[str, Series] = {}
    for name, day, value in rows:
        s = series.setdefault(name, Series(name))
        s.x.append(day)
        s.y.append(value)
    return list(series.values())
