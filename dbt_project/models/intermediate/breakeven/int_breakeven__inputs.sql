-- Every (model, GPU, scenario) the roofline can price: models with public parameter counts,
-- GPUs with datasheet figures, every scenario. No day and no rate: what a token takes in
-- GPU-seconds does not change from day to day; fct_breakeven_daily prices it at each day's rate.
with scenarios as (
    select * from {{ ref('serving_scenarios') }}
)

select
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
    case scenarios.compute_precision
        when 'fp4' then gpus.fp4_dense_tflops
        when 'fp8' then gpus.fp8_dense_tflops
        else coalesce(gpus.bf16_dense_tflops, gpus.fp16_dense_tflops)
    end as dense_tflops,
    scenarios.scenario_id,
    scenarios.compute_precision,
    scenarios.bytes_per_param,
    scenarios.kv_bytes_per_value,
    scenarios.prompt_tokens,
    scenarios.output_tokens,
    scenarios.batch_size,
    scenarios.capacity_policy,
    cast(null as integer) as fixed_gpus,
    scenarios.speculative_tokens_per_step,
    scenarios.bandwidth_efficiency,
    scenarios.compute_efficiency,
    scenarios.usable_memory_share
from {{ ref('dim_gpus') }} as gpus
cross join {{ ref('dim_models') }} as models
cross join scenarios
where gpus.memory_bandwidth_tbps is not null
  and gpus.memory_gb is not null
  and models.total_params_b is not null
  and models.active_params_b is not null
  -- A GPU without a published dense throughput at the scenario's precision cannot be told
  -- memory- from compute-bound: it gets no row rather than a silently memory-bound one.
  and (case scenarios.compute_precision
           when 'fp4' then gpus.fp4_dense_tflops
           when 'fp8' then gpus.fp8_dense_tflops
           else coalesce(gpus.bf16_dense_tflops, gpus.fp16_dense_tflops) end) is not null
  -- A scenario that holds a context needs the model's KV cache size (seeds/model_architectures.csv).
  and (scenarios.prompt_tokens + scenarios.output_tokens = 0 or models.kv_values_per_token is not null)
