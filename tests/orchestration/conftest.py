"""One pipeline run shared by the orchestration tests (building a warehouse costs ~20 s).

Day 1 replays the bundled snapshots. Day 2 replays them again, except that OpenRouter serves
an HTML error page: the failure path of a real morning. Then a backfill replays two dated
SkyPilot catalogues into earlier days, twice (a rerun must change nothing).
"""

from __future__ import annotations

import contextlib
import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

DAY_1 = date(2026, 11, 20)
DAY_2 = date(2026, 11, 21)
CHANGED_LITELLM_KEY = "gpt-4o"
BACKFILL_DAYS = (date(2026, 10, 1), date(2026, 10, 15))


@dataclass
class PipelineRuns:
    root: Path
    warehouse: Path
    day_1: object
    day_2: object
    backfill: object
    backfill_rerun: object
    fingerprints: dict  # marts content after: "first", "rerun_and_archive_replay", "full_refresh"
    parse_state: Path  # dbt's parse state as the last build on this warehouse kept it


def marts_fingerprint(warehouse: Path) -> dict[str, tuple]:
    """Row count and an order-independent content hash of every table in schema marts."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
        return {t: con.execute(f"select count(*), sum(hash(r)) from marts.{t} as r").fetchone() for t in tables}


@pytest.fixture(scope="session")
def pipeline_runs(tmp_path_factory) -> PipelineRuns:
    root = tmp_path_factory.mktemp("pipeline")
    patch = pytest.MonkeyPatch()
    patch.setenv("BREAKEVEN_WAREHOUSE", str(root / "warehouse.duckdb"))
    patch.setenv("BREAKEVEN_ARCHIVE", str(root / "archive"))
    patch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    from orchestration.runner import backfill, build_marts, replay_archive, run_day

    day_1 = run_day(DAY_1, mode="replay", replay_dir=str(FIXTURES))
    broken = root / "broken_replay"
    shutil.copytree(FIXTURES, broken)
    for recorded in (broken / "openrouter").glob("*.json"):
        if not recorded.name.endswith(".meta.json"):
            recorded.write_text("<html><body><h1>502 Bad Gateway</h1></body></html>", encoding="utf-8")
    # And one real price change overnight: LiteLLM halves an input price.
    price_map = next(p for p in (broken / "litellm").glob("*.json") if not p.name.endswith(".meta.json"))
    entries = json.loads(price_map.read_text())
    entries[CHANGED_LITELLM_KEY]["input_cost_per_token"] /= 2
    price_map.write_text(json.dumps(entries, indent=4))
    day_2 = run_day(DAY_2, mode="replay", replay_dir=str(broken))
    history = root / "skypilot_history"
    history.mkdir()
    aws_catalog = next((FIXTURES / "skypilot").glob("*_aws_vms.csv"))
    for day in BACKFILL_DAYS:
        shutil.copy(aws_catalog, history / f"{day.isoformat()}_aws_vms.csv")
    (history / "2026-10-20_aws_vms.csv").write_text("<html>rate limited</html>")
    backfilled = backfill("skypilot", str(history), progress=lambda line: None)
    rerun = backfill("skypilot", str(history), progress=lambda line: None, build=False)
    warehouse = root / "warehouse.duckdb"
    fingerprints = {"first": marts_fingerprint(warehouse)}
    # The same day twice more (three runs in all), then both days re-parsed from the archive
    # without the network and the models rebuilt from day 1: nothing may change. (One dbt build
    # serves both checks: every build costs half a minute.)
    run_day(DAY_2, mode="replay", replay_dir=str(broken), build=False)
    run_day(DAY_2, mode="replay", replay_dir=str(broken), build=False)
    replay_archive(DAY_1, DAY_2, progress=lambda line: None)
    fingerprints["rerun_and_archive_replay"] = marts_fingerprint(warehouse)
    # The incremental facts, built day by day and out of order by the backfill, must equal a
    # rebuild from scratch.
    build_marts(full_refresh=True)
    fingerprints["full_refresh"] = marts_fingerprint(warehouse)
    # The parse state the builds kept for this warehouse; a copy of it lets dbt run by hand on
    # this warehouse start from it (the kept one may be pruned while other warehouses build).
    from orchestration import dbt_parse_state

    parse_state = root / dbt_parse_state.NAME
    shutil.copy(dbt_parse_state.kept_for(warehouse), parse_state)
    yield PipelineRuns(root=root, warehouse=warehouse, day_1=day_1, day_2=day_2, backfill=backfilled,
                       backfill_rerun=rerun, fingerprints=fingerprints, parse_state=parse_state)
    patch.undo()


# dbt keeps the parse state of the last builds on each warehouse path (orchestration/dbt_parse_state.py,
# the most recent few), and a build on a new path reads the whole project (10-15 s). Tests that
# build a warehouse of their own take turns in one folder instead, each starting from the state
# the one before kept, as the daily run does on its one warehouse.
_scratch_in_use = False


@contextlib.contextmanager
def scratch_folder(tmp_path_factory, name: str):
    """An empty folder for a warehouse built inside the block: the session's one scratch folder,
    emptied, or a new folder while another block holds it."""
    global _scratch_in_use
    if _scratch_in_use:
        yield tmp_path_factory.mktemp(name)
        return
    root = tmp_path_factory.getbasetemp() / "scratch_warehouse"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    _scratch_in_use = True
    try:
        yield root
    finally:
        _scratch_in_use = False


@contextlib.contextmanager
def copy_of_the_pipeline(pipeline_runs: PipelineRuns, tmp_path_factory, name: str):
    """A copy of the shared run's warehouse, with the environment naming it (and an archive and a
    Dagster home of its own) inside the block: for tests that change what they build on."""
    with scratch_folder(tmp_path_factory, name) as root:
        warehouse = root / "warehouse.duckdb"
        shutil.copy(pipeline_runs.warehouse, warehouse)
        patch = pytest.MonkeyPatch()
        patch.setenv("BREAKEVEN_WAREHOUSE", str(warehouse))
        patch.setenv("BREAKEVEN_ARCHIVE", str(root / "archive"))
        patch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        try:
            yield warehouse
        finally:
            patch.undo()
