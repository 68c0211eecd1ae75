"""`breakeven export`: every table of schema `marts` (published, or `--live`) to one file each, for pandas, polars or R users.

DuckDB writes the files itself (COPY ... TO), so Parquet needs no pyarrow. Each file is written
under a temporary name and renamed into place: a reader never sees half a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.query import READ_WAIT_S, QueryError, marts

FORMATS = {"parquet": "(format parquet, compression zstd)", "csv": "(format csv, header true)"}


@dataclass
class ExportedTable:
    table: str
    path: Path
    rows: int


def marts_tables(con) -> list[str]:
    return [name for (name,) in con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by table_name"
    ).fetchall()]


def export_marts(warehouse_file: Path, out_dir: Path, fmt: str = "parquet", *,
                 wait_s: float = READ_WAIT_S, live: bool = False) -> list[ExportedTable]:
    """Every marts table of the published snapshot (with `live`, of the warehouse) to a file."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    exported = []
    with marts(warehouse_file, live=live, wait_s=wait_s) as con:
        tables = marts_tables(con)
        if not tables:
            raise QueryError(f"warehouse {warehouse_file} has no marts yet: the dbt models have not been built "
                             "(run `breakeven demo` or `breakeven run`)")
        out_dir.mkdir(parents=True, exist_ok=True)
        for table in tables:
            target = out_dir / f"{table}.{fmt}"
            partial = target.with_name(f".{target.name}.partial")
            try:
                # COPY answers with the number of rows it wrote.
                rows = con.execute(f"copy marts.\"{table}\" to '{_sql_text(partial)}' {FORMATS[fmt]}").fetchone()[0]
            except duckdb.Error as exc:
                raise QueryError(f"cannot write {target}: {str(exc).strip().splitlines()[0]}") from exc
            os.replace(partial, target)
            exported.append(ExportedTable(table=table, path=target, rows=rows))
    return exported


def _sql_text(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")
