"""Holding suspicious landings back: kept in `raw`, flagged, excluded from the marts.

Two rules, applied inside the landing transaction:

- a price that moved more than 10× (up or down; unit switches of 1000× or 1e6× included) since
  the offer's last accepted price within the past 7 days is quarantined. The next day's snapshot confirms it when it
  shows the same price again (within 1%): the move was real, and both days are released;
- a day that yields under half the source's median row count over its accepted days of the past
  7 days is quarantined whole. The next day confirms it when its count is within 20% of that day's.

`breakeven accept SOURCE DAY` releases a day by hand. Staging reads only rows whose
`quarantine_reason` is null, so a held-back day is carried forward from the last good one.
"""

from __future__ import annotations

import math
import statistics
from datetime import date

import duckdb

MAX_MOVE = 10.0
# Both rules look back this many days: "the last day" and "the last 7 days" of a daily scraper.
LOOKBACK_DAYS = 7
CONFIRM_TOLERANCE = 0.01
ROW_DROP_SHARE = 0.5
ROW_CONFIRM_TOLERANCE = 0.2

KEYS = {
    "token_prices": ["provider_id", "provider_model_id", "price_tier", "region", "min_prompt_tokens"],
    "gpu_rates": ["provider_id", "instance_type", "region", "pricing_type"],
}
METRICS = {
    "token_prices": ["input_usd_per_mtok", "output_usd_per_mtok", "cached_input_usd_per_mtok", "cache_write_usd_per_mtok"],
    "gpu_rates": ["usd_per_instance_hour"],
}


def _largest_log_move(a: str, b: str, metrics: list[str]) -> str:
    """SQL: the largest |ln(a/b)| over the metrics both sides price above zero (null if none)."""
    terms = [f"case when {a}.{m} > 0 and {b}.{m} > 0 then abs(ln({a}.{m} / {b}.{m})) end" for m in metrics]
    return f"greatest({', '.join(terms)})"


def _latest_before(table: str, keys: list[str], lookback_days: int | None = None, where: str = "") -> str:
    """SQL: each offer's latest row before $day (within `lookback_days`, if given). The price
    rules look back a week only: across a gap of weeks (a backfill of monthly snapshots) a
    tenfold move is what prices really do."""
    window = f"and observed_date >= $day - {lookback_days}" if lookback_days is not None else ""
    return f"""select rowid as row_id, * from {table} where observed_date < $day {window} {where}
               qualify row_number() over (partition by {', '.join(keys)} order by observed_date desc) = 1"""


def flag_price_moves(con: duckdb.DuckDBPyConnection, table: str, kind: str, day: date) -> int:
    """Quarantine the day's rows whose price moved more than 10×; release earlier moves it confirms."""
    keys, metrics = KEYS[kind], METRICS[kind]
    same_offer = " and ".join(f"t.{k} is not distinct from p.{k}" for k in keys)
    todays = f"(select * from {table} where observed_date = $day) as t"
    # The last price seen (accepted or not) was quarantined, and today shows it again: it was real.
    con.execute(f"""
        update {table} set quarantine_reason = null
        where rowid in (
            select p.row_id from {todays} join ({_latest_before(table, keys, LOOKBACK_DAYS)}) as p on {same_offer}
            where p.quarantine_reason like 'price moved%'
              and coalesce({_largest_log_move('t', 'p', metrics)}, 0) <= ln(1 + {CONFIRM_TOLERANCE})
        )""", {"day": day})
    moves = con.execute(f"""
        select t.rowid, p.observed_date, {_largest_log_move('t', 'p', metrics)} as size
        from {table} as t join ({_latest_before(table, keys, LOOKBACK_DAYS, 'and quarantine_reason is null')}) as p on {same_offer}
        where t.observed_date = $day and t.quarantine_reason is null
          and {_largest_log_move('t', 'p', metrics)} > ln({MAX_MOVE})
    """, {"day": day}).fetchall()
    for row_id, since, size in moves:
        con.execute(f"update {table} set quarantine_reason = ? where rowid = ?",
                    [f"price moved {math.exp(size):.4g}x since {since}", row_id])
    return len(moves)


def flag_row_drop(con: duckdb.DuckDBPyConnection, table: str, day: date, rows: int) -> bool:
    """Quarantine the whole day when it holds under half the 7-day median; True if it did."""
    history = con.execute(f"""
        select observed_date, count(*), bool_or(coalesce(quarantine_reason like 'only %', false))
        from {table} where observed_date < ? and observed_date >= ? - {LOOKBACK_DAYS}
        group by observed_date order by observed_date desc
    """, [day, day]).fetchall()
    if not history:
        return False
    last_day, last_rows, last_dropped = history[0]
    if last_dropped and abs(rows - last_rows) <= ROW_CONFIRM_TOLERANCE * last_rows:
        # Two days in a row at the new level: the source really shrank.
        con.execute(f"update {table} set quarantine_reason = null where observed_date = ?", [last_day])
        return False
    accepted = [n for _, n, dropped in history if not dropped][:7]
    if not accepted or rows >= ROW_DROP_SHARE * statistics.median(accepted):
        return False
    con.execute(f"update {table} set quarantine_reason = ? where observed_date = ?",
                [f"only {rows} rows, under half of the 7-day median {statistics.median(accepted):g}", day])
    return True


def accept(con: duckdb.DuckDBPyConnection, table: str, day: date) -> int:
    """Release every quarantined row of a day (the operator confirmed it)."""
    return len(con.execute(f"update {table} set quarantine_reason = null where observed_date = ? and quarantine_reason is not null returning 1",
                           [day]).fetchall())


def count_changes(con: duckdb.DuckDBPyConnection, table: str, kind: str, day: date) -> tuple[int, int]:
    """(offers whose price differs from the source's previous landing, offers it did not list).

    Compared with the previous landing day only, so the count costs one day's rows whatever the
    history's length; an offer back after a gap counts as new."""
    keys, metrics = KEYS[kind], METRICS[kind]
    same_offer = " and ".join(f"t.{k} is not distinct from p.{k}" for k in keys)
    differs = " or ".join(f"t.{m} is distinct from p.{m}" for m in metrics)
    return con.execute(f"""
        select count(*) filter (where p.observed_date is not null and ({differs})),
               count(*) filter (where p.observed_date is null)
        from (select * from {table} where observed_date = $day) as t
        left join (
            select * from {table}
            where observed_date = (select max(observed_date) from {table} where observed_date < $day)
        ) as p
            on {same_offer}
    """, {"day": day}).fetchone()
