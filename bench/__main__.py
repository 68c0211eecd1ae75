"""`make bench`: the daily run, a full rebuild, a replay and the guide's queries at 30 days, 1 year
and 10 years of synthetic history; prints the table, writes docs/benchmarks.md and
bench/results.json.

Every step runs in its own process (bench/steps.py) in a fresh folder per size under
bench/work/, so each peak memory figure is that step's alone. `python -m bench --sizes 30d,1y`
runs a subset.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import report
from orchestration import settings

SIZES = {"30d": 30, "1y": 365, "10y": 3650}
REPEATS = 3
BENCH_DIR = Path(__file__).resolve().parent
WORK = BENCH_DIR / "work"


def run_step(name: str, env: dict, *args: str) -> tuple[dict, float]:
    """Run one step in a child process; returns (its JSON result, peak RSS in MB of its process tree)."""
    proc = subprocess.Popen([sys.executable, "-m", "bench.steps", name, *args], env=env,
                            stdout=subprocess.PIPE, text=True, cwd=BENCH_DIR.parent)
    output = proc.stdout.read()
    # wait4's usage covers the child and the descendants it waited for (dbt's own process).
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"bench step {name} failed (exit {proc.returncode}); output:\n{output[-2000:]}")
    return json.loads(output.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def measure(size: str, days: int) -> dict:
    folder = WORK / size
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {**os.environ, "BREAKEVEN_WAREHOUSE": str(folder / "warehouse.duckdb"),
           "BREAKEVEN_ARCHIVE": str(folder / "archive"), "DAGSTER_HOME": str(folder / "dagster_home")}
    # Every peak of every run of a step; the figure is their median (a step's peak varies with
    # what the machine's other work leaves it).
    rss_runs: dict[str, list[float]] = {}

    def step(name: str, *args: str) -> dict:
        print(f"  {size}: {name} ...", flush=True)
        result, rss = run_step(name, env, *args)
        rss_runs.setdefault(name, []).append(round(rss))
        return result

    generated = step("generate", str(days))
    figures: dict = {"raw_rows": generated["rows"], "generate_s": generated["seconds"]}
    # The full rebuild, the day's landing, the daily build and the same SQL run straight in
    # DuckDB, each from the same state, REPEATS times: one run on a 2-core machine varies by a
    # second or more (a full rebuild by tens), so the medians are reported (and every run in
    # results.json).
    warehouse, landed_raw, built = folder / "warehouse.duckdb", folder / "raw.duckdb", folder / "built.duckdb"
    shutil.copy(warehouse, landed_raw)
    runs: dict[str, list[float]] = {"full_rebuild_s": [], "land_s": [], "dbt_daily_s": [], "daily_publish_s": [],
                                    "direct_sql_s": [], "direct_statements_s": [], "replay_day_s": []}
    for _ in range(REPEATS):
        shutil.copy(landed_raw, warehouse)
        # No snapshot before it: the publish writes every file. (With the one the run before left,
        # every month of unchanged rows would be kept, and the figure would be of a rebuild that
        # changed nothing.)
        shutil.rmtree(folder / "published", ignore_errors=True)
        rebuilt = step("full_rebuild")
        runs["full_rebuild_s"].append(rebuilt["seconds"])
    landed_raw.unlink()
    figures["models"] = rebuilt["models"]
    shutil.copy(warehouse, built)
    for _ in range(REPEATS):
        shutil.copy(built, warehouse)
        landed = step("land_day")
        runs["land_s"].append(landed["seconds"])
        copy = folder / "direct"
        copy.mkdir(exist_ok=True)
        shutil.copy(warehouse, copy / "warehouse.duckdb")
        daily = step("daily_build")
        runs["dbt_daily_s"].append(daily["seconds"])
        runs["daily_publish_s"].append(daily["publish_s"])
        direct = step("direct_sql", str(copy))
        runs["direct_sql_s"].append(direct["seconds"])
        runs["direct_statements_s"].append(direct["statements_s"])
        shutil.rmtree(copy)
    built.unlink()
    figures["queries"] = step("queries")
    figures["warehouse_mb"] = round((folder / "warehouse.duckdb").stat().st_size / 2**20)
    # Each replay archives and re-parses the same day again, from the warehouse the daily runs left.
    shutil.copy(warehouse, built)
    for _ in range(REPEATS):
        shutil.copy(built, warehouse)
        shutil.rmtree(folder / "archive", ignore_errors=True)
        runs["replay_day_s"].append(step("replay_day")["seconds"])
    built.unlink()
    for key, values in runs.items():
        figures[key] = statistics.median(values)
    figures["runs"] = runs
    figures["landed_rows"], figures["held_rows"], figures["direct_nodes"] = landed["rows"], landed["held"], direct["nodes"]
    figures["daily_incremental_s"] = figures["land_s"] + figures["dbt_daily_s"]
    if size == next(iter(SIZES)):
        figures["archive"] = step("archive_growth")
    figures["rss_mb"] = {name: round(statistics.median(peaks)) for name, peaks in rss_runs.items()}
    figures["rss_runs_mb"] = {name: peaks for name, peaks in rss_runs.items() if len(peaks) > 1}
    shutil.rmtree(folder, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated subset of " + ", ".join(SIZES))
    args = parser.parse_args()
    sizes = [s for s in args.sizes.split(",") if s]
    unknown = set(sizes) - set(SIZES)
    if unknown:
        parser.error(f"unknown sizes {sorted(unknown)}; choose from {list(SIZES)}")
    started = time.perf_counter()
    # The machine may be shared: its load beside the figures says how far to trust them.
    load_average = [round(os.getloadavg()[0], 2)]
    by_size = {}
    for size in sizes:
        print(f"{size} of history ({SIZES[size]} days):", flush=True)
        by_size[size] = measure(size, SIZES[size])
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    load_average.append(round(os.getloadavg()[0], 2))
    bounds = settings.duckdb_environment(WORK / "warehouse.duckdb")
    duckdb_bounds = {"memory_limit": bounds["BREAKEVEN_DUCKDB_MEMORY_LIMIT"], "threads": bounds["BREAKEVEN_DUCKDB_THREADS"]}
    results = report.results(by_size, time.perf_counter() - started, machine, duckdb_bounds, load_average)
    print(report.table(results))
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (BENCH_DIR.parent / "docs" / "benchmarks.md").write_text(report.markdown(results), encoding="utf-8")
    print("wrote bench/results.json and docs/benchmarks.md")


if __name__ == "__main__":
    main()
