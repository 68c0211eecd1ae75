-- Every price series the warehouse can fit a trend to, one row per series × metric × day:
--   token_price      one offer: source|provider|provider_model_id|price_tier[|region], metrics
--                    input, output, blended (USD per Mtok). Prompt-length tiers (min_prompt_tokens
--                    > 0) are left out; every other tier is its own series.
--   canonical_model  one model_id across providers, standard tier: cheapest_blended and
--                    median_blended over providers (each provider first reduced to its cheapest
--                    offer that day, so one provider listed by two sources counts once). Days
--                    before the model's first daily observation come from published history
--                    (int_price_history__daily).
--   gpu_rate         gpu_id|pricing_type: median_usd_per_gpu_hour, the daily GPU index
--                    (fct_gpu_rate_index_daily), extended into the past like canonical_model.
--   price_index      index_id (fct_price_index_daily, chained Jevons over matched offers):
--                    metric index_value, 100 on the index's first day.
-- Breakeven prices are GPU-seconds × the day's on-demand median, so they halve exactly as fast
-- as their GPU's gpu_rate series: they get no series of their own.
-- A view (~35 million rows in ten years): int_price_series__segments reads it a window at a
-- time, as runs of equal values (the token_price rows straight from
-- int_price_series__token_offers, before they are unpivoted).
-- Daily rows are already carried forward (fct_*_daily), so a series has one row per day.
-- Zero prices (free variants) are left out of canonical_model: they are not what a token costs.
with offers as (
    select * from {{ ref('int_price_series__token_offers') }}
),

token_price as (
    select 'token_price' as series_kind, series_id, metric, series_date, value, false as is_from_history
    from offers
    unpivot (value for metric in (
        input_usd_per_mtok as 'input',
        output_usd_per_mtok as 'output',
        blended_usd_per_mtok as 'blended'
    ))
),

model_providers as (
    select model_id, price_date as series_date, provider_id, min(blended_usd_per_mtok) as blended_usd_per_mtok
    from {{ ref('fct_token_prices_daily') }}
    where {{ canonical_model_price() }}
    group by model_id, price_date, provider_id
),

model_daily as (
    select
        model_id as series_id,
        series_date,
        min(blended_usd_per_mtok) as cheapest_value,
        -- list_median of the list, not median(): the same value, but DuckDB 2.0's median
        -- aggregate took 15 s of CPU here on some runs and 1 s on others at ten years (the
        -- list's median: 1-2 s every time).
        list_median(list(blended_usd_per_mtok)) as median_value,
        false as is_from_history
    from model_providers
    group by model_id, series_date
),

gpu_daily as (
    select
        {{ gpu_series_id() }} as series_id,
        rate_date as series_date,
        median_usd_per_gpu_hour as median_value,
        false as is_from_history
    from {{ ref('fct_gpu_rate_index_daily') }}
),

first_observed as (
    select * from {{ ref('int_price_series__first_observed') }}
),

history as (
    select * from {{ ref('int_price_history__daily') }}
),

model_spliced as (
    select * from model_daily
    union all by name
    select history.series_id, history.series_date, history.cheapest_value, history.median_value, true as is_from_history
    from history
    left join first_observed using (series_kind, series_id)
    where history.series_kind = 'canonical_model'
      and history.series_date < coalesce(first_observed.first_day, date '9999-12-31')
),

gpu_spliced as (
    select * from gpu_daily
    union all by name
    select history.series_id, history.series_date, history.median_value, true as is_from_history
    from history
    left join first_observed using (series_kind, series_id)
    where history.series_kind = 'gpu_rate'
      and history.series_date < coalesce(first_observed.first_day, date '9999-12-31')
),

canonical_model as (
    select 'canonical_model' as series_kind, series_id, metric, series_date, value, is_from_history
    from model_spliced
    unpivot (value for metric in (cheapest_value as 'cheapest_blended', median_value as 'median_blended'))
),

gpu_rate as (
    select 'gpu_rate' as series_kind, series_id, 'median_usd_per_gpu_hour' as metric, series_date,
        median_value as value, is_from_history
    from gpu_spliced
),

price_index as (
    select 'price_index' as series_kind, index_id as series_id, 'index_value' as metric, index_date as series_date,
        value, false as is_from_history
    from {{ ref('fct_price_index_daily') }}
)

select * from token_price
union all by name
select * from price_index
union all by name
select * from canonical_model
union all by name
select * from gpu_rate
