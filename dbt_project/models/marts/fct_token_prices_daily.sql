select
    price_date,
    source_id,
    provider_id,
    provider_model_id,
    cast(null as varchar) as model_id,
    price_tier,
    min_prompt_tokens,
    region,
    input_usd_per_mtok,
    output_usd_per_mtok,
    cached_input_usd_per_mtok,
    cache_write_usd_per_mtok,
    -- 3 input tokens to 1 output token: the usual blend for chat workloads.
    (3 * input_usd_per_mtok + output_usd_per_mtok) / 4 as blended_usd_per_mtok,
    is_carried_forward,
    observed_date as observed_on,
    model_name,
    provider_name,
    quantization,
    context_length
from {{ ref('int_token_prices__daily') }}
