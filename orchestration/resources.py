"""Dagster resources: where the warehouse and the archive are, and how responses are fetched
(dbt runs in a fork of the step's process: orchestration/dbt_build.py)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from dagster import ConfigurableResource

from orchestration import settings
from scrapers.archive import Archive, ArchiveClient
from scrapers.errors import FetchError
from scrapers.http import LiveClient
from scrapers.registry import Client, Source
from scrapers.replay import DatedFilesClient, ReplayClient, dated_files


class WarehouseResource(ConfigurableResource):
    """The DuckDB file. Connections are opened per step and closed at once (one writer process)."""

    path: str

    @property
    def file(self) -> Path:
        return Path(self.path)


class FetchResource(ConfigurableResource):
    """How a run obtains responses: `live` (HTTP), `replay` (a folder of recorded snapshots in the
    replay layout), `archive` (the bytes archived for that day: re-parsing without the network)
    or `files` (a folder of dated historical snapshots `YYYY-MM-DD_<anything>.<ext>`: a backfill)."""

    mode: str = "live"
    replay_dir: str = ""
    archive_dir: str

    def archive(self) -> Archive:
        return Archive(self.archive_dir)

    def prepare(self, source: Source, day: date) -> tuple[Source, Client]:
        """The client for this day, and the source narrowed to the URLs that client can serve."""
        if self.mode == "live":
            return source, LiveClient(allowed_hosts=set(source.hosts))
        if self.mode == "replay":
            return source, ReplayClient(self.replay_dir)
        if self.mode == "archive":
            return source, ArchiveClient(self.archive(), day)
        if self.mode == "files":
            files = dated_files(self.replay_dir).get(day.isoformat(), [])
            client = DatedFilesClient(files, source.urls)
            # A historical day may hold some of a source's files only (one cloud's catalogue).
            served = tuple(u for u in source.urls if _serves(client, source.id, u))
            return replace(source, urls=served or source.urls), client
        raise ValueError(f"unknown fetch mode {self.mode!r} (live, replay, archive or files)")


def _serves(client: DatedFilesClient, source_id: str, url: str) -> bool:
    try:
        client.file_for(source_id, url)
    except FetchError:
        return False
    return True


def default_resources(mode: str | None = None, replay_dir: str | None = None) -> dict:
    """Resources from the environment: BREAKEVEN_WAREHOUSE, BREAKEVEN_ARCHIVE, BREAKEVEN_REPLAY_DIR."""
    replay_dir = replay_dir or os.environ.get("BREAKEVEN_REPLAY_DIR", "")
    mode = mode or ("replay" if replay_dir else "live")
    return {
        "warehouse": WarehouseResource(path=str(settings.warehouse_path())),
        "fetcher": FetchResource(mode=mode, replay_dir=str(replay_dir), archive_dir=str(settings.archive_path())),
    }
