"""DuckDB's memory limit, threads and spill folder reach the database dbt builds in.

A full rebuild at ten years needed 7 GB when DuckDB chose its own bounds (80% of the machine).
dbt_project/profiles.yml passes the bounds that orchestration/settings.py chooses, or that the
user sets, when dbt-duckdb opens the database; this checks that DuckDB 2 really runs with them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from orchestration import settings
from orchestration.assets.dbt import build_environment
from orchestration.settings import DBT_PROJECT_DIR

SHOW_SETTINGS = ("select current_setting('memory_limit') as memory_limit, current_setting('threads') as threads, "
                 "current_setting('temp_directory') as temp_directory")


def _settings_dbt_sees(tmp_path: Path, environment: dict[str, str]) -> dict:
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [str(dbt), "show", "--inline", SHOW_SETTINGS, "--output", "json", "--log-format", "json",
         "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(tmp_path / "target")],
        cwd=DBT_PROJECT_DIR, capture_output=True, text=True, env={**os.environ, **environment})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for line in result.stdout.splitlines():
        event = json.loads(line)
        if event["info"]["name"] == "ShowNode":
            return json.loads(event["data"]["preview"])[0]
    raise AssertionError(f"dbt show printed no rows: {result.stdout[-2000:]}")


def test_dbt_opens_duckdb_with_the_memory_limit_threads_and_temp_folder_it_is_given(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    seen = _settings_dbt_sees(tmp_path, {"BREAKEVEN_WAREHOUSE": str(warehouse),
                                         "BREAKEVEN_DUCKDB_MEMORY_LIMIT": "300MB",
                                         "BREAKEVEN_DUCKDB_THREADS": "1",
                                         "BREAKEVEN_DUCKDB_TEMP_DIR": str(tmp_path / "spill")})
    # DuckDB reports the limit in its own units: 300 MB is 286.1 MiB.
    assert seen == {"memory_limit": "286.1 MiB", "threads": 1, "temp_directory": str(tmp_path / "spill")}


def test_the_default_limit_is_a_quarter_of_the_memory_up_to_the_cap(monkeypatch, tmp_path):
    for name in ("BREAKEVEN_DUCKDB_MEMORY_LIMIT", "BREAKEVEN_DUCKDB_THREADS", "BREAKEVEN_DUCKDB_TEMP_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(settings, "_memory_bytes", lambda: 2 * 2**30)
    small = settings.duckdb_environment(tmp_path / "w.duckdb")
    monkeypatch.setattr(settings, "_memory_bytes", lambda: 64 * 2**30)
    large = settings.duckdb_environment(tmp_path / "w.duckdb")
    assert small["BREAKEVEN_DUCKDB_MEMORY_LIMIT"] == "512MB"
    assert large["BREAKEVEN_DUCKDB_MEMORY_LIMIT"] == f"{settings.DUCKDB_MEMORY_CAP_MB}MB"
    assert small["BREAKEVEN_DUCKDB_TEMP_DIR"] == f"{tmp_path / 'w.duckdb'}.tmp"
    assert int(small["BREAKEVEN_DUCKDB_THREADS"]) >= 1


def test_a_bound_the_user_sets_wins_and_the_dbt_step_passes_it_on(monkeypatch, tmp_path):
    monkeypatch.setenv("BREAKEVEN_DUCKDB_MEMORY_LIMIT", "25%")
    environment = build_environment(tmp_path / "w.duckdb", None)
    assert environment["BREAKEVEN_DUCKDB_MEMORY_LIMIT"] == "25%"
    assert environment["BREAKEVEN_WAREHOUSE"] == str(tmp_path / "w.duckdb")
