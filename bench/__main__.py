"""`make bench`: the daily run, a full rebuild, a replay and the guide's queries at 30 days, 1 year
and 10 years of synthetic history; prints the table, writes docs/benchmarks.md and
bench/results.json.

Every step runs in its own process (bench/steps.py) in a fresh folder per size under
bench/work/, so each peak memory figure is that step's alone. Every size is generated and
rebuilt first; then the daily runs of the sizes take turns; then each size's queries and
replays. `python -m bench --sizes 30d,1y` runs a subset.
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


class SizeRun:
    """The measurements of one size of history, in a fresh folder under bench/work/: `prepare`
    (generate, full rebuilds), then `daily_round` REPEATS times, then `finish` (queries, replays;
    returns the figures and removes the folder)."""

    def __init__(self, size: str, days: int):
        self.size, self.days = size, days
        self.folder = WORK / size
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.env = {**os.environ, "BREAKEVEN_WAREHOUSE": str(self.folder / "warehouse.duckdb"),
                    "BREAKEVEN_ARCHIVE": str(self.folder / "archive"), "DAGSTER_HOME": str(self.folder / "dagster_home")}
        self.warehouse, self.built = self.folder / "warehouse.duckdb", self.folder / "built.duckdb"
        # Every peak of every run of a step; the figure is their median (a step's peak varies with
        # what the machine's other work leaves it).
        self.rss_runs: dict[str, list[float]] = {}
        # The full rebuild, the day's landing, the daily build and the same SQL run straight in
        # DuckDB, each from the same state, REPEATS times: one run on a 2-core machine varies by a
        # second or more (a full rebuild by tens), so the medians are reported (and every run in
        # results.json).
        self.runs: dict[str, list[float]] = {"full_rebuild_s": [], "land_s": [], "dbt_daily_s": [], "daily_publish_s": [],
                                             "direct_sql_s": [], "direct_statements_s": [], "replay_day_s": []}
        self.figures: dict = {}
        self.last: dict[str, dict] = {}

    def step(self, name: str, *args: str) -> dict:
        print(f"  {self.size}: {name} ...", flush=True)
        result, rss = run_step(name, self.env, *args)
        self.rss_runs.setdefault(name, []).append(round(rss))
        self.last[name] = result
        return result

    def prepare(self) -> None:
        generated = self.step("generate", str(self.days))
        self.figures.update({"raw_rows": generated["rows"], "generate_s": generated["seconds"]})
        raw = self.folder / "raw.duckdb"
        shutil.copy(self.warehouse, raw)
        for _ in range(REPEATS):
            shutil.copy(raw, self.warehouse)
            # No snapshot before it: the publish writes every file. (With the one the run before
            # left, every month of unchanged rows would be kept, and the figure would be of a
            # rebuild that changed nothing.)
            shutil.rmtree(self.folder / "published", ignore_errors=True)
            self.runs["full_rebuild_s"].append(self.step("full_rebuild")["seconds"])
        raw.unlink()
        self.figures["models"] = self.last["full_rebuild"]["models"]
        shutil.copy(self.warehouse, self.built)

    def daily_round(self) -> None:
        """One daily run from the rebuilt warehouse: land, build through Dagster, and the same SQL
        straight in DuckDB on a copy of the landed warehouse."""
        shutil.copy(self.built, self.warehouse)
        self.runs["land_s"].append(self.step("land_day")["seconds"])
        copy = self.folder / "direct"
        copy.mkdir(exist_ok=True)
        shutil.copy(self.warehouse, copy / "warehouse.duckdb")
        daily = self.step("daily_build")
        self.runs["dbt_daily_s"].append(daily["seconds"])
        self.runs["daily_publish_s"].append(daily["publish_s"])
        direct = self.step("direct_sql", str(copy))
        self.runs["direct_sql_s"].append(direct["seconds"])
        self.runs["direct_statements_s"].append(direct["statements_s"])
        shutil.rmtree(copy)

    def finish(self) -> dict:
        self.built.unlink()
        figures = self.figures
        figures["queries"] = self.step("queries")
        figures["warehouse_mb"] = round(self.warehouse.stat().st_size / 2**20)
        # Each replay archives and re-parses the same day again, from the warehouse the daily runs left.
        shutil.copy(self.warehouse, self.built)
        for _ in range(REPEATS):
            shutil.copy(self.built, self.warehouse)
            shutil.rmtree(self.folder / "archive", ignore_errors=True)
            self.runs["replay_day_s"].append(self.step("replay_day")["seconds"])
        self.built.unlink()
        for key, values in self.runs.items():
            figures[key] = statistics.median(values)
        figures["runs"] = self.runs
        landed, direct = self.last["land_day"], self.last["direct_sql"]
        figures["landed_rows"], figures["held_rows"], figures["direct_nodes"] = landed["rows"], landed["held"], direct["nodes"]
        figures["daily_incremental_s"] = figures["land_s"] + figures["dbt_daily_s"]
        if self.size == next(iter(SIZES)):
            figures["archive"] = self.step("archive_growth")
        figures["rss_mb"] = {name: round(statistics.median(peaks)) for name, peaks in self.rss_runs.items()}
        figures["rss_runs_mb"] = {name: peaks for name, peaks in self.rss_runs.items() if len(peaks) > 1}
        shutil.rmtree(self.folder, ignore_errors=True)
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
    measured = [SizeRun(size, SIZES[size]) for size in sizes]
    for run in measured:
        print(f"{run.size} of history ({run.days} days):", flush=True)
        run.prepare()
    # The daily runs take turns, one of each size per round: the daily target compares sizes, and
    # the machine's speed drifts by tens of percent over the minutes between the first size's
    # runs and the last's (a 30-day daily build took 3.2 s in one bench and 3.9 s in the next).
    for round_number in range(1, REPEATS + 1):
        print(f"daily runs, round {round_number} of {REPEATS}:", flush=True)
        for run in measured:
            run.daily_round()
    by_size = {}
    for run in measured:
        print(f"{run.size} of history: queries and replays", flush=True)
        by_size[run.size] = run.finish()
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
