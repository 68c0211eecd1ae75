{{ config(materialized='table') }}

-- What a token takes to produce on GPUs, in GPU-seconds: the roofline per decode step of
-- macros/roofline.sql (weights and each sequence's KV cache read per step, the batch capped by
-- memory or GPUs added, prefill charged to the same GPUs), one row per (model, GPU, scenario).
-- n cancels while memory-bound: n GPUs read n times faster and cost n times more.
-- Mixture of experts: memory holds all P parameters, but a step reads only the experts its
-- tokens route to: with B·s tokens each routed to k of E experts, the expected share touched is
-- 1 − (1 − k/E)^(B·s) (moe_read_model says which rule applied).
-- The measured_* scenarios are not modelled: their GPU-seconds per token are the reciprocal of
-- the median published throughput for that model and GPU (int_breakeven__measured).
with configurations as (
    select model_id || '|' || gpu_id || '|' || scenario_id as config_key, *
    from {{ ref('int_breakeven__inputs') }}
),

modelled as (
    {{ roofline('configurations') }}
)

select
    model_id,
    gpu_id,
    scenario_id,
    'roofline' as scenario_kind,
    active_params_b,
    memory_bandwidth_tbps,
    gpus_needed,
    gpus_needed > 8 as is_multi_node,
    bound,
    capacity_action,
    moe_read_model,
    params_read_per_step_b,
    prompt_tokens + output_tokens as context_tokens,
    cast(effective_batch as integer) as batch_size,
    kv_bytes_per_token,
    seconds_per_step,
    gpu_seconds_per_token,
    -- An input token priced alone: 2·A FLOPs at the scenario's compute efficiency (the output
    -- breakeven above already carries the scenario's own prompts).
    2 * active_params_b * 1e9 / (dense_tflops * 1e12 * compute_efficiency) as gpu_seconds_per_input_token
from modelled

union all

select
    model_id,
    gpu_id,
    scenario_id,
    'measured' as scenario_kind,
    active_params_b,
    memory_bandwidth_tbps,
    gpus_needed,
    gpus_needed > 8 as is_multi_node,
    null as bound,
    null as capacity_action,
    null as moe_read_model,
    null as params_read_per_step_b,
    context_tokens,
    batch_size,
    kv_bytes_per_token,
    null as seconds_per_step,
    gpu_seconds_per_token,
    null as gpu_seconds_per_input_token
from {{ ref('int_breakeven__measured') }}
