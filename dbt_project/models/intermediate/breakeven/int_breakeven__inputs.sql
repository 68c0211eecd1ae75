-- Every (day, model, GPU, scenario) the roofline can price: models with public parameter
-- counts, GPUs with datasheet figures and an on-demand rate that day, every scenario.
select
    rates.rate_date as breakeven_date,
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
    'median_on_demand' as rate_basis,
    rates.median_usd_per_gpu_hour as usd_per_gpu_hour,
    scenarios.scenario_id,
    scenarios.bytes_per_param,
    scenarios.batch_size,
    scenarios.speculative_tokens_per_step,
    scenarios.bandwidth_efficiency,
    scenarios.compute_efficiency,
    scenarios.usable_memory_share
from {{ ref('fct_gpu_rate_index_daily') }} as rates
inner join {{ ref('dim_gpus') }} as gpus on gpus.gpu_id = rates.gpu_id
cross join {{ ref('dim_models') }} as models
cross join {{ ref('serving_scenarios') }} as scenarios
where rates.pricing_type = 'on_demand'
  and gpus.memory_bandwidth_tbps is not null
  and gpus.memory_gb is not null
  and models.total_params_b is not null
  and models.active_params_b is not null
  -- A GPU without a published dense throughput at the scenario's precision cannot be told
  -- memory- from compute-bound: it gets no row rather than a silently memory-bound one.
  and (case scenarios.compute_precision when 'fp8' then gpus.fp8_dense_tflops
       else coalesce(gpus.bf16_dense_tflops, gpus.fp16_dense_tflops) end) is not null
