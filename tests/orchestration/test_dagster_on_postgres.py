"""With BREAKEVEN_DAGSTER_PG_URL set, Dagster keeps its runs, event log and schedules in
PostgreSQL: two daily replays through `breakeven run` land there (a real server from Debian's
package, started on a free loopback port for this module), and nothing goes to SQLite files.

The replays start from a copy of the shared pipeline's warehouse, already built by this project,
so each day's build is a daily one (a first build of every model would add half a minute and
tell nothing more about where Dagster keeps its runs)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from orchestration import settings
from orchestration.cli import main
from tests.conftest import FIXTURES
from tests.orchestration.conftest import copy_of_the_pipeline
from tests.servers import postgres, require_postgres

DAYS = (date(2026, 11, 20), date(2026, 11, 21))
SOURCES = "openrouter,skypilot"


@pytest.fixture(scope="module")
def pg_runs(pipeline_runs, tmp_path_factory):
    """Two daily replays through a fresh PostgreSQL; yields its URL and the folder the runs used."""
    bin_dir = require_postgres()
    with postgres(bin_dir) as url, copy_of_the_pipeline(pipeline_runs, tmp_path_factory, "dagster_on_postgres") as warehouse:
        root = warehouse.parent
        patch = pytest.MonkeyPatch()
        patch.setenv("BREAKEVEN_DAGSTER_PG_URL", url)
        try:
            exit_codes = [main(["run", "--date", day.isoformat(), "--replay", str(FIXTURES), "--sources", SOURCES])
                          for day in DAYS]
            yield url, root, exit_codes
        finally:
            patch.undo()


def _query(url: str, sql: str) -> list[tuple]:
    import psycopg2

    with psycopg2.connect(url) as con, con.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_both_daily_replays_succeed(pg_runs):
    _, _, exit_codes = pg_runs
    assert exit_codes == [0, 0]


def test_each_days_ingest_and_build_runs_are_read_back_from_postgresql(pg_runs):
    url, _, _ = pg_runs
    runs = _query(url, "select status, partition from runs order by create_timestamp")
    # Each `breakeven run` is two Dagster runs: the day's sources (partitioned), then the models.
    assert runs == [("SUCCESS", DAYS[0].isoformat()), ("SUCCESS", None),
                    ("SUCCESS", DAYS[1].isoformat()), ("SUCCESS", None)]
    landed = _query(url, "select distinct asset_key, partition from event_logs "
                         "where dagster_event_type = 'ASSET_MATERIALIZATION' and partition is not null order by 2, 1")
    assert landed == [(f'["{source}"]', day.isoformat()) for day in DAYS for source in sorted(SOURCES.split(","))]


def test_the_instance_the_cli_uses_stores_everything_in_postgresql(pg_runs):
    url, root, _ = pg_runs
    from dagster import DagsterInstance
    from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BREAKEVEN_DAGSTER_PG_URL", url)
        patch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        with DagsterInstance.get() as instance:
            assert isinstance(instance.run_storage, PostgresRunStorage)
            assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
            assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
            assert len(instance.get_runs()) == 4
    # The URL (and any password in it) stays in the environment, not in the file.
    assert url not in (root / "dagster_home" / "dagster.yaml").read_text(encoding="utf-8")
    assert not list((root / "dagster_home").rglob("*.db"))


def test_a_home_written_for_sqlite_follows_the_variable_both_ways(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.delenv("BREAKEVEN_DAGSTER_PG_URL", raising=False)
    settings.dagster_home()
    assert "PooledSqliteEventLogStorage" in (tmp_path / "dagster.yaml").read_text(encoding="utf-8")
    monkeypatch.setenv("BREAKEVEN_DAGSTER_PG_URL", "postgresql://dagster@db.internal/dagster")
    settings.dagster_home()
    assert (tmp_path / "dagster.yaml").read_text(encoding="utf-8") == settings.DAGSTER_PG_YAML
    monkeypatch.delenv("BREAKEVEN_DAGSTER_PG_URL")
    settings.dagster_home()
    assert "PooledSqliteEventLogStorage" in (tmp_path / "dagster.yaml").read_text(encoding="utf-8")


def test_the_daemon_started_as_the_readme_says_beats_into_postgresql(pg_runs):
    """`dagster-daemon run` with DAGSTER_HOME and the variable set: its scheduler and sensor
    heartbeats land in the same database (the schedule storage), within a bounded wait."""
    import os
    import signal
    import subprocess
    import sys
    import time

    url, root, _ = pg_runs
    env = {**os.environ, "BREAKEVEN_DAGSTER_PG_URL": url, "DAGSTER_HOME": str(root / "dagster_home"),
           "BREAKEVEN_WAREHOUSE": str(root / "warehouse.duckdb"), "BREAKEVEN_ARCHIVE": str(root / "archive")}
    with (root / "daemon.log").open("wb") as log:
        daemon = subprocess.Popen([str(Path(sys.executable).parent / "dagster-daemon"), "run", "-w",
                                   str(settings.ROOT / "workspace.yaml")], cwd=settings.ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        beating: set[str] = set()
        while not {"SCHEDULER", "SENSOR"} <= beating and time.monotonic() < deadline and daemon.poll() is None:
            time.sleep(2)
            beating = {daemon_type for (daemon_type,) in _query(url, "select daemon_type from daemon_heartbeats")}
    finally:
        os.killpg(daemon.pid, signal.SIGINT)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
            daemon.wait(timeout=10)
    assert {"SCHEDULER", "SENSOR"} <= beating, (root / "daemon.log").read_text(errors="replace")[-2000:]
