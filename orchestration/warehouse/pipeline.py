"""One source, one day: fetch → archive → parse → land. Plain Python, called by the Dagster asset.

The order is the invariant: bodies are archived before they are parsed, and the warehouse is
touched only once parsing succeeded, in one transaction. A failure at any step leaves the
source's earlier days as they were and is logged with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from scrapers.archive import Archive
from scrapers.parsing import parse_snapshots
from scrapers.registry import Client, Source
from orchestration.warehouse import landing as warehouse


@dataclass
class IngestResult:
    source_id: str
    day: date
    rows: int
    skipped: int
    unreadable: int
    skip_summary: str
    urls: list[str]
    sha256s: list[str]
    archive_bytes: int
    distinct_items: int
    quarantined: int
    changed: int
    new_offers: int
    # Columns or price keys the parser saw and does not read (scrapers.parsing.unknown_columns).
    notices: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)


def ingest(source: Source, day: date, client: Client, archive: Archive, warehouse_file: Path,
           run_id: str | None = None) -> IngestResult:
    started = datetime.now(timezone.utc)
    snapshots = []
    try:
        snapshots = source.fetch_all(client)
        entries = archive.store(source.id, day, snapshots)
        outcome = parse_snapshots(source, snapshots)
    except Exception as exc:  # logged with its reason, then re-raised so the asset fails
        with warehouse.connect(warehouse_file) as con:
            warehouse.ensure_raw_tables(con, [source])
            warehouse.log_attempt(con, source_id=source.id, day=day, run_id=run_id, started_at=started,
                                  ok=False, error=str(exc), urls=[s.url for s in snapshots],
                                  sha256s=[s.sha256 for s in snapshots])
        raise
    with warehouse.connect(warehouse_file) as con:
        warehouse.ensure_raw_tables(con, [source])
        rows, quarantined = warehouse.land(con, source, day, outcome.records,
                                           [url for url, _ in outcome.origins], [sha for _, sha in outcome.origins])
        changed, new = warehouse.changes(con, source, day)
        warehouse.log_attempt(con, source_id=source.id, day=day, run_id=run_id, started_at=started, ok=True,
                              rows_landed=rows, rows_skipped=len(outcome.skipped), rows_quarantined=quarantined,
                              rows_changed=changed,
                              rows_unreadable=len(outcome.unreadable), skip_summary=outcome.skip_summary(),
                              urls=[e.url for e in entries], sha256s=[e.sha256 for e in entries],
                              notices=outcome.notices)
    items = {getattr(r, "provider_model_id", None) or getattr(r, "gpu_name", None) for r in outcome.records}
    return IngestResult(
        source_id=source.id, day=day, rows=rows, skipped=len(outcome.skipped),
        unreadable=len(outcome.unreadable), skip_summary=outcome.skip_summary(),
        urls=[e.url for e in entries], sha256s=[e.sha256 for e in entries],
        archive_bytes=sum(e.bytes for e in entries), distinct_items=len(items), quarantined=quarantined,
        changed=changed, new_offers=new, notices=list(outcome.notices),
        preview=[r.as_row() for r in outcome.records[:5]],
    )
