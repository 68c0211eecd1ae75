"""Everything Dagster loads (workspace.yaml points here)."""

from dagster import Definitions, in_process_executor

from orchestration.assets.dbt import dbt_models
from orchestration.assets.ingest import SOURCE_ASSETS
from orchestration.assets.publish import published_marts
from orchestration.assets.report import report
from orchestration.resources import default_resources
from orchestration.schedules import (
    build_marts_after_failure,
    build_marts_after_success,
    build_marts_job,
    daily_schedule,
    ingest_job,
)

defs = Definitions(
    assets=[*SOURCE_ASSETS, dbt_models, published_marts, report],
    jobs=[ingest_job, build_marts_job],
    schedules=[daily_schedule],
    sensors=[build_marts_after_success, build_marts_after_failure],
    resources=default_resources(),
    # One process: each step re-importing dagster-dbt costs ~2.5 s, and DuckDB wants one writer.
    executor=in_process_executor,
)
