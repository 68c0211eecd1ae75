"""dbt runs in a forked child of the Dagster step (orchestration/dbt_build.py): whatever becomes of
that child, the step hears of it, and a step that stops takes the child with it; a child started
ahead builds with the project it read only when the build's settings are the ones it read it with."""

from __future__ import annotations

import json
import os
import signal
import time
from types import SimpleNamespace

import pytest

from orchestration import dbt_build, dbt_parse_state


@pytest.fixture
def child_doing(monkeypatch):
    """Children whose dbt is replaced by `behaviour(report)`, `report` being the pipe to the step;
    each is stopped (and its target folder removed) after the test, as build() does."""
    children = []

    def start(behaviour) -> dbt_build._DbtChild:
        def run_in_child(common, env, order_read, write_end):
            with os.fdopen(write_end, "w", encoding="utf-8") as report:
                behaviour(report)
            os._exit(0)

        monkeypatch.setattr(dbt_build, "_run_in_child", run_in_child)
        children.append(dbt_build._DbtChild({}))
        children[-1].start(["build"])
        return children[-1]

    yield start
    for child in children:
        child.stop()


class _FakeDbt:
    """dbtRunner as the child sees it: parsing gives "the parsed project"; a build fails, saying
    which project it was given, its arguments and the start day it saw (the child reports that)."""

    def __init__(self, manifest=None, callbacks=None):
        self.manifest = manifest

    def invoke(self, argv):
        if argv[0] == "parse":
            return SimpleNamespace(success=True, result="the parsed project")
        seen = f"project={self.manifest} argv={argv[0]} start={os.environ.get('BREAKEVEN_START_DATE')}"
        return SimpleNamespace(success=False, exception=RuntimeError(seen), result=None)


@pytest.fixture
def fake_dbt(monkeypatch):
    monkeypatch.setattr(dbt_build, "dbtRunner", _FakeDbt)
    monkeypatch.setattr(dbt_build, "_close_warehouse", lambda: None)
    monkeypatch.delenv("BREAKEVEN_START_DATE", raising=False)


def _build_ahead(read_with: dict, build_with: dict) -> str:
    """What the child of parsing_ahead(read_with) says once build() starts it under build_with."""
    with dbt_build.parsing_ahead(read_with), dbt_build.environment(build_with):
        child = dbt_build._take_ahead()
        child.start(["build"])
        list(child.results())
        child.stop()
        return child.failure


def test_each_reported_result_reaches_the_step_and_a_clean_finish_is_no_failure(child_doing):
    def passes(report):
        report.write(json.dumps({"event": {"info": {"name": "LogModelResult"}, "data": {}}}) + "\n")
        report.write(json.dumps({"failure": None}) + "\n")

    child = child_doing(passes)
    assert [event["info"]["name"] for event in child.results()] == ["LogModelResult"]
    assert child.failure is None


def test_a_failure_dbt_reported_is_the_failure_the_step_raises(child_doing):
    child = child_doing(lambda report: report.write(json.dumps({"failure": "dbt build failed: x"}) + "\n"))
    assert list(child.results()) == []
    assert child.failure == "dbt build failed: x"


def test_a_child_killed_before_it_reported_is_named_with_its_signal(child_doing):
    child = child_doing(lambda report: os.kill(os.getpid(), signal.SIGKILL))
    assert list(child.results()) == []
    assert "signal SIGKILL" in child.failure and "before it could report" in child.failure


def test_stopping_the_step_terminates_a_child_still_building(child_doing):
    child = child_doing(lambda report: time.sleep(60))
    pid = child.pid
    started = time.monotonic()
    child.stop()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: nothing left behind


def test_a_build_with_the_settings_read_ahead_uses_the_project_read_ahead(fake_dbt, tmp_path):
    settings = {"BREAKEVEN_WAREHOUSE": str(tmp_path / "warehouse.duckdb"), "BREAKEVEN_START_DATE": "2026-11-25"}
    assert _build_ahead(settings, settings).endswith("project=the parsed project argv=build start=2026-11-25")


def test_a_build_on_another_warehouse_has_dbt_read_the_project_again_with_the_builds_settings(fake_dbt, tmp_path):
    ahead = {"BREAKEVEN_WAREHOUSE": str(tmp_path / "a.duckdb"), "BREAKEVEN_START_DATE": "2026-11-25"}
    build = {"BREAKEVEN_WAREHOUSE": str(tmp_path / "b.duckdb"), "BREAKEVEN_START_DATE": None}
    assert _build_ahead(ahead, build).endswith("project=None argv=build start=None")


def test_a_child_started_ahead_that_no_build_used_ends_with_its_block_and_leaves_no_folder(fake_dbt):
    with dbt_build.parsing_ahead({}):
        child = dbt_build._ahead
    assert dbt_build._ahead is None
    assert child.pid is None  # reaped
    assert not child.target.exists()


def test_the_environment_of_a_build_is_put_back_as_it_was(monkeypatch):
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", "/kept/warehouse.duckdb")
    monkeypatch.delenv("BREAKEVEN_START_DATE", raising=False)
    with dbt_build.environment({"BREAKEVEN_WAREHOUSE": "/other.duckdb", "BREAKEVEN_START_DATE": "2026-11-25"}):
        assert os.environ["BREAKEVEN_START_DATE"] == "2026-11-25"
    assert os.environ["BREAKEVEN_WAREHOUSE"] == "/kept/warehouse.duckdb"
    assert "BREAKEVEN_START_DATE" not in os.environ


def test_each_warehouse_keeps_its_own_parse_state_and_only_the_latest_few_are_kept(monkeypatch, tmp_path):
    project = tmp_path / "project"
    monkeypatch.setattr(dbt_parse_state, "DBT_PROJECT", SimpleNamespace(project_dir=str(project)))
    team, own = dbt_parse_state.kept_for(tmp_path / "team.duckdb"), dbt_parse_state.kept_for(tmp_path / "own.duckdb")
    assert team != own
    assert dbt_parse_state.kept_for(tmp_path / "sub" / ".." / "team.duckdb") == team
    build = tmp_path / "build"
    build.mkdir()
    for n in range(dbt_parse_state.KEPT + 2):
        (build / dbt_parse_state.NAME).write_text(f"state {n}")
        dbt_parse_state.keep(build, tmp_path / f"w{n}.duckdb")
        kept = dbt_parse_state.kept_for(tmp_path / f"w{n}.duckdb")
        os.utime(kept, (n, n))  # kept in this order, whatever the file system's clock resolution
    states = sorted(p.name for p in kept.parent.glob("*.msgpack"))
    assert len(states) == dbt_parse_state.KEPT
    assert kept.read_text() == f"state {dbt_parse_state.KEPT + 1}"
    assert not dbt_parse_state.kept_for(tmp_path / "w0.duckdb").exists()


def test_a_build_starts_from_the_state_kept_for_its_warehouse_and_from_none_without_one(monkeypatch, tmp_path):
    monkeypatch.setattr(dbt_parse_state, "DBT_PROJECT", SimpleNamespace(project_dir=str(tmp_path / "project")))
    build, team_build, other_build = tmp_path / "build", tmp_path / "team_build", tmp_path / "other_build"
    for folder in (build, team_build, other_build):
        folder.mkdir()
    (build / dbt_parse_state.NAME).write_text("the team's state")
    dbt_parse_state.keep(build, tmp_path / "team.duckdb")
    dbt_parse_state.restore(tmp_path / "team.duckdb", team_build)
    dbt_parse_state.restore(tmp_path / "other.duckdb", other_build)
    assert (team_build / dbt_parse_state.NAME).read_text() == "the team's state"
    assert not (other_build / dbt_parse_state.NAME).exists()
