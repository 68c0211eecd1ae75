"""Writing one snapshot's files: each marts table as Parquet (a daily fact by month), the relations
outside marts that its views read, and views.sql over them.

A file is written once under a name holding the snapshot id, never changed afterwards, so a
snapshot is the set of files its manifest names. Where it goes is the target's business
(orchestration/warehouse/snapshot_store.py); switching to it and cleaning up is publishing.py's.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import duckdb

from orchestration.warehouse.snapshot_store import SnapshotBucket, SnapshotFolder

Target = SnapshotFolder | SnapshotBucket
# Fact tables whose day column does not follow the `<x>_date` pattern of the `_daily` tables.
_DAY_COLUMNS = {"fct_price_changes": "changed_on"}
_MAX_WRITERS = 4
# An in-memory database beside the warehouse, for the publish's ENUM types (string_types).
_SCRATCH = "breakeven_publish_scratch"
# From how many rows to write a table's strings go through ENUM types: below, the scan that
# makes the types costs more than they save (a daily publish's month or two).
TYPED_STRINGS_MIN_ROWS = 1_000_000


def marts_relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'BASE TABLE' or 'VIEW') of every relation in schema marts."""
    return con.execute("select table_name, table_type from information_schema.tables where table_schema = 'marts' "
                       "order by table_name").fetchall()


def marts_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Each marts relation's (column, type) in order. One catalogue query for all of them: each
    costs ~10 ms at ten years of history, a sixth of a daily publish when asked once per table."""
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, name, kind in con.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' order by table_name, ordinal_position").fetchall():
        columns.setdefault(table, []).append((name, kind))
    return columns


def view_sql(con: duckdb.DuckDBPyConnection, schema: str, view: str) -> str:
    """The view's definition as DuckDB keeps it (relations named schema.name, no database), to be
    created again over the published files. The priced views (fct_breakeven_daily,
    fct_price_vs_breakeven_daily) stay views: stored, they would be every price × GPU × scenario
    of every day (6.8 million rows in 30 days of synthetic history), where a query of one day
    computes its rows in milliseconds."""
    sql = con.execute("select sql from duckdb_views() where database_name = current_database() "
                      "and schema_name = ? and view_name = ?", [schema, view]).fetchone()[0]
    return re.sub(r"^\s*create\s+view\b", "create or replace view", sql.strip().rstrip(";"), count=1, flags=re.IGNORECASE)


def read_outside_marts(con: duckdb.DuckDBPyConnection, views: list[str]) -> dict[str, str | None]:
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
                found[relation] = view_sql(con, schema, name) if known[relation] == "VIEW" else None
                if found[relation]:
                    pending.append(found[relation])
    return dict(sorted(found.items()))


def write_supporting(con, target: Target, snapshot: str, relation: str, view: str | None,
                     before: dict | None) -> tuple[dict, int]:
    """A relation a marts view reads (the per-token roofline: models × GPUs × scenarios, computed
    once per project): a view again, or a table written whole when its contents changed."""
    if view is not None:
        return {"view": view, "files": []}, 0
    schema, name = relation.split(".")
    fingerprint = [str(v) for v in con.execute(f'select count(*), sum(hash(t)) from "{schema}"."{name}" as t').fetchone()]
    if before is not None and before.get("fingerprint") == fingerprint:
        return before, 0
    key = f"files/{relation}/all.{snapshot}.parquet"
    rows = target.write_parquet(con, f'select * from "{schema}"."{name}"', [], key)
    return {"fingerprint": fingerprint, "files": [{"path": target.named(key), "rows": rows}]}, 1


def _select(table: str, columns: list[tuple[str, str]], types: dict[str, str] | None = None) -> str:
    """`select <columns> from marts.<table>`, 128-bit integers as BIGINT: Parquet has no such type
    and DuckDB would write them as DOUBLE (a count such as n_offers; one too large fails loudly).
    A column named in `types` is cast to that type (string_types)."""
    types = types or {}

    def listed(name: str, kind: str) -> str:
        if name in types:
            return f'"{name}"::{types[name]} as "{name}"'
        return f'"{name}"::BIGINT as "{name}"' if kind in ("HUGEINT", "UHUGEINT") else f'"{name}"'

    return f'select {", ".join(listed(name, kind) for name, kind in columns)} from marts."{table}"'


def string_types(con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]], day: str,
                 first: date) -> dict[str, str]:
    """An ENUM type of each string column's values in marts.<table> from `first` on: column →
    type name. Cast to it, a column is written to Parquet as the same UTF8 strings, but DuckDB's
    writer takes each value's dictionary entry from the ENUM's index instead of hashing the
    string: a third less CPU for the two daily facts, whose strings are most of a complete
    publish's cost (25 s of CPU at ten years of history). The values come from one scan of the
    months to be written; the types live in an in-memory database attached for the publish,
    gone with its connection."""
    strings = [name for name, kind in columns if kind == "VARCHAR"]
    if not strings:
        return {}
    found = con.execute(f"select {', '.join(f'list(distinct {_quoted(name)})' for name in strings)} "
                        f"from marts.{_quoted(table)} where {_quoted(day)} >= ?", [first]).fetchone()
    con.execute(f"attach if not exists ':memory:' as {_SCRATCH}")
    types = {}
    for name, values in zip(strings, found):  # None: the column is null in every row
        types[name] = f"{_SCRATCH}.{_quoted(f'{table}.{name}')}"
        listed = ", ".join("'" + value.replace("'", "''") + "'" for value in values or [] if value is not None)
        con.execute(f"create or replace type {types[name]} as enum ({listed})")
    return types


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def day_column(table: str, columns: list[tuple[str, str]]) -> str | None:
    """The column a fact table is partitioned by: its day (a `_daily` table's first DATE column
    named `<x>_date`, or _DAY_COLUMNS); None for the dimensions and the trend tables."""
    if table in _DAY_COLUMNS:
        return _DAY_COLUMNS[table]
    if not table.endswith("_daily"):
        return None
    return next((name for name, kind in columns if kind == "DATE" and name.endswith("_date")), None)


def write_table(con, target: Target, snapshot: str, table: str, table_columns: list[tuple[str, str]],
                before: dict | None, since: date | None) -> tuple[dict, int]:
    """The manifest entry of `table` (whose columns marts_columns gave) in the new snapshot, and
    how many files were written for it.

    A daily fact is written by month. With `before` (its entry in the previous snapshot, in the
    same target) and `since`, the months before `since` are taken over as they were; of the
    others (all of them without `since`: a complete publish), a month whose rows have the
    fingerprint its file was written with is taken over too, so a complete publish after a
    rebuild that changed no rows writes no month again. A change of the table's columns or their
    types, or of its day column, writes every month anew."""
    column = day_column(table, table_columns)
    columns = [[name, kind] for name, kind in table_columns]
    folder = f"files/{table}"
    if column is None or (before is not None and (before.get("day_column") != column or before.get("columns") != columns)):
        before = None  # published whole, or partitioned or typed otherwise than before: every file anew
    select = _select(table, table_columns)
    if column is None:
        key = f"{folder}/all.{snapshot}.parquet"
        rows = target.write_parquet(con, select, [], key)
        return {"day_column": None, "files": [{"path": target.named(key), "rows": rows}]}, 1
    first = since.replace(day=1) if before is not None and since is not None else None
    kept = [f for f in before["files"] if f.get("month") and first and f["month"] < first.isoformat()[:7]] if before else []
    previous = {f["month"]: f for f in before["files"] if f.get("month")} if before else {}
    files = list(kept)
    changed = []  # (month, its name, fingerprint) of each month written anew
    for month, fingerprint in month_fingerprints(con, table, column, first).items():
        if month is None:
            raise ValueError(f"marts.{table} has rows without a {column}: a daily fact cannot be published by month")
        name = month.isoformat()[:7]
        if previous.get(name, {}).get("fingerprint") == fingerprint:
            files.append(previous[name])
        else:
            changed.append((month, name, fingerprint))
    if changed:
        many = sum(int(count) for _, _, (count, _) in changed) >= TYPED_STRINGS_MIN_ROWS
        earliest = min(month for month, _, _ in changed)
        typed = _select(table, table_columns, string_types(con, table, table_columns, column, earliest) if many else None)
        jobs = [(f'{typed} where "{column}" >= ? and "{column}" < ?', [month, _next_month(month)],
                 f"{folder}/{name}.{snapshot}.parquet") for month, name, _ in changed]
        for (_, name, fingerprint), (_, _, key), rows in zip(changed, jobs, write_files(con, target, jobs)):
            files.append({"path": target.named(key), "rows": rows, "month": name, "fingerprint": fingerprint})
    files.sort(key=lambda f: f["month"])
    written = len(changed)
    if not files:
        # A table with no rows still gets a (schema-only) file: a view needs one to read.
        key = f"{folder}/empty.{snapshot}.parquet"
        files.append({"path": target.named(key), "rows": target.write_parquet(con, f'{select} limit 0', [], key)})
        written += 1
    return {"day_column": column, "columns": columns, "files": files}, written


def month_fingerprints(con: duckdb.DuckDBPyConnection, table: str, column: str, first: date | None) -> dict:
    """Each month of a daily fact from `first` on (all without it) → [row count, sum of the rows'
    64-bit hashes], as strings, in one scan (zone maps make a scan from `first` read only the
    recent row groups).

    Equal fingerprints are taken as equal rows. They are not proof: a change that keeps a month's
    row count and the sum of its row hashes would go unseen and its old file be kept. For rows
    that differ, the two sums agree by chance about once in 2^64 tries (the sum is kept whole, not
    wrapped to 64 bits). That risk is accepted: a disk or network fault is far likelier, and
    nothing in the models changes rows adversarially. A DuckDB version that hashes otherwise
    changes every fingerprint: every month is rewritten once, none is wrongly kept."""
    where = f'where "{column}" >= ?' if first else ""
    rows = con.execute(f'select date_trunc(\'month\', "{column}")::date as m, count(*), sum(hash(t)) '
                       f'from marts."{table}" as t {where} group by m order by m', [first] if first else []).fetchall()
    return {month: [str(count), str(total)] for month, count, total in rows}


def write_files(con: duckdb.DuckDBPyConnection, target: Target, jobs: list[tuple[str, list, str]]) -> list[int]:
    """Each (select, params, key) written by target.write_parquet, a few at a time; the rows of
    each, in order. A month's file is about one Parquet row group (at ten years of history a
    month of fct_token_prices_daily is ~92 k rows, under DuckDB's 122,880), which one thread
    encodes: one COPY after another kept one core busy and left the others idle. So the files
    are written side by side, each on its own cursor: DuckDB runs a connection's cursors
    concurrently and releases the GIL while it works.
    As many at once as DuckDB has threads, at most _MAX_WRITERS: each COPY holds its row groups
    in memory until written, so memory grows with the writers, not with history."""
    if len(jobs) <= 1:
        return [target.write_parquet(con, *job) for job in jobs]

    def write(job: tuple[str, list, str]) -> int:
        with con.cursor() as cursor:
            return target.write_parquet(cursor, *job)

    threads = int(con.execute("select current_setting('threads')").fetchone()[0])
    with ThreadPoolExecutor(max_workers=max(1, min(threads, _MAX_WRITERS, len(jobs)))) as pool:
        pending = [pool.submit(write, job) for job in jobs]
        try:
            return [future.result() for future in pending]
        except BaseException:
            for future in pending:  # a failed file fails the publish: no point writing the rest
                future.cancel()
            raise


def views_sql(manifest: dict, path_of=lambda path: path) -> str:
    """A view per marts table over the snapshot's files, in schema marts, so the warehouse's SQL
    (docs/queries.md) runs unchanged on the snapshot. `path_of` maps a manifest's path to the one
    the views read (a reader's local copy of a file in a bucket)."""
    lines = [f"-- breakeven published snapshot {manifest['snapshot']} ({manifest['published_at']})",
             "-- Paths are relative to the project root when the snapshot is inside it: run from there,",
             "-- or set file_search_path to it. Any DuckDB reads these files (Parquet is version-free);",
             "-- s3:// paths need httpfs, or an fsspec file system registered with the connection.",
             "create schema if not exists marts;"]
    relations = {**manifest.get("supporting", {}), **{f"marts.{t}": e for t, e in manifest["tables"].items()}}
    lines += [f"create schema if not exists {schema};" for schema in sorted({r.split(".")[0] for r in relations} - {"marts"})]
    views = {}
    for relation, entry in relations.items():
        if "view" in entry:
            views[relation] = entry["view"]
            continue
        schema, name = relation.split(".")
        paths = ", ".join("'" + path_of(f["path"]).replace("'", "''") + "'" for f in entry["files"])
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


def entries(manifest: dict) -> list[dict]:
    return [*manifest["tables"].values(), *manifest.get("supporting", {}).values()]


def count_files(manifest: dict) -> int:
    return sum(len(entry["files"]) for entry in entries(manifest))


def _next_month(month: date) -> date:
    return month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(month=month.month + 1)
