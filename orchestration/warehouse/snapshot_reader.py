"""Opening the current published snapshot: an in-memory DuckDB with its views loaded, so no
file of the warehouse is opened and the writer never waits for this reader.

A folder's snapshot is read where it is (views.sql). A bucket's is read through the same fsspec
store the publisher writes with: manifest.json, the pointer, is read once; the files it names are
copied into a local cache (`published_cache/` beside the warehouse) unless already there, and
the views read those copies. A file's name holds the snapshot that wrote it and never changes, so
a copy is never stale, and after a daily publish a reader fetches only the months it rewrote.
DuckDB's own S3 reader (httpfs) is not used: it cannot be installed offline (docs/deploy.md).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from orchestration import settings
from orchestration.warehouse import snapshot_files as files
from orchestration.warehouse.publishing import MANIFEST, VIEWS
from orchestration.warehouse.snapshot_store import SnapshotBucket, SnapshotFolder, open_target
from scrapers.archive_store import FolderStore

# A publish deletes the files of the snapshot before the previous one: a reader slower than two
# publishes finds a file gone and starts again from the new pointer.
FETCH_ATTEMPTS = 3
# Files fetched concurrently, at most; a batch is held in memory until it is written to the cache.
FETCH_BATCH = 32


def cache_folder(warehouse_file: Path) -> Path:
    return Path(warehouse_file).resolve().parent / "published_cache"


@contextmanager
def open_snapshot(root: Path | str, cache: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The current snapshot's views in an in-memory DuckDB. Raises FileNotFoundError without one.
    `cache`: where a bucket's files are copied (required for a bucket)."""
    target = open_target(root)
    views = (_bucket_views(target, Path(cache)) if isinstance(target, SnapshotBucket) else _folder_views(target))
    con = duckdb.connect()
    try:
        # views.sql names files relative to the project root; any working directory will do.
        con.execute(f"set file_search_path = '{str(settings.ROOT).replace(chr(39), chr(39) * 2)}'")
        con.execute(views)
        yield con
    finally:
        con.close()


def _folder_views(target: SnapshotFolder) -> str:
    return (target.root / VIEWS).read_text(encoding="utf-8")


def _bucket_views(target: SnapshotBucket, cache: Path) -> str:
    for _ in range(FETCH_ATTEMPTS - 1):
        try:
            return _current_views(target, cache)
        except FileNotFoundError:
            continue  # replaced twice while this reader fetched: read the pointer again
    return _current_views(target, cache)


def _current_views(target: SnapshotBucket, cache: Path) -> str:
    text = target.read_text(MANIFEST)  # the pointer, read once: everything below follows this snapshot
    if text is None:
        raise FileNotFoundError(f"{target.named(MANIFEST)} does not exist")
    manifest = json.loads(text)
    local = fetch(target, manifest, cache)
    return files.views_sql(manifest, path_of=lambda path: str(local[path]))


def fetch(target: SnapshotBucket, manifest: dict, cache: Path) -> dict[str, Path]:
    """Copy the files `manifest` names that `cache` lacks; returns each file's local copy by its
    path in the manifest. Copies of older snapshots are pruned as the bucket prunes them, keeping
    the previous ones for readers still on them."""
    store = FolderStore(cache)
    prefix = target.named("")
    local = {file["path"]: file["path"].removeprefix(prefix) for entry in files.entries(manifest) for file in entry["files"]}
    missing = [key for key in local.values() if not store.exists(key)]
    for start in range(0, len(missing), FETCH_BATCH):
        for key, data in target.read_many(missing[start:start + FETCH_BATCH]).items():
            store.write(key, data)  # whole or not at all, as in the archive
    store.write(f"snapshots/{manifest['snapshot']}.json", json.dumps(manifest).encode("utf-8"))
    _prune(store, manifest["snapshot"])
    return {path: store.path(key) for path, key in local.items()}


def _prune(store: FolderStore, current: str) -> None:
    """Remove the copies of every snapshot but `current` and the two newest the cache has seen
    (ids sort by time), so another reader's newer snapshot keeps its files too."""
    ids = sorted(key.removeprefix("snapshots/").removesuffix(".json") for key in store.find("snapshots")
                 if not key.startswith("snapshots/."))
    kept = {current, *ids[-2:]}
    kept_keys = set()
    for snapshot in kept:
        manifest = json.loads(store.read(f"snapshots/{snapshot}.json"))
        kept_keys |= {f["path"].removeprefix(manifest["root"] + "/") for entry in files.entries(manifest)
                      for f in entry["files"]}
    # Hidden names are other readers' copies on their way in.
    store.remove([key for key in store.find("files") if key not in kept_keys and not key.rsplit("/", 1)[-1].startswith(".")])
    store.remove([f"snapshots/{i}.json" for i in ids if i not in kept])
