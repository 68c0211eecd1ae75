{{ config(materialized='view') }}

-- Epoch AI's points for each capability level (orchestration/trends/capability.py,
-- frontier_points): the days its cheapest price (fct_capability_price_daily) fell below every
-- earlier day's. A daily series has one price per day, so Epoch's same-date rule never applies.
-- A view: one window over fct_capability_price_daily (14,000 rows at ten synthetic years, 25 ms),
-- cheaper than a daily build's node for it.
with window_days as (
    select benchmark, threshold_model_id, price_date, usd_per_mtok_blended, cheapest_model_id, cheapest_provider_id
    from {{ ref('fct_capability_price_daily') }}
),

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
where running.usd_per_mtok_blended < coalesce(running.window_low_before, 'infinity'::double)
