-- Every (model, GPU, scenario) the roofline can price: models with public parameter counts,
-- GPUs with datasheet figures, every scenario. No day and no rate: what a token takes in
-- GPU-seconds does not change from day to day; fct_breakeven_daily prices it at each day's rate.
select
    models.model_id,
    models.architecture,
    models.total_params_b,
    models.active_params_b,
    models.routed_expert_params_b,
    models.n_experts,
    models.n_active_experts,
    gpus.gpu_id,
    gpus.memory_gb,
    gpus.memory_bandwidth_tbps,
    case scenarios.compute_precision
        when 'fp8' then gpus.fp8_dense_tflops
        else coalesce(gpus.bf16_dense_tflops, gpus.fp16_dense_tflops)
    end as dense_tflops,
    scenarios.scenario_id,
    scenarios.bytes_per_param,
    scenarios.batch_size,
    scenarios.speculative_tokens_per_step,
    scenarios.bandwidth_efficiency,
    scenarios.compute_efficiency,
    scenarios.usable_memory_share
from {{ ref('dim_gpus') }} as gpus
cross join {{ ref('dim_models') }} as models
cross join {{ ref('serving_scenarios') }} as scenarios
where gpus.memory_bandwidth_tbps is not null
  and gpus.memory_gb is not null
  and models.total_params_b is not null
  and models.active_params_b is not null
  -- A GPU without a published dense throughput at the scenario's precision cannot be told
  -- memory- from compute-bound: it gets no row rather than a silently memory-bound one.
  and (case scenarios.compute_precision when 'fp8' then gpus.fp8_dense_tflops
       else coalesce(gpus.bf16_dense_tflops, gpus.fp16_dense_tflops) end) is not null
