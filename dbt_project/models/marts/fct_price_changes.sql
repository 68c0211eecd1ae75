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
-- Most offers hold each price for one unbroken stretch of landings: grouped by value, their
-- changes are where one stretch ends on the landing before the next begins, found without
-- sorting their observations. Only offers whose price returns to an earlier value, or that miss
-- a landing, are sorted observation by observation (sorting every observation of ten years
-- took a full rebuild gigabytes and minutes).
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
    select
        source_id,
        observed_date,
        lag(observed_date) over by_day as previous_day,
        row_number() over by_day as landing_number
    from (select distinct source_id, observed_date from landed)
    window by_day as (partition by source_id order by observed_date)
),

-- Not materialized: read twice, recomputing it costs less than holding every observation.
observations as not materialized (
    select
        source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, observed_date,
        metric, usd_per_mtok, landings.landing_number, landings.previous_day
    from landed
    unpivot (usd_per_mtok for metric in (
        input_usd_per_mtok as 'input',
        output_usd_per_mtok as 'output',
        cached_input_usd_per_mtok as 'cached_input',
        cache_write_usd_per_mtok as 'cache_write'
    ))
    inner join landings using (source_id, observed_date)
),

-- Each price of each offer as stretches at one value; a stretch is unbroken when it holds a
-- landing for every landing number from its first to its last.
stretches as (
    select
        source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, metric, usd_per_mtok,
        min(landing_number) as first_landing,
        max(landing_number) as last_landing,
        min(observed_date) as first_observed_date,
        max(observed_date) as last_observed_date,
        count(*) = max(landing_number) - min(landing_number) + 1 as is_unbroken
    from observations
    group by all
),

flagged as (
    select
        *,
        bool_and(is_unbroken) over offer as offer_is_unbroken,
        lag(usd_per_mtok) over offer as previous_usd_per_mtok,
        lag(last_landing) over offer as previous_last_landing,
        lag(last_observed_date) over offer as previous_observed_date
    from stretches
    window offer as (
        partition by source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, metric
        order by first_landing
    )
),

stretch_changes as (
    select
        source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, metric,
        previous_usd_per_mtok, usd_per_mtok, first_observed_date as observed_date, previous_observed_date
    from flagged
    where offer_is_unbroken
      -- The stretch before ended on the landing just before this one began.
      and previous_last_landing = first_landing - 1
      and usd_per_mtok <> previous_usd_per_mtok
),

broken_offers as (
    select distinct source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, metric
    from flagged
    where not offer_is_unbroken
),

sequenced as (
    select
        observations.*,
        lag(usd_per_mtok) over offer as previous_usd_per_mtok,
        lag(observed_date) over offer as previous_observed_date
    from observations
    semi join broken_offers
        on broken_offers.source_id = observations.source_id
        and broken_offers.provider_id = observations.provider_id
        and broken_offers.provider_model_id = observations.provider_model_id
        and broken_offers.price_tier is not distinct from observations.price_tier
        and broken_offers.region is not distinct from observations.region
        and broken_offers.min_prompt_tokens is not distinct from observations.min_prompt_tokens
        and broken_offers.metric = observations.metric
    window offer as (
        partition by source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, metric
        order by observed_date
    )
),

observation_changes as (
    select
        source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, metric,
        previous_usd_per_mtok, usd_per_mtok, observed_date, previous_observed_date
    from sequenced
    -- The offer's previous observation must be its source's previous landing.
    where previous_observed_date = previous_day
      and usd_per_mtok <> previous_usd_per_mtok
),

changes as (
    select * from stretch_changes
    union all
    select * from observation_changes
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
from changes
{% if is_incremental() %}
where observed_date >= {{ window_start() }}
{% endif %}
