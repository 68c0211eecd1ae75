"""The dbt project's unit tests pass, every one of them, here rather than in the pipeline's builds.

Unit tests check a model's SQL on rows written in the test (dbt_project/models/**/_*__unit_tests.yml),
never the warehouse's data, so the pipeline leaves them out of its builds
(orchestration/assets/dbt.BUILD_EXCLUDES) and `make test` runs them. dbt reads the columns of a
unit test's inputs from the warehouse, so they run on the shared pipeline's, from the parse state
its builds kept.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.assets.dbt import BUILD_EXCLUDES, build_environment
from orchestration.settings import DBT_PROJECT_DIR


@pytest.fixture(scope="module")
def unit_test_results(pipeline_runs, tmp_path_factory) -> dict:
    target = tmp_path_factory.mktemp("unit_tests") / "target"
    target.mkdir()
    shutil.copy(pipeline_runs.parse_state, target / "partial_parse.msgpack")
    dbt = Path(sys.executable).parent / "dbt"
    env = {**os.environ, **{name: value for name, value in build_environment(pipeline_runs.warehouse, None).items()
                            if value is not None}}
    result = subprocess.run(
        [str(dbt), "test", "--select", "resource_type:unit_test",
         "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target)],
        cwd=DBT_PROJECT_DIR, capture_output=True, text=True, env=env)
    run_results = target / "run_results.json"
    assert run_results.exists(), f"dbt ran nothing (exit {result.returncode}): {result.stdout[-2000:]}{result.stderr[-2000:]}"
    return {"defined": set(json.loads((target / "manifest.json").read_text())["unit_tests"]),
            "statuses": {r["unique_id"]: r["status"] for r in json.loads(run_results.read_text())["results"]}}


def test_the_pipeline_builds_leave_the_unit_tests_out():
    assert "resource_type:unit_test" in BUILD_EXCLUDES


def test_every_unit_test_of_the_project_ran(unit_test_results):
    assert len(unit_test_results["defined"]) >= 19
    assert set(unit_test_results["statuses"]) == unit_test_results["defined"]


def test_every_unit_test_passes(unit_test_results):
    failed = {unique_id: status for unique_id, status in unit_test_results["statuses"].items() if status != "pass"}
    assert not failed
