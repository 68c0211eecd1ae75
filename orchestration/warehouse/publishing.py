"""Published snapshots of the marts: Parquet files, a manifest.json and a views.sql that readers
load instead of opening the warehouse (whose writer a reader would block).

Layout under the publish root (BREAKEVEN_PUBLISH, default `published/` beside the warehouse):

    files/<table>/<YYYY-MM>.<snapshot>.parquet   a month of a daily fact table
    files/<table>/all.<snapshot>.parquet         any other table, whole
    snapshots/<snapshot>.json                    the manifest of each snapshot still kept
    manifest.json, views.sql                     the current snapshot

A file is written once under a name no snapshot has used and never changed afterwards, so a
snapshot is the set of files its manifest names. The switch is two `os.replace` calls
(views.sql, then manifest.json), each whole or not at all: a reader loads one of them and sees
one snapshot. A publish killed before the switch leaves the previous files and both names as
they were. Files of the previous snapshot stay until the next publish, for readers that loaded
its views during this one.

A daily build rebuilds the days from its start day on (dbt_project/macros/window_start.sql);
publishing rewrites only the months of those days, and takes the earlier months' files from
the previous snapshot, so its cost follows the days rebuilt, not the length of history.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb

from orchestration import settings
from orchestration.warehouse import landing as wh

MANIFEST = "manifest.json"
VIEWS = "views.sql"
_FORMAT = "(format parquet, compression zstd)"
# Fact tables whose day column does not follow the `<x>_date` pattern of the `_daily` tables.
_DAY_COLUMNS = {"fct_price_changes": "changed_on"}


@dataclass
class PublishResult:
    snapshot_id: str
    root: Path
    tables: int
    files_written: int
    files_kept: int
    files_removed: int
    full: bool

    @property
    def changed(self) -> bool:
        return self.files_written > 0


def publish_root(warehouse_file: Path) -> Path:
    """BREAKEVEN_PUBLISH, or `published/` beside the warehouse (data/published/ by default)."""
    configured = os.environ.get("BREAKEVEN_PUBLISH")
    if configured and "://" in configured:
        # Not built yet: a URL taken for a local folder would publish into ./s3:/... unseen.
        raise ValueError(f"BREAKEVEN_PUBLISH={configured}: publishing to object storage is not supported yet; "
                         "give a local folder")
    return Path(configured).resolve() if configured else Path(warehouse_file).resolve().parent / "published"


def publish(warehouse_file: Path, root: Path | None = None) -> PublishResult:
    """Write what changed in the marts since the last publish as a new snapshot and switch to it.

    What changed: the days from the earliest start day the dbt builds since then recorded
    (warehouse.mark_unpublished); everything when the previous snapshot is of another warehouse,
    another project (a complete build ran), or there is none.
    """
    root = Path(root) if root else publish_root(warehouse_file)
    previous = read_manifest(root)
    # Ahead of manifest.json when a publish was killed between the two replaces: kept as well.
    previous_views = _views_snapshot(root)
    with wh.connect(warehouse_file) as con:
        wh.ensure_raw_tables(con, [])
        pending, since = wh.unpublished(con)
        built = wh.built_project(con)
        full = (previous is None or previous.get("warehouse") != str(Path(warehouse_file).resolve())
                or previous.get("dbt_project") != built or (pending and since is None))
        if not full and not pending:
            return PublishResult(previous["snapshot"], root, len(previous["tables"]), 0,
                                 _count_files(previous), 0, False)
        snapshot = _new_snapshot_id()
        tables, supporting, written = {}, {}, 0
        for table, kind in marts_relations(con):
            if kind == "VIEW":
                tables[table] = {"view": _view_sql(con, "marts", table), "files": []}
                continue
            before = None if full else previous["tables"].get(table)
            entry, count = _publish_table(con, root, snapshot, table, before, since)
            tables[table] = entry
            written += count
        for relation, sql in _read_outside_marts(con, [e["view"] for e in tables.values() if "view" in e]).items():
            before = None if full else previous.get("supporting", {}).get(relation)
            supporting[relation], count = _publish_supporting(con, root, snapshot, relation, sql, before)
            written += count
        manifest = {"snapshot": snapshot, "published_at": _utc_now(), "warehouse": str(Path(warehouse_file).resolve()),
                    "dbt_project": built, "root": _written_path(root), "tables": tables, "supporting": supporting}
        _switch(root, manifest)
        wh.mark_published(con)
    kept_ids = {snapshot, *(m["snapshot"] for m in (previous,) if m), *filter(None, [previous_views])}
    removed = _remove_unkept(root, kept_ids)
    return PublishResult(snapshot, root, len(tables), written, _count_files(manifest) - written, removed, bool(full))


@contextmanager
def open_snapshot(root: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with the current snapshot's views loaded: no file of the warehouse is
    opened, so the writer never waits for this reader. Raises FileNotFoundError without one."""
    views = (Path(root) / VIEWS).read_text(encoding="utf-8")
    con = duckdb.connect()
    try:
        # views.sql names files relative to the project root; any working directory will do.
        con.execute(f"set file_search_path = '{str(settings.ROOT).replace(chr(39), chr(39) * 2)}'")
        con.execute(views)
        yield con
    finally:
        con.close()


def read_manifest(root: Path) -> dict | None:
    path = Path(root) / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def marts_relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'BASE TABLE' or 'VIEW') of every relation in schema marts."""
    return con.execute("select table_name, table_type from information_schema.tables where table_schema = 'marts' "
                       "order by table_name").fetchall()


def _view_sql(con: duckdb.DuckDBPyConnection, schema: str, view: str) -> str:
    """The view's definition as DuckDB keeps it (relations named schema.name, no database), to be
    created again over the published files. The priced views (fct_breakeven_daily,
    fct_price_vs_breakeven_daily) stay views: stored, they would be every price × GPU × scenario
    of every day (6.8 million rows in 30 days of synthetic history), where a query of one day
    computes its rows in milliseconds."""
    sql = con.execute("select sql from duckdb_views() where database_name = current_database() "
                      "and schema_name = ? and view_name = ?", [schema, view]).fetchone()[0]
    return re.sub(r"^\s*create\s+view\b", "create or replace view", sql.strip().rstrip(";"), count=1, flags=re.IGNORECASE)


def _read_outside_marts(con: duckdb.DuckDBPyConnection, views: list[str]) -> dict[str, str | None]:
    """The relations outside schema marts that `views` read, by `schema.name`: a table → None; a
    view → its SQL, whose own reads are followed too."""
    known = {f"{schema}.{name}": kind for schema, name, kind in con.execute(
        "select table_schema, table_name, table_type from information_schema.tables "
        "where table_catalog = current_database() and table_schema <> 'marts'").fetchall()}
    found: dict[str, str | None] = {}
    pending = list(views)
    while pending:
        sql = pending.pop()
        for relation in re.findall(r"\b([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)\b", sql):
            if relation in known and relation not in found:
                schema, name = relation.split(".")
                found[relation] = _view_sql(con, schema, name) if known[relation] == "VIEW" else None
                if found[relation]:
                    pending.append(found[relation])
    return dict(sorted(found.items()))


def _publish_supporting(con, root: Path, snapshot: str, relation: str, view: str | None,
                        before: dict | None) -> tuple[dict, int]:
    """A relation a marts view reads (the per-token roofline: models × GPUs × scenarios, computed
    once per project): a view again, or a table written whole when its contents changed."""
    if view is not None:
        return {"view": view, "files": []}, 0
    schema, name = relation.split(".")
    fingerprint = [str(v) for v in con.execute(f'select count(*), sum(hash(t)) from "{schema}"."{name}" as t').fetchone()]
    if before is not None and before.get("fingerprint") == fingerprint:
        return before, 0
    path = root / "files" / relation / f"all.{snapshot}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = _copy(con, f'select * from "{schema}"."{name}"', [], path)
    return {"fingerprint": fingerprint, "files": [{"path": _written_path(path), "rows": rows}]}, 1


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return con.execute("select column_name, data_type from information_schema.columns "
                       "where table_schema = 'marts' and table_name = ? order by ordinal_position", [table]).fetchall()


def _select(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """`select <columns> from marts.<table>`, 128-bit integers as BIGINT: Parquet has no such type
    and DuckDB would write them as DOUBLE (a count such as n_offers; one too large fails loudly)."""
    columns = ", ".join(f'"{name}"::BIGINT as "{name}"' if kind in ("HUGEINT", "UHUGEINT") else f'"{name}"'
                        for name, kind in _columns(con, table))
    return f'select {columns} from marts."{table}"'


def day_column(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The column a fact table is partitioned by: its day (a `_daily` table's first DATE column
    named `<x>_date`, or _DAY_COLUMNS); None for the dimensions and the trend tables."""
    columns = _columns(con, table)
    if table in _DAY_COLUMNS:
        return _DAY_COLUMNS[table]
    if not table.endswith("_daily"):
        return None
    return next((name for name, kind in columns if kind == "DATE" and name.endswith("_date")), None)


def _publish_table(con, root: Path, snapshot: str, table: str, before: dict | None,
                   since: date | None) -> tuple[dict, int]:
    """The manifest entry of `table` in the new snapshot, and how many files were written for it."""
    column = day_column(con, table)
    folder = root / "files" / table
    folder.mkdir(parents=True, exist_ok=True)
    if column is None or (before is not None and before.get("day_column") != column):
        before = None  # published whole, or partitioned otherwise than before: every file anew
    if column is None:
        path = folder / f"all.{snapshot}.parquet"
        rows = _copy(con, _select(con, table), [], path)
        return {"day_column": None, "files": [{"path": _written_path(path), "rows": rows}]}, 1
    first = _month_start(since) if before is not None and since is not None else None
    kept = [f for f in before["files"] if f.get("month") and first and f["month"] < first.isoformat()[:7]] if before else []
    # Months present from `first` on; zone maps make this read only the recent row groups.
    where = f'where "{column}" >= ?' if first else ""
    months = [m for (m,) in con.execute(f'select distinct date_trunc(\'month\', "{column}")::date as m '
                                        f'from marts."{table}" {where} order by m', [first] if first else []).fetchall()]
    files = list(kept)
    for month in months:
        if month is None:
            raise ValueError(f"marts.{table} has rows without a {column}: a daily fact cannot be published by month")
        path = folder / f"{month.isoformat()[:7]}.{snapshot}.parquet"
        rows = _copy(con, f'{_select(con, table)} where "{column}" >= ? and "{column}" < ?',
                     [month, _next_month(month)], path)
        files.append({"path": _written_path(path), "rows": rows, "month": month.isoformat()[:7]})
    written = len(months)
    if not files:
        # A table with no rows still gets a (schema-only) file: a view needs one to read.
        path = folder / f"empty.{snapshot}.parquet"
        files.append({"path": _written_path(path), "rows": _copy(con, f'{_select(con, table)} limit 0', [], path)})
        written += 1
    return {"day_column": column, "files": files}, written


def _copy(con, select: str, params: list, path: Path) -> int:
    """Write a query's rows to `path` (a new name, so no reader has it open); returns the rows."""
    text = str(path).replace("'", "''")
    return con.execute(f"copy ({select}) to '{text}' {_FORMAT}", params).fetchone()[0]


def views_sql(manifest: dict) -> str:
    """A view per marts table over the snapshot's files, in schema marts, so the warehouse's SQL
    (docs/queries.md) runs unchanged on the snapshot."""
    lines = [f"-- breakeven published snapshot {manifest['snapshot']} ({manifest['published_at']})",
             "-- Paths are relative to the project root when the snapshot is inside it: run from there,",
             "-- or set file_search_path to it. Any DuckDB reads these files (Parquet is version-free).",
             "create schema if not exists marts;"]
    relations = {**manifest.get("supporting", {}), **{f"marts.{t}": e for t, e in manifest["tables"].items()}}
    lines += [f"create schema if not exists {schema};" for schema in sorted({r.split(".")[0] for r in relations} - {"marts"})]
    views = {}
    for relation, entry in relations.items():
        if "view" in entry:
            views[relation] = entry["view"]
            continue
        schema, name = relation.split(".")
        paths = ", ".join("'" + f["path"].replace("'", "''") + "'" for f in entry["files"])
        lines.append(f'create or replace view {schema}."{name}" as select * from read_parquet([{paths}]);')
    # Views after what they read: the priced views read each other.
    while views:
        ready = [r for r, sql in views.items() if not any(other != r and re.search(rf"\b{re.escape(other)}\b", sql)
                                                          for other in views)]
        if not ready:
            raise ValueError(f"views that read each other in a cycle: {sorted(views)}")
        for relation in sorted(ready):
            lines.append(views.pop(relation) + ";")
    return "\n".join(lines) + "\n"


def _switch(root: Path, manifest: dict) -> None:
    """Make `manifest` the current snapshot: its copy under snapshots/ first (what the next
    publish keeps), then views.sql, then manifest.json, each replaced whole."""
    (root / "snapshots").mkdir(parents=True, exist_ok=True)
    _replace(root / "snapshots" / f"{manifest['snapshot']}.json", json.dumps(manifest, indent=1))
    _replace(root / VIEWS, views_sql(manifest))
    _replace(root / MANIFEST, json.dumps(manifest, indent=1))


def _replace(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with open(partial, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())  # the bytes are on disk before the name points at them
    os.replace(partial, path)


def _views_snapshot(root: Path) -> str | None:
    """The snapshot views.sql names (a publish killed between the two replaces leaves it ahead
    of manifest.json)."""
    path = root / VIEWS
    if not path.exists():
        return None
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return first.split("snapshot ", 1)[1].split(" ", 1)[0] if "snapshot " in first else None


def _remove_unkept(root: Path, kept_ids: set[str]) -> int:
    """Delete the files and manifests of every snapshot but `kept_ids`, and what a killed publish
    left behind. Lists the folder, so it costs a few microseconds per month of history."""
    kept_paths = set()
    for snapshot in kept_ids:
        manifest = root / "snapshots" / f"{snapshot}.json"
        if manifest.exists():
            kept_paths |= {f["path"] for entry in _entries(json.loads(manifest.read_text(encoding="utf-8")))
                           for f in entry["files"]}
    removed = 0
    for path in (root / "files").glob("*/*"):
        if _written_path(path) not in kept_paths:
            path.unlink()
            removed += 1
    for path in (root / "snapshots").glob("*.json"):
        if path.stem not in kept_ids:
            path.unlink()
    for path in root.glob(".*.partial"):
        path.unlink()
    return removed


def _written_path(path: Path) -> str:
    """`data/published/...` (relative to the project root) inside the project; absolute elsewhere."""
    path = Path(path).resolve()
    return str(path.relative_to(settings.ROOT)) if path.is_relative_to(settings.ROOT) else str(path)


def _entries(manifest: dict) -> list[dict]:
    return [*manifest["tables"].values(), *manifest.get("supporting", {}).values()]


def _count_files(manifest: dict) -> int:
    return sum(len(entry["files"]) for entry in _entries(manifest))


def _new_snapshot_id() -> str:
    # Sorts by time; the random tail keeps two publishes in one second apart.
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(month=month.month + 1)
