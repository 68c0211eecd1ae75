"""The whole graph, from bundled snapshots to the marts, in a temporary warehouse."""

import duckdb

from orchestration.status import BELOW_BREAKEVEN_SQL, status_lines, summary_lines
from tests.orchestration.conftest import BACKFILL_DAYS, CHANGED_LITELLM_KEY, DAY_1, DAY_2, marts_fingerprint

CONTRACT_MARTS = ["dim_models", "dim_gpus", "dim_providers", "fct_token_prices_daily", "fct_gpu_rates_daily",
                  "fct_gpu_rate_index_daily", "fct_breakeven_daily", "fct_price_vs_breakeven_daily",
                  "fct_price_changes", "fct_halving_rates", "fct_paradox_daily", "fct_price_index_daily"]


def _query(warehouse, sql, params=()):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_the_demo_day_lands_every_source_and_exits_zero(pipeline_runs):
    summary = pipeline_runs.day_1
    assert summary.exit_code == 0, summary
    assert {s.source_id for s in summary.sources} >= {"openrouter", "skypilot"}
    assert all(s.ok and s.rows > 0 for s in summary.sources)


def test_every_contract_mart_is_built_and_not_empty(pipeline_runs):
    for table in CONTRACT_MARTS:
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


def test_the_demo_summary_counts_the_rows_of_every_mart_the_project_builds(pipeline_runs):
    lines = summary_lines(pipeline_runs.warehouse)
    counted = dict(line.split() for line in lines[1:lines.index("")])
    marts = marts_fingerprint(pipeline_runs.warehouse)
    assert counted == {f"marts.{table}": str(rows) for table, (rows, _) in marts.items()}
    assert "marts.fct_capability_breakeven_daily" in counted


def test_every_attempt_is_logged_with_the_archived_sha256(pipeline_runs):
    rows = _query(pipeline_runs.warehouse,
                  "select source_id, observed_date, ok, len(sha256s) from raw.ingest_log order by 2, 1")
    assert ("openrouter", DAY_2, False, 1) in rows
    assert all(n >= 1 for *_, n in rows)


def test_a_backfill_lands_each_dated_file_on_its_day_and_reports_the_bad_one(pipeline_runs):
    outcomes = {s.source_id + str(i): s for i, s in enumerate(pipeline_runs.backfill.sources)}
    assert [s.ok for s in pipeline_runs.backfill.sources] == [True, True, False]
    assert "JSON" not in next(s.error for s in outcomes.values() if not s.ok)  # a CSV source: the markup is named
    days = _query(pipeline_runs.warehouse, "select distinct observed_date from raw.skypilot order by 1")
    assert [d for (d,) in days][:2] == list(BACKFILL_DAYS)
    assert pipeline_runs.backfill.marts_ok


def test_rerunning_a_backfill_changes_nothing(pipeline_runs):
    first = [(s.ok, s.rows) for s in pipeline_runs.backfill.sources]
    assert [(s.ok, s.rows) for s in pipeline_runs.backfill_rerun.sources] == first
    counts = _query(pipeline_runs.warehouse, "select observed_date, count(*) from raw.skypilot group by 1 order by 1")
    assert counts[0][1] == counts[1][1]


def test_backfilled_history_is_carried_forward_to_the_next_landing(pipeline_runs):
    rows = _query(pipeline_runs.warehouse, """
        select rate_date, bool_and(is_carried_forward) from marts.fct_gpu_rates_daily
        where source_id = 'skypilot' and rate_date between '2026-10-02' and '2026-10-14' group by 1""")
    assert len(rows) == 13 and all(carried for _, carried in rows)


def test_an_overnight_price_change_is_one_row_in_the_price_changes_mart(pipeline_runs):
    rows = _query(pipeline_runs.warehouse, """
        select metric, old_usd_per_mtok, new_usd_per_mtok, changed_on from marts.fct_price_changes
        where source_id = 'litellm' and provider_model_id = ? and price_tier = 'standard'""", [CHANGED_LITELLM_KEY])
    assert len(rows) == 1
    metric, old, new, changed_on = rows[0]
    assert (metric, changed_on) == ("input", DAY_2) and new == old / 2


def test_breakeven_has_every_scenario_its_gpu_and_models_allow_on_h100_h200_and_a100(pipeline_runs):
    # The article's arithmetic prices every open model with a size; a scenario that holds a
    # context needs the model's KV cache shape (62 models); FP8 needs a GPU with FP8 (not the
    # A100) and FP4 a Blackwell; measured_* scenarios exist where a measurement does.
    rows = dict((((gpu, scenario), n) for gpu, scenario, n in _query(pipeline_runs.warehouse, """
        select gpu_id, scenario_id, count(distinct model_id) from marts.fct_breakeven_daily
        where breakeven_date = ? and gpu_id in ('H100-SXM', 'H200', 'A100-SXM-80GB') group by all""", [DAY_1])))
    for gpu in ("H100-SXM", "H200", "A100-SXM-80GB"):
        assert rows[(gpu, "seed_naive_fp16")] >= 100
        assert rows[(gpu, "continuous_batching_fp16")] >= 20
        assert (gpu, "fp4_max_throughput") not in rows
    assert rows[("H100-SXM", "fp8_continuous_batching")] >= 20 and ("A100-SXM-80GB", "fp8_batch1") not in rows
    assert rows[("H100-SXM", "measured_mlperf_offline")] == 1


def test_the_readme_question_below_breakeven_under_continuous_batching_is_one_select(pipeline_runs):
    rows = _query(pipeline_runs.warehouse, BELOW_BREAKEVEN_SQL)
    assert rows and all(ratio < 1 for *_, ratio in rows)


def test_at_least_nine_in_ten_open_weight_price_rows_map_to_a_canonical_model(pipeline_runs):
    # Sources that sell open-weight models; Fireworks' size buckets are price rules, not models.
    mapped, total = _query(pipeline_runs.warehouse, """
        select count(model_id), count(*) from marts.fct_token_prices_daily
        where price_date = ? and source_id in ('openrouter_endpoints', 'together', 'fireworks', 'groq', 'deepseek')
          and provider_model_id not like 'bucket:%'""",
        [DAY_1])[0]
    assert mapped / total >= 0.9, (mapped, total)


def test_status_lists_the_model_ids_no_alias_maps(pipeline_runs):
    lines = status_lines(pipeline_runs.warehouse)
    start = next(i for i, line in enumerate(lines) if line.startswith("Model ids no alias maps"))
    assert any("bucket:<4B" in line for line in lines[start:])


def test_running_the_same_day_three_times_and_re_parsing_the_archive_leaves_identical_marts(pipeline_runs):
    assert pipeline_runs.fingerprints["rerun_and_archive_replay"] == pipeline_runs.fingerprints["first"]


def test_incremental_facts_built_day_by_day_and_out_of_order_equal_a_rebuild_from_scratch(pipeline_runs):
    assert pipeline_runs.fingerprints["full_refresh"] == pipeline_runs.fingerprints["first"]


def test_every_column_of_every_marts_table_is_documented(pipeline_runs):
    import json

    from orchestration.dbt_project import DBT_PROJECT

    manifest = json.loads(DBT_PROJECT.manifest_path.read_text())
    documented = {(n["name"], c) for n in manifest["nodes"].values()
                  if n["resource_type"] == "model" and n["schema"] == "marts" for c in n["columns"]}
    columns = _query(pipeline_runs.warehouse, """
        select table_name, column_name from information_schema.columns where table_schema = 'marts'""")
    assert set(columns) <= documented, sorted(set(columns) - documented)


def test_dbt_docs_generate_works_on_the_built_warehouse(pipeline_runs, tmp_path):
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from orchestration.assets.dbt import build_environment
    from orchestration.settings import DBT_PROJECT_DIR

    # With the variables the builds gave dbt and the parse state they kept, as `dbt docs generate`
    # typed in dbt_project/ finds them after a run: dbt reads only what changed, not every file.
    (tmp_path / "target").mkdir()
    shutil.copy(pipeline_runs.parse_state, tmp_path / "target" / "partial_parse.msgpack")
    dbt = Path(sys.executable).parent / "dbt"
    env = {**os.environ, **{name: value for name, value in build_environment(pipeline_runs.warehouse, None).items()
                            if value is not None}}
    result = subprocess.run([str(dbt), "docs", "generate", "--profiles-dir", str(DBT_PROJECT_DIR),
                             "--target-path", str(tmp_path / "target")],
                            cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "target" / "catalog.json").exists()



def test_the_run_summary_counts_the_overnight_change(pipeline_runs):
    litellm = next(s for s in pipeline_runs.day_2.sources if s.source_id == "litellm")
    assert litellm.ok and litellm.changed == 1
