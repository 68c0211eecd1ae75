"""A build Dagster launches itself (the UI, the daily sensor) has no child started ahead by the
CLI: the dbt step starts its own, and the build is the same."""

from __future__ import annotations

import pytest

from tests.orchestration.conftest import DAY_2, copy_of_the_pipeline, marts_fingerprint


@pytest.fixture(scope="module")
def step_build(pipeline_runs, tmp_path_factory):
    from dagster import DagsterInstance, materialize

    from orchestration import dbt_build
    from orchestration.assets.dbt import DAILY, dbt_models
    from orchestration.resources import default_resources

    with copy_of_the_pipeline(pipeline_runs, tmp_path_factory, "step_build") as warehouse:
        assert dbt_build._ahead is None
        result = materialize([dbt_models], selection=DAILY.for_materialize(), instance=DagsterInstance.ephemeral(),
                             resources=default_resources(), raise_on_error=False,
                             run_config={"ops": {"dbt_models": {"config": {"start_date": DAY_2.isoformat()}}}})
        yield result, warehouse, pipeline_runs


def test_the_daily_build_succeeds_and_materialises_every_daily_model(step_build):
    result, _, _ = step_build
    from orchestration.assets.dbt import DAILY_KEYS

    assert result.success
    assert {event.asset_key for event in result.get_asset_materialization_events()} == set(DAILY_KEYS)


def test_it_changes_no_mart_built_the_same_day_from_the_cli(step_build):
    _, warehouse, pipeline_runs = step_build
    assert marts_fingerprint(warehouse) == pipeline_runs.fingerprints["full_refresh"]


def test_it_leaves_dbts_schemas_for_the_next_build_to_read_as_dbt_derives_them(step_build):
    from dbt.contracts.project import Project

    from orchestration import dbt_build
    from orchestration.dbt_schemas import KeptSchemas
    from tests.helpers import dbt_derived_schema

    kept = KeptSchemas(dbt_build._KEPT_SCHEMAS).schemas
    assert kept[f"{Project.__module__}.{Project.__qualname__}"] == dbt_derived_schema(Project)
