"""The instance keeps Dagster's own SQLite files through orchestration/event_log_storage.py: runs
are recorded and read back as before, and a run's file still changes with every event, which is
how the UI follows a live run."""

from __future__ import annotations

import logging
import os
import time
import uuid

from dagster import AssetCheckResult, AssetCheckSpec, DagsterInstance, MaterializeResult, asset, materialize
from dagster._core.events.log import EventLogEntry

from orchestration import settings
from orchestration.event_log_storage import PooledSqliteEventLogStorage


def _instance(tmp_path, monkeypatch) -> DagsterInstance:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    settings.dagster_home()
    return DagsterInstance.get()


@asset(check_specs=[AssetCheckSpec("has_rows", asset="numbers")])
def numbers() -> MaterializeResult:
    return MaterializeResult(check_results=[AssetCheckResult(passed=True)])


def test_runs_are_recorded_and_read_back_through_the_kept_engines(tmp_path, monkeypatch):
    instance = _instance(tmp_path, monkeypatch)
    assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
    for _ in range(2):
        assert materialize([numbers], instance=instance).success
    record = instance.get_latest_materialization_event(numbers.key)
    assert record is not None
    assert len(instance.get_runs()) == 2
    check = instance.event_log_storage.get_latest_asset_check_execution_by_key([*numbers.check_keys])
    assert all(execution.status.value == "SUCCEEDED" for execution in check.values())


def test_a_runs_file_changes_with_each_event_so_the_ui_sees_a_live_run(tmp_path, monkeypatch):
    storage = _instance(tmp_path, monkeypatch).event_log_storage
    run_id = str(uuid.uuid4())

    def log(message: str) -> None:
        storage.store_event(EventLogEntry(error_info=None, level=logging.INFO, user_message=message, run_id=run_id,
                                          timestamp=time.time()))

    log("first")
    path = storage.path_for_shard(run_id)
    before = os.stat(path).st_mtime_ns
    time.sleep(0.01)
    log("second")
    assert os.stat(path).st_mtime_ns > before
    assert [e.user_message for e in storage.get_logs_for_run(run_id)] == ["first", "second"]


def test_an_earlier_default_dagster_yaml_is_replaced_and_a_users_own_is_kept(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(settings._EARLIER_DAGSTER_YAML, encoding="utf-8")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    settings.dagster_home()
    assert "PooledSqliteEventLogStorage" in (home / "dagster.yaml").read_text(encoding="utf-8")

    own = "telemetry:\n  enabled: true\n"
    (home / "dagster.yaml").write_text(own, encoding="utf-8")
    settings.dagster_home()
    assert (home / "dagster.yaml").read_text(encoding="utf-8") == own
