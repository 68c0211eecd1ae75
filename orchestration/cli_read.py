"""The read side of `breakeven`: status, query, export, report. Nothing here writes the warehouse;
query, export and report read the published snapshot unless told `--live`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orchestration import settings


def write_report(warehouse_file: Path, out: Path | None, options=None, live: bool = False) -> int:
    from orchestration.query import QueryError
    from orchestration.report import build_report

    try:
        path = build_report(warehouse_file, out, options, live=live)
    except QueryError as exc:
        print(f"breakeven: report not written: {exc}", file=sys.stderr)
        return 1
    print(f"Report: {path}")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from orchestration.query import QueryError, render, run_query

    try:
        result = run_query(settings.warehouse_path(), args.sql, live=args.live)
    except QueryError as exc:
        print(f"breakeven: {exc}", file=sys.stderr)
        return 1
    print(render(result, args.format))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from orchestration.export import export_marts
    from orchestration.query import QueryError

    try:
        exported = export_marts(settings.warehouse_path(), Path(args.dir), args.format, live=args.live)
    except QueryError as exc:
        print(f"breakeven: {exc}", file=sys.stderr)
        return 1
    for table in exported:
        print(f"  marts.{table.table:<30} {table.rows:>8} rows  {table.path}")
    print(f"{len(exported)} tables written to {Path(args.dir).resolve()}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from orchestration.report import ReportOptions

    options = ReportOptions()
    if args.models:
        options.models = [m.strip() for m in args.models.split(",") if m.strip()]
        options.family_name = args.family or ", ".join(options.models)
    elif args.family:
        options.family_name = args.family
    return write_report(settings.warehouse_path(), Path(args.out) if args.out else None, options, live=args.live)


def cmd_status(args: argparse.Namespace) -> int:
    from orchestration.status import status_lines

    print("\n".join(status_lines(settings.warehouse_path())))
    return 0
