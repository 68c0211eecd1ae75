{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='changed_on', on_schema_change='fail') }}

-- One row per observed change of any price of any offer: the value before, the value after,
-- and the first day the new value was seen. A change is a price that differs from the same
-- offer's price on its source's previous landing day; only landed observations count
-- (carried-forward days repeat a value, they never change it). A price that appears or
-- disappears is not a change, nor is an offer that comes back after missing a landing.
-- Incremental: the landings from window_start() on, each beside its source's previous
-- landing, so a run reads a few days of rows whatever the history's length. The earliest of
-- those previous landings is looked up when the model compiles, so it is a constant DuckDB
-- can skip old row groups with; it is looked up in int_warehouse__landings (a row per source,
-- day and provider), not in every landed price (0.08 s at ten years, against 0.016 at 30 days).
-- depends_on: {{ ref('int_warehouse__landings') }}
{%- set since = none %}
{%- if execute and is_incremental() %}
    {%- set since = run_query(
        "select min(previous_day) from (select source_id, max(observed_date) as previous_day from "
        ~ ref('int_warehouse__landings') ~ " where source_kind = 'token_prices' and observed_date < "
        ~ window_start() ~ " group by source_id)"
    ).columns[0].values()[0] %}
{%- endif %}
{#- An offer, and the four prices an observation of it has: a group of observations at one price. #}
{%- set offer = ['source_id', 'provider_id', 'provider_model_id', 'price_tier', 'region', 'min_prompt_tokens'] %}
{%- set prices = ['input_usd_per_mtok', 'output_usd_per_mtok', 'cached_input_usd_per_mtok', 'cache_write_usd_per_mtok'] %}
-- Read three times below. A complete build scans the landed tables again each time rather than
-- have DuckDB keep ~11 million observations in memory between the reads (1.0 → 0.56 s at ten
-- years); a daily run keeps its few days, which costs less than scanning every source's table.
with landed as {% if not is_incremental() %}not materialized {% endif %}(
    select {{ (offer + prices) | join(', ') }}, observed_date
    from {{ ref('int_token_prices__unioned') }}
    {% if is_incremental() %}
    where observed_date >= {% if since is not none %}date '{{ since }}'{% else %}{{ window_start() }}{% endif %}
    {% endif %}
),

-- Each source's landings numbered in order: an offer's consecutive observations are those whose
-- numbers follow each other.
landings as (
    select source_id, observed_date, row_number() over (partition by source_id order by observed_date) as landing_number
    from (select distinct source_id, observed_date from landed)
),

-- The offer's observations at one set of four prices (nulls alike). Prices change rarely, so
-- nearly every such group is one unbroken run of landings, which its count shows; only the
-- groups it does not (a price that returns, an offer that misses a landing) are sorted day by
-- day below. Sorting every observation of every offer instead (~11 million at ten years) was
-- 17 s of CPU; grouping them first, a few.
price_groups as (
    select
        {{ (offer + prices) | join(', ') }},
        min(observed_date) as from_date,
        max(observed_date) as to_date,
        count(*) as n_observations
    from landed
    group by all
),

checked_groups as (
    select
        price_groups.*,
        first_landing.landing_number as from_landing,
        last_landing.landing_number as to_landing,
        price_groups.n_observations = last_landing.landing_number - first_landing.landing_number + 1 as is_unbroken
    from price_groups
    inner join landings as first_landing
        on first_landing.source_id = price_groups.source_id and first_landing.observed_date = price_groups.from_date
    inner join landings as last_landing
        on last_landing.source_id = price_groups.source_id and last_landing.observed_date = price_groups.to_date
),

-- A broken group's observations split into runs of consecutive landings: within a run,
-- landing number − row number is constant.
split_runs as (
    select
        {{ (offer + prices) | join(', ') }},
        min(observed_date) as from_date,
        max(observed_date) as to_date,
        min(landing_number) as from_landing,
        max(landing_number) as to_landing
    from (
        select
            landed.*,
            landings.landing_number,
            landings.landing_number - row_number() over (
                partition by {% for column in offer + prices %}landed.{{ column }}{{ ', ' if not loop.last }}{% endfor %}
                order by landed.observed_date
            ) as run_key
        from landed
        inner join landings using (source_id, observed_date)
        semi join (select * from checked_groups where not is_unbroken) as broken
            on {% for column in offer + prices %}broken.{{ column }} is not distinct from landed.{{ column }}{{ '\n            and ' if not loop.last }}{% endfor %}
    )
    group by {{ (offer + prices) | join(', ') }}, run_key
),

runs as (
    select * exclude (n_observations, is_unbroken) from checked_groups where is_unbroken
    union all by name
    select * from split_runs
),

-- Each run beside the offer's run before it; a change is a run that starts on the landing after
-- the one its predecessor ended on (a run after a gap is an offer coming back, not a change).
paired as (
    select
        *,
        lag(to_landing) over offer as previous_to_landing,
        lag(to_date) over offer as previous_observed_date,
        lag(input_usd_per_mtok) over offer as previous_input,
        lag(output_usd_per_mtok) over offer as previous_output,
        lag(cached_input_usd_per_mtok) over offer as previous_cached_input,
        lag(cache_write_usd_per_mtok) over offer as previous_cache_write
    from runs
    window offer as (partition by {{ offer | join(', ') }} order by from_landing)
    qualify previous_to_landing = from_landing - 1
    {% if is_incremental() %}
      and from_date >= {{ window_start() }}
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
    from_date as changed_on,
    previous_observed_date as last_seen_old_on,
    new_usd_per_mtok / nullif(old_usd_per_mtok, 0) as change_factor
from metrics
where new_usd_per_mtok <> old_usd_per_mtok
