"""Synthetic price history at realistic volumes, for the benchmark only.

Per day: ~3,000 token price rows spread over the registered token sources and ~5,000 GPU rate
rows over the GPU sources, in each source's own raw table. Prices change rarely, as real ones
do: every offer keeps its price for a period of 60–400 days (its own, from a hash), then token
prices fall 15% and GPU rates 3%. Model ids are the canonical ids of seeds/models.csv (some with
a provider suffix), GPUs are those of seeds/gpu_specs.csv, so the models map and price them as
they would real rows.

History is written in bulk, one INSERT … SELECT per source into the raw table's own schema:
landing 3,650 days one call at a time would take longer than the whole benchmark may. The day
that is measured goes through the real landing path (`warehouse.land`, quarantine included):
see `day_records`.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta

import duckdb

from orchestration import settings
from orchestration import warehouse as wh
from scrapers.records import GpuRate, TokenPrice
from scrapers.registry import Source, all_sources

TOKEN_ROWS_PER_DAY = 3000
GPU_ROWS_PER_DAY = 5000
# The measured day; history ends the day before. Fixed, so every run generates the same data.
BENCH_DAY = date(2026, 6, 30)
EPOCH = date(2016, 1, 1)


def _seed_column(seed: str, column: str) -> list[str]:
    with open(settings.DBT_PROJECT_DIR / "seeds" / f"{seed}.csv", newline="", encoding="utf-8") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def sources(kind: str) -> list[Source]:
    return [s for s in all_sources().values() if s.kind == kind]


def _offers_sql(kind: str, source: Source, per_source: int) -> str:
    """One row per offer of `source`: its key columns, base price and change period."""
    if kind == "token_prices":
        models = _seed_column("models", "model_id")
        values = ", ".join(f"('{m}')" for m in models)
        return f"""
            select k, '{source.id}' as provider_id,
                   models[1 + k % len(models)] || case when k >= len(models) then '-v' || (k // len(models)) else '' end
                       as provider_model_id,
                   case when k % 10 = 9 then 'batch' else 'standard' end as price_tier,
                   0.05 + (hash(k, '{source.id}') % 400) / 100.0 as base_price,
                   60 + hash(k, '{source.id}', 'p') % 340 as period_days,
                   hash(k, '{source.id}', 'o') % 400 as phase_days
            from range({per_source}) as r(k), (select list(m) as models from (values {values}) as v(m))
        """
    gpus = _seed_column("gpu_specs", "gpu_id")
    values = ", ".join(f"('{g}')" for g in gpus)
    return f"""
        select k, '{source.id}' as provider_id,
               gpus[1 + k % len(gpus)] as gpu_id,
               [1, 2, 4, 8][1 + (k // len(gpus)) % 4] as gpu_count,
               'inst-' || k as instance_type,
               'region-' || (k // (4 * len(gpus))) % 5 as region,
               case when k % 4 = 3 then 'spot' else 'on_demand' end as pricing_type,
               0.4 + (hash(k, '{source.id}') % 500) / 100.0 as base_price,
               60 + hash(k, '{source.id}', 'p') % 340 as period_days,
               hash(k, '{source.id}', 'o') % 400 as phase_days
        from range({per_source}) as r(k), (select list(g) as gpus from (values {values}) as v(g))
    """


def _rows_sql(kind: str, source: Source, per_source: int, first: date, last: date) -> str:
    """The source's full snapshot on every day first..last, in the raw table's column order."""
    step = "0.85" if kind == "token_prices" else "0.97"
    price = (f"offers.base_price * pow({step}, (datediff('day', date '{EPOCH}', days.day) + offers.phase_days)"
             f" // offers.period_days)")
    common_head = f"cast(days.day as date) as observed_date, '{source.id}' as source_id"
    tail = (f"'https://bench.invalid/{source.id}' as snapshot_url, 'bench' as snapshot_sha256, "
            "current_timestamp::timestamp as landed_at, null::varchar as quarantine_reason")
    if kind == "token_prices":
        body = (f"offers.provider_id, offers.provider_model_id, round({price}, 4) as input_usd_per_mtok, "
                f"round(3 * {price}, 4) as output_usd_per_mtok, offers.price_tier, 'global' as region, "
                f"round({price} / 10, 4) as cached_input_usd_per_mtok, null::double as cache_write_usd_per_mtok, "
                "0::bigint as min_prompt_tokens, null as provider_name, offers.provider_model_id as model_name, "
                "null as quantization, 131072::bigint as context_length")
    else:
        body = ("offers.provider_id, offers.gpu_id as gpu_name, offers.gpu_count, offers.instance_type, offers.region, "
                f"offers.pricing_type, round(offers.gpu_count * {price}, 4) as usd_per_instance_hour, offers.gpu_id, "
                f"round(offers.gpu_count * {price}, 4) / offers.gpu_count as usd_per_gpu_hour")
    return f"""
        with offers as ({_offers_sql(kind, source, per_source)})
        select {common_head}, {body}, {tail}
        from generate_series(date '{first}', date '{last}', interval 1 day) as days(day)
        cross join offers
        order by observed_date
    """


def _per_source(kind: str) -> int:
    total = TOKEN_ROWS_PER_DAY if kind == "token_prices" else GPU_ROWS_PER_DAY
    return -(-total // len(sources(kind)))


def write_history(con: duckdb.DuckDBPyConnection, days: int, progress=print) -> int:
    """Fill every source's raw table with `days` days ending the day before BENCH_DAY. Returns rows."""
    wh.ensure_raw_tables(con, list(all_sources().values()))
    first, last = BENCH_DAY - timedelta(days=days), BENCH_DAY - timedelta(days=1)
    total = 0
    for kind in ("token_prices", "gpu_rates"):
        for source in sources(kind):
            con.execute(f"delete from raw.{source.id}")
            con.execute(f"insert into raw.{source.id} {_rows_sql(kind, source, _per_source(kind), first, last)}")
            total += con.execute(f"select count(*) from raw.{source.id}").fetchone()[0]
        progress(f"    {kind}: {len(sources(kind))} sources, {first}..{last}")
    return total


def day_records(con: duckdb.DuckDBPyConnection, source: Source, day: date) -> list[TokenPrice | GpuRate]:
    """The source's synthetic snapshot for `day`, as the validated records a parser returns."""
    rows = con.execute(_rows_sql(source.kind, source, _per_source(source.kind), day, day)).fetchall()
    names = [d[0] for d in con.description]
    records = []
    for row in rows:
        values = dict(zip(names, row))
        if source.kind == "token_prices":
            records.append(TokenPrice(**{k: values[k] for k in TokenPrice.__dataclass_fields__}))
        else:
            records.append(GpuRate(**{k: values[k] for k in GpuRate.__dataclass_fields__}))
    return records
