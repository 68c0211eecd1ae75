"""Driving Dagster in-process, so every CLI run is recorded in the instance and shows in the UI."""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from orchestration import settings, warehouse as wh

# Nothing of Dagster's on the terminal: a failed step's stack trace, and every warning, go to the
# run log (the UI, the instance's storage); the CLI prints one line per failure, refusal, hold or
# notice from raw.ingest_log instead (orchestration/run_lines.py).
QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


@dataclass
class SourceOutcome:
    source_id: str
    ok: bool
    rows: int = 0
    skipped: int = 0
    error: str | None = None
    changed: int = 0
    day: date | None = None
    held_back: int = 0
    notices: list[str] = field(default_factory=list)


@dataclass
class RunSummary:
    day: date
    sources: list[SourceOutcome] = field(default_factory=list)
    marts_ok: bool = True
    marts_error: str | None = None

    @property
    def exit_code(self) -> int:
        return 0 if self.marts_ok and all(s.ok for s in self.sources) else 1


def _dagster():
    settings.dagster_home()
    from dagster import DagsterInstance

    if os.environ.get(settings.DAGSTER_PG_URL_ENV):
        from orchestration.postgres_storage import check_reachable

        check_reachable(os.environ[settings.DAGSTER_PG_URL_ENV])

    from orchestration.assets.dbt import dbt_models
    from orchestration.assets.ingest import SOURCE_ASSETS

    return DagsterInstance.get(), SOURCE_ASSETS, dbt_models


def ingest_day(day: date, *, mode: str, replay_dir: str | None = None,
               source_ids: list[str] | None = None) -> list[SourceOutcome]:
    """Materialise the day's partition of the selected source assets (one Dagster run)."""
    from dagster import materialize

    from orchestration.resources import default_resources

    instance, source_assets, _ = _dagster()
    selected = [a for a in source_assets if not source_ids or a.key.path[-1] in source_ids]
    result = materialize(source_assets, selection=[a.key for a in selected], partition_key=day.isoformat(),
                         instance=instance, resources=default_resources(mode, replay_dir), raise_on_error=False,
                         run_config=QUIET_LOGS, tags={"breakeven/trigger": "cli", "breakeven/mode": mode})
    with wh.connect(settings.warehouse_path()) as con:
        wh.ensure_raw_tables(con, [])
        attempts = {row[0]: row[1:] for row in con.execute(
            "select source_id, ok, rows_landed, rows_skipped, error, rows_changed, rows_quarantined, notices "
            "from raw.ingest_log where run_id = ?", [result.run_id]).fetchall()}
    outcomes = []
    for asset in selected:
        source_id = asset.key.path[-1]
        ok, rows, skipped, error, changed, held_back, notices = attempts.get(
            source_id, (False, 0, 0, _step_error(result, asset.key) or "the step did not run (see the Dagster run log)",
                        0, 0, None))
        outcomes.append(SourceOutcome(source_id, bool(ok), rows or 0, skipped or 0, error, changed or 0, day,
                                      held_back or 0, notices.splitlines() if notices else []))
    return outcomes


def _step_error(result, asset_key) -> str | None:
    """What a source's step said when it failed before logging an attempt (the warehouse locked, say)."""
    for event in result.all_events:
        if event.is_step_failure and event.step_key == asset_key.to_python_identifier():
            failure = event.step_failure_data
            return (failure.user_failure_data.description if failure.user_failure_data
                    and failure.user_failure_data.description else _error_text(failure.error))
    return None


def build_marts(start_date: date | None = None, full_refresh: bool = False) -> tuple[bool, str | None]:
    """Run `dbt build` through its Dagster asset, rebuilding the daily facts from `start_date` on
    (every day when None): the data models alone while the project is unchanged since the last
    complete build (orchestration.assets.dbt.marts_selection), then publish the snapshot readers
    query (orchestration/warehouse/publishing.py). Returns (ok, error)."""
    from dagster import AssetSelection, materialize

    from orchestration import dbt_build
    from orchestration.assets.dbt import MartsSelection, build_environment, marts_selection
    from orchestration.assets.publish import published_marts
    from orchestration.resources import default_resources

    instance, source_assets, dbt_models = _dagster()
    start = start_date.isoformat() if start_date else None
    # What dbt prints stays off the terminal, which gets the summary: each node's result is in the
    # Dagster run log (and the UI), dbt's own log in dbt_project/logs/dbt.log. dbt starts reading
    # the project while Dagster creates the run.
    dbt_output = io.StringIO()
    with contextlib.redirect_stdout(dbt_output), \
            dbt_build.parsing_ahead(build_environment(settings.warehouse_path(), None if full_refresh else start)):
        selection = MartsSelection(list(dbt_models.keys)) if full_refresh else marts_selection(settings.warehouse_path(), start)
        result = materialize([*source_assets, dbt_models, published_marts],
                             selection=selection.for_materialize() | AssetSelection.assets(published_marts), instance=instance,
                             resources=default_resources(), raise_on_error=False,
                             run_config={**QUIET_LOGS, "ops": {"dbt_models": {"config": {
                                 "start_date": start,
                                 "full_refresh": full_refresh}}}},
                             tags={"breakeven/trigger": "cli"})
    return _outcome(result, dbt_output.getvalue())


def publish_marts() -> tuple[bool, str | None]:
    """Publish the marts as they are (`breakeven publish`), as a Dagster run. Returns (ok, error)."""
    from dagster import materialize

    from orchestration.assets.publish import published_marts
    from orchestration.resources import default_resources

    instance, _, _ = _dagster()
    result = materialize([published_marts], instance=instance, resources=default_resources(), raise_on_error=False,
                         run_config=QUIET_LOGS, tags={"breakeven/trigger": "cli"})
    return _outcome(result, "")


def _outcome(result, dbt_output: str) -> tuple[bool, str | None]:
    if result.success:
        return True, None
    # orchestration/dbt_build.py fails the step naming each failed node and what it said; a step
    # that failed before dbt ran (the warehouse locked, say) carries its error instead.
    failures = [event.step_failure_data for event in result.all_events if event.is_step_failure]
    described = [f.user_failure_data.description if f.user_failure_data and f.user_failure_data.description
                 else _error_text(f.error) for f in failures]
    if described:
        return False, "; ".join(described)
    return False, "dbt build failed (see the Dagster run log): " + dbt_output[-500:]


def _error_text(error) -> str:
    """The innermost error of a step failure, the one that says what went wrong."""
    while error is not None and error.cause is not None:
        error = error.cause
    return error.message.strip() if error is not None else "the step failed (see the Dagster run log)"


def run_day(day: date, *, mode: str, replay_dir: str | None = None, source_ids: list[str] | None = None,
            build: bool = True) -> RunSummary:
    summary = RunSummary(day=day, sources=ingest_day(day, mode=mode, replay_dir=replay_dir, source_ids=source_ids))
    if build:
        summary.marts_ok, summary.marts_error = build_marts(day)
    return summary


def backfill(source_id: str, snapshots_dir: str, progress: Callable[[str], None] = print,
             build: bool = True) -> RunSummary:
    """Replay dated snapshot files into their days, then build the models once."""
    from orchestration.run_lines import one_line
    from scrapers.replay import dated_files

    days = sorted(dated_files(snapshots_dir))
    summary = RunSummary(day=date.fromisoformat(days[-1]) if days else date.today())
    for index, day in enumerate(days, start=1):
        [outcome] = ingest_day(date.fromisoformat(day), mode="files", replay_dir=snapshots_dir, source_ids=[source_id])
        summary.sources.append(outcome)
        state = f"{outcome.rows} rows" if outcome.ok else f"SKIPPED: {one_line(outcome.error)}"
        progress(f"  [{index}/{len(days)}] {day} {source_id}: {state}")
    if build:
        progress("  building the models ...")
        summary.marts_ok, summary.marts_error = build_marts(date.fromisoformat(days[0]) if days else None)
    return summary


def accept_day(source_id: str, day: date) -> tuple[int, bool, str | None]:
    """Release a source's quarantined rows for a day, then rebuild the models."""
    from scrapers.registry import get_source

    with wh.connect(settings.warehouse_path()) as con:
        wh.ensure_raw_tables(con, [get_source(source_id)])
        released = wh.accept(con, get_source(source_id), day)
    ok, error = build_marts(day) if released else (True, None)
    return released, ok, error


def replay_archive(first: date, last: date, source_ids: list[str] | None = None,
                   progress: Callable[[str], None] = print) -> RunSummary:
    """Re-parse the archived bytes of every day from `first` to `last` (no network), then build
    the models once from `first` on. A day a source has nothing archived for is left as it is."""
    from datetime import timedelta

    from scrapers.archive import Archive
    from scrapers.registry import all_sources

    archive = Archive(settings.archive_path())
    wanted = source_ids or list(all_sources())
    summary = RunSummary(day=last)
    total = (last - first).days + 1
    for offset in range(total):
        day = first + timedelta(days=offset)
        archived = [s for s in wanted if archive.entries(s, day)]
        if not archived:
            progress(f"  [{offset + 1}/{total}] {day}: nothing archived")
            continue
        outcomes = ingest_day(day, mode="archive", source_ids=archived)
        summary.sources.extend(outcomes)
        failed = [o.source_id for o in outcomes if not o.ok]
        progress(f"  [{offset + 1}/{total}] {day}: {len(outcomes) - len(failed)} sources re-parsed"
                 + (f", failed: {', '.join(failed)}" if failed else ""))
    progress("  building the models ...")
    summary.marts_ok, summary.marts_error = build_marts(first)
    return summary


def land_history(history_dir, source_ids: list[str], progress: Callable[[str], None] = print) -> list[SourceOutcome]:
    """Land the dated snapshot files of `history_dir/<source_id>/` into their days, for the demo.

    Each (source, day) goes through the step a run's source asset runs (pipeline.ingest: fetch
    from the files, archive, parse, land in one transaction, the attempt logged in
    raw.ingest_log), but in this process, without a Dagster run each: a run costs ~6 s on a busy
    2-core machine and the bundled history has about 150 source-days (0.3 s each this way).
    `breakeven backfill` still makes one Dagster run per day."""
    from pathlib import Path

    from orchestration.warehouse.pipeline import ingest
    from orchestration.resources import default_resources
    from scrapers.registry import get_source
    from scrapers.replay import dated_files

    outcomes = []
    for source_id in source_ids:
        folder = Path(history_dir) / source_id
        fetcher = default_resources("files", str(folder))["fetcher"]
        days = sorted(dated_files(folder))
        landed = 0
        for day in days:
            source, client = fetcher.prepare(get_source(source_id), date.fromisoformat(day))
            try:
                result = ingest(source, date.fromisoformat(day), client, fetcher.archive(), settings.warehouse_path())
            except Exception as exc:  # logged in raw.ingest_log by ingest(); the other days still land
                outcomes.append(SourceOutcome(source_id, False, error=str(exc)))
                progress(f"  {day} {source_id}: SKIPPED: {exc}")
                continue
            landed += result.rows
            outcomes.append(SourceOutcome(source_id, True, result.rows, result.skipped, changed=result.changed))
        progress(f"  {source_id}: {len(days)} days, {landed} rows"
                 + (f" ({days[0]} .. {days[-1]})" if days else ""))
    return outcomes
