-- The token_price series of int_price_series__daily before they are unpivoted: one row per offer
-- and day with its three prices side by side. int_price_series__segments folds these rows into
-- runs while they are one row per offer-day (11 million at ten synthetic years); unpivoted
-- first, the same runs took three times the rows and a sort of each.
-- series_id: source|provider|provider_model_id|price_tier, plus |region when not global
-- (macros/token_series_id.sql); the columns it is made of are kept beside it, for the runs.
-- Prompt-length tiers (min_prompt_tokens > 0) are left out: each is a surcharge on an offer, not
-- a price of its own.
select
    {{ token_series_id() }} as series_id,
    source_id,
    provider_id,
    provider_model_id,
    price_tier,
    region,
    price_date as series_date,
    input_usd_per_mtok,
    output_usd_per_mtok,
    blended_usd_per_mtok
from {{ ref('fct_token_prices_daily') }}
where min_prompt_tokens = 0
