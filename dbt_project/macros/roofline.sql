{#-
  The roofline of one serving configuration per row of `configurations` (DESIGN.md, "Breakeven"),
  shared by the breakeven (int_breakeven__per_token) and its check against measured throughput
  (fct_throughput_calibration), so that the calibration scores the very formula that prices tokens.

  Each row of `configurations` carries `config_key` (unique per configuration) and:
    model:    total_params_b, active_params_b, architecture, routed_expert_params_b, n_experts,
              n_active_experts, kv_values_per_token (all layers; null when the architecture is unknown)
    GPU:      memory_gb, memory_bandwidth_tbps, dense_tflops (at the configuration's precision)
    recipe:   bytes_per_param, kv_bytes_per_value, prompt_tokens, output_tokens, batch_size (null: as
              large as fits), speculative_tokens_per_step, bandwidth_efficiency, compute_efficiency,
              usable_memory_share, capacity_policy, fixed_gpus (null unless the GPU count is given)

  Per sequence the KV cache holds prompt + output tokens at its longest; a decode step reads the
  weights once and each sequence's cache at its mean length over the decode (prompt + output / 2).
  Prefill charges 2 · A FLOPs per prompt token to the same GPUs: a step that emits B · s tokens
  finishes B · s / output sequences, whose prompts are computed alongside it.

  The step is max(weight read, matrix FLOPs) + cache read, not max(all bytes, all FLOPs): the
  weight GEMMs of a batch overlap their own weight read, but attention reads each sequence's
  cache in separate memory-bound kernels that run between the GEMMs (vLLM's paged attention,
  TensorRT-LLM's XQA/FMHA), so a large batch pays for its cache at the GPU's bandwidth even when
  the GEMMs are compute-bound. That is where a GPU with more bandwidth and the same FLOPs (H200
  against H100) is faster at full batches.

  capacity_policy says what happens when the batch's cache does not fit beside the weights:
    add_gpus            the batch is kept and GPUs are added until it fits
    cap_batch           the GPUs that hold the weights (and one sequence) are kept; the batch is cut
    cheapest_gpu_count  the batch is as large as fits, on the 1 to 8 GPU count (beyond the fewest
                        that hold the weights) that makes a token cheapest — an Offline-style server
-#}
{% macro roofline(configurations) %}
with sized as (
    select
        *,
        total_params_b * bytes_per_param as weights_gb,
        case when prompt_tokens + output_tokens = 0 then 0
             else kv_values_per_token * kv_bytes_per_value end as kv_bytes_per_token,
        case when prompt_tokens + output_tokens = 0 then 0
             else (prompt_tokens + output_tokens) * kv_values_per_token * kv_bytes_per_value / 1e9 end as kv_gb_per_sequence
    from {{ configurations }}
),

fewest as (
    select
        *,
        -- The fewest GPUs that hold the weights and one sequence's cache.
        cast(ceil((weights_gb + kv_gb_per_sequence) / (memory_gb * usable_memory_share)) as integer) as min_gpus,
        cast(ceil((weights_gb + coalesce(batch_size, 1) * kv_gb_per_sequence)
                  / (memory_gb * usable_memory_share)) as integer) as gpus_for_batch
    from sized
    where kv_gb_per_sequence is not null
),

candidates as (
    select fewest.*, gpu_count.n as gpus_needed
    from fewest
    cross join (select range as n from range(1, 65)) as gpu_count
    where case
        when fixed_gpus is not null then gpu_count.n = fixed_gpus
        when capacity_policy = 'add_gpus' then gpu_count.n = greatest(min_gpus, gpus_for_batch)
        when capacity_policy = 'cap_batch' then gpu_count.n = min_gpus
        when capacity_policy = 'cheapest_gpu_count' then gpu_count.n between min_gpus and greatest(min_gpus, 8)
    end
),

batched as (
    select
        *,
        case when kv_gb_per_sequence = 0 then batch_size
             else least(coalesce(batch_size, 1e9),
                        floor((gpus_needed * memory_gb * usable_memory_share - weights_gb) / kv_gb_per_sequence))
        end as effective_batch
    from candidates
),

read as (
    select
        *,
        effective_batch * speculative_tokens_per_step as tokens_per_step,
        case
            when architecture = 'moe' and routed_expert_params_b is not null then 'expert_coverage'
            when architecture = 'moe' then 'active_only'
            else 'dense'
        end as moe_read_model
    from batched
    where effective_batch >= 1
),

timed as (
    select
        *,
        case moe_read_model
            when 'expert_coverage' then
                (total_params_b - routed_expert_params_b)
                + routed_expert_params_b * (1 - pow(1 - n_active_experts / n_experts, tokens_per_step))
            when 'active_only' then active_params_b
            else total_params_b
        end as params_read_per_step_b
    from read
),

stepped as (
    select
        *,
        params_read_per_step_b * 1e9 * bytes_per_param
            / (gpus_needed * memory_bandwidth_tbps * 1e12 * bandwidth_efficiency) as weight_seconds_per_step,
        effective_batch * (prompt_tokens + output_tokens / 2) * kv_bytes_per_token
            / (gpus_needed * memory_bandwidth_tbps * 1e12 * bandwidth_efficiency) as kv_seconds_per_step,
        2 * active_params_b * 1e9 * tokens_per_step
            / (gpus_needed * dense_tflops * 1e12 * compute_efficiency) as decode_compute_seconds_per_step,
        case when output_tokens > 0
             then 2 * active_params_b * 1e9 * prompt_tokens * tokens_per_step / output_tokens
                  / (gpus_needed * dense_tflops * 1e12 * compute_efficiency)
             else 0 end as prefill_seconds_per_step
    from timed
),

costed as (
    select
        *,
        greatest(weight_seconds_per_step, decode_compute_seconds_per_step + prefill_seconds_per_step)
            + kv_seconds_per_step as seconds_per_step,
        gpus_needed * (greatest(weight_seconds_per_step, decode_compute_seconds_per_step + prefill_seconds_per_step)
                       + kv_seconds_per_step)
            / tokens_per_step as gpu_seconds_per_token
    from stepped
)

select
    *,
    case
        when batch_size is not null and effective_batch < batch_size then 'capacity'
        -- The larger of the two overlapped parts names the bound; the cache read adds to either.
        when decode_compute_seconds_per_step + prefill_seconds_per_step > weight_seconds_per_step then 'compute'
        else 'memory'
    end as bound,
    case
        when batch_size is not null and effective_batch < batch_size then 'batch_capped'
        when gpus_needed > min_gpus and capacity_policy = 'add_gpus' then 'gpus_added'
        when gpus_needed > min_gpus then 'gpus_chosen'
    end as capacity_action
from costed
qualify row_number() over (partition by config_key order by gpu_seconds_per_token, gpus_needed) = 1
{% endmacro %}
