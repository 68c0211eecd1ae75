{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='changed_on', on_schema_change='fail') }}

-- One row per observed change of any price of any offer: the value before, the value after,
-- and the first day the new value was seen. A change is a price that differs from the same
-- offer's price on its source's previous landing day; only landed observations count
-- (carried-forward days repeat a value, they never change it). A price that appears or
-- disappears is not a change, nor is an offer that comes back after missing a landing.
-- Incremental: the landings from window_start() on, each beside its source's previous
-- landing, so a run reads a few days of rows whatever the history's length. The earliest of
-- those previous landings is looked up when the model compiles, so it is a constant DuckDB
-- can skip old row groups with.
{%- set since = none %}
{%- if execute and is_incremental() %}
    {%- set since = run_query(
        "select min(previous_day) from (select source_id, max(observed_date) as previous_day from "
        ~ ref('int_token_prices__unioned') ~ " where observed_date < " ~ window_start() ~ " group by source_id)"
    ).columns[0].values()[0] %}
{%- endif %}
with landed as (
    select *
    from {{ ref('int_token_prices__unioned') }}
    {% if is_incremental() %}
    where observed_date >= {% if since is not none %}date '{{ since }}'{% else %}{{ window_start() }}{% endif %}
    {% endif %}
),

landings as (
    select source_id, observed_date, lag(observed_date) over (partition by source_id order by observed_date) as previous_day
    from (select distinct source_id, observed_date from landed)
),

observations as (
    select
        source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, observed_date,
        metric, usd_per_mtok
    from landed
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
    sequenced.source_id,
    sequenced.provider_id,
    sequenced.provider_model_id,
    sequenced.price_tier,
    sequenced.region,
    sequenced.min_prompt_tokens,
    sequenced.metric,
    sequenced.previous_usd_per_mtok as old_usd_per_mtok,
    sequenced.usd_per_mtok as new_usd_per_mtok,
    sequenced.observed_date as changed_on,
    sequenced.previous_observed_date as last_seen_old_on,
    sequenced.usd_per_mtok / nullif(sequenced.previous_usd_per_mtok, 0) as change_factor
from sequenced
inner join landings using (source_id, observed_date)
-- The offer's previous observation must be its source's previous landing.
where sequenced.previous_observed_date = landings.previous_day
  and sequenced.usd_per_mtok <> sequenced.previous_usd_per_mtok
{% if is_incremental() %}
  and sequenced.observed_date >= {{ window_start() }}
{% endif %}
