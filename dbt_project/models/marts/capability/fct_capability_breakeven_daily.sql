{{ config(materialized='view') }}

-- What it costs to serve a capability level yourself, per day: for each benchmark level
-- (int_capability__thresholds), GPU and roofline scenario, the cheapest open-weight model that
-- qualifies (scores at least the level, under its ceiling, scored on or before the day) priced
-- on rented GPUs. The roofline is int_breakeven__per_token's (GPU-seconds per token, computed
-- once); only the rate changes from day to day.
-- The rate is the GPU's chained index (fct_price_index_daily, gpu:<gpu>:on_demand) in dollars:
-- the latest day's median on-demand rate (fct_gpu_rate_index_daily) carried back along the
-- index, so the line moves when a matched offer changes its price and not when providers enter
-- or leave the data (the day's median does: fct_breakeven_daily prices at it).
-- Cheapest means the lowest blended cost (3 input : 1 output, as fct_capability_price_daily
-- blends prices), so a level's line steps down when a cheaper-to-serve open model appears.
-- Models without a roofline row (no architecture in seeds/model_architectures.csv) and the
-- measured_* scenarios (no input-token cost) are not priced here.
-- A view, like fct_breakeven_daily: a daily build does not build it; a query for one level,
-- GPU and scenario reads a few hundred days of one index.
with open_models as (
    select scores.model_id, scores.benchmark, scores.score, scores.first_observed_on
    from {{ ref('int_capability__model_scores') }} as scores
    inner join {{ ref('dim_models') }} as models using (model_id)
    where models.open_weights
),

-- Every open model of every level it qualifies for, on every GPU and scenario the roofline prices
-- it on, from the day it counts (its score's date, or the level's, whichever is later).
qualifying as (
    select
        thresholds.benchmark,
        thresholds.threshold_model_id,
        thresholds.threshold_score,
        per_token.gpu_id,
        per_token.scenario_id,
        open_models.model_id,
        open_models.score,
        greatest(open_models.first_observed_on, thresholds.threshold_set_on) as counts_from,
        per_token.gpu_seconds_per_token,
        per_token.gpu_seconds_per_input_token,
        0.75 * per_token.gpu_seconds_per_input_token + 0.25 * per_token.gpu_seconds_per_token
            as gpu_seconds_per_token_blended
    from {{ ref('int_capability__thresholds') }} as thresholds
    inner join open_models
        on open_models.benchmark = thresholds.benchmark
        and open_models.score >= thresholds.threshold_score
        and (thresholds.upper_bound is null or open_models.score < thresholds.upper_bound)
    inner join {{ ref('int_breakeven__per_token') }} as per_token using (model_id)
    where per_token.gpu_seconds_per_input_token is not null
),

-- The cheapest model changes only when a model starts to count: one row per such day and series
-- (a few dozen), valid until the next, so the days are joined to steps, not to every model.
running as (
    select
        *,
        arg_min(model_id, (gpu_seconds_per_token_blended, model_id)) over series as cheapest_open_model_id,
        count(*) over series as n_qualifying_open_models
    from qualifying
    window series as (partition by benchmark, threshold_model_id, gpu_id, scenario_id order by counts_from
                      range between unbounded preceding and current row)
),

steps as (
    select
        benchmark, threshold_model_id, threshold_score, gpu_id, scenario_id, counts_from,
        cheapest_open_model_id, n_qualifying_open_models,
        lead(counts_from) over (partition by benchmark, threshold_model_id, gpu_id, scenario_id order by counts_from)
            as counts_until
    from (
        select distinct benchmark, threshold_model_id, threshold_score, gpu_id, scenario_id, counts_from,
                        cheapest_open_model_id, n_qualifying_open_models
        from running
    )
),

cheapest as (
    select steps.*, qualifying.score, qualifying.gpu_seconds_per_token, qualifying.gpu_seconds_per_input_token,
           qualifying.gpu_seconds_per_token_blended
    from steps
    inner join qualifying
        on qualifying.benchmark = steps.benchmark
        and qualifying.threshold_model_id = steps.threshold_model_id
        and qualifying.gpu_id = steps.gpu_id
        and qualifying.scenario_id = steps.scenario_id
        and qualifying.model_id = steps.cheapest_open_model_id
),

-- Each GPU's latest median on-demand rate and its chained index on that day: the anchor.
latest_rates as (
    select rates.gpu_id, rates.median_usd_per_gpu_hour, indices.index_id, indices.value as index_value
    from {{ ref('fct_gpu_rate_index_daily') }} as rates
    inner join {{ ref('fct_price_index_daily') }} as indices
        on indices.index_id = 'gpu:' || rates.gpu_id || ':on_demand'
        and indices.index_date = rates.rate_date
    where rates.pricing_type = 'on_demand'
    qualify rates.rate_date = max(rates.rate_date) over (partition by rates.gpu_id)
),

gpu_rates as (
    select
        indices.index_date,
        latest_rates.gpu_id,
        indices.value as gpu_index_value,
        latest_rates.median_usd_per_gpu_hour * indices.value / latest_rates.index_value as usd_per_gpu_hour
    from {{ ref('fct_price_index_daily') }} as indices
    inner join latest_rates using (index_id)
)

select
    gpu_rates.index_date as breakeven_date,
    cheapest.benchmark,
    cheapest.threshold_model_id,
    cheapest.threshold_score,
    cheapest.gpu_id,
    cheapest.scenario_id,
    cheapest.cheapest_open_model_id,
    cheapest.score as cheapest_open_model_score,
    cheapest.n_qualifying_open_models,
    gpu_rates.gpu_index_value,
    gpu_rates.usd_per_gpu_hour,
    cheapest.gpu_seconds_per_token_blended * gpu_rates.usd_per_gpu_hour / 3600 * 1e6 as breakeven_usd_per_mtok_blended,
    cheapest.gpu_seconds_per_token * gpu_rates.usd_per_gpu_hour / 3600 * 1e6 as breakeven_output_usd_per_mtok,
    cheapest.gpu_seconds_per_input_token * gpu_rates.usd_per_gpu_hour / 3600 * 1e6 as breakeven_input_usd_per_mtok
from gpu_rates
inner join cheapest
    on cheapest.gpu_id = gpu_rates.gpu_id
    and gpu_rates.index_date >= cheapest.counts_from
    and (cheapest.counts_until is null or gpu_rates.index_date < cheapest.counts_until)
