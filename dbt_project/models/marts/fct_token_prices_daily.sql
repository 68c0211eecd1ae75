{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='price_date', on_schema_change='fail') }}

-- Incremental: each run rebuilds the days from window_start() on (see macros/window_start.sql).
select
    prices.price_date,
    prices.source_id,
    prices.provider_id,
    prices.provider_model_id,
    model_ids.model_id,
    prices.price_tier,
    prices.min_prompt_tokens,
    prices.region,
    prices.input_usd_per_mtok,
    prices.output_usd_per_mtok,
    prices.cached_input_usd_per_mtok,
    prices.cache_write_usd_per_mtok,
    -- 3 input tokens to 1 output token: the usual blend for chat workloads.
    (3 * prices.input_usd_per_mtok + prices.output_usd_per_mtok) / 4 as blended_usd_per_mtok,
    prices.is_carried_forward,
    prices.observed_date as observed_on,
    prices.model_name,
    prices.provider_name,
    prices.quantization,
    prices.context_length
from {{ ref('int_token_prices__daily') }} as prices
left join {{ ref('int_token_prices__model_ids') }} as model_ids
    on model_ids.provider_id = prices.provider_id
    and model_ids.provider_model_id = prices.provider_model_id
{% if is_incremental() %}
where prices.price_date >= {{ window_start() }}
{% endif %}
