-- Published price points (seeds/price_history_points.csv) as daily series, for the years before
-- the warehouse collected anything. Rule: a provider's point holds from its point_date until the
-- day before that provider's next point for the same series; the last point holds up to the
-- warehouse's latest day (int_warehouse__as_of). Each day then summarises the providers whose
-- point is in effect: the cheapest and the median. int_price_series__daily keeps these days only
-- before the series' first daily observation, so observed prices always win.
-- Series: canonical_model (model_id; standard tier, blended 3 input : 1 output) and gpu_rate
-- (gpu_id|pricing_type, USD per GPU-hour). Zero or negative values are not prices and are dropped.
with points as (
    select
        case series_kind when 'token_price' then 'canonical_model' else series_kind end as series_kind,
        case series_kind
            when 'token_price' then model_id
            else {{ gpu_series_id() }}
        end as series_id,
        provider_id,
        point_date,
        case series_kind
            when 'token_price' then (3 * input_usd_per_mtok + output_usd_per_mtok) / 4
            else usd_per_gpu_hour
        end as value
    from {{ ref('price_history_points') }}
    where (series_kind = 'token_price' and coalesce(price_tier, 'standard') = 'standard' and model_id is not null)
       or (series_kind = 'gpu_rate' and gpu_id is not null and pricing_type is not null)
),

valid_points as (
    select * from points where value > 0
),

series_spans as (
    select series_kind, series_id, min(point_date) as first_point_date
    from valid_points
    group by series_kind, series_id
),

series_providers as (
    select distinct series_kind, series_id, provider_id from valid_points
),

spine as (
    select
        providers.series_kind,
        providers.series_id,
        providers.provider_id,
        cast(days.day as date) as series_date
    from series_providers as providers
    inner join series_spans as spans using (series_kind, series_id)
    cross join {{ ref('int_warehouse__as_of') }} as as_of
    cross join lateral generate_series(spans.first_point_date, as_of.as_of_date, interval 1 day) as days(day)
),

in_effect as (
    -- The provider's latest point on or before the day (none before its first point).
    select spine.series_kind, spine.series_id, spine.provider_id, spine.series_date, valid_points.value
    from spine
    asof join valid_points
        on valid_points.series_kind = spine.series_kind
        and valid_points.series_id = spine.series_id
        and valid_points.provider_id = spine.provider_id
        and spine.series_date >= valid_points.point_date
)

select
    series_kind,
    series_id,
    series_date,
    min(value) as cheapest_value,
    median(value) as median_value,
    count(*) as n_providers
from in_effect
group by series_kind, series_id, series_date
