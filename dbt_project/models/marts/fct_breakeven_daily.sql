{{ config(materialized='view') }}

-- The breakeven price of every (model, GPU, scenario) on every day the GPU has an on-demand
-- rate: GPU-seconds per token (int_breakeven__per_token, the roofline, computed once) × that
-- day's median rate. A view: stored, it would be days × models × GPUs × scenarios rows
-- (~23,000 a day, 84 million in ten years) that a query filtering one day computes in
-- milliseconds anyway.
select
    rates.rate_date as breakeven_date,
    per_token.model_id,
    per_token.gpu_id,
    per_token.scenario_id,
    'median_on_demand' as rate_basis,
    rates.median_usd_per_gpu_hour as usd_per_gpu_hour,
    per_token.active_params_b,
    per_token.memory_bandwidth_tbps,
    per_token.gpus_needed,
    per_token.is_multi_node,
    per_token.scenario_kind,
    per_token.bound,
    per_token.capacity_action,
    per_token.context_tokens,
    per_token.batch_size,
    per_token.kv_bytes_per_token,
    per_token.moe_read_model,
    per_token.params_read_per_step_b,
    per_token.seconds_per_step,
    per_token.gpu_seconds_per_token,
    per_token.gpu_seconds_per_token * rates.median_usd_per_gpu_hour / 3600 * 1e6 as breakeven_output_usd_per_mtok,
    per_token.gpu_seconds_per_input_token * rates.median_usd_per_gpu_hour / 3600 * 1e6 as breakeven_input_usd_per_mtok
from {{ ref('fct_gpu_rate_index_daily') }} as rates
inner join {{ ref('int_breakeven__per_token') }} as per_token on per_token.gpu_id = rates.gpu_id
where rates.pricing_type = 'on_demand'
