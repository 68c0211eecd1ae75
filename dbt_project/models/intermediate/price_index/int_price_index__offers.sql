-- Every offer's price on every day it is present, once per price basis, with what decides the
-- indices it counts in (issue #17 part 1). fct_price_index_daily groups these rows into indices.
-- Present means in the daily fact that day, carried-forward rows included: an offer's price on a
-- day its source did not land is the price it last served, and it leaves only when the source
-- stops listing it. Prices of zero or less (free tiers, placeholders) have no logarithm and
-- are left out, so an offer that turns free leaves its indices and one that starts charging
-- enters them: neither moves a value.
-- Offer keys (the issue's): GPU gpu_id, source, provider, instance_type, region, gpu_count
-- (on-demand rates only); token source, provider, provider_model_id, price_tier,
-- min_prompt_tokens, region. Each key is hashed to 64 bits: fct_price_index_daily sorts every
-- offer-day of history by it on a complete rebuild, and a number takes a fraction of the memory
-- of the text (two offers of one price basis sharing a hash is about a 1 in 10^9 chance among
-- 200,000 offers).
-- price_basis: gpu_hour (USD per GPU-hour), output or blended (USD per Mtok; blended is
-- 3 input : 1 output, as fct_token_prices_daily's blended_usd_per_mtok).
-- A view: fct_price_index_daily reads the two days around its window through it, and DuckDB
-- pushes that date filter down to the daily facts (the CTEs are inlined, not materialised).
with gpu_offers as not materialized (
    select
        rate_date as offer_date,
        'gpu' as index_kind,
        'gpu_hour' as price_basis,
        hash(gpu_id, source_id, provider_id, instance_type, region, gpu_count) as offer_key,
        provider_id,
        gpu_id,
        null::varchar as family,
        null::boolean as is_open_weight,
        usd_per_gpu_hour as price
    from {{ ref('fct_gpu_rates_daily') }}
    where pricing_type = 'on_demand'
      and usd_per_gpu_hour > 0
),

token_offers as not materialized (
    select
        prices.price_date as offer_date,
        'token' as index_kind,
        hash(prices.source_id, prices.provider_id, prices.provider_model_id, prices.price_tier,
             prices.min_prompt_tokens, prices.region) as offer_key,
        prices.provider_id,
        null::varchar as gpu_id,
        models.family,
        coalesce(models.open_weights, false) as is_open_weight,
        prices.output_usd_per_mtok,
        prices.blended_usd_per_mtok
    from {{ ref('fct_token_prices_daily') }} as prices
    left join {{ ref('dim_models') }} as models using (model_id)
)

select offer_date, index_kind, price_basis, offer_key, provider_id, gpu_id, family, is_open_weight, price
from gpu_offers
union all
select offer_date, index_kind, 'output', offer_key, provider_id, gpu_id, family, is_open_weight, output_usd_per_mtok
from token_offers
where output_usd_per_mtok > 0
union all
select offer_date, index_kind, 'blended', offer_key, provider_id, gpu_id, family, is_open_weight, blended_usd_per_mtok
from token_offers
where blended_usd_per_mtok > 0
