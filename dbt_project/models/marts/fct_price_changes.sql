-- One row per observed change of any price of any offer: the value before, the value after,
-- and the first day the new value was seen. Only landed observations count (carried-forward
-- days repeat a value, they never change it). A price that appears or disappears is not a
-- change; a tier that stops being listed simply has no later rows.
with observations as (
    select
        source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, observed_date,
        metric, usd_per_mtok
    from {{ ref('int_token_prices__unioned') }}
    unpivot (usd_per_mtok for metric in (
        input_usd_per_mtok as 'input',
        output_usd_per_mtok as 'output',
        cached_input_usd_per_mtok as 'cached_input',
        cache_write_usd_per_mtok as 'cache_write'
    ))
),

sequenced as (
    select
        *,
        lag(usd_per_mtok) over offer as previous_usd_per_mtok,
        lag(observed_date) over offer as previous_observed_date
    from observations
    window offer as (
        partition by source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, metric
        order by observed_date
    )
)

select
    source_id,
    provider_id,
    provider_model_id,
    price_tier,
    region,
    min_prompt_tokens,
    metric,
    previous_usd_per_mtok as old_usd_per_mtok,
    usd_per_mtok as new_usd_per_mtok,
    observed_date as changed_on,
    previous_observed_date as last_seen_old_on,
    usd_per_mtok / nullif(previous_usd_per_mtok, 0) as change_factor
from sequenced
where previous_usd_per_mtok is not null
  and usd_per_mtok <> previous_usd_per_mtok
