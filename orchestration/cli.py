"""`breakeven`: run the daily pipeline, replay the demo, check status, record snapshots.

Exit codes: 0 everything succeeded, 1 some source (or the models) failed but the rest landed,
2 usage error.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from orchestration import settings

EXAMPLES = {
    "run": "breakeven run                      # live, today\n"
           "  breakeven run --date 2026-11-20 --replay tests/fixtures --sources openrouter",
    "demo": "breakeven demo                     # replays the bundled snapshots, no network",
    "status": "breakeven status",
    "record": "breakeven record tests/fixtures --sources openrouter",
    "ui": "breakeven ui                       # http://127.0.0.1:3000",
    "backfill": "breakeven backfill litellm --snapshots ../shared/realdata/token/litellm",
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
        state = f"{s.rows:>6} rows  {s.skipped:>5} skipped" if s.ok else f"FAILED  {s.error}"
        print(f"  {s.source_id:<22} {state}")
    print(f"  {'dbt models':<22} " + ("built" if summary.marts_ok else f"FAILED  {summary.marts_error}"))


def cmd_run(args: argparse.Namespace) -> int:
    from orchestration.runner import run_day

    day = date.fromisoformat(args.date) if args.date else _today()
    if args.replay and not Path(args.replay).is_dir():
        return _usage_error(f"replay folder {args.replay} does not exist")
    mode = "replay" if args.replay else "live"
    print(f"breakeven: {mode} run for {day} into {settings.warehouse_path()}", flush=True)
    summary = run_day(day, mode=mode, replay_dir=str(Path(args.replay).resolve()) if args.replay else None,
                      source_ids=_source_ids(args.sources))
    _print_run(summary)
    return summary.exit_code


def cmd_demo(args: argparse.Namespace) -> int:
    from orchestration.runner import run_day
    from orchestration.status import summary_lines

    day = _today()
    print(f"breakeven demo: replaying the bundled snapshots ({settings.BUNDLED_SNAPSHOTS}) for {day}, no network", flush=True)
    summary = run_day(day, mode="replay", replay_dir=str(settings.BUNDLED_SNAPSHOTS))
    _print_run(summary)
    print()
    print("\n".join(summary_lines(settings.warehouse_path())))
    print(f"\nWarehouse: {settings.warehouse_path()}")
    print("Query it: python -c \"import duckdb; duckdb.connect('data/warehouse.duckdb', read_only=True)"
          ".sql('select * from marts.fct_gpu_rate_index_daily limit 5').show()\"  (see README)")
    return summary.exit_code


def cmd_backfill(args: argparse.Namespace) -> int:
    from orchestration.runner import backfill
    from scrapers.replay import dated_files

    _source_ids(args.source_id)
    folder = Path(args.snapshots)
    if not folder.is_dir():
        return _usage_error(f"snapshot folder {folder} does not exist")
    days = dated_files(folder)
    if not days:
        return _usage_error(f"no files named YYYY-MM-DD_<anything>.<ext> in {folder}")
    print(f"breakeven backfill: {len(days)} days of {args.source_id} from {folder} into {settings.warehouse_path()}",
          flush=True)
    summary = backfill(args.source_id, str(folder.resolve()), progress=lambda line: print(line, flush=True))
    landed = sum(1 for s in summary.sources if s.ok)
    print(f"\n{landed} of {len(summary.sources)} days landed; dbt models "
          + ("built" if summary.marts_ok else f"FAILED  {summary.marts_error}"))
    return summary.exit_code


def cmd_status(args: argparse.Namespace) -> int:
    from orchestration.status import status_lines

    print("\n".join(status_lines(settings.warehouse_path())))
    return 0


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
    run.set_defaults(func=cmd_run)
    command("demo", "replay the bundled snapshots into the warehouse and print a summary").set_defaults(func=cmd_demo)
    backfill = command("backfill", "replay dated historical snapshots (YYYY-MM-DD_*.ext) into their days")
    backfill.add_argument("source_id")
    backfill.add_argument("--snapshots", metavar="DIR", required=True,
                          help="folder of files named YYYY-MM-DD_<anything>.<ext>; the date is the observation day")
    backfill.set_defaults(func=cmd_backfill)
    command("status", "per source: last good day, rows, last error; unmapped GPU names").set_defaults(func=cmd_status)
    record = command("record", "fetch live and save the responses in the replay layout")
    record.add_argument("dir", help="replay folder to write into")
    record.add_argument("--sources", help="comma-separated source ids (default: all)")
    record.set_defaults(func=cmd_record)
    ui = command("ui", "start the Dagster UI on 127.0.0.1 with the daily schedule")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(func=cmd_ui)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    os.environ.setdefault("DBT_VERSION_CHECK", "false")
    args = build_parser().parse_args(argv)
    if getattr(args, "date", None):
        try:
            date.fromisoformat(args.date)
        except ValueError:
            return _usage_error(f"--date must be YYYY-MM-DD, got {args.date!r}")
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
