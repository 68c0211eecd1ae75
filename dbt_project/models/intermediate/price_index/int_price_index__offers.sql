-- Every offer's price on every day it is present, once per index it belongs to (issue #17 part 1).
-- Present means in the daily fact that day, carried-forward rows included: an offer's price on a
-- day its source did not land is the price it last served, and it leaves only when the source
-- stops listing it. Prices of zero or less (free tiers, placeholders) have no logarithm and
-- are left out, so an offer that turns free leaves its indices and one that starts charging
-- enters them: neither moves a value.
-- Offer keys (the issue's): GPU source|provider|instance_type|region|gpu_count within one gpu_id
-- and pricing_type; token source|provider|provider_model_id|price_tier|min_prompt_tokens|region.
-- A view: fct_price_index_daily reads the two days around its window through it, and DuckDB
-- pushes that date filter down to the daily facts.
with gpu_offers as not materialized (
    select
        rate_date as offer_date,
        gpu_id,
        pricing_type,
        provider_id,
        concat_ws('|', source_id, provider_id, instance_type, region, gpu_count) as offer_key,
        usd_per_gpu_hour as price
    from {{ ref('fct_gpu_rates_daily') }}
    where pricing_type = 'on_demand'
      and usd_per_gpu_hour > 0
),

token_offers as not materialized (
    select
        prices.price_date as offer_date,
        prices.provider_id,
        concat_ws('|', prices.source_id, prices.provider_id, prices.provider_model_id, prices.price_tier,
                  prices.min_prompt_tokens, prices.region) as offer_key,
        models.family,
        coalesce(models.open_weights, false) as is_open_weight,
        prices.output_usd_per_mtok,
        prices.blended_usd_per_mtok
    from {{ ref('fct_token_prices_daily') }} as prices
    left join {{ ref('dim_models') }} as models using (model_id)
)

select 'gpu:' || gpu_id || ':' || pricing_type as index_id, 'gpu' as index_kind, offer_date, provider_id, offer_key, price
from gpu_offers
union all
-- The key leads with the GPU: an H100 hour and an A100 hour of one instance type never match.
select 'gpu:all:' || pricing_type, 'gpu', offer_date, provider_id, gpu_id || '|' || offer_key, price
from gpu_offers
union all
select 'token:all:output', 'token', offer_date, provider_id, offer_key, output_usd_per_mtok
from token_offers
where output_usd_per_mtok > 0
union all
-- Blended 3 input : 1 output, as fct_token_prices_daily's blended_usd_per_mtok.
select 'token:all:blended', 'token', offer_date, provider_id, offer_key, blended_usd_per_mtok
from token_offers
where blended_usd_per_mtok > 0
union all
select 'token:open_weight:output', 'token', offer_date, provider_id, offer_key, output_usd_per_mtok
from token_offers
where output_usd_per_mtok > 0 and is_open_weight
union all
-- One per model family (dim_models.family), for offers mapped to a canonical model.
select 'token:' || family || ':output', 'token', offer_date, provider_id, offer_key, output_usd_per_mtok
from token_offers
where output_usd_per_mtok > 0 and family is not null
