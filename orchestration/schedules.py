"""The daily run: every source's partition at 06:00 UTC, then the dbt models.

The models are a second job, started by a sensor once the ingest run ends *whether or not every
source succeeded*: one failing source must not keep the others' fresh data out of the marts.
"""

from __future__ import annotations

import os

from dagster import (
    AssetKey,
    AssetSelection,
    DagsterRunStatus,
    RunRequest,
    build_schedule_from_partitioned_job,
    define_asset_job,
    run_status_sensor,
)

from orchestration import settings
from orchestration.assets.dbt import dbt_models, marts_selection

DAILY_CRON_HOUR = int(os.environ.get("BREAKEVEN_DAILY_HOUR_UTC", "6"))

ingest_job = define_asset_job("ingest_sources", selection=AssetSelection.groups("sources"))
build_marts_job = define_asset_job("build_marts", selection=AssetSelection.assets(dbt_models) | AssetSelection.groups("published", "report"))

daily_schedule = build_schedule_from_partitioned_job(ingest_job, hour_of_day=DAILY_CRON_HOUR, minute_of_hour=0,
                                                     name="daily_ingest")


def _after_ingest(context):
    # Rebuild the daily facts from the day the ingest run landed (and every day after it); only the
    # data models while the project is unchanged since the last complete build.
    day = context.dagster_run.tags.get("dagster/partition")
    selection = marts_selection(settings.warehouse_path(), day)
    return RunRequest(run_key=f"marts-after-{context.dagster_run.run_id}",
                      asset_selection=[*selection.assets, AssetKey("published_marts"), AssetKey("report")], asset_check_keys=selection.checks,
                      run_config={"ops": {"dbt_models": {"config": {"start_date": day}}}})


build_marts_after_success = run_status_sensor(
    name="build_marts_after_ingest_success", run_status=DagsterRunStatus.SUCCESS,
    monitored_jobs=[ingest_job], request_job=build_marts_job)(_after_ingest)
build_marts_after_failure = run_status_sensor(
    name="build_marts_after_ingest_failure", run_status=DagsterRunStatus.FAILURE,
    monitored_jobs=[ingest_job], request_job=build_marts_job)(_after_ingest)
