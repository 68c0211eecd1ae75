-- The roofline against published throughput, one row per measurement: how far the model that
-- prices tokens is from what servers were measured to do (docs/breakeven.md).
-- MLPerf's unpublished mean prompt takes the fitted value (int_throughput__efficiency_fit).
with configurations as (
    select
        measured.* exclude (prompt_tokens),
        coalesce(measured.prompt_tokens, fit.value) as prompt_tokens,
        measured.prompt_tokens is null as is_prompt_fitted
    from {{ ref('int_throughput__configurations') }} as measured
    cross join (select value from {{ ref('int_throughput__efficiency_fit') }}
                where parameter = 'mlperf_prompt_tokens') as fit
),

predicted as (
    {{ roofline('configurations') }}
)

select
    configurations.measurement_id,
    configurations.source,
    configurations.model_id,
    configurations.gpu_id,
    configurations.precision,
    configurations.scenario,
    coalesce(configurations.batch_size, cast(predicted.effective_batch as integer)) as batch_size,
    configurations.prompt_tokens as input_tokens,
    configurations.output_tokens,
    configurations.measured_tokens_per_s_per_gpu,
    1 / predicted.gpu_seconds_per_token as predicted_tokens_per_s_per_gpu,
    1 / predicted.gpu_seconds_per_token / configurations.measured_tokens_per_s_per_gpu as ratio,
    configurations.round,
    predicted.gpus_needed,
    predicted.bound,
    configurations.is_prompt_fitted,
    (configurations.source = 'mlperf' and configurations.scenario = 'offline' and configurations.round in ('v4.0', 'v4.1'))
        or (configurations.source = 'tensorrt-llm' and configurations.scenario = 'max_throughput'
            and configurations.model_id = 'llama-3.3-70b')
        or (configurations.source = 'nim' and configurations.scenario = 'concurrency_1') as is_fit_row
from configurations
left join predicted on predicted.config_key = configurations.config_key
