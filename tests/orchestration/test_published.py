"""The published snapshot: Parquet and views that readers hold open while the daily run writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration import settings
from orchestration import warehouse as wh
from orchestration.warehouse import publishing
from orchestration.warehouse import snapshot_files as files
from orchestration.cli import main
from tests.conftest import FIXTURES, ROOT
from tests.orchestration.conftest import DAY_1, copy_of_the_pipeline

# A day before the shared pipeline's two days, replayed after them: a late day.
LATE_DAY = date(2026, 11, 19)
BREAKEVEN = Path(sys.executable).parent / "breakeven"


@pytest.fixture
def warehouse(pipeline_runs, tmp_path_factory):
    """A copy of the shared pipeline's warehouse with no snapshot published beside it yet."""
    with copy_of_the_pipeline(pipeline_runs, tmp_path_factory, "published") as warehouse:
        yield warehouse


def load_views(root: Path) -> duckdb.DuckDBPyConnection:
    """What a reader does: an in-memory DuckDB with views.sql run in it."""
    con = duckdb.connect()
    con.execute(f"set file_search_path = '{settings.ROOT}'")
    con.execute((root / "views.sql").read_text(encoding="utf-8"))
    return con


def contents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """Row count and an order-independent content hash of every table in schema marts."""
    tables = [t for (t,) in con.execute("select table_name from information_schema.tables "
                                        "where table_schema = 'marts' order by 1").fetchall()]
    return {t: con.execute(f"select count(*), sum(hash(r)) from marts.{t} as r").fetchone() for t in tables}


def same_as_the_warehouse(reader: duckdb.DuckDBPyConnection, warehouse: Path) -> bool:
    """Every marts table of the snapshot holds the warehouse's rows, no more, no fewer (values
    compared, so a count published as BIGINT equals the warehouse's HUGEINT)."""
    reader.execute(f"attach '{warehouse}' as live (read_only)")
    try:
        tables = [t for (t,) in reader.execute("select table_name from information_schema.tables "
                                               "where table_catalog = 'live' and table_schema = 'marts'").fetchall()]
        published = [t for (t,) in reader.execute("select table_name from information_schema.tables "
                                                  "where table_catalog = 'memory' and table_schema = 'marts'").fetchall()]
        differing = [t for t in tables if reader.execute(
            f"select count(*) from ((select * from live.marts.{t} except all select * from memory.marts.{t}) union all "
            f"(select * from memory.marts.{t} except all select * from live.marts.{t}))").fetchone()[0]]
        assert not differing, f"published tables differ from the warehouse: {differing}"
        return sorted(tables) == sorted(published)
    finally:
        reader.execute("detach live")


def observed_on(con: duckdb.DuckDBPyConnection, day: date) -> int:
    """Prices and rates observed that day (not carried forward from an earlier one)."""
    return con.execute("select (select count(*) from marts.fct_token_prices_daily where price_date = $1 "
                       "and not is_carried_forward) + (select count(*) from marts.fct_gpu_rates_daily "
                       "where rate_date = $1 and not is_carried_forward)", [day]).fetchone()[0]


def files_of(root: Path, manifest: dict) -> set[Path]:
    return {settings.ROOT / f["path"] for entry in manifest["tables"].values() for f in entry["files"]}


def test_a_reader_holding_the_views_through_a_late_days_run_neither_blocks_it_nor_sees_it_change(warehouse):
    first = publishing.publish(warehouse)
    root = first.root
    reader = load_views(root)
    before = contents(reader)
    assert observed_on(reader, LATE_DAY) == 0
    counts = {t: n for t, (n, _) in before.items()}

    # Three sources are enough for a late day to land (the build and the publish are what a reader
    # could trip over); every source's replay would add a Dagster step each.
    run = subprocess.Popen([str(BREAKEVEN), "run", "--date", LATE_DAY.isoformat(), "--replay", str(FIXTURES),
                            "--sources", "litellm,openrouter,skypilot"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    seen_during = []
    while run.poll() is None:
        seen_during.append({t: reader.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in counts})
        time.sleep(0.5)
    out, err = run.communicate()

    assert run.returncode == 0, out[-2000:] + err[-2000:]
    assert "in use by another process" not in err, "the run waited for the reader"
    assert len(seen_during) > 10 and all(seen == counts for seen in seen_during)
    assert contents(reader) == before, "the reader's snapshot changed under it"
    fresh = load_views(root)
    assert observed_on(fresh, LATE_DAY) > 0, "a fresh reader sees the late day's observations"
    assert same_as_the_warehouse(fresh, warehouse), "the snapshot is the warehouse's marts, row for row"
    reader.close()


def test_a_daily_publish_rewrites_the_months_it_rebuilt_and_keeps_the_earlier_ones(warehouse):
    publishing.publish(warehouse)
    root = publishing.publish_root(warehouse)
    previous = publishing.read_manifest(root)
    raise_the_gpu_rates(warehouse, since=DAY_1, by=0.01, daily=True)
    result = publishing.publish(warehouse)
    manifest = publishing.read_manifest(root)

    assert not result.full and result.snapshot_id == manifest["snapshot"] != previous["snapshot"]
    rates_before = {f["month"]: f["path"] for f in previous["tables"]["fct_gpu_rates_daily"]["files"]}
    rates_after = {f["month"]: f["path"] for f in manifest["tables"]["fct_gpu_rates_daily"]["files"]}
    assert sorted(rates_after) == sorted(rates_before) == ["2026-10", "2026-11"]
    assert rates_after["2026-10"] == rates_before["2026-10"], "a month before the rebuilt days is kept as it was"
    assert rates_after["2026-11"] != rates_before["2026-11"] and manifest["snapshot"] in rates_after["2026-11"]
    assert same_as_the_warehouse(load_views(root), warehouse)


def test_strings_written_through_enum_types_read_back_as_the_warehouses_strings(warehouse, monkeypatch):
    # Many rows' strings are written through ENUM casts (snapshot_files.string_types); a reader
    # must still see VARCHAR with the same values, and any Parquet reader a UTF8 string column.
    monkeypatch.setattr(files, "TYPED_STRINGS_MIN_ROWS", 0)
    publishing.publish(warehouse)
    root = publishing.publish_root(warehouse)
    reader = load_views(root)
    reader.execute(f"attach '{warehouse}' as live (read_only)")
    typed = "select table_name, column_name, data_type from information_schema.columns " \
            "where table_catalog = ? and table_schema = 'marts' order by all"
    published = reader.execute(typed, ["memory"]).fetchall()
    live = [(t, c, "BIGINT" if kind == "HUGEINT" else kind) for t, c, kind in reader.execute(typed, ["live"]).fetchall()]
    assert published == live
    month = settings.ROOT / publishing.read_manifest(root)["tables"]["fct_token_prices_daily"]["files"][-1]["path"]
    strings = dict(reader.execute("select name, converted_type from parquet_schema(?) where type = 'BYTE_ARRAY'",
                                  [str(month)]).fetchall())
    assert set(strings) >= {"provider_id", "provider_model_id", "price_tier", "region"}
    assert set(strings.values()) == {"UTF8"}, strings
    reader.execute("detach live")
    assert same_as_the_warehouse(reader, warehouse)


def test_a_publish_with_nothing_built_since_the_last_writes_nothing(warehouse):
    first = publishing.publish(warehouse)
    again = publishing.publish(warehouse)
    assert first.full and not again.changed and again.snapshot_id == first.snapshot_id


def test_the_previous_snapshots_files_stay_until_the_next_publish(warehouse):
    root = publishing.publish_root(warehouse)
    manifests = []
    for round in range(3):
        # A full rebuild whose GPU rates changed: every month of that fact is written anew.
        raise_the_gpu_rates(warehouse, since=None, by=round)
        publishing.publish(warehouse)
        manifests.append(publishing.read_manifest(root))
    oldest, previous, current = (files_of(root, m) for m in manifests)
    only_the_oldest = oldest - previous - current
    assert only_the_oldest and all(path.exists() for path in previous | current)
    assert not any(path.exists() for path in only_the_oldest), "the snapshot before the previous one is removed"
    assert sorted(p.stem for p in (root / "snapshots").glob("*.json")) == sorted(
        m["snapshot"] for m in manifests[1:])


def raise_the_gpu_rates(warehouse: Path, since: date | None, by: float, daily: bool = False) -> None:
    """A rebuild that changed GPU rates from `since` on (all of them without it), noted as a daily
    build from `since` (what it notes before dbt runs) or a full rebuild notes it."""
    with wh.connect(warehouse) as con:
        con.execute("update marts.fct_gpu_rates_daily set usd_per_gpu_hour = usd_per_gpu_hour + ? "
                    "where rate_date >= coalesce(?, rate_date)", [by, since])
        wh.mark_unpublished(con, since if daily else None)


def month_files(manifest: dict, table: str) -> dict[str, str]:
    return {f["month"]: f["path"] for f in manifest["tables"][table]["files"]}


def daily_facts(manifest: dict) -> list[str]:
    return [t for t, entry in manifest["tables"].items() if entry.get("day_column")]


def test_a_complete_publish_after_a_rebuild_that_changed_nothing_writes_no_month_file_and_readers_read_the_same_rows(
        warehouse):
    publishing.publish(warehouse)
    root = publishing.publish_root(warehouse)
    before = publishing.read_manifest(root)
    reader_before = contents(load_views(root))
    with wh.connect(warehouse) as con:
        wh.mark_unpublished(con, None)  # what a full rebuild notes, though it changed no row
    result = publishing.publish(warehouse)
    after = publishing.read_manifest(root)

    assert result.full and after["snapshot"] != before["snapshot"]
    assert len(daily_facts(after)) >= 4
    for table in daily_facts(after):
        assert month_files(after, table) == month_files(before, table), f"{table}: every month file is kept"
    written_whole = [e for e in files.entries(after) if e["files"] and not e.get("day_column")]
    assert result.files_written == len(written_whole), "only the tables published whole are written again"
    assert contents(load_views(root)) == reader_before
    assert same_as_the_warehouse(load_views(root), warehouse)


def test_a_month_whose_rows_changed_is_rewritten_and_the_others_kept(warehouse):
    publishing.publish(warehouse)
    root = publishing.publish_root(warehouse)
    before = publishing.read_manifest(root)
    raise_the_gpu_rates(warehouse, since=date(2026, 11, 1), by=0.01)
    publishing.publish(warehouse)
    after = publishing.read_manifest(root)

    rates_before, rates_after = month_files(before, "fct_gpu_rates_daily"), month_files(after, "fct_gpu_rates_daily")
    assert rates_after["2026-10"] == rates_before["2026-10"]
    assert rates_after["2026-11"] != rates_before["2026-11"] and after["snapshot"] in rates_after["2026-11"]
    assert month_files(after, "fct_token_prices_daily") == month_files(before, "fct_token_prices_daily")
    assert same_as_the_warehouse(load_views(root), warehouse)


def test_a_column_added_to_a_fact_rewrites_every_month_of_it(warehouse):
    publishing.publish(warehouse)
    root = publishing.publish_root(warehouse)
    before = publishing.read_manifest(root)
    with wh.connect(warehouse) as con:
        con.execute("alter table marts.fct_gpu_rates_daily add column spot_discount double default 0")
        wh.mark_unpublished(con, None)
    publishing.publish(warehouse)
    after = publishing.read_manifest(root)

    assert all(after["snapshot"] in path for path in month_files(after, "fct_gpu_rates_daily").values())
    assert month_files(after, "fct_token_prices_daily") == month_files(before, "fct_token_prices_daily")
    reader = load_views(root)
    assert reader.execute("select count(*) from marts.fct_gpu_rates_daily where spot_discount = 0").fetchone()[0] > 0
    assert same_as_the_warehouse(reader, warehouse)


def test_a_kept_file_survives_the_cleanup_of_the_snapshot_that_wrote_it_first(warehouse):
    first = publishing.publish(warehouse)
    root = publishing.publish_root(warehouse)
    october = settings.ROOT / month_files(publishing.read_manifest(root), "fct_gpu_rates_daily")["2026-10"]
    for round in range(1, 3):
        raise_the_gpu_rates(warehouse, since=date(2026, 11, 1), by=round)
        publishing.publish(warehouse)

    assert not (root / "snapshots" / f"{first.snapshot_id}.json").exists(), "the first snapshot is cleaned up"
    assert first.snapshot_id in october.name and october.exists(), "its October file, still named, is not"
    assert settings.ROOT / month_files(publishing.read_manifest(root), "fct_gpu_rates_daily")["2026-10"] == october
    assert same_as_the_warehouse(load_views(root), warehouse)


def kill_a_publisher_after(warehouse: Path, module: str, function: str, shown: str, env: dict | None = None) -> str:
    """Publish `warehouse` in a child process whose `module`.`function` (or Class.method) hangs
    after its first call, having printed `shown` (an expression of its `args`); kill the child
    with -9 there, as a run killed in the middle would be, and return what it printed."""
    *classes, name = function.split(".")
    script = ("import importlib, sys, time\n"
              "from orchestration.warehouse import publishing\n"
              f"owner = importlib.import_module({module!r})\n"
              f"for cls in {classes!r}:\n"
              "    owner = getattr(owner, cls)\n"
              f"original = getattr(owner, {name!r})\n"
              "def hang_after(*args):\n"
              "    original(*args)\n"
              f"    print({shown}, flush=True)\n"
              "    time.sleep(120)\n"
              f"setattr(owner, {name!r}, hang_after)\n"
              "publishing.publish(sys.argv[1])\n")
    publisher = subprocess.Popen([sys.executable, "-c", script, str(warehouse)], stdout=subprocess.PIPE, text=True,
                                 cwd=ROOT, env=env)
    try:
        return publisher.stdout.readline().strip()
    finally:
        publisher.send_signal(signal.SIGKILL)
        publisher.wait()


def test_a_publish_killed_halfway_leaves_the_previous_snapshot_readable(warehouse):
    publishing.publish(warehouse)
    root = publishing.publish_root(warehouse)
    views_before = (root / "views.sql").read_bytes()
    before = contents(load_views(root))
    with wh.connect(warehouse) as con:
        wh.mark_unpublished(con, None)
    # A publisher that stops after its first file, as a run killed with -9 in the middle would.
    half_written = Path(kill_a_publisher_after(warehouse, "orchestration.warehouse.snapshot_store", "copy_to_parquet",
                                               shown="args[-1]"))
    assert half_written.exists()
    assert (root / "views.sql").read_bytes() == views_before
    assert contents(load_views(root)) == before

    result = publishing.publish(warehouse)  # the next publish is whole, and clears what the killed one left
    assert result.full and not half_written.exists()
    assert same_as_the_warehouse(load_views(root), warehouse)


def test_a_publish_killed_between_its_two_replaces_keeps_the_snapshot_views_sql_names(warehouse):
    root = publishing.publish_root(warehouse)
    manifests = []
    for _ in range(2):
        with wh.connect(warehouse) as con:
            wh.mark_unpublished(con, None)
        publishing.publish(warehouse)
        manifests.append(publishing.read_manifest(root))
    # views.sql names the second snapshot, manifest.json still the first: killed in between.
    (root / "manifest.json").write_text(json.dumps(manifests[0]), encoding="utf-8")
    with wh.connect(warehouse) as con:
        wh.mark_unpublished(con, None)
    publishing.publish(warehouse)
    assert all(path.exists() for m in manifests for path in files_of(root, m)), \
        "a reader of either earlier snapshot keeps its files until the next publish"


def readers_see_the_snapshot_and_live_sees_the_warehouse(warehouse: Path, out: Path, capsys) -> str:
    """After a publish, a row deleted in the warehouse: query, export and report still see the
    published one, query --live does not. Returns the report's text."""
    with wh.connect(warehouse) as con:
        published_gpus = con.execute("select count(*) from marts.dim_gpus").fetchone()[0]
        con.execute("delete from marts.dim_gpus where gpu_id = (select min(gpu_id) from marts.dim_gpus)")
    sql = "select count(*) as gpus from marts.dim_gpus"
    assert main(["query", sql, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"gpus": published_gpus}]
    assert main(["query", sql, "--format", "json", "--live"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"gpus": published_gpus - 1}]
    assert main(["export", str(out / "export")]) == 0
    exported = duckdb.connect().execute("select count(*) from read_parquet(?)",
                                        [str(out / "export" / "dim_gpus.parquet")]).fetchone()[0]
    assert exported == published_gpus
    assert main(["report", "--out", str(out / "r.html")]) == 0
    return (out / "r.html").read_text(encoding="utf-8")


def test_query_export_and_report_read_the_snapshot_and_live_reads_the_warehouse(warehouse, tmp_path, capsys):
    publishing.publish(warehouse)
    report = readers_see_the_snapshot_and_live_sees_the_warehouse(warehouse, tmp_path, capsys)
    snapshot = publishing.read_manifest(publishing.publish_root(warehouse))["snapshot"]
    assert f"(snapshot {snapshot})" in report


def test_without_a_snapshot_the_reader_is_told_how_to_get_one(warehouse, capsys):
    assert not publishing.publish_root(warehouse).exists()
    assert main(["query", "select 1"]) == 1
    assert "no published snapshot" in capsys.readouterr().err
    assert main(["query", "select 1", "--live"]) == 0


def test_inside_the_project_the_views_name_files_relative_to_its_root(warehouse, monkeypatch, tmp_path):
    inside = ROOT / "data" / f"published-test-{os.getpid()}"
    monkeypatch.setenv("BREAKEVEN_PUBLISH", str(inside))
    try:
        publishing.publish(warehouse)
        views = (inside / "views.sql").read_text(encoding="utf-8")
        assert f"read_parquet(['data/published-test-{os.getpid()}/files/dim_gpus/all." in views
        assert str(ROOT) not in views
        monkeypatch.chdir(tmp_path)  # views.sql says to set file_search_path from elsewhere
        assert contents(load_views(inside))["dim_gpus"][0] > 0
    finally:
        import shutil

        shutil.rmtree(inside, ignore_errors=True)


def test_a_publish_clears_what_a_killed_write_left_beside_views_sql_and_nothing_else(warehouse):
    root = publishing.publish_root(warehouse)
    root.mkdir(parents=True)
    (root / ".views.sql.k3j2x9").write_text("-- half of a views.sql", encoding="utf-8")
    (root / ".gitkeep").write_text("", encoding="utf-8")
    publishing.publish(warehouse)
    assert not (root / ".views.sql.k3j2x9").exists()
    assert (root / ".gitkeep").exists(), "a file the publisher did not write is left alone"
