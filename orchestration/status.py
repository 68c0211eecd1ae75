"""What `breakeven status` and the end of `breakeven demo` print."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration import warehouse as wh
from orchestration.checks import STALE_AFTER_DAYS
from orchestration.export import marts_tables

_STATUS_SQL = """
with attempts as (
    select *, row_number() over (partition by source_id order by finished_at desc) as recency
    from raw.ingest_log
),
good as (
    select source_id, max(observed_date) as last_good_day from raw.ingest_log where ok group by source_id
)
select a.source_id, g.last_good_day,
       (select rows_landed from raw.ingest_log l where l.source_id = a.source_id and l.ok
          and l.observed_date = g.last_good_day order by finished_at desc limit 1) as rows_on_last_good_day,
       a.observed_date as last_attempt_day, a.ok as last_attempt_ok, a.error as last_error,
       coalesce(a.rows_quarantined, 0) as rows_held_back,
       (select max(observed_date) from raw.ingest_log) - g.last_good_day as days_behind
from attempts a left join good g using (source_id)
where a.recency = 1
order by a.source_id
"""


# Per source, the notices of its latest successful attempt on its latest good day.
_NOTICES_SQL = """
select source_id, observed_date, notices from (
    select source_id, observed_date, notices,
           row_number() over (partition by source_id order by observed_date desc, finished_at desc) as recency
    from raw.ingest_log where ok
)
where recency = 1 and notices is not null
order by source_id
"""


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(con.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                            [schema, table]).fetchone()[0])


def _has_column(con: duckdb.DuckDBPyConnection, schema: str, table: str, column: str) -> bool:
    return bool(con.execute("select count(*) from information_schema.columns where table_schema = ? "
                            "and table_name = ? and column_name = ?", [schema, table, column]).fetchone()[0])


def status_lines(warehouse_file: Path) -> list[str]:
    if not Path(warehouse_file).exists():
        return [f"no warehouse at {warehouse_file} yet: run `breakeven demo` or `breakeven run`"]
    lines = []
    with wh.connect(warehouse_file, read_only=True) as con:
        if not _table_exists(con, "raw", "ingest_log"):
            return [f"warehouse {warehouse_file} has no ingest log yet"]
        lines.append(f"{'source':<22} {'last good day':<14} {'rows':>7}  last attempt")
        for source_id, good_day, rows, day, ok, error, held, behind in con.execute(_STATUS_SQL).fetchall():
            attempt = f"{day} ok" if ok else f"{day} FAILED: {error}"
            if ok and held:
                attempt += f", {held} rows held back (release: breakeven accept {source_id} {day})"
            if behind is None or behind >= STALE_AFTER_DAYS:
                attempt += "  [STALE: no good day for 2 days or more]"
            lines.append(f"{source_id:<22} {str(good_day or '-'):<14} {rows or 0:>7}  {attempt}")
        if _has_column(con, "raw", "ingest_log", "notices"):  # a warehouse from before notices has none
            noticed = con.execute(_NOTICES_SQL).fetchall()
            if noticed:
                lines.append("")
                lines.append("Columns the parsers saw but do not read (latest day per source; extend the parser, "
                             "or list them as ignored in its module):")
                lines += [f"  {source_id} {day}: {notice}" for source_id, day, notices in noticed
                          for notice in notices.splitlines()]
        if _table_exists(con, "intermediate", "int_gpu_rates__unmapped_names"):
            unmapped = con.execute("select source_id, provider_id, gpu_name, n_rows, example_instance_type "
                                   "from intermediate.int_gpu_rates__unmapped_names order by 1, 2, 3").fetchall()
            if unmapped:
                lines.append("")
                lines.append("GPU names no alias maps (add them to dbt_project/seeds/gpu_aliases.csv):")
                lines += [f"  {s}/{p}: {name!r} ({n} rows, e.g. {example})" for s, p, name, n, example in unmapped]
        if _table_exists(con, "marts", "fct_token_prices_daily"):
            unmapped_models = con.execute(_UNMAPPED_MODELS_SQL).fetchall()
            if unmapped_models:
                lines.append("")
                lines.append(f"Model ids no alias maps today ({len(unmapped_models)}; add them to dbt_project/seeds/model_aliases.csv):")
                lines += [f"  {source}/{provider}: {model_id}" for source, provider, model_id in unmapped_models[:40]]
                if len(unmapped_models) > 40:
                    lines.append(f"  ... and {len(unmapped_models) - 40} more: breakeven query \"{_UNMAPPED_MODELS_SQL.strip()}\"")
        if _table_exists(con, "seeds", "model_capabilities"):
            lines += _unmapped_capability_lines(con)
    return lines


def _unmapped_capability_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    names = con.execute("select benchmark, string_agg(distinct model_name_as_in_source, ', ' order by model_name_as_in_source) "
                        "from seeds.model_capabilities where model_id is null group by 1 order by 1").fetchall()
    if not names:
        return []
    return ["", "Capability scores of models with no model_id (they still set the frontier but name no level; "
                "fill model_id in dbt_project/seeds/model_capabilities.csv):"] + \
        [f"  {benchmark}: {listed}" for benchmark, listed in names]


_UNMAPPED_MODELS_SQL = """
select distinct source_id, provider_id, provider_model_id from marts.fct_token_prices_daily
where model_id is null and price_date = (select max(price_date) from marts.fct_token_prices_daily)
order by 1, 2, 3"""


BELOW_BREAKEVEN_SQL = """
select provider_id, provider_model_id, gpu_id, output_usd_per_mtok,
       round(breakeven_output_usd_per_mtok, 3) as breakeven_output_usd_per_mtok,
       round(price_to_breakeven, 3) as price_to_breakeven
from marts.fct_price_vs_breakeven_daily
where price_date = (select max(price_date) from marts.fct_token_prices_daily)
  and model_id in ('llama-3.1-70b', 'llama-3.3-70b')
  and scenario_id = 'continuous_batching_fp16'
  and gpu_id = 'H100-SXM'
  and price_tier = 'standard'
  and is_below_breakeven
order by price_to_breakeven
"""

_HEADLINES = [
    ("Cheapest Llama 3.x 70B output price today (USD per Mtok)",
     """select provider_id, provider_model_id, input_usd_per_mtok, output_usd_per_mtok
        from marts.fct_token_prices_daily
        where price_date = (select max(price_date) from marts.fct_token_prices_daily)
          and provider_model_id ilike '%llama-3%70b%' and price_tier = 'standard'
        order by output_usd_per_mtok limit 3"""),
    ("GPU rental index today, on-demand (USD per GPU-hour)",
     """select gpu_id, n_providers, min_usd_per_gpu_hour, median_usd_per_gpu_hour
        from marts.fct_gpu_rate_index_daily
        where rate_date = (select max(rate_date) from marts.fct_gpu_rate_index_daily)
          and pricing_type = 'on_demand' and gpu_id in ('H100-SXM', 'H200', 'A100-SXM-80GB', 'L40S', 'B200')
        order by median_usd_per_gpu_hour desc"""),
    ("Selling Llama 3.x 70B below breakeven today (continuous batching, FP16, on H100-SXM)", BELOW_BREAKEVEN_SQL),
]

def summary_lines(warehouse_file: Path) -> list[str]:
    lines = []
    with wh.connect(warehouse_file, read_only=True) as con:
        lines.append("Rows in the marts:")
        # Read from the warehouse, so a mart added to the project is listed too; dimensions first.
        tables = sorted(marts_tables(con), key=lambda name: (not name.startswith("dim_"), name))
        width = max(map(len, tables), default=0)
        for table in tables:
            lines.append(f"  marts.{table:<{width}} {con.execute(f'select count(*) from marts.{table}').fetchone()[0]:>8}")
        for title, sql in _HEADLINES:
            try:
                result = con.execute(sql)
            except duckdb.CatalogException:
                continue
            header = [d[0] for d in result.description]
            rows = result.fetchall()
            lines += ["", title + ":", "  " + "  ".join(header)]
            lines += ["  " + "  ".join(f"{v:.4g}" if isinstance(v, float) else str(v) for v in row) for row in rows]
    return lines
