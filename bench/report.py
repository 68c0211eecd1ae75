"""The benchmark's figures as results.json, a printed table and docs/benchmarks.md."""

from __future__ import annotations

from datetime import datetime, timezone

TARGETS = (
    ("daily run at 10 years / at 30 days", "growth", 1.2),
    ("dbt+Dagster daily build / direct DuckDB, 10 years", "overhead", 3.0),
    ("median query latency at 10 years (ms)", "query", 100.0),
    ("body bytes added by a day with no change", "archive", 0.0),
    ("full rebuild at 10 years (s)", "rebuild_s", 60.0),
    ("peak RSS of the full rebuild at 10 years (MB)", "rebuild_mb", 2048.0),
)


def results(by_size: dict, total_s: float, machine: str, duckdb_bounds: dict, load_average: list) -> dict:
    def per_size(key):
        return {size: round(figures[key], 3) for size, figures in by_size.items()}

    out = {
        "daily_incremental_s": per_size("daily_incremental_s"),
        "dbt_daily_s": per_size("dbt_daily_s"),
        "daily_publish_s": per_size("daily_publish_s"),
        "land_s": per_size("land_s"),
        "full_rebuild_s": per_size("full_rebuild_s"),
        "direct_sql_s": per_size("direct_sql_s"),
        "direct_statements_s": per_size("direct_statements_s"),
        "replay_day_s": per_size("replay_day_s"),
        "query_median_ms": {size: round(f["queries"]["median_ms"], 1) for size, f in by_size.items()},
        "query_max_ms": {size: round(f["queries"]["max_ms"], 1) for size, f in by_size.items()},
        "query_ms": {size: {q: round(ms, 1) for q, ms in f["queries"]["per_query_ms"].items()}
                     for size, f in by_size.items()},
        "peak_rss_mb": {size: f["rss_mb"] for size, f in by_size.items()},
        "peak_rss_runs_mb": {size: f["rss_runs_mb"] for size, f in by_size.items()},
        "raw_rows": {size: f["raw_rows"] for size, f in by_size.items()},
        "warehouse_mb": {size: f["warehouse_mb"] for size, f in by_size.items()},
        "direct_nodes": {size: f["direct_nodes"] for size, f in by_size.items()},
        "runs_s": {size: {k: [round(v, 3) for v in values] for k, values in f["runs"].items()}
                   for size, f in by_size.items()},
        "archive_body_bytes_added_by_unchanged_day": next(
            (f["archive"]["body_bytes_added"] for f in by_size.values() if "archive" in f), None),
        # The models the figures include (models merged later change them: rerun the bench).
        "models": next(iter(by_size.values()))["models"] if by_size else [],
        "duckdb": duckdb_bounds,
        "load_average": load_average,
        "total_s": round(total_s, 1),
        "machine": machine,
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    out["targets"] = _targets(out)
    return out


def _targets(r: dict) -> list[dict]:
    daily, direct, dbt = r["daily_incremental_s"], r["direct_sql_s"], r["dbt_daily_s"]
    measured = {
        "growth": daily["10y"] / daily["30d"] if {"10y", "30d"} <= daily.keys() else None,
        "overhead": dbt["10y"] / direct["10y"] if "10y" in dbt else None,
        "query": r["query_median_ms"].get("10y"),
        "archive": r["archive_body_bytes_added_by_unchanged_day"],
        "rebuild_s": r["full_rebuild_s"].get("10y"),
        "rebuild_mb": r["peak_rss_mb"].get("10y", {}).get("full_rebuild"),
    }
    return [{"target": label, "limit": limit, "measured": None if measured[key] is None else round(measured[key], 3),
             "met": None if measured[key] is None else measured[key] <= limit}
            for label, key, limit in TARGETS]


_ROWS = (
    ("raw rows in the warehouse", "raw_rows", "{:,}"),
    ("warehouse size (MB)", "warehouse_mb", "{:,}"),
    ("daily run: land + dbt (s)", "daily_incremental_s", "{:.1f}"),
    ("  of which landing (s)", "land_s", "{:.2f}"),
    ("  of which dbt through Dagster (s)", "dbt_daily_s", "{:.1f}"),
    ("    of which the publish step (s)", "daily_publish_s", "{:.2f}"),
    ("same SQL straight in DuckDB (s)", "direct_sql_s", "{:.2f}"),
    ("  statements alone, no open or close (s)", "direct_statements_s", "{:.2f}"),
    ("  dbt nodes in the daily build", "direct_nodes", "{}"),
    ("full rebuild (s)", "full_rebuild_s", "{:.1f}"),
    ("replay of one day from the archive (s)", "replay_day_s", "{:.1f}"),
    ("median query latency (ms)", "query_median_ms", "{:.1f}"),
    ("slowest query, median of runs (ms)", "query_max_ms", "{:.1f}"),
)


def _lines(r: dict) -> list[list[str]]:
    sizes = list(r["daily_incremental_s"])
    rows = [["", *sizes]]
    for label, key, fmt in _ROWS:
        rows.append([label, *(fmt.format(r[key][s]) for s in sizes)])
    rows.append(["dbt+Dagster / direct", *(f"{r['dbt_daily_s'][s] / r['direct_sql_s'][s]:.1f}x" for s in sizes)])
    for step in ("full_rebuild", "land_day", "daily_build", "direct_sql", "replay_day", "queries"):
        rows.append([f"peak RSS, {step.replace('_', ' ')} (MB)", *(str(r["peak_rss_mb"][s].get(step, "")) for s in sizes)])
    return rows


def table(r: dict) -> str:
    rows = _lines(r)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    text = ["  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
            for row in rows]
    text.append("")
    for t in r["targets"]:
        state = "n/a" if t["met"] is None else ("met" if t["met"] else "MISSED")
        text.append(f"{t['target']}: {t['measured']} (limit {t['limit']}) {state}")
    text.append(f"total {r['total_s']:.0f} s on {r['machine']}")
    return "\n".join(text)


def markdown(r: dict) -> str:
    rows = _lines(r)
    out = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (bench/); do not edit by hand. Machine-readable: `bench/results.json`.",
        f"Measured {r['measured_at']} on {r['machine']}; the whole benchmark took {r['total_s']:.0f} s.",
        "",
        "Synthetic history (bench/synthetic.py): per day ~3,000 token price rows over the token sources and",
        "~5,000 GPU rate rows over the GPU sources, prices changing every 60–400 days. The daily run lands",
        "one new day for every source through `warehouse.land` (the day's records, standing for what the",
        "parsers hand over, are made off the clock) and runs the Dagster dbt asset for that day:",
        "the data models (tables and incrementals fed by landed rows: `data_models` in",
        "orchestration/assets/dbt.py) and their tests, with dbt running in a fork of the process, started",
        "as the build begins so that it reads the project while Dagster creates the run",
        "(orchestration/dbt_build.py), then publishes the days it rebuilt (the run's second step,",
        "orchestration/assets/publish.py). \"Straight in DuckDB\" replays every statement dbt sent for",
        "those nodes (recorded from a dbt build of a scratch copy) on a copy of the same warehouse, one",
        "after the other on one connection from one Python process, from opening the file to closing it",
        "(closing folds the write-ahead log into the file, as dbt's process does before the build ends;",
        "bench/direct.py; it does not publish, so the publish counts against dbt+Dagster); the",
        "statements alone are shown beneath. Times exclude Python's",
        "start and imports (Dagster, dbt), which a run's process pays once before any work. Landing,",
        "daily build and direct SQL run three times from the same state, the sizes taking turns (a round",
        "of one daily run per size, three rounds, so that the machine's drift over the minutes of the",
        "benchmark falls on every size alike), and so do the full rebuild (from",
        "the generated raw history, publishing into an empty folder: every file is written, none kept)",
        "and the replay; the table shows medians, of times and of each step's",
        "peak resident memory (its process and the dbt child it forks, whichever peaked higher; every",
        "run: `runs_s` and `peak_rss_runs_mb` in results.json).",
        "",
        "DuckDB bounds while dbt builds (orchestration/settings.py, dbt_project/profiles.yml): memory_limit",
        f"{r['duckdb']['memory_limit']}, threads {r['duckdb']['threads']}; what does not fit spills to",
        "`<warehouse>.tmp`. Load average (1 min) at the start and the end of the run: "
        + " and ".join(f"{load:.1f}" for load in r["load_average"]) + " (the machine may be shared: compare",
        "figures within one run).",
        "",
        f"The project's {len(r['models'])} dbt models at the time of the run (`models` in results.json);",
        "a model merged since then is in the figures only after `make bench` runs again.",
        "",
        "| " + " | ".join(rows[0]) + " |",
        "|" + "---|" * len(rows[0]),
        *("| " + " | ".join(row) + " |" for row in rows[1:]),
        "",
        "## Targets",
        "",
        "| target | limit | measured | |",
        "|---|---|---|---|",
        *(f"| {t['target']} | {t['limit']} | {t['measured']} | "
          f"{'n/a' if t['met'] is None else ('met' if t['met'] else '**missed**')} |" for t in r["targets"]),
        "",
        "## Query latency per question of docs/queries.md (ms, median of runs)",
        "",
        "| query | " + " | ".join(r["query_ms"]) + " |",
        "|---|" + "---|" * len(r["query_ms"]),
    ]
    questions = next(iter(r["query_ms"].values()), {})
    for q in questions:
        out.append(f"| {q} | " + " | ".join(f"{r['query_ms'][s][q]:.1f}" for s in r["query_ms"]) + " |")
    return "\n".join(out) + "\n"
