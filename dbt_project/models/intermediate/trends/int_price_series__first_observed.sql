{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{% if is_incremental() %}delete from {{ this }} where first_day >= {{ window_start() }}{% endif %}") }}

-- The first day each canonical_model and gpu_rate series was observed daily:
-- int_price_series__daily takes a series' published history only before that day.
-- A table, not a grouping in the view: the view's window of days needs each series' first day of
-- all history, and finding it there scanned every standard-tier price of history (3.6 million
-- rows at ten years, 0.15-0.19 s of every daily run, for a few hundred rows).
-- Incremental: days before the window are never rewritten (the daily facts rebuild from
-- window_start() on), so a first day before the window stands; those from the window on are
-- deleted first (the hook) and found again among the window's days, for the series not already
-- seen before it.
with observed as (
    select 'canonical_model' as series_kind, model_id as series_id, price_date as observed_date
    from {{ ref('fct_token_prices_daily') }}
    where {{ canonical_model_price() }}
      {% if is_incremental() %}and price_date >= {{ window_start() }}{% endif %}
    union all
    select 'gpu_rate', {{ gpu_series_id() }}, rate_date
    from {{ ref('fct_gpu_rate_index_daily') }}
    {% if is_incremental() %}where rate_date >= {{ window_start() }}{% endif %}
)

select series_kind, series_id, min(observed_date) as first_day
from observed
{% if is_incremental() %}anti join {{ this }} as seen_before using (series_kind, series_id){% endif %}
group by series_kind, series_id
