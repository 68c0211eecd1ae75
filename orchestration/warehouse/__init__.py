"""The warehouse side: plain Python (no Dagster) that the assets, checks and CLI call.

landing (connecting to the DuckDB file, the raw tables, landing a day, the ingest log),
quarantine (holding suspicious landings back), pipeline (one source, one day: fetch → archive →
parse → land), publishing (the read-only snapshot readers query: publishing decides and
switches, snapshot_files writes a snapshot, snapshot_store keeps it in a folder or a bucket,
snapshot_reader opens the current one). Imports go one way: Dagster's
side (definitions, assets, checks, schedules, resources, runner) imports this package, never the
reverse (tests/orchestration/test_layout.py).

`from orchestration import warehouse as wh` gives landing's functions, as when it was one module.
"""

from orchestration.warehouse.landing import (
    INGEST_LOG_DDL,
    LOCK_WAIT_S,
    accept,
    built_project,
    changes,
    columns_for,
    connect,
    ensure_raw_tables,
    land,
    log_attempt,
    mark_published,
    mark_unpublished,
    record_built_project,
    unpublished,
)

__all__ = ["INGEST_LOG_DDL", "LOCK_WAIT_S", "accept", "built_project", "changes", "columns_for", "connect",
           "ensure_raw_tables", "land", "log_attempt", "mark_published", "mark_unpublished",
           "record_built_project", "unpublished"]
