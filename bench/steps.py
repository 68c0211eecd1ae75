"""One measured step, run in a child process so its peak memory is its own.

`python -m bench.steps STEP` with BREAKEVEN_WAREHOUSE, BREAKEVEN_ARCHIVE and DAGSTER_HOME set by
the parent; prints one JSON object (seconds and counts) as its last line. Imports happen before
the clock starts: the figures are what a run costs inside a running daemon, not Python's start.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench import synthetic
from orchestration import runner, settings
from orchestration import warehouse as wh
from scrapers.archive import Archive
from scrapers.registry import all_sources

QUERY_REPEATS = 7


def _warm_imports() -> None:
    runner._dagster()
    import dagster  # noqa: F401
    from orchestration.resources import default_resources  # noqa: F401


def generate(days: int) -> dict:
    started = time.perf_counter()
    with wh.connect(settings.warehouse_path()) as con:
        rows = synthetic.write_history(con, days, progress=lambda line: print(line, file=sys.stderr))
    return {"rows": rows, "seconds": time.perf_counter() - started}


def full_rebuild() -> dict:
    _warm_imports()
    started = time.perf_counter()
    ok, error = runner.build_marts(None, full_refresh=True)
    if not ok:
        raise SystemExit(f"full rebuild failed: {error}")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "models": _models_built()}


def _models_built() -> list[str]:
    """The project's models, as the rebuild's manifest lists them: the figures are for these
    (models added since the last committed run show in results.json)."""
    from orchestration.dbt_project import DBT_PROJECT

    manifest = json.loads(Path(DBT_PROJECT.manifest_path).read_text(encoding="utf-8"))
    return sorted(node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "model")


def land_day() -> dict:
    """Land BENCH_DAY for every source as orchestration.warehouse.pipeline.ingest does after parsing: land
    (with the quarantine checks), count the changes, log the attempt. The day's records are made
    first, off the clock: they stand for what the parsers hand over."""
    day = synthetic.BENCH_DAY
    sources = list(all_sources().values())
    with wh.connect(settings.warehouse_path()) as con:
        records = {source.id: synthetic.day_records(con, source, day) for source in sources}
    started = time.perf_counter()
    rows = held = 0
    with wh.connect(settings.warehouse_path()) as con:
        for source in sources:
            attempt_started = datetime.now(timezone.utc)
            landed, quarantined = wh.land(con, source, day, records[source.id],
                                          [f"https://bench.invalid/{source.id}"] * len(records[source.id]),
                                          ["bench"] * len(records[source.id]))
            changed, _ = wh.changes(con, source, day)
            wh.log_attempt(con, source_id=source.id, day=day, run_id=None, started_at=attempt_started, ok=True,
                           rows_landed=landed, rows_quarantined=quarantined, rows_changed=changed)
            rows += landed
            held += quarantined
    return {"seconds": time.perf_counter() - started, "rows": rows, "held": held}


def daily_build() -> dict:
    _warm_imports()
    started = time.perf_counter()
    ok, error = runner.build_marts(synthetic.BENCH_DAY)
    if not ok:
        raise SystemExit(f"daily build failed: {error}")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "publish_s": _step_seconds("published_marts")}


def _step_seconds(step_key: str) -> float:
    """How long the latest run's step took, as Dagster recorded it (the publish within a daily
    run: work the direct SQL does not do)."""
    from dagster import DagsterInstance

    instance = DagsterInstance.get()
    run = instance.get_runs(limit=1)[0]
    stats = next(s for s in instance.get_run_step_stats(run.run_id) if s.step_key == step_key)
    return stats.end_time - stats.start_time


def direct_sql(copy_dir: str) -> dict:
    """Record what dbt sends for the day on one copy of the landed warehouse, then time those
    statements straight in DuckDB on another (bench/direct.py)."""
    from bench import direct
    from orchestration.assets.dbt import daily_dbt_args

    folder = Path(copy_dir)
    # Both copies are named warehouse.duckdb: the statements name the database by its file name.
    scratch = folder / "scratch" / settings.warehouse_path().name
    scratch.parent.mkdir(exist_ok=True)
    shutil.copy(folder / settings.warehouse_path().name, scratch)
    statements = direct.record(scratch, folder / "target", daily_dbt_args(), synthetic.BENCH_DAY.isoformat())
    seconds, executing = direct.run(folder / settings.warehouse_path().name, statements)
    shutil.rmtree(folder / "target", ignore_errors=True)
    shutil.rmtree(scratch.parent, ignore_errors=True)
    return {"seconds": seconds, "statements_s": executing, "nodes": len(statements),
            "statements": sum(map(len, statements.values()))}


def queries() -> dict:
    import duckdb

    from orchestration.query import docs_queries

    timings = {}
    con = duckdb.connect(str(settings.warehouse_path()), read_only=True)
    try:
        for number, _title, sql in docs_queries():
            runs = []
            for _ in range(QUERY_REPEATS):
                started = time.perf_counter()
                con.execute(sql).fetchall()
                runs.append((time.perf_counter() - started) * 1000)
            timings[f"q{number}"] = statistics.median(runs)
    finally:
        con.close()
    return {"per_query_ms": timings, "median_ms": statistics.median(timings.values()),
            "max_ms": max(timings.values())}


def replay_day() -> dict:
    """Archive the bundled snapshots as the day after BENCH_DAY, then time re-parsing it from the archive."""
    day = synthetic.BENCH_DAY + timedelta(days=1)
    _warm_imports()
    runner.ingest_day(day, mode="replay", replay_dir=str(settings.BUNDLED_SNAPSHOTS))
    started = time.perf_counter()
    summary = runner.replay_archive(day, day, progress=lambda line: print(line, file=sys.stderr))
    if not summary.marts_ok:
        raise SystemExit(f"replay failed: {summary.marts_error}")
    return {"seconds": time.perf_counter() - started}


def archive_growth() -> dict:
    """Store the same bodies on two days: the second must add index entries only, no body bytes."""
    from scrapers.replay import ReplayClient

    archive = Archive(settings.archive_path())
    client = ReplayClient(settings.BUNDLED_SNAPSHOTS)
    first, second = synthetic.BENCH_DAY + timedelta(days=10), synthetic.BENCH_DAY + timedelta(days=11)

    def body_bytes() -> int:
        return sum(p.stat().st_size for p in (archive.root / "objects").rglob("*") if p.is_file())

    for source in all_sources().values():
        archive.store(source.id, first, source.fetch_all(client))
    before = body_bytes()
    for source in all_sources().values():
        archive.store(source.id, second, source.fetch_all(client))
    return {"body_bytes_added": body_bytes() - before, "body_bytes": before}


STEPS = {"generate": generate, "full_rebuild": full_rebuild, "land_day": land_day, "daily_build": daily_build,
         "direct_sql": direct_sql, "queries": queries, "replay_day": replay_day, "archive_growth": archive_growth}

if __name__ == "__main__":
    name, *args = sys.argv[1:]
    step = STEPS[name]
    result = step(int(args[0])) if name == "generate" else step(*args)
    print(json.dumps(result))
