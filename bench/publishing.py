"""What publishing the marts costs as history grows: `python -m bench.publishing --sizes 30d,1y`.

Per size, in a fresh folder under bench/work/: synthetic history (bench/synthetic.py), a full
rebuild (which publishes), then the day's landing and daily build (which publishes the months it
rebuilt); then, off the build, the incremental publish of that day and a full publish are timed
on their own, REPEATS times each. BENCH_DAY is the last day of its month, so the daily publish
rewrites a whole month of every daily fact: its worst case. Prints one JSON object per size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
from pathlib import Path

from bench import steps, synthetic
from bench.__main__ import SIZES, WORK

REPEATS = 3


def measure(size: str) -> dict:
    folder = WORK / f"publishing-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ.update({"BREAKEVEN_WAREHOUSE": str(folder / "warehouse.duckdb"),
                       "BREAKEVEN_ARCHIVE": str(folder / "archive"), "DAGSTER_HOME": str(folder / "dagster_home")})
    from orchestration import settings
    from orchestration.warehouse import publishing
    from orchestration import warehouse as wh

    warehouse = settings.warehouse_path()
    figures = {"size": size, "raw_rows": steps.generate(SIZES[size])["rows"]}
    figures["full_rebuild_with_publish_s"] = steps.full_rebuild()["seconds"]
    steps.land_day()
    figures["daily_build_with_publish_s"] = steps.daily_build()["seconds"]

    def timed(since) -> tuple[float, object]:
        with wh.connect(warehouse) as con:
            wh.mark_unpublished(con, since)
        started = time.perf_counter()
        result = publishing.publish(warehouse)
        return time.perf_counter() - started, result

    daily = [timed(synthetic.BENCH_DAY) for _ in range(REPEATS)]
    full = [timed(None) for _ in range(REPEATS)]
    figures["publish_daily_s"] = statistics.median(s for s, _ in daily)
    figures["publish_full_s"] = statistics.median(s for s, _ in full)
    figures["publish_daily_runs_s"] = [round(s, 3) for s, _ in daily]
    figures["publish_full_runs_s"] = [round(s, 3) for s, _ in full]
    figures["daily_files_written"] = daily[-1][1].files_written
    figures["daily_files_kept"] = daily[-1][1].files_kept
    manifest = publishing.read_manifest(publishing.publish_root(warehouse))
    figures["published_rows"] = {t: sum(f["rows"] for f in e["files"]) for t, e in manifest["tables"].items()}
    figures["published_mb"] = round(sum(p.stat().st_size for p in Path(manifest["root"] if Path(
        manifest["root"]).is_absolute() else settings.ROOT / manifest["root"]).rglob("*.parquet")) / 2**20, 1)
    figures["warehouse_mb"] = round(warehouse.stat().st_size / 2**20)
    shutil.rmtree(folder, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.publishing", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30d,1y")
    for size in parser.parse_args().sizes.split(","):
        print(json.dumps(measure(size)), flush=True)


if __name__ == "__main__":
    main()
