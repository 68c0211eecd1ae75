-- Canonical models with public parameter counts (seeds/models.csv). For mixture-of-experts
-- models with known expert counts, the routed-expert and always-read parameters are derived
-- from total = shared + routed and active = shared + routed × k / E.
select
    model_id,
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
    note
from {{ ref('models') }}
