"""Driving Dagster in-process, so every CLI run is recorded in the instance and shows in the UI."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from datetime import date

from orchestration import settings, warehouse as wh

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass
class SourceOutcome:
    source_id: str
    ok: bool
    rows: int = 0
    skipped: int = 0
    error: str | None = None


@dataclass
class RunSummary:
    day: date
    sources: list[SourceOutcome] = field(default_factory=list)
    marts_ok: bool = True
    marts_error: str | None = None

    @property
    def exit_code(self) -> int:
        return 0 if self.marts_ok and all(s.ok for s in self.sources) else 1


def run_day(day: date, *, mode: str, replay_dir: str | None = None, source_ids: list[str] | None = None,
            build_marts: bool = True) -> RunSummary:
    settings.dagster_home()
    from dagster import DagsterInstance, materialize

    from orchestration.assets.dbt import dbt_models
    from orchestration.assets.ingest import SOURCE_ASSETS
    from orchestration.resources import default_resources

    resources = default_resources(mode, replay_dir)
    warehouse_file = settings.warehouse_path()
    instance = DagsterInstance.get()
    selected = [a for a in SOURCE_ASSETS if not source_ids or a.key.path[-1] in source_ids]
    summary = RunSummary(day=day)
    ingest = materialize(SOURCE_ASSETS, selection=[a.key for a in selected], partition_key=day.isoformat(),
                         instance=instance, resources=resources, raise_on_error=False, run_config=QUIET_LOGS,
                         tags={"breakeven/trigger": "cli", "breakeven/mode": mode})
    with wh.connect(warehouse_file) as con:
        wh.ensure_raw_tables(con, [])
        attempts = {row[0]: row[1:] for row in con.execute(
            "select source_id, ok, rows_landed, rows_skipped, error from raw.ingest_log where run_id = ?",
            [ingest.run_id]).fetchall()}
    for asset in selected:
        source_id = asset.key.path[-1]
        ok, rows, skipped, error = attempts.get(source_id, (False, 0, 0, "the step did not run (see the Dagster run log)"))
        summary.sources.append(SourceOutcome(source_id, bool(ok), rows or 0, skipped or 0, error))
    if build_marts:
        # dbt's own log lines go to the Dagster run log (and the UI); the terminal gets the summary.
        dbt_output = io.StringIO()
        with contextlib.redirect_stdout(dbt_output):
            marts = materialize([*SOURCE_ASSETS, dbt_models], selection=[dbt_models], instance=instance,
                                resources=resources, raise_on_error=False, run_config=QUIET_LOGS,
                                tags={"breakeven/trigger": "cli"})
        summary.marts_ok = marts.success
        if not marts.success:
            failing = [line for line in dbt_output.getvalue().splitlines() if "ERROR" in line or "FAIL" in line]
            summary.marts_error = "dbt build failed (see the Dagster run log): " + (
                "; ".join(failing[-5:]) or dbt_output.getvalue()[-500:])
    return summary
