"""Where things live. Every path can be moved with an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = ROOT / "dbt_project"
BUNDLED_SNAPSHOTS = ROOT / "tests" / "fixtures"


def warehouse_path() -> Path:
    return Path(os.environ.get("BREAKEVEN_WAREHOUSE", ROOT / "data" / "warehouse.duckdb")).resolve()


def archive_path() -> Path:
    return Path(os.environ.get("BREAKEVEN_ARCHIVE", ROOT / "data" / "archive")).resolve()


def dagster_home() -> Path:
    """DAGSTER_HOME if the user set one, else a project-local folder, so runs are kept and show in the UI."""
    home = Path(os.environ.get("DAGSTER_HOME") or ROOT / ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    config = home / "dagster.yaml"
    if not config.exists():
        # DuckDB takes one writer process at a time: one run at a time (runs execute their steps
        # in one process, one after the other), so a multi-day backfill from the UI runs day
        # after day. No op-concurrency pool: a run killed with -9 would keep its slot forever
        # and every later run would wait for it.
        config.write_text(
            "concurrency:\n  runs:\n    max_concurrent_runs: 1\n"
            "telemetry:\n  enabled: false\n",
            encoding="utf-8",
        )
    return home
