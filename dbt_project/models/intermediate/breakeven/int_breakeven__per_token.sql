{{ config(materialized='table') }}

-- What a token takes to produce on GPUs, in GPU-seconds: a roofline per decode step (DESIGN.md).
--   n      = ceil(P·b / (C·u))                      GPUs to hold the weights
--   t_mem  = bytes read per step / (n · W · e_w)      the weights stream from memory once per step
--   t_cmp  = 2 · A · B · s FLOPs / (n · F · e_f)      two FLOPs per active parameter per token
--   cost   = n · R/3600 · max(t_mem, t_cmp) / (B · s) per token
-- n cancels while memory-bound: n GPUs read n times faster and cost n times more.
-- Mixture of experts: memory holds all P parameters, but a step reads only the experts its
-- tokens route to. With B·s tokens each routed to k of E experts, the expected share of
-- experts touched is 1 − (1 − k/E)^(B·s) (independent routing); the always-read part
-- (attention, shared experts) is P − routed parameters. Without expert counts, a step is
-- assumed to read the active parameters only (moe_read_model says which rule applied).
with inputs as (
    select * from {{ ref('int_breakeven__inputs') }}
),

sized as (
    select
        *,
        cast(ceil(total_params_b * bytes_per_param / (memory_gb * usable_memory_share)) as integer) as gpus_needed,
        batch_size * speculative_tokens_per_step as tokens_per_step,
        case
            when architecture = 'moe' and routed_expert_params_b is not null then 'expert_coverage'
            when architecture = 'moe' then 'active_only'
            else 'dense'
        end as moe_read_model
    from inputs
),

read as (
    select
        *,
        case moe_read_model
            when 'expert_coverage' then
                (total_params_b - routed_expert_params_b)
                + routed_expert_params_b * (1 - pow(1 - n_active_experts / n_experts, tokens_per_step))
            when 'active_only' then active_params_b
            else total_params_b
        end as params_read_per_step_b
    from sized
),

timed as (
    select
        *,
        params_read_per_step_b * 1e9 * bytes_per_param
            / (gpus_needed * memory_bandwidth_tbps * 1e12 * bandwidth_efficiency) as memory_seconds_per_step,
        2 * active_params_b * 1e9 * tokens_per_step
            / (gpus_needed * dense_tflops * 1e12 * compute_efficiency) as compute_seconds_per_step
    from read
)

select
    model_id,
    gpu_id,
    scenario_id,
    active_params_b,
    memory_bandwidth_tbps,
    gpus_needed,
    gpus_needed > 8 as is_multi_node,
    case when compute_seconds_per_step > memory_seconds_per_step then 'compute' else 'memory' end as bound,
    moe_read_model,
    params_read_per_step_b,
    greatest(memory_seconds_per_step, compute_seconds_per_step) as seconds_per_step,
    gpus_needed * greatest(memory_seconds_per_step, compute_seconds_per_step) / tokens_per_step
        as gpu_seconds_per_token,
    -- Prefill is compute-bound: 2·A FLOPs per input token, whatever the batch.
    2 * active_params_b * 1e9 / (dense_tflops * 1e12 * compute_efficiency) as gpu_seconds_per_input_token
from timed
