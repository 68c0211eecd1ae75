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
    select
        source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens, observed_date,
        input_usd_per_mtok, output_usd_per_mtok, cached_input_usd_per_mtok, cache_write_usd_per_mtok
    from {{ ref('int_token_prices__unioned') }}
    {% if is_incremental() %}
    where observed_date >= {% if since is not none %}date '{{ since }}'{% else %}{{ window_start() }}{% endif %}
    {% endif %}
),

landings as (
    select source_id, observed_date, lag(observed_date) over (partition by source_id order by observed_date) as previous_day
    from (select distinct source_id, observed_date from landed)
),

-- Each observation beside the offer's previous one, all four prices at once: one sort of the
-- offers' rows (unpivoting first sorted four times as many, ~44 million at ten years).
sequenced as (
    select
        *,
        lag(observed_date) over offer as previous_observed_date,
        lag(input_usd_per_mtok) over offer as previous_input,
        lag(output_usd_per_mtok) over offer as previous_output,
        lag(cached_input_usd_per_mtok) over offer as previous_cached_input,
        lag(cache_write_usd_per_mtok) over offer as previous_cache_write
    from landed
    window offer as (
        partition by source_id, provider_id, provider_model_id, price_tier, region, min_prompt_tokens
        order by observed_date
    )
),

-- The offer's previous observation must be its source's previous landing.
paired as (
    select sequenced.*
    from sequenced
    inner join landings using (source_id, observed_date)
    where sequenced.previous_observed_date = landings.previous_day
    {% if is_incremental() %}
      and sequenced.observed_date >= {{ window_start() }}
    {% endif %}
),

-- A price missing on either landing (null) is no change: `<>` drops it below.
metrics as (
    select *
    from paired
    unpivot ((old_usd_per_mtok, new_usd_per_mtok) for metric in (
        (previous_input, input_usd_per_mtok) as 'input',
        (previous_output, output_usd_per_mtok) as 'output',
        (previous_cached_input, cached_input_usd_per_mtok) as 'cached_input',
        (previous_cache_write, cache_write_usd_per_mtok) as 'cache_write'
    ))
)

select
    source_id,
    provider_id,
    provider_model_id,
    price_tier,
    region,
    min_prompt_tokens,
    metric,
    old_usd_per_mtok,
    new_usd_per_mtok,
    observed_date as changed_on,
    previous_observed_date as last_seen_old_on,
    new_usd_per_mtok / nullif(old_usd_per_mtok, 0) as change_factor
from metrics
where new_usd_per_mtok <> old_usd_per_mtok
