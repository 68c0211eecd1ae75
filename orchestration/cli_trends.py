"""`breakeven capability-trend`: Epoch AI's price-at-constant-capability regressions over a file of
observations. Needs no warehouse: it reads the file it is given."""

from __future__ import annotations

import argparse
import csv
import sys

from orchestration.trends.capability import REGRESSION_COLUMNS, read_observations, regressions


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _table_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:.3e}"
    return str(value)


def cmd_capability_trend(args: argparse.Namespace) -> int:
    try:
        observations = read_observations(args.observations, (args.exclude or "").split(","))
    except (OSError, ValueError, KeyError) as exc:
        print(f"breakeven: cannot read observations: {exc}", file=sys.stderr)
        return 2
    rows = [r.as_row() for r in regressions(observations)]
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(REGRESSION_COLUMNS)
        writer.writerows([_cell(row[c]) for c in REGRESSION_COLUMNS] for row in rows)
        return 0
    cells = [list(REGRESSION_COLUMNS)] + [[_table_cell(row[c]) for c in REGRESSION_COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(REGRESSION_COLUMNS))]
    for line in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
    print(f"({len(rows)} regressions over {len(observations)} observations)")
    return 0
