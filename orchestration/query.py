"""`breakeven query`: run SQL against the published snapshot (or, `live`, the warehouse itself,
read-only) and print the result.

The snapshot (orchestration/warehouse/publishing.py; a bucket's is copied locally first) is Parquet loaded into an in-memory DuckDB: reading it
never holds the warehouse, so a daily run never waits for a reader. The warehouse connection is
read-only, so a statement that would write is refused by DuckDB itself; this module only turns
DuckDB's refusals (no file yet, a writer holds the lock, a write, bad SQL) into messages that say
what to do.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import duckdb

from orchestration import settings
from orchestration import warehouse as wh
from orchestration.warehouse import publishing, snapshot_reader

FORMATS = ("table", "csv", "json")
# A reader waits this long for a running writer (a daily run, a demo) before giving up.
READ_WAIT_S = 30.0


def docs_queries() -> list[tuple[int, str, str | None]]:
    """(number, question, sql) for each '## N. Question' of docs/queries.md and its ```sql block
    (None when the question has not exactly one)."""
    guide = (settings.ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    parts = re.split(r"^## (\d+)\. (.+)$", guide, flags=re.MULTILINE)
    found = []
    for number, title, body in zip(parts[1::3], parts[2::3], parts[3::3]):
        blocks = re.findall(r"```sql\n(.*?)```", body, flags=re.DOTALL)
        found.append((int(number), title.strip(), blocks[0] if len(blocks) == 1 else None))
    return found


class QueryError(Exception):
    """A failure to report to the user as one clear sentence (no traceback)."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]


@contextmanager
def read_only(warehouse_file: Path, *, wait_s: float = READ_WAIT_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, or a QueryError that says why there is none."""
    warehouse_file = Path(warehouse_file)
    if not warehouse_file.exists():
        raise QueryError(f"no warehouse at {warehouse_file} yet: run `breakeven demo` (offline) or "
                         "`breakeven run` first, or point BREAKEVEN_WAREHOUSE at one")
    with ExitStack() as stack:
        try:
            con = stack.enter_context(wh.connect(warehouse_file, read_only=True, wait_s=wait_s))
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise QueryError(f"warehouse {warehouse_file} is being written by another process (a run, a demo "
                                 f"or a backfill) and stayed locked for {wait_s:.0f} s; try again when it has "
                                 "finished") from exc
            raise QueryError(f"cannot open warehouse {warehouse_file}: {_first_line(exc)}") from exc
        yield con


@contextmanager
def published(warehouse_file: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The current published snapshot of the warehouse's marts, or a QueryError that says why there is none."""
    root = publishing.publish_root(warehouse_file)
    with ExitStack() as stack:
        # Only opening is translated: what the caller's block raises (a bad query, a full disk) is its own.
        try:
            con = stack.enter_context(snapshot_reader.open_snapshot(root, snapshot_reader.cache_folder(warehouse_file)))
        except FileNotFoundError as exc:
            # A bucket's readers need no warehouse of their own: only a folder beside it says one is missing.
            if not Path(warehouse_file).exists() and not isinstance(root, str):
                raise QueryError(f"no warehouse at {warehouse_file} yet: run `breakeven demo` (offline) or "
                                 "`breakeven run` first, or point BREAKEVEN_WAREHOUSE at one") from exc
            raise QueryError(f"no published snapshot in {root} yet: every `breakeven run` publishes one "
                             "(`breakeven publish` does it now), or read the warehouse itself with --live") from exc
        except (duckdb.IOException, OSError) as exc:  # OSError: a bucket that does not answer or refuses the keys
            raise QueryError(f"the published snapshot in {root} cannot be read: {_first_line(exc)}") from exc
        yield con


def marts(warehouse_file: Path, *, live: bool = False, wait_s: float = READ_WAIT_S):
    """A connection whose schema marts is the published snapshot, or with `live` the warehouse's own."""
    return read_only(warehouse_file, wait_s=wait_s) if live else published(warehouse_file)


def run_query(warehouse_file: Path, sql: str, *, wait_s: float = READ_WAIT_S, live: bool = False) -> QueryResult:
    """Execute `sql` (several statements: the result is the last one's) on the published snapshot,
    or with `live` on a read-only connection to the warehouse."""
    if not sql.strip():
        raise QueryError("no SQL given")
    with marts(warehouse_file, live=live, wait_s=wait_s) as con:
        try:
            result = con.execute(sql)
            if result.description is None:
                return QueryResult(columns=[], rows=[])
            return QueryResult(columns=[d[0] for d in result.description], rows=result.fetchall())
        except duckdb.Error as exc:
            if "read-only mode" in str(exc):
                raise QueryError("`breakeven query` opens the warehouse read-only and this statement would "
                                 "write to it; the warehouse only changes through `breakeven run`, `demo` or "
                                 f"`backfill`. (DuckDB: {_first_line(exc)})") from exc
            raise QueryError(f"query failed: {exc}") from exc


def render(result: QueryResult, fmt: str) -> str:
    if fmt == "csv":
        return _as_csv(result)
    if fmt == "json":
        return _as_json(result)
    if fmt == "table":
        return _as_table(result)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]


def _plain(value):
    """A JSON-ready value: dates as ISO text, decimals as floats, NaN/inf as null."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _as_json(result: QueryResult) -> str:
    records = [{column: _plain(value) for column, value in zip(result.columns, row)} for row in result.rows]
    return json.dumps(records, indent=2, ensure_ascii=False)


def _as_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if result.columns:
        writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue().rstrip("\n")


def _csv_cell(value) -> str:
    """Full precision for machines: floats as Python writes them, NULL as an empty field."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def _cell(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e15 else repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def _as_table(result: QueryResult) -> str:
    """Every row and every full value, columns aligned (numbers to the right); no truncation."""
    if not result.columns:
        return "OK"
    cells = [[_cell(v).replace("\n", " ") for v in row] for row in result.rows]
    numeric = [all(isinstance(row[i], (int, float, Decimal)) and not isinstance(row[i], bool)
                   for row in result.rows if row[i] is not None) for i in range(len(result.columns))]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(result.columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    lines = [line(result.columns), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in cells]
    lines.append(f"({len(result.rows)} row{'' if len(result.rows) == 1 else 's'})")
    return "\n".join(lines)
