{{ config(materialized='table') }}

-- The roofline's free parameters, each fitted where it alone sets the answer, by grid search:
--   1. bandwidth_efficiency (0.10-1.00 by 0.01) on NIM's batch-1 rows: one request, so the step
--      is the weight read; lowest median |ln(predicted / measured)|.
--   2. compute_efficiency (0.10-1.00 by 0.01) on the TensorRT-LLM perf overview's Llama 3.3 70B
--      max-throughput rows, whose prompt and output lengths are published (128-20000 tokens,
--      H100, H200, B200, GB200): large batches, so the step is the arithmetic; lowest median.
--   3. mlperf_prompt_tokens (50-1020 by 10): MLPerf publishes llama2-70b's output length (294.45
--      tokens) but not the mean prompt of its OpenOrca sample (capped at 1024), and the prefill it
--      costs is the same GPU time. Fitted on MLPerf Offline rounds v4.0-v4.1 with the two
--      efficiencies above, minimising the worst GPU's |ln(median ratio)| (each GPU counts once:
--      H100 has 16 rows, B200 one). v5.0 is held out: fct_throughput_calibration shows how the
--      fit predicts it.
-- seeds/serving_scenarios.csv carries the efficiencies (tests/assert_scenario_efficiencies_are_the_fit.sql).
with configurations as (
    select * from {{ ref('int_throughput__configurations') }}
),

grid as (
    select range / 100.0 as efficiency from range(10, 101)
),

bandwidth_configurations as (
    select
        configurations.* exclude (config_key, bandwidth_efficiency),
        configurations.config_key || '|' || grid.efficiency as config_key,
        grid.efficiency as bandwidth_efficiency
    from configurations
    cross join grid
    where configurations.source = 'nim' and configurations.scenario = 'concurrency_1'
),

bandwidth_predicted as (
    {{ roofline('bandwidth_configurations') }}
),

bandwidth_fit as (
    select
        bandwidth_efficiency as value,
        median(abs(ln(1 / gpu_seconds_per_token / measured_tokens_per_s_per_gpu))) as objective,
        count(*) as n_rows
    from bandwidth_predicted
    group by bandwidth_efficiency
    qualify row_number() over (order by objective, value) = 1
),

compute_configurations as (
    select
        configurations.* exclude (config_key, bandwidth_efficiency, compute_efficiency),
        configurations.config_key || '|' || grid.efficiency as config_key,
        bandwidth_fit.value as bandwidth_efficiency,
        grid.efficiency as compute_efficiency
    from configurations
    cross join grid
    cross join bandwidth_fit
    where configurations.source = 'tensorrt-llm' and configurations.scenario = 'max_throughput'
      and configurations.model_id = 'llama-3.3-70b'
),

compute_predicted as (
    {{ roofline('compute_configurations') }}
),

compute_fit as (
    select
        compute_efficiency as value,
        median(abs(ln(1 / gpu_seconds_per_token / measured_tokens_per_s_per_gpu))) as objective,
        count(*) as n_rows
    from compute_predicted
    group by compute_efficiency
    qualify row_number() over (order by objective, value) = 1
),

prompt_configurations as (
    select
        configurations.* exclude (config_key, bandwidth_efficiency, compute_efficiency, prompt_tokens),
        configurations.config_key || '|' || prompts.range as config_key,
        bandwidth_fit.value as bandwidth_efficiency,
        compute_fit.value as compute_efficiency,
        prompts.range as prompt_tokens
    from configurations
    cross join range(50, 1021, 10) as prompts
    cross join bandwidth_fit
    cross join compute_fit
    where configurations.source = 'mlperf' and configurations.scenario = 'offline'
      and configurations.round in ('v4.0', 'v4.1')
),

prompt_predicted as (
    {{ roofline('prompt_configurations') }}
),

prompt_per_gpu as (
    select
        prompt_tokens,
        gpu_id,
        abs(ln(median(1 / gpu_seconds_per_token / measured_tokens_per_s_per_gpu))) as abs_log_median_ratio,
        count(*) as n_rows
    from prompt_predicted
    group by prompt_tokens, gpu_id
),

prompt_fit as (
    select prompt_tokens as value, max(abs_log_median_ratio) as objective, sum(n_rows) as n_rows
    from prompt_per_gpu
    group by prompt_tokens
    qualify row_number() over (order by objective, value) = 1
)

select 'bandwidth_efficiency' as parameter, 'nim llama-3.3-70b batch 1; median |ln ratio|' as fitted_on, * from bandwidth_fit
union all
select 'compute_efficiency', 'tensorrt-llm llama-3.3-70b max throughput; median |ln ratio|', * from compute_fit
union all
select 'mlperf_prompt_tokens', 'mlperf llama2-70b offline v4.0-v4.1; worst GPU |ln median ratio|', * from prompt_fit
