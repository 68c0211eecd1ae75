"""The limit the daily run is compared with: the statements dbt sends, executed straight in DuckDB.

dbt builds the daily selection (same start date, same nodes) once on a scratch copy of the
warehouse, and every statement dbt-duckdb sends on behalf of a node is recorded: the model's SQL
inside its materialisation (temporary table, delete+insert or the series-tail strategy, renames),
the data tests, and the node's catalogue lookups. They are then replayed, node after node in the
order dbt started them, on one connection to another copy of the same warehouse. What is left
out is exactly what dbt and Dagster add: parsing, compiling, scheduling, bookkeeping, events.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from orchestration import settings


def record(warehouse: Path, target: Path, dbt_args: list[str], start_date: str) -> dict[str, list[str]]:
    """`dbt build` with the daily run's selection on `warehouse`, from `start_date` as the daily
    step sets it; returns each node's statements in the order dbt sent them, nodes in the order
    they started (so each comes after the nodes it depends on)."""
    from dbt.cli.main import dbtRunner

    from orchestration.assets.dbt import build_environment
    from orchestration.dbt_build import environment

    statements: dict[str, list[str]] = {}

    def on_event(msg) -> None:
        # A data test's transaction is rolled back through the driver, not by a statement.
        if msg.info.name in ("SQLQuery", "Rollback") and msg.data.node_info.unique_id:
            sql = msg.data.sql if msg.info.name == "SQLQuery" else "ROLLBACK"
            statements.setdefault(msg.data.node_info.unique_id, []).append(sql)

    args = ["build", "--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir", str(settings.DBT_PROJECT_DIR),
            "--target-path", str(target), "--no-write-json", "--quiet", *dbt_args]
    with environment(build_environment(warehouse, start_date)):
        result = dbtRunner(callbacks=[on_event]).invoke(args)
    if not result.success:
        raise RuntimeError(f"dbt build on the scratch copy failed: {result.exception or 'see dbt_project/logs'}")
    return statements


def run(warehouse: Path, statements: dict[str, list[str]]) -> tuple[float, float]:
    """Open the warehouse, execute the recorded statements node after node on one connection and
    close it; returns the seconds from opening to closed, and those of the statements alone.
    Opening and closing count, as they do in the daily build: closing folds the write-ahead log
    into the file (0.1–0.8 s at 10 years), which dbt's process does before the build ends."""
    started = time.perf_counter()
    con = duckdb.connect(str(warehouse))
    try:
        first = time.perf_counter()
        for node_statements in statements.values():
            for statement in node_statements:
                con.execute(statement).fetchall()
        executed = time.perf_counter() - first
    finally:
        con.close()
    return time.perf_counter() - started, executed
