"""What a daily build selects: the models that store landed data, while the project is unchanged."""

from __future__ import annotations

from datetime import datetime

import duckdb
from dagster import AssetKey

from orchestration.assets.dbt import DAILY, DAILY_CHECK_KEYS, DAILY_KEYS, daily_dbt_args, dbt_models, marts_selection
from orchestration.dbt_project import project_fingerprint


def _keys(*names: str) -> set[AssetKey]:
    return {AssetKey(name.split("/")) for name in names}


def test_the_daily_models_are_the_tables_and_incrementals_fed_by_landed_rows():
    daily = set(DAILY_KEYS)
    assert _keys("marts/fct_token_prices_daily", "marts/fct_gpu_rates_daily", "marts/fct_gpu_rate_index_daily",
                 "marts/fct_price_changes", "marts/fct_halving_rates", "intermediate/int_price_series__segments") <= daily
    # Views hold no rows (dim_providers and the paradox chart are views over small tables); dim_gpus, the
    # per-token roofline and the t table are built from seeds or nothing.
    assert not daily & _keys("staging/stg_openrouter__token_prices", "marts/fct_breakeven_daily",
                             "marts/dim_providers", "marts/fct_paradox_daily",
                             "intermediate/int_capability__frontier_lows",
                             "marts/fct_price_vs_breakeven_daily", "marts/fct_capability_breakeven_daily",
                             "marts/dim_gpus", "intermediate/int_breakeven__per_token",
                             "intermediate/int_trends__t_quantiles")


def test_a_daily_build_runs_every_check_of_its_models_but_not_empty():
    of_daily_models = {spec.key for spec in dbt_models.check_specs if spec.asset_key in DAILY_KEYS}
    left_out = of_daily_models - set(DAILY_CHECK_KEYS)
    assert left_out and all(key.name.startswith("not_empty_") for key in left_out)
    assert all(key.name.startswith("row_checks_") for key in DAILY_CHECK_KEYS)


def test_the_direct_benchmark_builds_the_same_models_and_tests():
    select, names, exclude, excluded = daily_dbt_args()
    assert (select, exclude) == ("--select", "--exclude")
    assert set(excluded.split()) == {"resource_type:seed", "resource_type:unit_test", "test_name:not_empty"}
    assert set(names.split()) == {key.path[-1] for key in DAILY_KEYS}


def _warehouse(tmp_path, fingerprint: str | None):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        con.execute("create table raw.dbt_project_built (fingerprint varchar, built_at timestamp)")
        if fingerprint:
            con.execute("insert into raw.dbt_project_built values (?, ?)", [fingerprint, datetime(2026, 11, 1)])
    return path


def test_an_unchanged_project_builds_the_daily_models_from_a_start_day(tmp_path):
    assert marts_selection(_warehouse(tmp_path, project_fingerprint()), "2026-11-20") == DAILY


def test_every_model_is_built_without_a_start_day(tmp_path):
    everything = marts_selection(_warehouse(tmp_path, project_fingerprint()), None)
    assert set(everything.assets) == set(dbt_models.keys) and everything.checks is None


def test_an_edited_project_or_one_never_built_completely_builds_every_model(tmp_path):
    assert set(marts_selection(_warehouse(tmp_path, "an older project"), "2026-11-20").assets) == set(dbt_models.keys)
    (tmp_path / "warehouse.duckdb").unlink()
    assert set(marts_selection(_warehouse(tmp_path, None), "2026-11-20").assets) == set(dbt_models.keys)


def test_a_warehouse_that_cannot_be_read_builds_every_model(tmp_path):
    assert set(marts_selection(tmp_path / "missing.duckdb", "2026-11-20").assets) == set(dbt_models.keys)
    path = _warehouse(tmp_path, project_fingerprint())
    with duckdb.connect(str(path)):  # held open for writing (here by this very process)
        assert set(marts_selection(path, "2026-11-20").assets) == set(dbt_models.keys)


def test_the_sensor_after_the_ingest_run_requests_the_daily_models_the_snapshot_and_the_report(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from orchestration.schedules import _after_ingest

    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(_warehouse(tmp_path, project_fingerprint())))
    ingest_run = SimpleNamespace(run_id="abc123", tags={"dagster/partition": "2026-11-20"})
    request = _after_ingest(SimpleNamespace(dagster_run=ingest_run))
    assert request.asset_selection == [*DAILY_KEYS, AssetKey("published_marts"), AssetKey("report")]
    assert request.asset_check_keys == DAILY_CHECK_KEYS
    assert request.run_config["ops"]["dbt_models"]["config"]["start_date"] == "2026-11-20"
