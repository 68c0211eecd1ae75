"""The raw archive: every response body kept unedited, stored once per distinct sha256.

    <root>/objects/<sha[:2]>/<sha256>          body bytes, exactly as served
    <root>/index/<source_id>/<YYYY-MM-DD>.json what that source served that day:
        [{"url", "sha256", "fetched_at", "status", "headers", "bytes"}, ...]

Bodies are written before anything is parsed, so a parser bug never costs data: re-parsing any
past day from here reproduces its rows. A day on which nothing changed adds only its small index
file. Files are written to a temporary name and renamed, so a crash leaves no half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from scrapers.errors import FetchError
from scrapers.snapshot import Snapshot


def _atomic_write(path: Path, data: bytes) -> None:
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
        self.root = Path(root)

    def object_path(self, sha256: str) -> Path:
        return self.root / "objects" / sha256[:2] / sha256

    def index_path(self, source_id: str, day: date) -> Path:
        return self.root / "index" / source_id / f"{day.isoformat()}.json"

    def store(self, source_id: str, day: date, snapshots: list[Snapshot]) -> list[ArchiveEntry]:
        """Archive a source's responses for a day, replacing that day's index (bodies are never removed)."""
        entries = []
        for snap in snapshots:
            sha = snap.sha256
            path = self.object_path(sha)
            if not path.exists():
                _atomic_write(path, snap.body)
            entries.append(ArchiveEntry(source_id, day, snap.url, sha, snap.fetched_at.isoformat(),
                                        snap.status, dict(snap.headers), len(snap.body)))
        index = [{k: v for k, v in e.__dict__.items() if k not in ("source_id", "day")} for e in entries]
        _atomic_write(self.index_path(source_id, day), (json.dumps(index, indent=1) + "\n").encode())
        return entries

    def entries(self, source_id: str, day: date) -> list[ArchiveEntry]:
        path = self.index_path(source_id, day)
        if not path.exists():
            return []
        return [ArchiveEntry(source_id=source_id, day=day, **item)
                for item in json.loads(path.read_text(encoding="utf-8"))]

    def days(self, source_id: str) -> list[date]:
        folder = self.root / "index" / source_id
        return sorted(date.fromisoformat(p.stem) for p in folder.glob("*.json")) if folder.is_dir() else []

    def load(self, entry: ArchiveEntry) -> Snapshot:
        return Snapshot(source_id=entry.source_id, url=entry.url,
                        fetched_at=datetime.fromisoformat(entry.fetched_at), status=entry.status,
                        body=self.object_path(entry.sha256).read_bytes(), headers=entry.headers)


class ArchiveClient:
    """Serves one day's archived responses by URL: re-parsing a past day without the network."""

    def __init__(self, archive: Archive, day: date):
        self.archive = archive
        self.day = day

    def get(self, source_id: str, url: str, *, headers: dict | None = None,
            json_body: dict | None = None) -> Snapshot:
        for entry in self.archive.entries(source_id, self.day):
            if entry.url == url:
                return self.archive.load(entry)
        raise FetchError(source_id, url, f"not in the archive for {self.day.isoformat()}")
