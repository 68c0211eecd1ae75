"""Every fault × source cell: the fault ends in a typed, located error (or a landing the matrix
expects), the source's good day is untouched, nothing of the faulty day stays in `raw`, and
`breakeven status` shows the reason."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from orchestration.status import status_lines
from scrapers.errors import FetchError, ParseError, ScrapeError
from tests.faults.catalogue import FAULTS, FETCH_ERROR, LANDS, PARSE_ERROR, PARSE_ERROR_OR_DETECTABLE
from tests.faults.conftest import FAULT_DAYS, GOOD_DAY
from tests.faults.matrix import Outcome
from tests.faults.mutations import UNIT_FACTORS
from tests.faults.server import RETRY_AFTER_S

# What the reason must say for the operator to know what happened (case-insensitive).
CLUES = {
    "http_500": r"HTTP 500",
    "http_503": r"HTTP 503",
    "http_429": r"HTTP 429",
    "connect_timeout": r"connect timeout",
    "read_timeout": r"read timeout|read timed out",
    "stalled_body": r"read timeout|read timed out",
    "connection_reset": r"reset by peer|connection aborted",
    "truncated_body": r"truncated",
    "oversize_declared": r"exceeds the cap",
    "oversize_chunked": r"exceeds the cap",
    "redirect_loop": r"redirects",
}
_TOKEN_KEY = ("provider_model_id", "price_tier", "region", "min_prompt_tokens")
_TOKEN_PRICES = ("input_usd_per_mtok", "output_usd_per_mtok", "cached_input_usd_per_mtok", "cache_write_usd_per_mtok")
_GPU_KEY = ("provider_id", "instance_type", "region", "pricing_type")
_GPU_PRICES = ("usd_per_instance_hour",)
_LANDING_COLUMNS = ("observed_date", "landed_at")


@dataclass
class Cell:
    outcome: Outcome | None = None
    error: ScrapeError | None = None
    last_good_day: object = None
    problems: list[str] = field(default_factory=list)


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.id for fault in FAULTS])
def test_a_fault_stays_with_its_source_and_says_why(bench, matrix, fault):
    day = FAULT_DAYS[fault.id]
    bench.server.set_plans({source_id: fault.plan(source_id) for source_id in fault.sources})
    try:
        with bench.keepers(fault.sources):
            cells = bench.each(fault.sources, lambda source_id: _run_cell(bench, fault, source_id, day))
    finally:
        bench.server.set_plans({})
    # `breakeven status` opens the warehouse read-only: after the keepers are closed.
    failed = [source_id for source_id, cell in cells.items() if cell.error is not None]
    shown = bench.each(failed, lambda source_id: _status_problems(bench, source_id, day, cells[source_id]))
    for source_id, problems in shown.items():
        cells[source_id].problems += problems
    problems = [f"{source_id}: {problem}" for source_id, cell in cells.items() for problem in cell.problems]
    assert not problems, "\n".join(problems)
    for source_id, cell in cells.items():
        matrix.record(fault.id, source_id, cell.outcome)


def _run_cell(bench, fault, source_id: str, day) -> Cell:
    source = bench.sources[source_id]
    cell = Cell()
    good_day_before = bench.fingerprint(source_id, GOOD_DAY)
    started = time.monotonic()
    try:
        bench.ingest(source, day)
    except ScrapeError as exc:
        cell.error = exc
    except Exception as exc:  # untyped: the pipeline let something else out
        cell.problems.append(f"untyped {type(exc).__name__}: {exc}")
        return cell
    elapsed = time.monotonic() - started
    error, check = cell.error, cell.problems.append

    if bench.fingerprint(source_id, GOOD_DAY) != good_day_before:
        check("the good day changed")
    if error is not None:
        cell.outcome = Outcome(type(error).__name__, str(error))
        cell.problems += _reported_problems(bench, source, day, error)
        [(cell.last_good_day,)] = bench.query(
            source_id, "select max(observed_date) from raw.ingest_log where source_id = ? and ok", [source_id])
    else:
        try:
            cell.outcome = Outcome("landed", _landed_note(bench, fault, source, day))
        except AssertionError as exc:
            check(f"landed, wrongly: {exc}")
            return cell

    if fault.expect == FETCH_ERROR:
        if not isinstance(error, FetchError):
            check(f"expected a FetchError, got {cell.outcome}")
        elif not re.search(CLUES[fault.id], error.message, re.IGNORECASE):
            check(f"unclear reason: {error}")
    elif fault.expect == PARSE_ERROR and not isinstance(error, ParseError):
        check(f"expected a ParseError, got {cell.outcome}")
    elif fault.expect == LANDS:
        if error is not None:
            check(f"expected to land, got {cell.outcome}")
        elif elapsed < RETRY_AFTER_S:
            check("the client did not wait for Retry-After")
        elif bench.rows(source_id, day, _LANDING_COLUMNS) != bench.rows(source_id, GOOD_DAY, _LANDING_COLUMNS):
            check("landed rows differ from the good day's")
    elif fault.expect == PARSE_ERROR_OR_DETECTABLE and error is not None and not isinstance(error, ParseError):
        check(f"expected a ParseError or a landing, got {cell.outcome}")
    return cell


def _reported_problems(bench, source, day, error: ScrapeError) -> list[str]:
    problems = []
    # Located: the source and the source's own URL (not the local server's).
    if error.source_id != source.id or urlsplit(error.url).hostname not in source.hosts:
        problems.append(f"error not located at the source's own URL: {error!r}")
    if source.id not in str(error) or error.url not in str(error):
        problems.append(f"error text does not name the source and the URL: {error}")
    # Nothing of the faulty day in raw; the attempt logged with its reason.
    if bench.rows(source.id, day):
        problems.append("rows of the faulty day stayed in raw")
    logged = bench.query(source.id, "select ok, error from raw.ingest_log where source_id = ? and observed_date = ? "
                                    "order by finished_at desc limit 1", [source.id, day])
    if logged != [(False, str(error))]:
        problems.append(f"ingest_log holds {logged}")
    # A fetch failure archives nothing; a parse failure keeps what was served (archived first).
    index = bench.archive.index_path(source.id, day)
    if isinstance(error, FetchError) and index.exists():
        problems.append("a failed fetch left an archive index")
    if isinstance(error, ParseError):
        entries = bench.archive.entries(source.id, day)
        if not entries or not all(bench.archive.object_path(e.sha256).exists() for e in entries):
            problems.append("the bytes that failed to parse are not in the archive")
    return problems


def _status_problems(bench, source_id: str, day, cell: Cell) -> list[str]:
    """`breakeven status` shows the last good day and the failure with its reason."""
    last_good, error = cell.last_good_day, cell.error
    line = next((line for line in status_lines(bench.warehouse(source_id)) if line.split()[:1] == [source_id]), "")
    problems = []
    if line.split()[1:2] != [str(last_good)]:
        problems.append(f"status does not show the last good day {last_good}: {line!r}")
    if f"{day} FAILED: {error}" not in line:
        problems.append(f"status does not show the failure: {line!r}")
    return problems


def _landed_note(bench, fault, source, day) -> str:
    """What a fault that landed did to the prices, against the good day, row by row."""
    rows_now = bench.rows(source.id, day)
    if fault.id != "unit_switch":
        return f"landed {len(rows_now)} rows, the same as on the good day"
    token = source.kind == "token_prices"
    key_columns, price_columns = (_TOKEN_KEY, _TOKEN_PRICES) if token else (_GPU_KEY, _GPU_PRICES)
    table = f"raw.{source.id}"
    columns = ", ".join(key_columns + price_columns)
    good = {r[:len(key_columns)]: r[len(key_columns):] for r in bench.query(
        source.id, f"select {columns} from {table} where observed_date = ?", [GOOD_DAY])}
    now = {r[:len(key_columns)]: r[len(key_columns):] for r in bench.query(
        source.id, f"select {columns} from {table} where observed_date = ?", [day])}
    factor = UNIT_FACTORS[source.id]
    ratios = [new / old for key in now.keys() & good.keys()
              for new, old in zip(now[key], good[key]) if new is not None and old]
    assert ratios, "a unit switch landed rows that match nothing of the good day"
    # Every landed price moved by the unit factor: a 10x price-move check holds all of them.
    assert all(abs(ratio / factor - 1) < 1e-6 for ratio in ratios), sorted(set(round(r, 6) for r in ratios))
    note = (f"landed {len(now)} rows (good day: {len(good)}), every one of their {len(ratios)} prices "
            f"{factor:g}x the good day's")
    columns = {c for (c,) in bench.query(source.id, "select column_name from information_schema.columns "
                                                    "where table_schema = 'raw' and table_name = ?", [source.id])}
    if "quarantine_reason" not in columns:
        return note + ": to be caught by the price-move check (lead)"
    reasons = bench.query(source.id, f"select regexp_replace(quarantine_reason, ' since .*', ''), count(*) "
                                     f"from {table} where observed_date = ? group by all order by all", [day])
    held = sum(n for reason, n in reasons if reason is not None)
    assert held == len(now), f"quarantine held back {held} of {len(now)} rows: {reasons}"
    return note + ": all held back by the quarantine (" + "; ".join(f"{n} x '{r}'" for r, n in reasons) + ")"
