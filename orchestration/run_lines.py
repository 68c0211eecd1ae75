"""What `breakeven run` and `backfill` print at the end: one line per snapshot that failed or was
refused (source, day, reason), per day held back, and per notice.

Dagster's own account of a failure (the stack trace, the step's events) stays in the run log, where
the UI shows it; the terminal gets the reason the pipeline logged in raw.ingest_log. A reason is
cut to one line, so a page of HTML in an error message cannot flood the terminal.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

MAX_REASON = 300
MAX_NOTICES_PER_SOURCE = 5


def one_line(text: str | None, limit: int = MAX_REASON) -> str:
    flat = " ".join((text or "no reason given").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _reason(source_id: str, error: str | None) -> str:
    # Scrape errors start with "[source_id] ": the line names the source already.
    reason = one_line(error)
    prefix = f"[{source_id}] "
    return reason[len(prefix):] if reason.startswith(prefix) else reason


def outcome_lines(outcomes) -> list[str]:
    """The lines for a run's or a backfill's source outcomes (runner.SourceOutcome); none when all is well."""
    failed = [o for o in outcomes if not o.ok]
    held = [o for o in outcomes if o.ok and o.held_back]
    noticed = [o for o in outcomes if o.ok and o.notices]
    lines = []
    if failed:
        lines += ["", f"Failed or refused ({len(failed)}; the Dagster run log has each step's trace: breakeven ui):"]
        lines += [f"  {o.source_id:<22} {o.day}  {_reason(o.source_id, o.error)}" for o in failed]
    if held:
        lines += ["", "Held back (out of the marts until the next day confirms them, or `breakeven accept SOURCE DAY`):"]
        lines += [f"  {o.source_id:<22} {o.day}  {o.held_back} rows" for o in held]
    if noticed:
        lines += ["", "Not read by the parser (kept in raw.ingest_log.notices; `breakeven status` lists them):"]
        for o in noticed:
            lines += [f"  {o.source_id:<22} {o.day}  {one_line(n)}" for n in o.notices[:MAX_NOTICES_PER_SOURCE]]
            if len(o.notices) > MAX_NOTICES_PER_SOURCE:
                lines.append(f"  {o.source_id:<22} {o.day}  and {len(o.notices) - MAX_NOTICES_PER_SOURCE} more")
    return lines


def partition_problem(day: date) -> str | None:
    """Why `day` has no daily partition to run, or None: the partitions run from their start to
    today (UTC), so tomorrow or a day before the history begins is refused up front."""
    from orchestration.partitions import DAILY

    first = date.fromisoformat(DAILY.get_first_partition_key())
    today = datetime.now(timezone.utc).date()
    if day > today:
        return f"{day} is in the future: the last day that can be observed is today, {today} (UTC)"
    if day < first:
        return f"{day} is before the first daily partition, {first}"
    return None
