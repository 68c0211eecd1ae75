"""A daily build whose data tests fail says which check failed, and the warehouse stays
readable by other processes afterwards (dbt's forked process has let go of it)."""

from __future__ import annotations

import duckdb
import pytest

from tests.orchestration.conftest import DAY_2, copy_of_the_pipeline


@pytest.fixture(scope="module")
def failed_build(pipeline_runs, tmp_path_factory):
    with copy_of_the_pipeline(pipeline_runs, tmp_path_factory, "failed_build") as warehouse:
        # A row no parser would produce (landing validates prices): written straight into raw.
        with duckdb.connect(str(warehouse)) as con:
            con.execute("""insert into raw.litellm by name
                           select * replace ('not-a-model' as provider_model_id, 5000.0 as input_usd_per_mtok)
                           from raw.litellm where observed_date = ? limit 1""", [DAY_2])
        from orchestration.runner import build_marts

        yield build_marts(DAY_2), warehouse


def test_the_build_fails_naming_the_failed_check(failed_build):
    (ok, error), _ = failed_build
    assert not ok
    assert "row_checks_fct_token_prices_daily" in error
    assert "dbt build failed" in error


def test_the_warehouse_opens_read_only_after_the_failed_build(failed_build):
    _, warehouse = failed_build
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.litellm where provider_model_id = 'not-a-model'").fetchone() == (1,)


def test_a_build_that_fails_before_dbt_runs_returns_the_steps_own_error(tmp_path, monkeypatch):
    not_a_database = tmp_path / "warehouse.duckdb"
    not_a_database.mkdir()  # DuckDB cannot open a folder: the step fails before dbt starts
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(not_a_database))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    from orchestration.runner import build_marts

    ok, error = build_marts(DAY_2)
    assert not ok
    assert str(not_a_database) in error
    assert "see the Dagster run log" not in error
