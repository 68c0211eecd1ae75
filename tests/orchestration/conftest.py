"""One pipeline run shared by the orchestration tests (building a warehouse costs ~20 s).

Day 1 replays the bundled snapshots. Day 2 replays them again, except that OpenRouter serves
an HTML error page: the failure path of a real morning.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

DAY_1 = date(2026, 11, 20)
DAY_2 = date(2026, 11, 21)


@dataclass
class PipelineRuns:
    root: Path
    warehouse: Path
    day_1: object
    day_2: object


@pytest.fixture(scope="session")
def pipeline_runs(tmp_path_factory) -> PipelineRuns:
    root = tmp_path_factory.mktemp("pipeline")
    patch = pytest.MonkeyPatch()
    patch.setenv("BREAKEVEN_WAREHOUSE", str(root / "warehouse.duckdb"))
    patch.setenv("BREAKEVEN_ARCHIVE", str(root / "archive"))
    patch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    from orchestration.runner import run_day

    day_1 = run_day(DAY_1, mode="replay", replay_dir=str(FIXTURES))
    broken = root / "broken_replay"
    shutil.copytree(FIXTURES, broken)
    for recorded in (broken / "openrouter").glob("*.json"):
        if not recorded.name.endswith(".meta.json"):
            recorded.write_text("<html><body><h1>502 Bad Gateway</h1></body></html>", encoding="utf-8")
    day_2 = run_day(DAY_2, mode="replay", replay_dir=str(broken))
    yield PipelineRuns(root=root, warehouse=root / "warehouse.duckdb", day_1=day_1, day_2=day_2)
    patch.undo()
