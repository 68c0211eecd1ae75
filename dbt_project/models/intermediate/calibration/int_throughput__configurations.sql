-- Each published measurement as a roofline configuration (macros/roofline.sql): the model and
-- GPU measured, its precision (FP8 weights and KV cache; FP4 weights with an FP8 cache), its
-- prompt and output lengths, tensor-parallel size and batch where published (else the largest
-- batch that fits), at the efficiencies of the fp8_max_throughput scenario.
with measurements as (
    select * from {{ ref('throughput_measurements') }}
),

defaults as (
    select bandwidth_efficiency, compute_efficiency, usable_memory_share
    from {{ ref('serving_scenarios') }}
    where scenario_id = 'fp8_max_throughput'
)

select
    measurements.measurement_id as config_key,
    measurements.measurement_id,
    measurements.source,
    measurements.round,
    measurements.scenario,
    measurements.measured_tokens_per_s_per_gpu,
    models.model_id,
    models.architecture,
    models.total_params_b,
    models.active_params_b,
    models.routed_expert_params_b,
    models.n_experts,
    models.n_active_experts,
    models.kv_values_per_token,
    gpus.gpu_id,
    gpus.memory_gb,
    gpus.memory_bandwidth_tbps,
    case measurements.precision when 'fp4' then gpus.fp4_dense_tflops else gpus.fp8_dense_tflops end as dense_tflops,
    measurements.precision,
    -- NVFP4: 4-bit values with one FP8 scale per 16 (4.5 bits); FP8: one byte.
    case measurements.precision when 'fp4' then 0.5625 else 1.0 end as bytes_per_param,
    1.0 as kv_bytes_per_value,
    -- MLPerf does not publish its mean prompt: null here, fitted in int_throughput__efficiency_fit.
    measurements.input_tokens as prompt_tokens,
    measurements.output_tokens,
    measurements.batch_size,
    case when measurements.tensor_parallel is null then 'cheapest_gpu_count' else 'cap_batch' end as capacity_policy,
    measurements.tensor_parallel as fixed_gpus,
    1 as speculative_tokens_per_step,
    defaults.bandwidth_efficiency,
    defaults.compute_efficiency,
    defaults.usable_memory_share
from measurements
cross join defaults
inner join {{ ref('dim_models') }} as models on models.model_id = measurements.model_id
inner join {{ ref('dim_gpus') }} as gpus on gpus.gpu_id = measurements.gpu_id
