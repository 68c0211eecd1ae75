"""The published snapshot in a bucket (BREAKEVEN_PUBLISH=s3://…, moto's S3 server on 127.0.0.1):
the same switch, the same keeping and cleaning, the same kill -9 safety as in a folder, and
`breakeven query`, `export` and `report` reading it."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import duckdb
import fsspec
import pytest

from orchestration import warehouse as wh
from orchestration.cli import main
from orchestration.warehouse import publishing, snapshot_reader
from orchestration.warehouse.snapshot_store import SnapshotBucket
from scrapers.archive_store import BucketStore
from tests.orchestration.conftest import DAY_1, DAY_2, copy_of_the_pipeline
from tests.orchestration.test_published import (contents, kill_a_publisher_after,
                                                readers_see_the_snapshot_and_live_sees_the_warehouse, same_as_the_warehouse)


@pytest.fixture
def warehouse(pipeline_runs, tmp_path_factory):
    with copy_of_the_pipeline(pipeline_runs, tmp_path_factory, "published_s3") as warehouse:
        yield warehouse


@pytest.fixture
def bucket_root(s3_bucket, warehouse, monkeypatch) -> str:
    root = f"{s3_bucket}/breakeven/published"
    monkeypatch.setenv("BREAKEVEN_PUBLISH", root)
    return root


def bucket() -> fsspec.AbstractFileSystem:
    return fsspec.filesystem("s3", skip_instance_cache=True)


def keys(root: str, folder: str) -> set[str]:
    fs = bucket()
    base = root.removeprefix("s3://")
    return {path[len(base) + 1:] for path in fs.find(f"{base}/{folder}")}


def files_named(manifest: dict) -> set[str]:
    return {f["path"] for entry in [*manifest["tables"].values(), *manifest["supporting"].values()]
            for f in entry["files"]}


def reader_through_fsspec(root: str) -> duckdb.DuckDBPyConnection:
    """What a user's DuckDB without httpfs does: s3fs registered with the connection, views.sql
    read from the bucket and run as it is."""
    fs = bucket()
    con = duckdb.connect()
    con.register_filesystem(fs)
    con.execute(fs.cat_file(f"{root.removeprefix('s3://')}/views.sql").decode("utf-8"))
    return con


def rates(con: duckdb.DuckDBPyConnection) -> tuple:
    return con.execute("select count(*), sum(hash(r)) from marts.fct_gpu_rates_daily as r").fetchone()


def drop_the_last_days_gpu_rates(warehouse: Path) -> None:
    """A change to publish: a daily build from DAY_2 on that lost that day's GPU rates."""
    with wh.connect(warehouse) as con:
        con.execute("delete from marts.fct_gpu_rates_daily where rate_date = ?", [DAY_2])
        wh.mark_unpublished(con, DAY_2)


def test_two_publishes_switch_the_pointer_and_a_reader_of_the_first_keeps_reading_it(warehouse, bucket_root, tmp_path):
    first = publishing.publish(warehouse)
    manifest_1 = publishing.read_manifest(bucket_root)
    assert first.full and manifest_1["snapshot"] == first.snapshot_id and manifest_1["root"] == bucket_root
    views = bucket().cat_file(f"{bucket_root.removeprefix('s3://')}/views.sql").decode("utf-8")
    assert f"read_parquet(['{bucket_root}/files/dim_gpus/all.{first.snapshot_id}.parquet'])" in views
    with snapshot_reader.open_snapshot(bucket_root, tmp_path / "cache") as held_cached:
        held_fsspec = reader_through_fsspec(bucket_root)
        before = contents(held_cached)
        # Through fsspec every read is a range request in Python: the rates (the table the second
        # publish changes) stand for the rest.
        rates_before = rates(held_fsspec)
        assert rates_before == before["fct_gpu_rates_daily"]

        drop_the_last_days_gpu_rates(warehouse)
        second = publishing.publish(warehouse)
        manifest_2 = publishing.read_manifest(bucket_root)
        assert not second.full and manifest_2["snapshot"] == second.snapshot_id != first.snapshot_id
        months_1 = {f["month"]: f["path"] for f in manifest_1["tables"]["fct_gpu_rates_daily"]["files"]}
        months_2 = {f["month"]: f["path"] for f in manifest_2["tables"]["fct_gpu_rates_daily"]["files"]}
        assert months_2["2026-10"] == months_1["2026-10"], "the month before the rebuilt day is taken over"
        assert months_2["2026-11"] != months_1["2026-11"]

        assert contents(held_cached) == before and rates(held_fsspec) == rates_before, \
            "readers of the first snapshot see it whole after the switch"
    with snapshot_reader.open_snapshot(bucket_root, tmp_path / "cache") as fresh:
        assert same_as_the_warehouse(fresh, warehouse)
        assert rates(fresh) != rates_before
        assert rates(reader_through_fsspec(bucket_root)) == rates(fresh)

    with wh.connect(warehouse) as con:
        wh.mark_unpublished(con, None)  # a full rebuild: every file anew
    third = publishing.publish(warehouse)
    manifest_3 = publishing.read_manifest(bucket_root)
    stored = {f"{bucket_root}/{key}" for key in keys(bucket_root, "files")}
    assert stored == files_named(manifest_2) | files_named(manifest_3)
    assert not (files_named(manifest_1) - files_named(manifest_2)) & stored, \
        "the files only the first snapshot named are deleted by the third publish"
    assert third.files_removed > 0
    assert keys(bucket_root, "snapshots") == {f"snapshots/{second.snapshot_id}.json", f"snapshots/{third.snapshot_id}.json"}


def test_a_publish_killed_after_its_first_uploads_leaves_the_previous_snapshot_readable(warehouse, bucket_root, tmp_path):
    publishing.publish(warehouse)
    pointer = bucket().cat_file(f"{bucket_root.removeprefix('s3://')}/manifest.json")
    with snapshot_reader.open_snapshot(bucket_root, tmp_path / "before") as con:
        before = contents(con)
    with wh.connect(warehouse) as con:
        wh.mark_unpublished(con, None)
    # A publisher that stops once its first files are in the bucket, as a run killed with -9 would.
    staging = tmp_path / "staging"  # where the killed publisher's local files stay behind
    staging.mkdir()
    uploaded = kill_a_publisher_after(warehouse, "scrapers.archive_store", "BucketStore.upload",
                                      shown="next(iter(args[1]))", env={**os.environ, "TMPDIR": str(staging)})
    assert uploaded in keys(bucket_root, "files"), "the killed publish had put a file of its own in the bucket"
    assert bucket().cat_file(f"{bucket_root.removeprefix('s3://')}/manifest.json") == pointer
    with snapshot_reader.open_snapshot(bucket_root, tmp_path / "after") as con:
        assert contents(con) == before

    result = publishing.publish(warehouse)  # whole again, and it clears what the killed one left
    assert result.full and uploaded not in keys(bucket_root, "files")
    with snapshot_reader.open_snapshot(bucket_root, tmp_path / "after") as con:
        assert same_as_the_warehouse(con, warehouse)


def test_query_export_and_report_read_the_bucket_and_fetch_only_what_changed(warehouse, bucket_root, tmp_path, capsys):
    assert main(["publish"]) == 0  # through Dagster, as every build publishes
    capsys.readouterr()
    report = readers_see_the_snapshot_and_live_sees_the_warehouse(warehouse, tmp_path, capsys)
    snapshot = publishing.read_manifest(bucket_root)["snapshot"]
    assert f"{bucket_root}/views.sql (snapshot {snapshot})" in report
    capsys.readouterr()

    cache = snapshot_reader.cache_folder(warehouse)
    cached_before = {p.relative_to(cache).as_posix() for p in (cache / "files").rglob("*.parquet")}
    drop_the_last_days_gpu_rates(warehouse)
    with wh.connect(warehouse) as con:
        wh.mark_unpublished(con, DAY_1)  # the daily build that follows, from DAY_1 on
    second = publishing.publish(warehouse)
    assert main(["query", "select count(*) as n from marts.fct_gpu_rates_daily where rate_date = "
                 f"'{DAY_2}'", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 0}]
    cached_after = {p.relative_to(cache).as_posix() for p in (cache / "files").rglob("*.parquet")}
    fetched = cached_after - cached_before
    assert fetched and len(fetched) == second.files_written, "a reader fetches the files the publish wrote, no more"


def test_without_a_snapshot_in_the_bucket_the_reader_is_told_how_to_get_one(warehouse, bucket_root, capsys):
    assert main(["query", "select 1"]) == 1
    assert f"no published snapshot in {bucket_root} yet" in capsys.readouterr().err


@pytest.fixture
def small_warehouse(tmp_path) -> Path:
    """A warehouse whose marts are one small table: enough to publish, in milliseconds."""
    path = tmp_path / "small.duckdb"
    with wh.connect(path) as con:
        wh.ensure_raw_tables(con, [])
        con.execute("create schema marts; create table marts.dim_gpus as select 'H100-SXM' as gpu_id, 80 as memory_gb")
    return path


def republish(warehouse: Path, root: str, memory_gb: int) -> str:
    with wh.connect(warehouse) as con:
        con.execute("update marts.dim_gpus set memory_gb = ?", [memory_gb])
        wh.mark_unpublished(con, None)
    return publishing.publish(warehouse, root).snapshot_id


def memory_gb(root: str, cache: Path) -> int:
    with snapshot_reader.open_snapshot(root, cache) as con:
        return con.execute("select memory_gb from marts.dim_gpus").fetchone()[0]


def test_a_readers_cache_keeps_the_current_snapshot_and_the_two_newest_it_has_seen(small_warehouse, s3_bucket, tmp_path):
    root, cache = f"{s3_bucket}/published", tmp_path / "cache"
    seen = []
    for size in (80, 94, 141, 192):
        seen.append(republish(small_warehouse, root, size))
        assert memory_gb(root, cache) == size
    cached = {p.name for p in (cache / "files" / "dim_gpus").iterdir()}
    assert cached == {f"all.{snapshot}.parquet" for snapshot in seen[-2:]}
    assert {p.stem for p in (cache / "snapshots").glob("*.json")} == set(seen[-2:])


def test_a_reader_whose_snapshot_is_deleted_while_it_fetches_starts_again_from_the_new_pointer(
        small_warehouse, s3_bucket, tmp_path, monkeypatch):
    root = f"{s3_bucket}/published"
    republish(small_warehouse, root, 80)
    fetch = snapshot_reader.fetch

    def two_publishes_first(target, manifest, cache):
        # The pointer was read; two publishes now delete the files it names before the copy.
        monkeypatch.setattr(snapshot_reader, "fetch", fetch)
        republish(small_warehouse, root, 94)
        republish(small_warehouse, root, 141)
        return fetch(target, manifest, cache)

    monkeypatch.setattr(snapshot_reader, "fetch", two_publishes_first)
    assert memory_gb(root, tmp_path / "cache") == 141


def test_the_bucket_target_writing_months_side_by_side_uploads_every_file_before_the_manifest_names_it(
        warehouse, bucket_root, tmp_path, monkeypatch):
    with wh.connect(warehouse) as con:
        # A year of GPU rates before the pipeline's days: months enough for several writers and batches.
        con.execute("insert into marts.fct_gpu_rates_daily select r.* replace ((rate_date - to_months(m))::date as rate_date) "
                    "from marts.fct_gpu_rates_daily as r, range(1, 13) as months(m)")
    monkeypatch.setattr(SnapshotBucket, "UPLOAD_BATCH", 3)
    events = []
    upload, write = BucketStore.upload, BucketStore.write

    def recorded_upload(store, batch):
        upload(store, batch)
        events.extend(("uploaded", key, threading.current_thread().name) for key in batch)

    def recorded_write(store, key, data):
        events.append(("written", key, threading.current_thread().name))
        write(store, key, data)

    monkeypatch.setattr(BucketStore, "upload", recorded_upload)
    monkeypatch.setattr(BucketStore, "write", recorded_write)
    result = publishing.publish(warehouse)
    manifest = publishing.read_manifest(bucket_root)

    uploaded = [key for event, key, _ in events if event == "uploaded"]
    first_naming = next(i for i, (event, key, _) in enumerate(events) if event == "written" and key.startswith("snapshots/"))
    assert len(uploaded) == len(set(uploaded)) == result.files_written, "each file goes up once"
    assert {f"{bucket_root}/{key}" for event, key, _ in events[:first_naming] if event == "uploaded"} == files_named(manifest)
    assert len(manifest["tables"]["fct_gpu_rates_daily"]["files"]) == 14
    assert any(thread != "MainThread" for event, _, thread in events if event == "uploaded"), \
        "batches filled by the writers go up from their threads"
    with snapshot_reader.open_snapshot(bucket_root, tmp_path / "cache") as con:
        assert same_as_the_warehouse(con, warehouse)
