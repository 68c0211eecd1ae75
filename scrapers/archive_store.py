"""Where the raw archive's files live: a local folder, or object storage named by a URL.

The archive (scrapers/archive.py) addresses its files by key (`objects/ab/ab…`,
`index/<source>/<day>.json`) and asks a store for five things: does a key exist, read it, write it
whole, list the names under a folder, and say where it is. The published snapshot
(orchestration/warehouse/snapshot_store.py) also lists every key under a folder and removes keys;
on a bucket, it uploads the files DuckDB wrote and reads many keys at once. Both stores write a file all at once or
not at all, so a crash never leaves half a body or half an index behind: the folder writes to a
temporary name and renames, and an object store's PUT is atomic by itself.

A URL (`s3://bucket/prefix`) goes through fsspec: s3fs reads the endpoint and the credentials from
the usual AWS variables (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_DEFAULT_REGION, AWS_PROFILE), so the same code reaches AWS S3, MinIO, Cloudflare R2 or a test
server. The bucket must exist: the archive never creates or deletes buckets.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def is_url(location: str | Path) -> bool:
    return "://" in str(location)


class FolderStore:
    def __init__(self, root: Path):
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / key

    def exists(self, key: str) -> bool:
        return self.path(key).exists()

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def write(self, key: str, data: bytes) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def names(self, folder: str) -> list[str]:
        path = self.path(folder)
        return [p.name for p in path.iterdir() if p.is_file() and not p.name.startswith(".")] if path.is_dir() else []

    def find(self, folder: str) -> list[str]:
        """The key of every file under `folder`, at any depth, hidden leftovers of an interrupted
        write included (whoever cleans up wants those too)."""
        path = self.path(folder)
        return sorted(p.relative_to(self.root).as_posix() for p in path.rglob("*") if p.is_file()) if path.is_dir() else []

    def remove(self, keys: list[str]) -> None:
        for key in keys:
            self.path(key).unlink(missing_ok=True)

    def __str__(self) -> str:
        return str(self.root)


class BucketStore:
    """An fsspec file system (s3fs for `s3://`). A fresh instance per store, not fsspec's cached
    one: the cache is keyed on the arguments, not on AWS_ENDPOINT_URL, so a process whose
    environment names another endpoint would otherwise keep talking to the first."""

    def __init__(self, url: str):
        import fsspec

        self.url = url.rstrip("/")
        self.fs, self.base = fsspec.core.url_to_fs(self.url, skip_instance_cache=True)

    def _full(self, key: str) -> str:
        return f"{self.base}/{key}"

    def exists(self, key: str) -> bool:
        return self.fs.exists(self._full(key))

    def read(self, key: str) -> bytes:
        return self.fs.cat_file(self._full(key))

    def write(self, key: str, data: bytes) -> None:
        self.fs.pipe_file(self._full(key), data)

    def names(self, folder: str) -> list[str]:
        # refresh: another process (yesterday's run, a backfill) may have added files since the
        # listing was cached.
        try:
            entries = self.fs.ls(self._full(folder), detail=True, refresh=True)
        except FileNotFoundError:
            return []
        return [entry["name"].rsplit("/", 1)[-1] for entry in entries if entry["type"] == "file"]

    def read_many(self, keys: list[str]) -> dict[str, bytes]:
        """Several keys at once: s3fs sends the GETs concurrently, where one read() each would
        wait for every round trip in turn."""
        found = self.fs.cat([self._full(key) for key in keys], on_error="raise") if keys else {}
        return {path[len(self.base) + 1:]: data for path, data in found.items()}

    def find(self, folder: str) -> list[str]:
        # The listing cache may predate another process's writes, as in names().
        self.fs.invalidate_cache(self._full(folder))
        return sorted(path[len(self.base) + 1:] for path in self.fs.find(self._full(folder)))

    def remove(self, keys: list[str]) -> None:
        if keys:  # one request per thousand keys (S3's DeleteObjects), not one per key
            self.fs.rm([self._full(key) for key in keys])

    def upload(self, files: dict[str, Path]) -> None:
        """Local files to their keys, sent concurrently. A large file goes up in parts, and its
        object appears only when the last part is in, whole, like any PUT."""
        if files:
            self.fs.put([str(local) for local in files.values()], [self._full(key) for key in files])

    def __str__(self) -> str:
        return self.url


def open_store(location: str | Path) -> FolderStore | BucketStore:
    return BucketStore(str(location)) if is_url(location) else FolderStore(Path(location))
