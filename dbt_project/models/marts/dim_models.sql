-- Canonical models with public parameter counts (seeds/models.csv) and, where their config.json
-- was read, the attention shape that sizes the KV cache (seeds/model_architectures.csv). For mixture-of-experts
-- models with known expert counts, the routed-expert and always-read parameters are derived
-- from total = shared + routed and active = shared + routed × k / E.
select
    models.model_id,
    family,
    creator,
    total_params_b,
    active_params_b,
    architecture,
    n_experts,
    n_active_experts,
    n_shared_experts,
    open_weights,
    release_date,
    case
        when architecture = 'moe' and n_experts > n_active_experts
            then (total_params_b - active_params_b) / (1 - n_active_experts / n_experts)
    end as routed_expert_params_b,
    params_source_url,
    note,
    architectures.attention_kind,
    architectures.n_layers,
    architectures.n_kv_heads,
    architectures.head_dim,
    -- Values cached per token over all layers: 2 (key and value) × KV heads × head dim per layer,
    -- or for MLA (DeepSeek) the compressed latent plus the shared RoPE key, 512 + 64 per layer.
    architectures.n_layers * architectures.kv_values_per_token_per_layer as kv_values_per_token,
    architectures.n_layers * architectures.kv_values_per_token_per_layer * 2 as kv_bytes_per_token_fp16,
    architectures.config_url
from {{ ref('models') }} as models
left join {{ ref('model_architectures') }} as architectures on architectures.model_id = models.model_id
