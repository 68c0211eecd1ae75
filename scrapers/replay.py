"""Serving recorded responses from a folder instead of the network.

Replay layout (what `breakeven record DIR` writes and `--replay DIR` reads):

    DIR/<source_id>/<slug>.<ext>          the body, byte for byte as served
    DIR/<source_id>/<slug>.meta.json      optional: {"url", "status", "headers", "fetched_at"}

`<slug>` is the URL without its scheme, every run of characters other than letters, digits, dot
and dash turned into "_" (long URLs are cut and end in a short hash of the full URL), so a
recorded file is easy to find by eye: https://openrouter.ai/api/v1/models is
`openrouter.ai_api_v1_models.json` (a URL that ends in its extension, like …/vms.csv, keeps
it once). A POSTed request body is part of the slug's hash.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

from scrapers.errors import FetchError
from scrapers.snapshot import Snapshot, utc_now

_EXTENSIONS = {
    "application/json": "json",
    "text/html": "html",
    "text/csv": "csv",
    "text/plain": "txt",
    "text/markdown": "md",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/javascript": "js",
    "text/javascript": "js",
}
_CONTENT_TYPES = {ext: ctype for ctype, ext in _EXTENSIONS.items()}
_MAX_SLUG = 120


def slug(url: str, json_body: dict | None = None) -> str:
    text = re.sub(r"^[a-z]+://", "", url)
    text = re.sub(r"[^A-Za-z0-9.\-]+", "_", text).strip("_")
    if json_body is not None or len(text) > _MAX_SLUG:
        key = url + (json.dumps(json_body, sort_keys=True) if json_body is not None else "")
        text = f"{text[:_MAX_SLUG]}_{hashlib.sha1(key.encode()).hexdigest()[:10]}"
    return text


def extension_for(snapshot: Snapshot) -> str:
    known = _EXTENSIONS.get(snapshot.content_type)
    if known:
        return known
    path_ext = Path(snapshot.url.split("?")[0]).suffix.lstrip(".").lower()
    return path_ext if path_ext.isalnum() and len(path_ext) <= 5 else "bin"


def write_snapshot(root: Path, snapshot: Snapshot, json_body: dict | None = None) -> Path:
    """Save a live response in the replay layout (used by `breakeven record`)."""
    folder = Path(root) / snapshot.source_id
    folder.mkdir(parents=True, exist_ok=True)
    name = slug(snapshot.url, json_body)
    extension = extension_for(snapshot)
    # A URL that already ends in its extension (…/vms.csv) keeps it once.
    body_path = folder / (name if name.endswith(f".{extension}") else f"{name}.{extension}")
    body_path.write_bytes(snapshot.body)
    meta = {
        "url": snapshot.url,
        "status": snapshot.status,
        "headers": {k: v for k, v in snapshot.headers.items() if k.lower() in ("content-type", "etag", "last-modified", "date")},
        "fetched_at": snapshot.fetched_at.isoformat(),
    }
    (folder / f"{name}.meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return body_path


class ReplayClient:
    """Answers requests from a replay folder. Never touches the network."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def get(self, source_id: str, url: str, *, headers: dict | None = None,
            json_body: dict | None = None) -> Snapshot:
        name = slug(url, json_body)
        folder = self.root / source_id
        candidates = [folder / name] if (folder / name).is_file() else []
        if not candidates and folder.is_dir():
            candidates = sorted(p for p in folder.glob(f"{name}.*") if not p.name.endswith(".meta.json"))
        if not candidates:
            raise FetchError(source_id, url, f"no recorded snapshot {name}.* in {folder}")
        body_path = candidates[0]
        meta_path = folder / f"{name}.meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        served_headers = meta.get("headers") or {}
        if not any(k.lower() == "content-type" for k in served_headers):
            ctype = _CONTENT_TYPES.get(body_path.suffix.lstrip("."))
            if ctype:
                served_headers = {**served_headers, "Content-Type": ctype}
        status = int(meta.get("status", 200))
        if not 200 <= status < 300:
            raise FetchError(source_id, url, f"HTTP {status} (recorded)")
        fetched_at = datetime.fromisoformat(meta["fetched_at"]) if meta.get("fetched_at") else utc_now()
        return Snapshot(source_id=source_id, url=url, fetched_at=fetched_at, status=status,
                        body=body_path.read_bytes(), headers=served_headers)


_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})_(.+)$")


def dated_files(folder: Path | str) -> dict[str, list[Path]]:
    """Historical snapshots named `YYYY-MM-DD_<anything>.<ext>`, grouped by their day (sorted)."""
    by_day: dict[str, list[Path]] = {}
    for path in sorted(Path(folder).iterdir()):
        match = _DATED_NAME.match(path.name)
        if path.is_file() and match and not path.name.endswith(".meta.json"):
            by_day.setdefault(match[1], []).append(path)
    return by_day


class DatedFilesClient:
    """Serves one day's historical snapshot files, for a backfill.

    A source with one URL takes the day's file whatever it is called. A source with several
    URLs (one catalogue per cloud) takes, for each URL, the file whose name contains the part
    of the URL that tells it apart (`2025-01-31_aws_vms.csv` for …/aws/vms.csv).
    """

    def __init__(self, files: list[Path], urls: tuple[str, ...]):
        self.files = files
        self.urls = urls

    def _distinctive_parts(self, url: str) -> set[str]:
        common = set.intersection(*(set(re.split(r"[/._?=&-]+", u)) for u in self.urls))
        return {part for part in re.split(r"[/._?=&-]+", url) if part and part not in common}

    def file_for(self, source_id: str, url: str) -> Path:
        if len(self.urls) <= 1 and len(self.files) == 1:
            return self.files[0]
        parts = self._distinctive_parts(url)
        named = {p: set(re.split(r"[/._?=&-]+", p.name)) for p in self.files}
        # A file naming every distinctive part wins (…_H100_80GB_SXM5.jsonl, not …_H100_80GB_PCIe.jsonl).
        matching = [p for p, tokens in named.items() if parts <= tokens] or \
            [p for p, tokens in named.items() if parts & tokens]
        if len(matching) != 1:
            raise FetchError(source_id, url, f"no single snapshot file for this URL among {[p.name for p in self.files]} "
                                             f"(name it with one of {sorted(parts)})")
        return matching[0]

    def get(self, source_id: str, url: str, *, headers: dict | None = None,
            json_body: dict | None = None) -> Snapshot:
        path = self.file_for(source_id, url)
        ctype = _CONTENT_TYPES.get(path.suffix.lstrip(".").lower())
        return Snapshot(source_id=source_id, url=url, fetched_at=utc_now(), status=200, body=path.read_bytes(),
                        headers={"Content-Type": ctype} if ctype else {})
