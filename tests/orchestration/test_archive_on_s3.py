"""A daily replay with BREAKEVEN_ARCHIVE=s3://… stores the day's bodies in the bucket (moto's S3
server on 127.0.0.1), and re-parsing that day from the bucket, without the replay folder, lands
the same rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import fsspec
import pytest

from orchestration.runner import ingest_day
from tests.conftest import FIXTURES

DAY = date(2026, 11, 20)
SOURCES = ["openrouter", "skypilot"]


@pytest.fixture
def s3_archive(s3_bucket, tmp_path, monkeypatch) -> str:
    archive = f"{s3_bucket}/breakeven/archive"
    monkeypatch.setenv("BREAKEVEN_ARCHIVE", archive)
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    return archive


def _landed(warehouse) -> dict[str, tuple]:
    """Per source: the day's logged sha256s and its rows, less the landing time."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {source: (con.execute("select sha256s from raw.ingest_log where source_id = ? and ok "
                                     "order by finished_at desc limit 1", [source]).fetchone(),
                         con.execute(f"select * exclude (landed_at) from raw.{source} where observed_date = ? "
                                     "order by all", [DAY]).fetchall())
                for source in SOURCES}


def test_a_daily_replay_archives_its_bodies_in_the_bucket_and_re_parses_from_there(s3_archive, tmp_path):
    replayed = ingest_day(DAY, mode="replay", replay_dir=str(FIXTURES), source_ids=SOURCES)
    assert [(o.source_id, o.ok) for o in replayed] == [(s, True) for s in SOURCES]
    first = _landed(tmp_path / "warehouse.duckdb")

    fs, base = fsspec.core.url_to_fs(s3_archive, skip_instance_cache=True)
    stored = {path.rsplit("/", 1)[-1] for path in fs.find(f"{base}/objects")}
    logged = {sha for source in SOURCES for sha in first[source][0][0]}
    assert len(logged) == len(list((FIXTURES / "skypilot").glob("*.csv"))) + 1
    assert stored == logged
    assert sorted(fs.ls(f"{base}/index/skypilot", detail=False)) == [f"{base}/index/skypilot/{DAY}.json"]
    assert not (tmp_path / "archive").exists()

    re_parsed = ingest_day(DAY, mode="archive", source_ids=SOURCES)
    assert [(o.source_id, o.ok) for o in re_parsed] == [(s, True) for s in SOURCES]
    assert _landed(tmp_path / "warehouse.duckdb") == first
    # Stored once: the second run found every body already there.
    assert {path.rsplit("/", 1)[-1] for path in fs.find(f"{base}/objects")} == logged


def test_an_archive_url_is_kept_as_written_and_history_downloads_stay_on_local_disk(monkeypatch):
    from orchestration import settings

    monkeypatch.setenv("BREAKEVEN_ARCHIVE", "s3://team-bucket/breakeven/archive/")
    assert settings.archive_path() == "s3://team-bucket/breakeven/archive"
    assert settings.history_download_dir("litellm") == settings.ROOT / "data" / "history" / "litellm"
    monkeypatch.setenv("BREAKEVEN_ARCHIVE", "/srv/archive")
    assert settings.history_download_dir("litellm") == Path("/srv/archive/history/litellm")
