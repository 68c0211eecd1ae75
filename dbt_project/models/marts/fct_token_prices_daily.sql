{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='price_date', on_schema_change='fail') }}

-- Incremental: each run rebuilds the days from window_start() on (see macros/window_start.sql).
select
    prices.price_date,
    prices.source_id,
    prices.provider_id,
    prices.provider_model_id,
    -- An id seen before its canonical model was released cannot be that model: ids such as
    -- deepseek-chat or *-latest are moved to each new release, and the history priced their
    -- predecessors under the same name (deepseek-chat was DeepSeek-V2 in 2024).
    case when prices.price_date >= models.release_date or models.release_date is null
        then model_ids.model_id
    end as model_id,
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
left join {{ ref('models') }} as models on models.model_id = model_ids.model_id
{% if is_incremental() %}
where prices.price_date >= {{ window_start() }}
{% endif %}
