{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{% if is_incremental() %}delete from {{ this }} where price_date >= {{ window_start() }}{% endif %}") }}
-- The cheapest price of each capability level, per day: for each benchmark's frontier models
-- (int_capability__thresholds), the cheapest standard-tier offer of any model scoring at least
-- the threshold (and under its ceiling), carried-forward prices included. Prices are blended
-- 3 input : 1 output (Epoch AI's weighting) and 1:1. A threshold's series starts on the day it
-- was set: before it no model had reached that score.
-- Incremental: each run deletes and rebuilds the days from window_start() on, reading only those
-- days of fct_token_prices_daily (a day with no qualifying offer would not be replaced by a
-- delete+insert on price_date, hence the delete in the pre-hook).
with offers as (
    select
        price_date,
        model_id,
        provider_id,
        0.75 * input_usd_per_mtok + 0.25 * output_usd_per_mtok as usd_per_mtok_blended,
        0.5 * input_usd_per_mtok + 0.5 * output_usd_per_mtok as usd_per_mtok_blended_1to1
    from {{ ref('fct_token_prices_daily') }}
    where model_id is not null
        and price_tier = 'standard'
        and input_usd_per_mtok > 0
        and output_usd_per_mtok > 0
        {% if is_incremental() %}and price_date >= {{ window_start() }}{% endif %}
),

qualifying as (
    select
        offers.*,
        thresholds.benchmark,
        thresholds.threshold_model_id,
        thresholds.threshold_score
    from offers
    inner join {{ ref('int_capability__model_scores') }} as scores using (model_id)
    inner join {{ ref('int_capability__thresholds') }} as thresholds
        on thresholds.benchmark = scores.benchmark
        and scores.score >= thresholds.threshold_score
        and (thresholds.upper_bound is null or scores.score < thresholds.upper_bound)
        and offers.price_date >= thresholds.threshold_set_on
)

select
    price_date,
    benchmark,
    threshold_model_id,
    any_value(threshold_score) as threshold_score,
    -- Ties on price go to the first model and provider id, so every build names the same one.
    arg_min(model_id, (usd_per_mtok_blended, model_id, provider_id)) as cheapest_model_id,
    arg_min(provider_id, (usd_per_mtok_blended, model_id, provider_id)) as cheapest_provider_id,
    min(usd_per_mtok_blended) as usd_per_mtok_blended,
    min(usd_per_mtok_blended_1to1) as usd_per_mtok_blended_1to1,
    count(distinct model_id) as n_qualifying_models
from qualifying
group by price_date, benchmark, threshold_model_id
