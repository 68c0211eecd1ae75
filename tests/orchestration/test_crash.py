"""kill -9 in the middle of a run, then a rerun of the same day: the same warehouse as an
uninterrupted run. DuckDB commits each landing in one transaction and the archive writes by
rename, so a killed run leaves either a whole landing or none."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from tests.conftest import FIXTURES, ROOT

DAY = "2026-11-19"
INGEST = f"""
import sys
from datetime import date
from orchestration.runner import ingest_day
outcomes = ingest_day(date.fromisoformat({DAY!r}), mode="replay", replay_dir={str(FIXTURES)!r})
sys.exit(0 if all(o.ok for o in outcomes) else 1)
"""


def _ingest(root: Path) -> subprocess.Popen:
    env = {**os.environ, "BREAKEVEN_WAREHOUSE": str(root / "w.duckdb"), "BREAKEVEN_ARCHIVE": str(root / "archive"),
           "DAGSTER_HOME": str(root / "dagster_home")}
    return subprocess.Popen([sys.executable, "-c", INGEST], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _raw_content(warehouse: Path) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [t for (t,) in con.execute("select table_name from information_schema.tables where table_schema = 'raw' "
                                            "and table_name not in ('ingest_log', 'dbt_project_built', 'publish_pending') order by 1").fetchall()]
        # landed_at is the clock time of the landing: the one column that may differ.
        return {t: con.execute(f"select count(*), sum(hash(r)) from (select * exclude (landed_at) from raw.{t}) as r"
                               ).fetchone() for t in tables}


def _archived(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "archive" / "objects").rglob("*") if p.is_file())


def test_a_run_killed_midway_then_rerun_leaves_what_an_uninterrupted_run_leaves(tmp_path):
    reference, crashed = tmp_path / "reference", tmp_path / "crashed"
    assert _ingest(reference).wait(timeout=180) == 0

    run = _ingest(crashed)
    # Kill once the run has archived something, while it is still landing.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None and not (crashed / "archive" / "index").exists():
        time.sleep(0.05)
    time.sleep(0.3)
    killed_midway = run.poll() is None
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    assert killed_midway, "the run ended before it could be killed"

    assert _ingest(crashed).wait(timeout=180) == 0
    assert _raw_content(crashed / "w.duckdb") == _raw_content(reference / "w.duckdb")
    assert _archived(crashed) == _archived(reference)
    assert not [p for p in (crashed / "archive").rglob(".*") if p.is_file()], "a half-written temporary file"
