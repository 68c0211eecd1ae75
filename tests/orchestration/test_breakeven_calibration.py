"""The breakeven against measured throughput (issue #16), on the shared pipeline's warehouse.

The targets are the ones the issue sets: over MLPerf's llama2-70b Offline rows the median
|ln(predicted / measured)| is at most ln 1.25, each GPU's median prediction for the round held
out of the fit is within 0.67-1.5x, and NIM's batch-1 rows for Llama 3.3 70B are within ln 1.25.
"""

import math

import duckdb
import pytest

from tests.orchestration.conftest import DAY_1

LN_1_25 = math.log(1.25)


def _query(warehouse, sql, params=()):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_llama_2_70b_is_a_model_with_its_kv_cache_shape(pipeline_runs):
    rows = _query(pipeline_runs.warehouse, """
        select n_layers, n_kv_heads, head_dim, kv_bytes_per_token_fp16, config_url
        from marts.dim_models where model_id = 'llama-2-70b'""")
    assert rows == [(80, 8, 128, 327_680, "https://huggingface.co/meta-llama/Llama-2-70b-chat-hf/blob/main/config.json")]


def test_the_calibration_has_one_predicted_row_per_measurement(pipeline_runs):
    (seeded,), = _query(pipeline_runs.warehouse, "select count(*) from seeds.throughput_measurements")
    rows, predicted = _query(pipeline_runs.warehouse, """
        select count(*), count(predicted_tokens_per_s_per_gpu) from marts.fct_throughput_calibration""")[0]
    assert rows == seeded and predicted == seeded


def test_mlperf_offline_predictions_are_within_25_percent_at_the_median(pipeline_runs):
    (median_abs_log,), = _query(pipeline_runs.warehouse, """
        select median(abs(ln(ratio))) from marts.fct_throughput_calibration
        where source = 'mlperf' and scenario = 'offline'""")
    assert median_abs_log <= LN_1_25


@pytest.mark.parametrize("gpu", ["H100-SXM", "H200", "B200", "MI325X"])
def test_each_gpus_held_out_mlperf_round_is_predicted_within_0_67_to_1_5(pipeline_runs, gpu):
    (ratio,), = _query(pipeline_runs.warehouse, """
        select median(ratio) from marts.fct_throughput_calibration
        where source = 'mlperf' and scenario = 'offline' and gpu_id = ? and not is_fit_row""", [gpu])
    assert 0.67 <= ratio <= 1.5


def test_nim_batch_1_rows_for_llama_3_3_70b_are_within_25_percent(pipeline_runs):
    (n, median_abs_log), = _query(pipeline_runs.warehouse, """
        select count(*), median(abs(ln(ratio))) from marts.fct_throughput_calibration
        where source = 'nim' and scenario = 'concurrency_1' and model_id = 'llama-3.3-70b'""")
    assert n == 2 and median_abs_log <= LN_1_25


def test_the_article_scenario_still_reads_70b_fp16_weights_at_datasheet_bandwidth(pipeline_runs):
    rows = _query(pipeline_runs.warehouse, """
        select usd_per_gpu_hour, breakeven_output_usd_per_mtok, context_tokens, kv_bytes_per_token
        from marts.fct_breakeven_daily
        where breakeven_date = ? and model_id = 'llama-3.1-70b' and gpu_id = 'H100-SXM'
          and scenario_id = 'seed_naive_fp16'""", [DAY_1])
    assert len(rows) == 1
    rate, breakeven, context, kv = rows[0]
    assert (context, kv) == (0, 0)
    assert breakeven == pytest.approx(140e9 / 3.35e12 * rate / 3600 * 1e6, rel=1e-9)


def test_the_roofline_and_the_measurement_sit_side_by_side_for_llama_2_70b_on_h100(pipeline_runs):
    rows = dict(_query(pipeline_runs.warehouse, """
        select scenario_id, breakeven_output_usd_per_mtok from marts.fct_breakeven_daily
        where breakeven_date = ? and model_id = 'llama-2-70b' and gpu_id = 'H100-SXM'
          and scenario_id in ('fp8_max_throughput', 'measured_mlperf_offline', 'measured_mlperf_server')""", [DAY_1]))
    assert set(rows) == {"fp8_max_throughput", "measured_mlperf_offline", "measured_mlperf_server"}
    # MLPerf's prompts are short (about 190 + 294 tokens) and the recipe holds 1024 + 1024, whose
    # longer cache costs more per token: the measurement is the cheaper of the two, not equal.
    assert 0.5 <= rows["measured_mlperf_offline"] / rows["fp8_max_throughput"] <= 1.0


def test_the_2k_recipe_prices_llama_3_3_70b_near_tensorrt_llm_at_the_same_lengths_on_h100(pipeline_runs):
    rows = dict(_query(pipeline_runs.warehouse, """
        select scenario_id, breakeven_output_usd_per_mtok from marts.fct_breakeven_daily
        where breakeven_date = ? and model_id = 'llama-3.3-70b' and gpu_id = 'H100-SXM'
          and scenario_id in ('fp8_max_throughput', 'measured_tensorrt_llm_max_throughput')""", [DAY_1]))
    assert 0.8 <= rows["measured_tensorrt_llm_max_throughput"] / rows["fp8_max_throughput"] <= 1.25


def test_a_batch_that_does_not_fit_beside_the_weights_is_capped_and_says_so(pipeline_runs):
    rows = _query(pipeline_runs.warehouse, """
        select batch_size, bound, capacity_action from marts.fct_breakeven_daily
        where breakeven_date = ? and scenario_id = 'fp8_continuous_batching' and batch_size < 256""", [DAY_1])
    assert rows and all(bound == "capacity" and action == "batch_capped" for _, bound, action in rows)
