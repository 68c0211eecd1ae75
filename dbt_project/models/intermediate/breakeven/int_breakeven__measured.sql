-- Breakeven from published throughput instead of the roofline: per (model, GPU, measured
-- scenario), one GPU-second buys the median output tokens per second per GPU of the matching
-- measurements (seeds/throughput_measurements.csv). measured_mlperf_offline and
-- measured_mlperf_server are MLPerf's llama2-70b results; measured_tensorrt_llm_max_throughput
-- takes the TensorRT-LLM perf overview at 1000 prompt and 1000 output tokens, the length closest
-- to the roofline scenarios' 1024 + 1024; measured_nim_batch1 is NIM at concurrency 1.
with measurements as (
    select
        *,
        case
            when source = 'mlperf' then 'measured_mlperf_' || scenario
            when source = 'tensorrt-llm' and scenario = 'max_throughput'
                 and input_tokens = 1000 and output_tokens = 1000 then 'measured_tensorrt_llm_max_throughput'
            when source = 'nim' and scenario = 'concurrency_1' then 'measured_nim_batch1'
        end as scenario_id
    from {{ ref('throughput_measurements') }}
)

select
    measurements.model_id,
    measurements.gpu_id,
    measurements.scenario_id,
    models.active_params_b,
    gpus.memory_bandwidth_tbps,
    cast(median(measurements.tensor_parallel) as integer) as gpus_needed,
    cast(median(measurements.input_tokens + measurements.output_tokens) as integer) as context_tokens,
    cast(median(measurements.batch_size) as integer) as batch_size,
    max(models.kv_values_per_token * case when measurements.precision in ('fp8', 'fp4') then 1 else 2 end) as kv_bytes_per_token,
    count(*) as n_measurements,
    1 / median(measurements.measured_tokens_per_s_per_gpu) as gpu_seconds_per_token
from measurements
inner join {{ ref('dim_models') }} as models on models.model_id = measurements.model_id
inner join {{ ref('dim_gpus') }} as gpus on gpus.gpu_id = measurements.gpu_id
where measurements.scenario_id is not null
group by all
