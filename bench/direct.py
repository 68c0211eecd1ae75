"""The limit the daily run is compared with: the same compiled SQL, executed straight in DuckDB.

dbt compiles the daily selection (same start date, same nodes) into a target folder of its own; the
statements dbt-duckdb would issue for each node are then run in dependency order on one
connection: `create or replace view|table … as`, delete+insert for incremental models, and a
count over each data test. What is left out is exactly what dbt and Dagster add: process start,
parsing, per-node bookkeeping, events.
"""

from __future__ import annotations

import json
import time
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from orchestration import settings


def compile_selection(target: Path, dbt_args: list[str]) -> tuple[dict, list[str]]:
    """`dbt compile` with the daily run's selection (and its start date in the environment);
    returns the manifest and the ids of the nodes compiled."""
    from dbt.cli.main import dbtRunner

    args = ["compile", "--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir",
            str(settings.DBT_PROJECT_DIR), "--target-path", str(target), "--quiet", *dbt_args]
    result = dbtRunner().invoke(args)
    if not result.success:
        raise RuntimeError(f"dbt compile failed: {result.exception}")
    return json.loads((target / "manifest.json").read_text(encoding="utf-8")), \
        [r.node.unique_id for r in result.result.results]


def _statements(node: dict) -> list[str]:
    sql = node["compiled_code"]
    relation = node.get("relation_name")
    if node["resource_type"] == "test":
        return [f"select count(*) from ({sql}) as failures"]
    materialized = node["config"]["materialized"]
    if materialized == "view":
        return [f"create or replace view {relation} as ({sql})"]
    if materialized == "table":
        return [f"create or replace table {relation} as ({sql})"]
    if materialized == "incremental":
        key = node["config"]["unique_key"]
        keys = [key] if isinstance(key, str) else key
        same_key = " and ".join(f"target.{k} = direct_increment.{k}" for k in keys)
        return [f"create or replace temp table direct_increment as ({sql})",
                f"delete from {relation} as target using direct_increment where {same_key}",
                f"insert into {relation} by name select * from direct_increment"]
    raise ValueError(f"{node['unique_id']}: no direct equivalent for materialization {materialized}")


def run(warehouse: Path, manifest: dict, executed: list[str]) -> float:
    """Execute the compiled nodes in dependency order; returns the seconds it took."""
    nodes = {uid: manifest["nodes"][uid] for uid in executed
             if uid in manifest["nodes"] and manifest["nodes"][uid]["resource_type"] in ("model", "test")}
    order = TopologicalSorter({uid: [d for d in node["depends_on"]["nodes"] if d in nodes]
                               for uid, node in nodes.items()}).static_order()
    con = duckdb.connect(str(warehouse))
    try:
        started = time.perf_counter()
        for uid in order:
            for statement in _statements(nodes[uid]):
                con.execute(statement)
        return time.perf_counter() - started
    finally:
        con.close()
