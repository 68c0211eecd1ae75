-- How fast each capability level's cheapest price falls, fitted as Epoch AI fits it (the same fit
-- as orchestration/trends/capability.py, which `breakeven capability-trend` runs; tests hold the
-- two to the same digits): OLS of log10 price on days over the level's new lows
-- (int_capability__frontier_lows), 90% interval from the slope's t interval with n - 2 degrees of
-- freedom (int_trends__t_quantiles). The columns are fct_halving_rates' own, in its order and
-- units, so it can union them: annual_factor is the price's multiplier over a year (Epoch's "40×
-- cheaper per year" is 1/40 = 0.025 here), slope_per_year the ln slope per 365-day year,
-- intercept the fitted ln price on start_date. Fewer than 4 new lows (Epoch's minimum) or under
-- 180 days: no rate, and no_rate_reason says why.
-- Plain SQL, so a daily build replays as statements. It reads each level's new lows (a handful)
-- and one aggregate over the daily fact for days and changes (a scan of days × levels rows).
with days as (
    select
        benchmark,
        threshold_model_id,
        min(price_date) as start_date,
        max(price_date) as end_date,
        count(*) as n_days,
        count(*) filter (where changed) as n_changes
    from (
        select
            *,
            usd_per_mtok_blended <> lag(usd_per_mtok_blended) over (
                partition by benchmark, threshold_model_id order by price_date
            ) as changed
        from {{ ref('fct_capability_price_daily') }}
    )
    group by all
),

points as (
    select
        lows.benchmark,
        lows.threshold_model_id,
        cast(lows.price_date - days.start_date as double) as x,
        log10(lows.usd_per_mtok_blended) as y
    from {{ ref('int_capability__frontier_lows') }} as lows
    inner join days using (benchmark, threshold_model_id)
),

fits as (
    select
        benchmark,
        threshold_model_id,
        count(*) as n_points,
        regr_slope(y, x) as slope_per_day,
        regr_intercept(y, x) as log10_at_start,
        regr_r2(y, x) as r_squared,
        sqrt(greatest(regr_syy(y, x) - pow(regr_sxy(y, x), 2) / regr_sxx(y, x), 0)
             / nullif(count(*) - 2, 0) / regr_sxx(y, x)) as slope_stderr
    from points
    group by all
),

judged as (
    select
        days.*,
        coalesce(fits.n_points, 0) as n_points,
        fits.slope_per_day,
        fits.log10_at_start,
        fits.r_squared,
        -- Past 1,000 degrees of freedom the t quantile is the normal one to 0.1%.
        fits.slope_stderr * coalesce(t.t_two_sided_90, 1.6448536269514722) as half_width,
        case
            when coalesce(fits.n_points, 0) < 4
                then coalesce(fits.n_points, 0) || ' new lows in price, under Epoch''s minimum of 4'
            when days.n_days < 180 then days.n_days || ' days, under 180'
        end as no_rate_reason
    from days
    left join fits using (benchmark, threshold_model_id)
    left join {{ ref('int_trends__t_quantiles') }} as t on t.degrees_of_freedom = fits.n_points - 2
)

select
    'capability_frontier' as series_kind,
    benchmark || '|' || threshold_model_id as series_id,
    'usd_per_mtok_blended' as metric,
    'all' as fit_window,
    start_date,
    end_date,
    n_days,
    n_changes,
    n_points,
    -- Unrounded: a level 850× cheaper per year is 0.001175, and six decimals would keep four digits of it.
    case when no_rate_reason is null then pow(10, 365 * slope_per_day) end as annual_factor,
    case when no_rate_reason is null then pow(10, 365 * (slope_per_day - half_width)) end as annual_factor_ci90_low,
    case when no_rate_reason is null then pow(10, 365 * (slope_per_day + half_width)) end as annual_factor_ci90_high,
    case when no_rate_reason is null and slope_per_day < 0
        then round(12 * log10(2) / (-365 * slope_per_day), 2) end as halving_months,
    case when no_rate_reason is null and slope_per_day > 0
        then round(12 * log10(2) / (365 * slope_per_day), 2) end as doubling_months,
    case when no_rate_reason is null then r_squared end as r_squared,
    case when no_rate_reason is null then ln(10) * 365 * slope_per_day end as slope_per_year,
    case when no_rate_reason is null then ln(10) * log10_at_start end as intercept,
    no_rate_reason
from judged
