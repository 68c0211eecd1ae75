{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{% if is_incremental() %}delete from {{ this }} where price_date >= {{ window_start() }}{% endif %}") }}
-- Epoch AI's points for each capability level (orchestration/trends/capability.py,
-- frontier_points): the days its cheapest price (fct_capability_price_daily) fell below every
-- earlier day's. A daily series has one price per day, so Epoch's same-date rule never applies.
-- Incremental: the days from window_start() on are rebuilt against the lowest price stored
-- before the window (this model's own rows: a handful per series), not the whole history.
with window_days as (
    select benchmark, threshold_model_id, price_date, usd_per_mtok_blended, cheapest_model_id, cheapest_provider_id
    from {{ ref('fct_capability_price_daily') }}
    {% if is_incremental() %}where price_date >= {{ window_start() }}{% endif %}
),

{% if is_incremental() %}
earlier as (
    select benchmark, threshold_model_id, min(usd_per_mtok_blended) as earlier_low
    from {{ this }}
    where price_date < {{ window_start() }}
    group by all
),
{% endif %}

running as (
    select
        *,
        min(usd_per_mtok_blended) over (
            partition by benchmark, threshold_model_id order by price_date
            rows between unbounded preceding and 1 preceding
        ) as window_low_before
    from window_days
)

select
    running.benchmark,
    running.threshold_model_id,
    running.price_date,
    running.usd_per_mtok_blended,
    running.cheapest_model_id,
    running.cheapest_provider_id
from running
{% if is_incremental() %}
left join earlier using (benchmark, threshold_model_id)
{% endif %}
where running.usd_per_mtok_blended < least(
    coalesce(running.window_low_before, 'infinity'::double)
    {% if is_incremental() %}, coalesce(earlier.earlier_low, 'infinity'::double){% endif %}
)
