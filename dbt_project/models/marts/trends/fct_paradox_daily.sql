{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='paradox_date', on_schema_change='fail') }}

-- Token prices beside GPU rental rates, both rebased to 100 on the first day both exist.
-- Token index: median, over a FIXED basket of canonical models, of each model's cheapest blended
-- price that day (canonical_model|cheapest_blended in int_price_series__daily, history-extended).
-- GPU index: median, over a fixed basket of GPUs, of each GPU's daily on-demand index median
-- (gpu_rate|median_usd_per_gpu_hour, history-extended).
-- Missing members: a day counts only when EVERY basket member has a value (a median over a
-- changing set would move when a member appears, not when prices do); incomplete days are left
-- out, so the index starts on the first day the whole basket is priced.
-- Baskets can be overridden with --vars paradox_token_basket / paradox_gpu_basket.
-- Incremental: the days from window_start() on are rebuilt, rebased on the first stored day
-- when there is one before the window (a backfill that starts earlier rebuilds the base too).
{%- set token_basket = var('paradox_token_basket', ['gpt-4o', 'gpt-4o-mini', 'llama-3.1-70b', 'llama-3.1-8b']) %}
{%- set gpu_basket = var('paradox_gpu_basket', ['H100-SXM', 'A100-SXM-80GB']) %}

with series as (
    select * from {{ ref('int_price_series__daily') }}
    {% if is_incremental() %}where series_date >= {{ window_start() }}{% endif %}
),

token_days as (
    select
        series_date,
        median(value) as token_basket_usd_per_mtok,
        count(*) as token_basket_size,
        count(*) filter (where is_from_history) as token_members_from_history
    from series
    where series_kind = 'canonical_model'
      and metric = 'cheapest_blended'
      and series_id in ({% for m in token_basket %}'{{ m }}'{{ ', ' if not loop.last }}{% endfor %})
    group by series_date
    having count(*) = {{ token_basket | length }}
),

gpu_days as (
    select
        series_date,
        median(value) as gpu_basket_usd_per_gpu_hour,
        count(*) as gpu_basket_size,
        count(*) filter (where is_from_history) as gpu_members_from_history
    from series
    where series_kind = 'gpu_rate'
      and metric = 'median_usd_per_gpu_hour'
      and series_id in ({% for g in gpu_basket %}'{{ g }}|on_demand'{{ ', ' if not loop.last }}{% endfor %})
    group by series_date
    having count(*) = {{ gpu_basket | length }}
),

common as (
    select *
    from token_days
    inner join gpu_days using (series_date)
),

base as (
    select token_base, gpu_base
    from (
        select series_date, token_basket_usd_per_mtok as token_base, gpu_basket_usd_per_gpu_hour as gpu_base
        from common
        {% if is_incremental() %}
        union all
        select paradox_date, token_basket_usd_per_mtok, gpu_basket_usd_per_gpu_hour
        from {{ this }}
        where paradox_date < {{ window_start() }}
        {% endif %}
    )
    order by series_date
    limit 1
)

select
    common.series_date as paradox_date,
    100 * common.token_basket_usd_per_mtok / base.token_base as token_price_index,
    100 * common.gpu_basket_usd_per_gpu_hour / base.gpu_base as gpu_rate_index,
    common.token_basket_usd_per_mtok,
    common.gpu_basket_usd_per_gpu_hour,
    common.token_basket_size,
    common.gpu_basket_size,
    common.token_members_from_history,
    common.gpu_members_from_history
from common
cross join base
