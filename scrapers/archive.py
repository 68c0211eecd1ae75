"""The raw archive: every response body kept unedited, stored once per distinct sha256.

    <root>/objects/<sha[:2]>/<sha256>          body bytes, exactly as served
    <root>/index/<source_id>/<YYYY-MM-DD>.json what that source served that day:
        [{"url", "sha256", "fetched_at", "status", "headers", "bytes"}, ...]

Bodies are written before anything is parsed, so a parser bug never costs data: re-parsing any
past day from here reproduces its rows. A day on which nothing changed adds only its small index
file. The root is a folder or an object-storage URL such as `s3://bucket/prefix`
(scrapers/archive_store.py); either way a file is written whole or not at all, so a crash leaves
no half-written file, and the layout above is the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from scrapers.archive_store import FolderStore, open_store
from scrapers.errors import FetchError
from scrapers.snapshot import Snapshot


@dataclass(frozen=True)
class ArchiveEntry:
    source_id: str
    day: date
    url: str
    sha256: str
    fetched_at: str
    status: int
    headers: dict
    bytes: int


class Archive:
    def __init__(self, root: Path | str):
        self.files = open_store(root)
        # A folder's own paths, for the tests and the bench that look at files on disk.
        self.root = self.files.root if isinstance(self.files, FolderStore) else None

    @staticmethod
    def object_key(sha256: str) -> str:
        return f"objects/{sha256[:2]}/{sha256}"

    @staticmethod
    def index_key(source_id: str, day: date) -> str:
        return f"index/{source_id}/{day.isoformat()}.json"

    def object_path(self, sha256: str) -> Path:
        return self._local(self.object_key(sha256))

    def index_path(self, source_id: str, day: date) -> Path:
        return self._local(self.index_key(source_id, day))

    def _local(self, key: str) -> Path:
        if self.root is None:
            raise ValueError(f"the archive {self.files} is not a folder")
        return self.root / key

    def has_object(self, sha256: str) -> bool:
        return self.files.exists(self.object_key(sha256))

    def read_object(self, sha256: str) -> bytes:
        return self.files.read(self.object_key(sha256))

    def store(self, source_id: str, day: date, snapshots: list[Snapshot]) -> list[ArchiveEntry]:
        """Archive a source's responses for a day, replacing that day's index (bodies are never removed)."""
        entries = []
        for snap in snapshots:
            sha = snap.sha256
            if not self.has_object(sha):
                self.files.write(self.object_key(sha), snap.body)
            entries.append(ArchiveEntry(source_id, day, snap.url, sha, snap.fetched_at.isoformat(),
                                        snap.status, dict(snap.headers), len(snap.body)))
        index = [{k: v for k, v in e.__dict__.items() if k not in ("source_id", "day")} for e in entries]
        self.files.write(self.index_key(source_id, day), (json.dumps(index, indent=1) + "\n").encode())
        return entries

    def entries(self, source_id: str, day: date) -> list[ArchiveEntry]:
        key = self.index_key(source_id, day)
        try:
            index = self.files.read(key)
        except FileNotFoundError:
            return []
        return [ArchiveEntry(source_id=source_id, day=day, **item) for item in json.loads(index.decode("utf-8"))]

    def days(self, source_id: str) -> list[date]:
        return sorted(date.fromisoformat(name.removesuffix(".json"))
                      for name in self.files.names(f"index/{source_id}") if name.endswith(".json"))

    def load(self, entry: ArchiveEntry) -> Snapshot:
        return Snapshot(source_id=entry.source_id, url=entry.url,
                        fetched_at=datetime.fromisoformat(entry.fetched_at), status=entry.status,
                        body=self.read_object(entry.sha256), headers=entry.headers)


class ArchiveClient:
    """Serves one day's archived responses by URL: re-parsing a past day without the network."""

    def __init__(self, archive: Archive, day: date):
        self.archive = archive
        self.day = day
        # A paged source asks for dozens of URLs: its index is read once, not once per URL (on
        # object storage every read is a request).
        self._indexes: dict[str, list[ArchiveEntry]] = {}

    def get(self, source_id: str, url: str, *, headers: dict | None = None,
            json_body: dict | None = None) -> Snapshot:
        if source_id not in self._indexes:
            self._indexes[source_id] = self.archive.entries(source_id, self.day)
        for entry in self._indexes[source_id]:
            if entry.url == url:
                return self.archive.load(entry)
        raise FetchError(source_id, url, f"not in the archive for {self.day.isoformat()}")
