"""Published snapshots of the marts: Parquet files, a manifest.json and a views.sql that readers
load instead of opening the warehouse (whose writer a reader would block). This module decides
what a publish rewrites, switches readers to the new snapshot and cleans up the old ones;
snapshot_files.py writes a snapshot's files, snapshot_store.py keeps them in a folder or a bucket,
snapshot_reader.py opens the current one.

Layout under the publish root (BREAKEVEN_PUBLISH: a folder, default `published/` beside the
warehouse, or `s3://bucket/prefix`):

    files/<table>/<YYYY-MM>.<snapshot>.parquet   a month of a daily fact table
    files/<table>/all.<snapshot>.parquet         any other table, whole
    snapshots/<snapshot>.json                    the manifest of each snapshot still kept
    manifest.json, views.sql                     the current snapshot

Every file a publish writes goes under a name no snapshot has used, before the switch,
which writes three whole objects in turn: snapshots/<id>.json, views.sql, then manifest.json (a
rename in a folder, a PUT in a bucket: each atomic). A reader loads one of views.sql and
manifest.json, once, and sees one snapshot. A publish killed before the switch leaves the
previous files and both names as they were. Files of the previous snapshot stay until the next
publish, for readers that loaded its views during this one.

A daily build rebuilds the days from its start day on (dbt_project/macros/window_start.sql);
publishing rewrites only the months of those days, and takes the earlier months' files from
the previous snapshot, so its cost follows the days rebuilt, not the length of history.

A complete publish (after a full rebuild, or when nothing says which days changed) looks at
every month, but rewrites only those whose rows changed: each month file of a daily fact is
listed in the manifest with the fingerprint of its rows (count and sum of row hashes, one scan
of the table), and a month with the same fingerprint, columns and column types as in the
previous snapshot keeps that snapshot's file. Its name then holds the older snapshot's id; the
cleanup keeps every file a kept manifest names, whoever wrote it first.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from orchestration.warehouse import landing as wh
from orchestration.warehouse import snapshot_files as files
from orchestration.warehouse.snapshot_store import open_target
from scrapers.archive_store import is_url

MANIFEST = "manifest.json"
VIEWS = "views.sql"


@dataclass
class PublishResult:
    snapshot_id: str
    root: Path | str
    tables: int
    files_written: int
    files_kept: int
    files_removed: int
    full: bool

    @property
    def changed(self) -> bool:
        return self.files_written > 0


def publish_root(warehouse_file: Path) -> Path | str:
    """BREAKEVEN_PUBLISH (a folder, or an `s3://` URL kept as written), or `published/` beside
    the warehouse (data/published/ by default)."""
    configured = os.environ.get("BREAKEVEN_PUBLISH")
    if configured and is_url(configured):
        return configured.rstrip("/")
    return Path(configured).resolve() if configured else Path(warehouse_file).resolve().parent / "published"


def views_location(root: Path | str) -> str:
    return open_target(root).named(VIEWS)


def publish(warehouse_file: Path, root: Path | str | None = None) -> PublishResult:
    """Write what changed in the marts since the last publish as a new snapshot and switch to it.

    What changed: the days from the earliest start day the dbt builds since then recorded
    (warehouse.mark_unpublished); everything when the previous snapshot is of another warehouse,
    another project (a complete build ran), or there is none.
    """
    root = root or publish_root(warehouse_file)
    target = open_target(root)
    previous = _manifest(target)
    # Ahead of manifest.json when a publish was killed between the two switches: kept as well.
    previous_views = _views_snapshot(target)
    with wh.connect(warehouse_file) as con:
        wh.ensure_raw_tables(con, [])
        pending, since = wh.unpublished(con)
        built = wh.built_project(con)
        full = (previous is None or previous.get("warehouse") != str(Path(warehouse_file).resolve())
                or previous.get("dbt_project") != built or (pending and since is None))
        if not full and not pending:
            return PublishResult(previous["snapshot"], root, len(previous["tables"]), 0,
                                 files.count_files(previous), 0, False)
        snapshot = _new_snapshot_id()
        tables, supporting, written = {}, {}, 0
        columns = files.marts_columns(con)
        for table, kind in files.marts_relations(con):
            if kind == "VIEW":
                tables[table] = {"view": files.view_sql(con, "marts", table), "files": []}
                continue
            # A complete publish still offers the previous entry: its months whose rows did not
            # change are kept (write_table compares fingerprints), when its files are in this target.
            before = previous["tables"].get(table) if previous and previous.get("root") == target.location else None
            tables[table], count = files.write_table(con, target, snapshot, table, columns[table], before,
                                                  None if full else since)
            written += count
        views = [e["view"] for e in tables.values() if "view" in e]
        for relation, sql in files.read_outside_marts(con, views).items():
            before = None if full else previous.get("supporting", {}).get(relation)
            supporting[relation], count = files.write_supporting(con, target, snapshot, relation, sql, before)
            written += count
        manifest = {"snapshot": snapshot, "published_at": _utc_now(), "warehouse": str(Path(warehouse_file).resolve()),
                    "dbt_project": built, "root": target.location, "tables": tables, "supporting": supporting}
        target.flush()  # every file of the snapshot in place before anything names it
        _switch(target, manifest)
        wh.mark_published(con)
    kept_ids = {snapshot, *(m["snapshot"] for m in (previous,) if m), *filter(None, [previous_views])}
    removed = _remove_unkept(target, kept_ids)
    return PublishResult(snapshot, root, len(tables), written, files.count_files(manifest) - written, removed, bool(full))


def read_manifest(root: Path | str) -> dict | None:
    return _manifest(open_target(root))


def _manifest(target) -> dict | None:
    text = target.read_text(MANIFEST)
    return json.loads(text) if text is not None else None


def _switch(target, manifest: dict) -> None:
    """Make `manifest` the current snapshot: its copy under snapshots/ first (what the next
    publish keeps), then views.sql, then manifest.json, each written whole."""
    text = json.dumps(manifest, indent=1)
    target.write_text(f"snapshots/{manifest['snapshot']}.json", text)
    target.write_text(VIEWS, files.views_sql(manifest))
    target.write_text(MANIFEST, text)


def _views_snapshot(target) -> str | None:
    """The snapshot views.sql names (a publish killed between the two switches leaves it ahead
    of manifest.json)."""
    text = target.read_text(VIEWS)
    if text is None:
        return None
    first = text.split("\n", 1)[0]
    return first.split("snapshot ", 1)[1].split(" ", 1)[0] if "snapshot " in first else None


def _remove_unkept(target, kept_ids: set[str]) -> int:
    """Delete the files and manifests of every snapshot but `kept_ids`, and what a killed publish
    left behind. Lists the files (one listing per thousand keys in a bucket), so it costs
    microseconds per month of history on disk, a request per thousand files in a bucket."""
    kept_paths = set()
    for snapshot in kept_ids:
        text = target.read_text(f"snapshots/{snapshot}.json")
        if text is not None:
            kept_paths |= {f["path"] for entry in files.entries(json.loads(text)) for f in entry["files"]}
    unkept = [key for key in target.keys("files") if target.named(key) not in kept_paths]
    target.remove(unkept)
    target.remove([key for key in target.keys("snapshots") if key.removeprefix("snapshots/").removesuffix(".json")
                   not in kept_ids])
    target.clear_interrupted_writes([VIEWS, MANIFEST])
    return len(unkept)


def _new_snapshot_id() -> str:
    # Sorts by time, to the microsecond (readers keep the newest snapshots by sorting ids, and a
    # publish that writes only what changed can follow another within a second); the random tail
    # keeps two publishes of one microsecond apart.
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def _utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
