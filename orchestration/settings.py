"""Where things live. Every path can be moved with an environment variable."""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = ROOT / "dbt_project"
BUNDLED_SNAPSHOTS = ROOT / "tests" / "fixtures"


class SetupError(Exception):
    """The environment names something that cannot be used (a database that does not answer):
    the CLI prints it as one line and exits 2."""


def warehouse_path() -> Path:
    return Path(os.environ.get("BREAKEVEN_WAREHOUSE", ROOT / "data" / "warehouse.duckdb")).resolve()


def archive_path() -> Path | str:
    """A folder, or an object-storage URL (`s3://bucket/prefix`) kept as it was written."""
    location = os.environ.get("BREAKEVEN_ARCHIVE", "")
    if "://" in location:
        return location.rstrip("/")
    return Path(location or ROOT / "data" / "archive").resolve()


def history_download_dir(source_id: str) -> Path:
    """Where `breakeven backfill SOURCE` keeps the public history it downloads: beside a local
    archive, as before; under data/history when the archive is a bucket (the files are a download
    cache: every body backfilled from them is archived like any other)."""
    archive = archive_path()
    return (archive if isinstance(archive, Path) else ROOT / "data") / "history" / source_id


# DuckDB takes one writer process at a time: one run at a time (runs execute their steps in one
# process, one after the other), so a multi-day backfill from the UI runs day after day. No
# op-concurrency pool: a run killed with -9 would keep its slot forever and every later run would
# wait for it. Events go to Dagster's SQLite files through orchestration/event_log_storage.py.
DAGSTER_YAML = """\
concurrency:
  runs:
    max_concurrent_runs: 1
telemetry:
  enabled: false
event_log_storage:
  module: orchestration.event_log_storage
  class: PooledSqliteEventLogStorage
  config:
    base_dir: {events}
"""
# With BREAKEVEN_DAGSTER_PG_URL set, runs, event logs and schedules live in that PostgreSQL
# database instead (dagster-postgres, through orchestration/postgres_storage.py), so the webserver,
# the daemon and run workers on other machines share one history (docs/deploy.md). Dagster reads
# the URL from the environment when it starts: the password never lands in the file.
DAGSTER_PG_URL_ENV = "BREAKEVEN_DAGSTER_PG_URL"
DAGSTER_PG_YAML = f"""\
concurrency:
  runs:
    max_concurrent_runs: 1
telemetry:
  enabled: false
storage:
  custom:
    module: orchestration.postgres_storage
    class: PostgresStorage
    config:
      postgres_url:
        env: {DAGSTER_PG_URL_ENV}
"""
# What earlier versions wrote; replaced by the above (a file the user wrote is left alone).
_EARLIER_DAGSTER_YAML = "concurrency:\n  runs:\n    max_concurrent_runs: 1\ntelemetry:\n  enabled: false\n"


def dagster_home() -> Path:
    """DAGSTER_HOME if the user set one, else a project-local folder, so runs are kept and show in the UI.

    Its dagster.yaml follows BREAKEVEN_DAGSTER_PG_URL: PostgreSQL when it is set, SQLite files in
    the folder when not. Only a file this project wrote is rewritten; a user's own is left alone."""
    home = Path(os.environ.get("DAGSTER_HOME") or ROOT / ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    config = home / "dagster.yaml"
    # Where Dagster's default storage keeps event logs, so earlier runs stay readable.
    sqlite = DAGSTER_YAML.format(events=json.dumps(str(home / "history" / "runs")))
    wanted = DAGSTER_PG_YAML if os.environ.get(DAGSTER_PG_URL_ENV) else sqlite
    written = config.read_text(encoding="utf-8") if config.exists() else None
    if written != wanted and written in (None, _EARLIER_DAGSTER_YAML, sqlite, DAGSTER_PG_YAML):
        config.write_text(wanted, encoding="utf-8")
    return home


# DuckDB's bounds while dbt builds (dbt_project/profiles.yml). A quarter of the memory this
# process may use, and no more than 1.5 GB: left alone DuckDB takes 80% of the machine (a full
# rebuild at ten years peaked at 7 GB); bounded, sorts, joins and most groupings spill to the
# temp directory. The cap is not lower because the GPU index's medians cannot spill: at 1.2 GB,
# built beside another model's test, it ran out of memory at ten years. Each can be set:
# BREAKEVEN_DUCKDB_MEMORY_LIMIT (DuckDB's syntax: "1GB", "25%"), BREAKEVEN_DUCKDB_THREADS,
# BREAKEVEN_DUCKDB_TEMP_DIR.
DUCKDB_MEMORY_SHARE = 0.25
DUCKDB_MEMORY_CAP_MB = 1536


def _memory_bytes() -> int:
    """Physical memory, or a container's limit when that is lower (cgroup v2, then v1)."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit_file).read_text(encoding="utf-8").strip()
        except OSError:
            continue
        if text.isdigit():
            total = min(total, int(text))
    return total


def duckdb_environment(warehouse_file: Path) -> dict[str, str]:
    """The variables profiles.yml reads for DuckDB's memory limit, threads and spill folder."""
    share_mb = int(_memory_bytes() * DUCKDB_MEMORY_SHARE / 2**20)
    return {
        "BREAKEVEN_DUCKDB_MEMORY_LIMIT": os.environ.get("BREAKEVEN_DUCKDB_MEMORY_LIMIT")
        or f"{min(share_mb, DUCKDB_MEMORY_CAP_MB)}MB",
        "BREAKEVEN_DUCKDB_THREADS": os.environ.get("BREAKEVEN_DUCKDB_THREADS") or str(len(os.sched_getaffinity(0))),
        "BREAKEVEN_DUCKDB_TEMP_DIR": os.environ.get("BREAKEVEN_DUCKDB_TEMP_DIR") or f"{warehouse_file}.tmp",
    }
