"""The DuckDB warehouse: connecting without colliding, and landing parsed records in `raw`.

Each source lands into its own table `raw.<source_id>`; a rerun of a (source, day) replaces
that day's rows in one transaction, so landing is idempotent and never half-done. Every attempt,
good or bad, is logged in `raw.ingest_log`, which `breakeven status` reads.
"""

from __future__ import annotations

import re
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb

from orchestration.warehouse import quarantine
from scrapers.records import GPU_RATE_FIELDS, TOKEN_PRICE_FIELDS, Record
from scrapers.registry import Source

LOCK_WAIT_S = 120.0

_TOKEN_COLUMNS = {
    "provider_id": "VARCHAR", "provider_model_id": "VARCHAR", "input_usd_per_mtok": "DOUBLE",
    "output_usd_per_mtok": "DOUBLE", "price_tier": "VARCHAR", "region": "VARCHAR",
    "cached_input_usd_per_mtok": "DOUBLE", "cache_write_usd_per_mtok": "DOUBLE",
    "min_prompt_tokens": "BIGINT", "provider_name": "VARCHAR", "model_name": "VARCHAR",
    "quantization": "VARCHAR", "context_length": "BIGINT",
}
_GPU_COLUMNS = {
    "provider_id": "VARCHAR", "gpu_name": "VARCHAR", "gpu_count": "INTEGER", "instance_type": "VARCHAR",
    "region": "VARCHAR", "pricing_type": "VARCHAR", "usd_per_instance_hour": "DOUBLE",
    "gpu_id": "VARCHAR", "usd_per_gpu_hour": "DOUBLE",
}
assert list(_TOKEN_COLUMNS) == TOKEN_PRICE_FIELDS and list(_GPU_COLUMNS) == GPU_RATE_FIELDS
_COMMON_HEAD = {"observed_date": "DATE", "source_id": "VARCHAR"}
_COMMON_TAIL = {"snapshot_url": "VARCHAR", "snapshot_sha256": "VARCHAR", "landed_at": "TIMESTAMP"}

INGEST_LOG_DDL = """
create table if not exists raw.ingest_log (
    source_id varchar not null,
    observed_date date not null,
    run_id varchar,
    started_at timestamp,
    finished_at timestamp,
    ok boolean not null,
    rows_landed bigint,
    rows_skipped bigint,
    rows_unreadable bigint,
    error varchar,
    skip_summary varchar,
    urls varchar[],
    sha256s varchar[],
    rows_quarantined bigint,
    rows_changed bigint,
    notices varchar
)"""


def columns_for(kind: str) -> dict[str, str]:
    body = _TOKEN_COLUMNS if kind == "token_prices" else _GPU_COLUMNS
    return {**_COMMON_HEAD, **body, **_COMMON_TAIL}


def _table(source_id: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", source_id):
        raise ValueError(f"source id {source_id!r} is not a safe table name")
    return f"raw.{source_id}"


@contextmanager
def connect(path: Path, *, read_only: bool = False, wait_s: float = LOCK_WAIT_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, waiting a bounded time (with a message) if another process holds it."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    announced = False
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
            if not announced:
                print(f"warehouse {path} is in use by another process; waiting up to {wait_s:.0f} s ({exc})",
                      file=sys.stderr)
                announced = True
            time.sleep(1.0)
    try:
        yield con
    finally:
        con.close()


def ensure_raw_tables(con: duckdb.DuckDBPyConnection, sources: list[Source]) -> None:
    """Create `raw` and a table per source, so dbt finds every source even before its first landing."""
    con.execute("create schema if not exists raw")
    con.execute(INGEST_LOG_DDL)
    # Columns added after a warehouse was first built (older warehouses are upgraded in place).
    con.execute("alter table raw.ingest_log add column if not exists rows_quarantined bigint")
    con.execute("alter table raw.ingest_log add column if not exists rows_changed bigint")
    con.execute("alter table raw.ingest_log add column if not exists notices varchar")
    con.execute("create table if not exists raw.dbt_project_built (fingerprint varchar, built_at timestamp)")
    con.execute("create table if not exists raw.publish_pending (since date, every_day boolean not null)")
    for source in sources:
        cols = ", ".join(f"{name} {ctype}" for name, ctype in columns_for(source.kind).items())
        table = _table(source.id)
        con.execute(f"create table if not exists {table} ({cols}, quarantine_reason varchar)")
        con.execute(f"alter table {table} add column if not exists quarantine_reason varchar")


def land(con: duckdb.DuckDBPyConnection, source: Source, day: date, records: list[Record],
         record_urls: list[str], record_shas: list[str]) -> tuple[int, int]:
    """Replace the source's rows for `day` with `records`, atomically, holding back what looks
    wrong (orchestration.warehouse.quarantine). Returns (rows landed, rows quarantined)."""
    table = _table(source.id)
    columns = columns_for(source.kind)
    landed_at = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = [record.as_row() for record in records]
    values: dict[str, list] = {
        "observed_date": [day] * len(rows),
        "source_id": [source.id] * len(rows),
        **{name: [row[name] for row in rows] for name in columns if name not in _COMMON_HEAD and name not in _COMMON_TAIL},
        "snapshot_url": record_urls,
        "snapshot_sha256": record_shas,
        "landed_at": [landed_at] * len(rows),
    }
    # Values travel as typed list parameters and are unnested side by side: scraped text is never
    # formatted into SQL, and thousands of rows land in one statement.
    select = ", ".join(f"unnest(?::{ctype}[]) as {name}" for name, ctype in columns.items())
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {table} where observed_date = ?", [day])
        if rows:
            con.execute(f"insert into {table} ({', '.join(columns)}) select {select}",
                        [values[name] for name in columns])
        if quarantine.flag_row_drop(con, table, day, len(rows)):
            held = len(rows)
        else:
            held = quarantine.flag_price_moves(con, table, source.kind, day)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return len(rows), held


def changes(con: duckdb.DuckDBPyConnection, source: Source, day: date) -> tuple[int, int]:
    """(prices changed since the offer's previous observation, new offers) for a landed day."""
    return quarantine.count_changes(con, _table(source.id), source.kind, day)


def accept(con: duckdb.DuckDBPyConnection, source: Source, day: date) -> int:
    """Release a quarantined day (`breakeven accept`). Returns the rows released."""
    return quarantine.accept(con, _table(source.id), day)


def built_project(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of the dbt project the last complete build ran (orchestration.dbt_project)."""
    row = con.execute("select fingerprint from raw.dbt_project_built order by built_at desc limit 1").fetchone()
    return row[0] if row else None


def record_built_project(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    con.execute("delete from raw.dbt_project_built")
    con.execute("insert into raw.dbt_project_built values (?, ?)",
                [fingerprint, datetime.now(timezone.utc).replace(tzinfo=None)])


def mark_unpublished(con: duckdb.DuckDBPyConnection, since: date | None) -> None:
    """Note that a build is about to change the marts from `since` on (None: every day), for
    the next publish (orchestration.warehouse.publishing). Earlier marks since the last publish add up."""
    pending, earlier = unpublished(con)
    every_day = since is None or (pending and earlier is None)
    first = None if every_day else min(d for d in (since, earlier if pending else None) if d is not None)
    con.execute("delete from raw.publish_pending")
    con.execute("insert into raw.publish_pending values (?, ?)", [first, every_day])


def unpublished(con: duckdb.DuckDBPyConnection) -> tuple[bool, date | None]:
    """(whether a build changed the marts since the last publish, the first day it changed; None: every day)."""
    row = con.execute("select since, every_day from raw.publish_pending").fetchone()
    return (False, None) if row is None else (True, None if row[1] else row[0])


def mark_published(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from raw.publish_pending")


def log_attempt(con: duckdb.DuckDBPyConnection, *, source_id: str, day: date, run_id: str | None,
                started_at: datetime, ok: bool, rows_landed: int = 0, rows_skipped: int = 0,
                rows_unreadable: int = 0, error: str | None = None, skip_summary: str | None = None,
                urls: list[str] | None = None, sha256s: list[str] | None = None, rows_quarantined: int = 0,
                rows_changed: int = 0, notices: list[str] | None = None) -> None:
    """`notices`: what the parser saw and does not read (new columns), one per line; null if none."""
    # Columns named: a warehouse upgraded in place has them in the order they were added.
    con.execute(
        "insert into raw.ingest_log (source_id, observed_date, run_id, started_at, finished_at, ok, rows_landed, "
        "rows_skipped, rows_unreadable, error, skip_summary, urls, sha256s, rows_quarantined, rows_changed, notices) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [source_id, day, run_id, started_at.replace(tzinfo=None),
         datetime.now(timezone.utc).replace(tzinfo=None), ok, rows_landed, rows_skipped,
         rows_unreadable, error, skip_summary, urls or [], sha256s or [], rows_quarantined, rows_changed,
         "\n".join(notices) if notices else None],
    )
