"""Where published snapshots are kept: a local folder, or a bucket named by a URL
(`s3://bucket/prefix`), through the raw archive's stores (scrapers/archive_store.py): one fsspec /
s3fs client, the endpoint and credentials from the same AWS_* variables.

Both backends hold the same keys (`files/<table>/<name>.parquet`, `snapshots/<id>.json`,
`views.sql`, `manifest.json`) and write each one whole or not at all: the folder through a
temporary name and a rename, the bucket because a PUT (a multipart upload too) only shows an object
once all of it is in. Manifests and views.sql name a file by where readers find it: relative to the
project root for a folder inside it, an absolute path elsewhere, an `s3://` URL in a bucket.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

import duckdb

from orchestration import settings
from scrapers.archive_store import BucketStore, FolderStore, is_url

_FORMAT = "(format parquet, compression zstd)"


class SnapshotFolder:
    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.store = FolderStore(self.root)
        self._location = written_path(self.root)

    @property
    def location(self) -> str:
        return self._location

    def named(self, key: str) -> str:
        # The root is resolved once: a cleanup names every file of every kept snapshot, and
        # resolving each path again took a third of a daily publish at ten years.
        return str(Path(self._location) / key)

    def write_parquet(self, con: duckdb.DuckDBPyConnection, select: str, params: list, key: str) -> int:
        """A query's rows to `key` (a name no snapshot has used, so no reader has it open); returns the rows."""
        path = self.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        return copy_to_parquet(con, select, params, path)

    def flush(self) -> None:
        """Nothing waits: DuckDB wrote each file in place."""

    def write_text(self, key: str, text: str) -> None:
        self.store.write(key, text.encode("utf-8"))

    def read_text(self, key: str) -> str | None:
        path = self.root / key
        return path.read_text(encoding="utf-8") if path.exists() else None

    def keys(self, folder: str) -> list[str]:
        return self.store.find(folder)

    def remove(self, keys: list[str]) -> None:
        self.store.remove(keys)

    def clear_interrupted_writes(self, keys: list[str]) -> None:
        """The temporary files (FolderStore's `.<name>.<random>`) a publish killed while writing
        one of `keys` left beside it."""
        self.store.remove([p.relative_to(self.root).as_posix() for key in keys
                           for p in (self.root / key).parent.glob(f".{Path(key).name}.*")])

    def __str__(self) -> str:
        return str(self.root)


class SnapshotBucket:
    """DuckDB writes to s3:// only through its httpfs extension, which cannot be installed offline
    (docs/deploy.md): each file is written to a local folder first and goes up with the others
    of its batch, concurrently (one round trip per batch rather than per file).

    Several threads write files at once (snapshot_files.write_files): the staged set is
    guarded by a lock, and a batch goes up in the thread that filled it while the others keep
    writing into the same staging folder, which only flush() removes."""

    UPLOAD_BATCH = 32

    def __init__(self, url: str):
        self.store = BucketStore(url)
        self._lock = threading.Lock()
        self._staging: tempfile.TemporaryDirectory | None = None
        self._staged: dict[str, Path] = {}

    @property
    def location(self) -> str:
        return self.store.url

    def named(self, key: str) -> str:
        return f"{self.store.url}/{key}"

    def write_parquet(self, con: duckdb.DuckDBPyConnection, select: str, params: list, key: str) -> int:
        """A query's rows to `key`, in the bucket once flush() has run (it runs every
        UPLOAD_BATCH files, and the publish calls it before switching)."""
        local = self._staging_folder() / key
        local.parent.mkdir(parents=True, exist_ok=True)
        rows = copy_to_parquet(con, select, params, local)
        with self._lock:
            self._staged[key] = local
            batch = self._take_staged() if len(self._staged) >= self.UPLOAD_BATCH else {}
        self._upload(batch)
        return rows

    def flush(self) -> None:
        """Every staged file up. Called once no write is under way (the publish's writers have
        all returned), so removing the staging folder cannot pull a file from under one."""
        with self._lock:
            batch = self._take_staged()
            staging, self._staging = self._staging, None
        self._upload(batch)
        if staging is not None:
            staging.cleanup()

    def _staging_folder(self) -> Path:
        with self._lock:
            if self._staging is None:
                self._staging = tempfile.TemporaryDirectory(prefix="breakeven-publish-")
            return Path(self._staging.name)

    def _take_staged(self) -> dict[str, Path]:
        batch, self._staged = self._staged, {}
        return batch

    def _upload(self, batch: dict[str, Path]) -> None:
        if not batch:
            return
        self.store.upload(batch)
        for local in batch.values():
            local.unlink()  # up already: the local copy would only hold disk until flush()

    def write_text(self, key: str, text: str) -> None:
        self.store.write(key, text.encode("utf-8"))

    def read_text(self, key: str) -> str | None:
        try:
            return self.store.read(key).decode("utf-8")
        except FileNotFoundError:
            return None

    def read_many(self, keys: list[str]) -> dict[str, bytes]:
        return self.store.read_many(keys)

    def keys(self, folder: str) -> list[str]:
        return self.store.find(folder)

    def remove(self, keys: list[str]) -> None:
        self.store.remove(keys)

    def clear_interrupted_writes(self, keys: list[str]) -> None:
        """Nothing to clear: an interrupted PUT leaves no object behind."""

    def __str__(self) -> str:
        return self.store.url


def open_target(location: str | Path) -> SnapshotFolder | SnapshotBucket:
    return SnapshotBucket(str(location)) if is_url(location) else SnapshotFolder(Path(location))


def copy_to_parquet(con: duckdb.DuckDBPyConnection, select: str, params: list, path: Path) -> int:
    text = str(path).replace("'", "''")
    return con.execute(f"copy ({select}) to '{text}' {_FORMAT}", params).fetchone()[0]


def written_path(path: Path) -> str:
    """`data/published/...` (relative to the project root) inside the project; absolute elsewhere."""
    path = Path(path).resolve()
    return str(path.relative_to(settings.ROOT)) if path.is_relative_to(settings.ROOT) else str(path)
