"""Debug a parser against a saved response.

    python -m scrapers parse SOURCE_ID FILE [--url URL] [--date YYYY-MM-DD]
    python -m scrapers list

prints one JSON object per record (contract field names); what was skipped and any notice (a
column or price key the parser does not read) go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time, timezone
from pathlib import Path

from scrapers.errors import ScrapeError
from scrapers.parsing import parse_snapshots
from scrapers.registry import all_sources, get_source
from scrapers.replay import _CONTENT_TYPES
from scrapers.snapshot import Snapshot


def _parse_command(args: argparse.Namespace) -> int:
    try:
        source = get_source(args.source_id)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    path = Path(args.file)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    day = date.fromisoformat(args.date) if args.date else date.today()
    ctype = _CONTENT_TYPES.get(path.suffix.lstrip(".").lower(), "")
    snapshot = Snapshot(source_id=source.id, url=args.url or source.urls[0],
                        fetched_at=datetime.combine(day, time(0), tzinfo=timezone.utc), status=200,
                        body=path.read_bytes(), headers={"Content-Type": ctype} if ctype else {})
    try:
        outcome = parse_snapshots(source, [snapshot])
    except ScrapeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for record in outcome.records:
        row = {"observed_date": day.isoformat(), "source_id": source.id, **record.as_row()}
        print(json.dumps(row, sort_keys=False))
    print(f"{len(outcome.records)} records, {len(outcome.skipped)} skipped"
          + (f": {outcome.skip_summary()}" if outcome.skipped else ""), file=sys.stderr)
    for notice in outcome.notices:
        print(f"notice: {notice}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse one saved response and print its records as JSON lines",
                       description="Example: python -m scrapers parse openrouter ~/Downloads/models.json")
    p.add_argument("source_id")
    p.add_argument("file")
    p.add_argument("--url", help="the URL the file was fetched from (default: the source's first URL)")
    p.add_argument("--date", help="observation day, YYYY-MM-DD (default: today)")
    sub.add_parser("list", help="list the registered sources")
    args = parser.parse_args(argv)
    if args.command == "list":
        for source in all_sources().values():
            print(f"{source.id:<14} {source.kind:<13} {source.name}")
        return 0
    return _parse_command(args)


if __name__ == "__main__":
    sys.exit(main())
