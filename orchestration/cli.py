"""`breakeven`: run the daily pipeline, replay the demo, check status, record snapshots; query,
export and report on the warehouse.

Exit codes: 0 everything succeeded, 1 some source (or the models) failed but the rest landed,
2 usage error or an unusable setup (one line, no traceback: orchestration/run_lines.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from orchestration import settings
from orchestration.cli_read import write_report, cmd_export, cmd_query, cmd_report, cmd_status
from orchestration.cli_trends import cmd_capability_trend
from orchestration.run_lines import outcome_lines, partition_problem

EXAMPLES = {
    "run": "breakeven run                      # live, today\n"
           "  breakeven run --date 2026-11-20 --replay tests/fixtures --sources openrouter\n"
           "  breakeven run --from 2026-11-01 --to 2026-11-20 --replay-archive   # re-parse, no network",
    "demo": "breakeven demo                     # replays the bundled snapshots, no network",
    "status": "breakeven status",
    "record": "breakeven record tests/fixtures --sources openrouter",
    "ui": "breakeven ui                       # http://127.0.0.1:3000",
    "backfill": "breakeven backfill litellm --snapshots ../shared/realdata/token/litellm",
    "accept": "breakeven accept openrouter 2026-11-26     # the 10x move was real",
    "rebuild": "breakeven rebuild                  # after editing a seed (scenarios, aliases, models)",
    "query": "breakeven query \"select gpu_id, median_usd_per_gpu_hour from marts.fct_gpu_rate_index_daily "
             "where pricing_type = 'on_demand' order by 2 desc\" --format csv\n"
             "  (more questions and their SQL: docs/queries.md)",
    "export": "breakeven export exports/ --format parquet   # exports/fct_token_prices_daily.parquet, ...",
    "publish": "breakeven publish                  # then load data/published/views.sql into DuckDB (README)",
    "report": "breakeven report                   # writes data/report.html next to the warehouse\n"
              "  breakeven report --out /tmp/report.html --models llama-3.1-8b --family 'Llama 3.1 8B'",
    "capability-trend": "breakeven capability-trend --observations tests/fixtures/capability/epoch_gpqa_diamond_observations.csv "
                        "--exclude o1,o1-mini,o1-preview,o3-mini,DeepSeek-R1",
}


def _today() -> date:
    return datetime.now(timezone.utc).date()


def _source_ids(text: str | None) -> list[str] | None:
    if not text:
        return None
    from scrapers.registry import all_sources

    wanted = [s.strip() for s in text.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(all_sources()))
    if unknown:
        raise SystemExit(_usage_error(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(sorted(all_sources()))}"))
    return wanted


def _usage_error(message: str) -> int:
    print(f"breakeven: {message}", file=sys.stderr)
    return 2


def _print_run(summary) -> None:
    print(f"\nRun for {summary.day}:")
    for s in summary.sources:
        state = f"{s.rows:>6} rows  {s.changed:>4} changed  {s.skipped:>5} skipped" if s.ok else "FAILED (below)"
        print(f"  {s.source_id:<22} {state}")
    print(f"  {'dbt models':<22} " + ("built" if summary.marts_ok else f"FAILED  {summary.marts_error}"))
    for line in outcome_lines(summary.sources):
        print(line)


def cmd_run(args: argparse.Namespace) -> int:
    from orchestration.runner import replay_archive, run_day

    if args.replay_archive or args.from_date or args.to_date:
        if not (args.replay_archive and args.from_date and args.to_date) or args.replay or args.date:
            return _usage_error("re-parsing the archive takes --from D1 --to D2 --replay-archive (and no --date/--replay)")
        first, last = date.fromisoformat(args.from_date), date.fromisoformat(args.to_date)
        if last < first:
            return _usage_error("--to is before --from")
        for option, day in (("--from", first), ("--to", last)):
            if partition_problem(day):
                return _usage_error(f"{option} {partition_problem(day)}")
        print(f"breakeven: re-parsing the archive {settings.archive_path()} for {first} to {last}", flush=True)
        summary = replay_archive(first, last, _source_ids(args.sources), progress=lambda line: print(line, flush=True))
        _print_run(summary)
        return summary.exit_code
    day = date.fromisoformat(args.date) if args.date else _today()
    _source_ids(args.sources)  # an unknown id is refused before anything starts
    if partition_problem(day):
        return _usage_error(f"--date {partition_problem(day)}")
    if args.replay and not Path(args.replay).is_dir():
        return _usage_error(f"replay folder {args.replay} does not exist")
    mode = "replay" if args.replay else "live"
    print(f"breakeven: {mode} run for {day} into {settings.warehouse_path()}", flush=True)
    summary = run_day(day, mode=mode, replay_dir=str(Path(args.replay).resolve()) if args.replay else None,
                      source_ids=_source_ids(args.sources))
    _print_run(summary)
    if summary.marts_ok:
        return max(summary.exit_code, write_report(settings.warehouse_path(), None))
    return summary.exit_code


# The folders of tests/fixtures/history/ the demo lands before today (each README says what it holds).
HISTORY_SOURCES = ("skypilot", "litellm", "primeintellect", "gpuhunt")


def cmd_demo(args: argparse.Namespace) -> int:
    from orchestration.runner import run_day
    from orchestration.status import summary_lines

    from orchestration.runner import build_marts, land_history
    from scrapers.replay import dated_files

    day = _today()
    history = settings.BUNDLED_SNAPSHOTS / "history"
    print(f"breakeven demo: landing the bundled history ({history}), no network", flush=True)
    land_history(history, list(HISTORY_SOURCES), progress=lambda line: print(line, flush=True))
    first_day = min(date.fromisoformat(d) for s in HISTORY_SOURCES for d in dated_files(history / s))
    print(f"breakeven demo: replaying the bundled snapshots ({settings.BUNDLED_SNAPSHOTS}) for {day}", flush=True)
    summary = run_day(day, mode="replay", replay_dir=str(settings.BUNDLED_SNAPSHOTS), build=False)
    print("breakeven demo: building the models from the first day of history ...", flush=True)
    summary.marts_ok, summary.marts_error = build_marts(first_day)
    _print_run(summary)
    print()
    print("\n".join(summary_lines(settings.warehouse_path())))
    print(f"\nWarehouse: {settings.warehouse_path()}")
    print("Query it: breakeven query \"select * from marts.fct_gpu_rate_index_daily limit 5\", or load "
          "data/published/views.sql into DuckDB, pandas or polars (see README)")
    return max(summary.exit_code, write_report(settings.warehouse_path(), None))


def cmd_backfill(args: argparse.Namespace) -> int:
    from orchestration.runner import backfill
    from scrapers.replay import dated_files

    _source_ids(args.source_id)
    if args.snapshots:
        folder = Path(args.snapshots)
    else:
        from orchestration.history import HISTORY_SOURCES, HistoryError, download_history

        if args.source_id not in HISTORY_SOURCES:
            return _usage_error(f"no public history known for {args.source_id}; give --snapshots DIR")
        folder = settings.history_download_dir(args.source_id)
        print(f"breakeven backfill: downloading the public history of {args.source_id} into {folder}", flush=True)
        try:
            download_history(args.source_id, folder, since=date.fromisoformat(args.since) if args.since else None,
                             progress=lambda line: print(line, flush=True))
        except HistoryError as exc:  # e.g. the rate limit: whatever was downloaded is still backfilled
            print(f"breakeven: {exc}", file=sys.stderr)
    if not folder.is_dir():
        return _usage_error(f"snapshot folder {folder} does not exist")
    days = dated_files(folder)
    if not days:
        return _usage_error(f"no files named YYYY-MM-DD_<anything>.<ext> in {folder}")
    for day, files in days.items():  # every file checked before the first day lands
        try:
            problem = partition_problem(date.fromisoformat(day))
        except ValueError:
            problem = f"{day} is not a date"
        if problem:
            return _usage_error(f"{files[0]}: {problem}")
    print(f"breakeven backfill: {len(days)} days of {args.source_id} from {folder} into {settings.warehouse_path()}",
          flush=True)
    summary = backfill(args.source_id, str(folder.resolve()), progress=lambda line: print(line, flush=True))
    landed = sum(1 for s in summary.sources if s.ok)
    print(f"\n{landed} of {len(summary.sources)} days landed; dbt models "
          + ("built" if summary.marts_ok else f"FAILED  {summary.marts_error}"))
    for line in outcome_lines(summary.sources):
        print(line)
    return summary.exit_code


def cmd_accept(args: argparse.Namespace) -> int:
    from orchestration.runner import accept_day

    _source_ids(args.source_id)
    try:
        day = date.fromisoformat(args.day)
    except ValueError:
        return _usage_error(f"DAY must be YYYY-MM-DD, got {args.day!r}")
    released, ok, error = accept_day(args.source_id, day)
    if not released:
        print(f"nothing held back for {args.source_id} on {day}")
        return 0
    print(f"released {released} rows of {args.source_id} on {day}; dbt models " + ("built" if ok else f"FAILED  {error}"))
    return 0 if ok else 1


def cmd_rebuild(args: argparse.Namespace) -> int:
    from orchestration.runner import build_marts

    print(f"breakeven: rebuilding every model from scratch in {settings.warehouse_path()}", flush=True)
    ok, error = build_marts(full_refresh=True)
    print("dbt models " + ("built" if ok else f"FAILED  {error}"))
    return 0 if ok else 1


def cmd_record(args: argparse.Namespace) -> int:
    from scrapers.errors import ScrapeError
    from scrapers.http import LiveClient
    from scrapers.registry import all_sources, allowed_hosts
    from scrapers.replay import write_snapshot

    sources = [s for s in all_sources().values() if not args.sources or s.id in _source_ids(args.sources)]
    live = LiveClient(allowed_hosts=allowed_hosts(sources))

    class Recorder:
        def get(self, source_id, url, *, headers=None, json_body=None):
            snapshot = live.get(source_id, url, headers=headers, json_body=json_body)
            path = write_snapshot(Path(args.dir), snapshot, json_body)
            print(f"  {source_id:<14} {len(snapshot.body):>9} bytes  {path}", flush=True)
            return snapshot

    failed = 0
    for source in sources:
        try:
            source.fetch_all(Recorder())
        except ScrapeError as exc:
            failed += 1
            print(f"  {source.id:<14} FAILED  {exc}", file=sys.stderr)
    return 1 if failed else 0


def cmd_publish(args: argparse.Namespace) -> int:
    from orchestration.runner import publish_marts

    ok, error = publish_marts()
    print("published snapshot " + ("written" if ok else f"FAILED  {error}"))
    return 0 if ok else 1


def cmd_ui(args: argparse.Namespace) -> int:
    home = settings.dagster_home()
    print(f"Dagster UI on http://127.0.0.1:{args.port} (DAGSTER_HOME={home}); Ctrl-C stops it", flush=True)
    dagster = Path(sys.executable).parent / "dagster"
    return subprocess.call([str(dagster), "dev", "-h", "127.0.0.1", "-p", str(args.port), "-w",
                            str(settings.ROOT / "workspace.yaml")], cwd=settings.ROOT, env=os.environ.copy())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="breakeven", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=f"{help_text}\n\nExample:\n  {EXAMPLES[name]}",
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    run = command("run", "fetch every source for a day, land it, and build the models")
    run.add_argument("--date", help="the day to observe, YYYY-MM-DD (default: today, UTC)")
    run.add_argument("--replay", metavar="DIR", help="serve responses from a replay folder instead of the network")
    run.add_argument("--sources", help="comma-separated source ids (default: all)")
    run.add_argument("--from", dest="from_date", metavar="D1", help="with --replay-archive: first day, YYYY-MM-DD")
    run.add_argument("--to", dest="to_date", metavar="D2", help="with --replay-archive: last day, YYYY-MM-DD")
    run.add_argument("--replay-archive", action="store_true",
                     help="re-parse the bytes archived for each day from D1 to D2 (no network)")
    run.set_defaults(func=cmd_run)
    command("demo", "replay the bundled snapshots into the warehouse and print a summary").set_defaults(func=cmd_demo)
    backfill = command("backfill", "replay dated historical snapshots (YYYY-MM-DD_*.ext) into their days")
    backfill.add_argument("source_id")
    backfill.add_argument("--snapshots", metavar="DIR",
                          help="folder of files named YYYY-MM-DD_<anything>.<ext>; the date is the observation day "
                               "(default: download the public history of litellm or skypilot)")
    backfill.add_argument("--since", help="without --snapshots: first day of history to download, YYYY-MM-DD")
    backfill.set_defaults(func=cmd_backfill)
    accept = command("accept", "release rows held back (a >10x price move or a row-count drop) for a source and day")
    accept.add_argument("source_id")
    accept.add_argument("day", help="YYYY-MM-DD")
    accept.set_defaults(func=cmd_accept)
    command("rebuild", "rebuild every dbt model from scratch (the daily facts are otherwise incremental)"
            ).set_defaults(func=cmd_rebuild)
    command("status", "per source: last good day, rows, last error; unmapped GPU names").set_defaults(func=cmd_status)
    record = command("record", "fetch live and save the responses in the replay layout")
    record.add_argument("dir", help="replay folder to write into")
    record.add_argument("--sources", help="comma-separated source ids (default: all)")
    record.set_defaults(func=cmd_record)
    query = command("query", "run SQL against the warehouse, read-only, and print the result")
    query.add_argument("sql", help="one or more SQL statements; the last one's result is printed")
    query.add_argument("--format", choices=["table", "csv", "json"], default="table",
                       help="table (aligned, every row; default), csv (with a header) or json (a list of objects)")
    query.set_defaults(func=cmd_query)
    export = command("export", "write every table of schema marts to DIR/<table>.<format>")
    export.add_argument("dir", help="folder to write into (created if missing; existing files are replaced)")
    export.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    export.set_defaults(func=cmd_export)
    report = command("report", "write the HTML report: charts and tables of the marts in one offline file")
    report.add_argument("--out", metavar="FILE", help="where to write it (default: report.html next to the warehouse)")
    report.add_argument("--models", help="comma-separated model ids for the price-vs-breakeven chart "
                                         "(default: llama-3-70b,llama-3.1-70b,llama-3.3-70b)")
    report.add_argument("--family", help="the name that chart gives those models (default: Llama 3.x 70B)")
    report.set_defaults(func=cmd_report)
    trend = command("capability-trend", "Epoch AI's price-at-constant-capability regressions over a file of observations")
    trend.add_argument("--observations", metavar="FILE", required=True,
                       help="CSV with columns model,observed_on,benchmark,score,usd_per_mtok")
    trend.add_argument("--exclude", metavar="A,B", help="comma-separated model names to leave out (e.g. reasoning models)")
    trend.add_argument("--format", choices=["csv", "table"], default="table")
    trend.set_defaults(func=cmd_capability_trend)
    for reader in (query, export, report):
        reader.add_argument("--live", action="store_true",
                            help="read the warehouse itself (blocks a run's writes while open) instead of the "
                                 "published snapshot")
    command("publish", "publish the marts as a snapshot now (every build does it after the models)"
            ).set_defaults(func=cmd_publish)
    ui = command("ui", "start the Dagster UI on 127.0.0.1 with the daily schedule")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(func=cmd_ui)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    os.environ.setdefault("DBT_VERSION_CHECK", "false")
    args = build_parser().parse_args(argv)
    for option in ("date", "from_date", "to_date", "since"):
        value = getattr(args, option, None)
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                return _usage_error(f"--{option.split('_')[0]} must be YYYY-MM-DD, got {value!r}")
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except SystemExit as refused:  # _source_ids refuses an unknown id from wherever it is asked
        return refused.code
    except (settings.SetupError, OSError) as exc:  # a database that does not answer, a folder that cannot be written
        return _usage_error(" ".join(str(exc).split()))


if __name__ == "__main__":
    sys.exit(main())
