"""dbt runs in a forked child of the Dagster step (orchestration/dbt_build.py): whatever becomes of
that child, the step hears of it, and a step that stops takes the child with it."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from orchestration import dbt_build


def _child_doing(monkeypatch, behaviour) -> dbt_build._DbtChild:
    """A child whose dbt is replaced by `behaviour(report)`, `report` being the pipe to the step."""

    def run_in_child(argv, write_end):
        with os.fdopen(write_end, "w", encoding="utf-8") as report:
            behaviour(report)
        os._exit(0)

    monkeypatch.setattr(dbt_build, "_run_in_child", run_in_child)
    return dbt_build._DbtChild(["build"])


def test_each_reported_result_reaches_the_step_and_a_clean_finish_is_no_failure(monkeypatch):
    def passes(report):
        report.write(json.dumps({"event": {"info": {"name": "LogModelResult"}, "data": {}}}) + "\n")
        report.write(json.dumps({"failure": None}) + "\n")

    child = _child_doing(monkeypatch, passes)
    assert [event["info"]["name"] for event in child.results()] == ["LogModelResult"]
    assert child.failure is None


def test_a_failure_dbt_reported_is_the_failure_the_step_raises(monkeypatch):
    child = _child_doing(monkeypatch, lambda report: report.write(json.dumps({"failure": "dbt build failed: x"}) + "\n"))
    assert list(child.results()) == []
    assert child.failure == "dbt build failed: x"


def test_a_child_killed_before_it_reported_is_named_with_its_signal(monkeypatch):
    child = _child_doing(monkeypatch, lambda report: os.kill(os.getpid(), signal.SIGKILL))
    assert list(child.results()) == []
    assert "signal SIGKILL" in child.failure and "before it could report" in child.failure


def test_stopping_the_step_terminates_a_child_still_building(monkeypatch):
    child = _child_doing(monkeypatch, lambda report: time.sleep(60))
    pid = child.pid
    started = time.monotonic()
    child.stop()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: nothing left behind
