"""The whole graph, from bundled snapshots to the marts, in a temporary warehouse."""

import duckdb

from orchestration.status import MART_TABLES, status_lines
from tests.orchestration.conftest import DAY_1, DAY_2


def _query(warehouse, sql, params=()):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_the_demo_day_lands_every_source_and_exits_zero(pipeline_runs):
    summary = pipeline_runs.day_1
    assert summary.exit_code == 0, summary
    assert {s.source_id for s in summary.sources} >= {"openrouter", "skypilot"}
    assert all(s.ok and s.rows > 0 for s in summary.sources)


def test_the_five_contract_marts_are_built_and_not_empty(pipeline_runs):
    for table in MART_TABLES:
        assert _query(pipeline_runs.warehouse, f"select count(*) from marts.{table}")[0][0] > 0, table


def test_the_token_price_mart_holds_the_per_million_prices_of_the_snapshot(pipeline_runs):
    rows = _query(pipeline_runs.warehouse, """
        select input_usd_per_mtok, output_usd_per_mtok, blended_usd_per_mtok from marts.fct_token_prices_daily
        where price_date = ? and provider_model_id = 'meta-llama/llama-3.3-70b-instruct' and price_tier = 'standard'
    """, [DAY_1])
    assert len(rows) == 1
    input_price, output_price, blended = rows[0]
    assert blended == (3 * input_price + output_price) / 4


def test_the_gpu_index_has_an_on_demand_h100_sxm_row(pipeline_runs):
    rows = _query(pipeline_runs.warehouse, """
        select n_providers, min_usd_per_gpu_hour, median_usd_per_gpu_hour from marts.fct_gpu_rate_index_daily
        where rate_date = ? and gpu_id = 'H100-SXM' and pricing_type = 'on_demand'""", [DAY_1])
    assert rows and rows[0][0] >= 2 and 0.5 < rows[0][2] < 20


def test_a_source_serving_an_error_page_fails_alone_with_exit_code_one(pipeline_runs):
    summary = pipeline_runs.day_2
    assert summary.exit_code == 1
    by_source = {s.source_id: s for s in summary.sources}
    assert not by_source["openrouter"].ok
    assert "openrouter" in by_source["openrouter"].error and "openrouter.ai" in by_source["openrouter"].error
    assert by_source["skypilot"].ok and by_source["skypilot"].rows > 0
    assert summary.marts_ok


def test_the_failed_source_keeps_its_earlier_day_and_is_carried_forward(pipeline_runs):
    raw_days = _query(pipeline_runs.warehouse, "select distinct observed_date from raw.openrouter")
    assert raw_days == [(DAY_1,)]
    carried = _query(pipeline_runs.warehouse, """
        select bool_and(is_carried_forward), count(*) from marts.fct_token_prices_daily
        where source_id = 'openrouter' and price_date = ?""", [DAY_2])
    assert carried[0][0] is True and carried[0][1] > 0


def test_status_names_the_failed_source_and_its_reason(pipeline_runs):
    lines = "\n".join(status_lines(pipeline_runs.warehouse))
    openrouter_line = next(line for line in lines.splitlines() if line.startswith("openrouter"))
    assert str(DAY_1) in openrouter_line and "FAILED" in openrouter_line and "JSON" in openrouter_line


def test_every_attempt_is_logged_with_the_archived_sha256(pipeline_runs):
    rows = _query(pipeline_runs.warehouse,
                  "select source_id, observed_date, ok, len(sha256s) from raw.ingest_log order by 2, 1")
    assert ("openrouter", DAY_2, False, 1) in rows
    assert all(n >= 1 for *_, n in rows)
