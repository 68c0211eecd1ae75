-- How fast each price series falls or rises (DESIGN.md, "Halving rates"): ln(value) = a + k·t by
-- least squares over the daily (carried-forward) series, t in years (days / 365.25) from the
-- window's first day, so exp(intercept) is the fitted value on start_date.
-- Windows: 'all' = every day of the series; '365d' = the 365 days ending on the series' own last
-- day (end_date - 364 .. end_date), so an offer that is no longer listed still gets its last year.
-- No row (not a zero) when the window holds under 90 days or fewer than two distinct values.
-- Values <= 0 (free tiers, placeholders) cannot be logged and are left out before fitting.
-- halving_months, doubling_months and annual_factor are rounded for reading; slope_per_year and
-- intercept keep full precision.
with series as (
    select series_kind, series_id, metric, series_date, value
    from {{ ref('int_price_series__daily') }}
    where value > 0
),

series_ends as (
    select series_kind, series_id, metric, max(series_date) as series_end
    from series
    group by series_kind, series_id, metric
),

windowed as (
    select 'all' as fit_window, series.*
    from series
    union all
    select '365d' as fit_window, series.*
    from series
    inner join series_ends using (series_kind, series_id, metric)
    where series.series_date > series_ends.series_end - 365
),

sequenced as (
    select
        *,
        lag(value) over fit as previous_value,
        (series_date - min(series_date) over fit) / 365.25 as t_years
    from windowed
    window fit as (partition by series_kind, series_id, metric, fit_window order by series_date)
),

fitted as (
    select
        series_kind,
        series_id,
        metric,
        fit_window,
        min(series_date) as start_date,
        max(series_date) as end_date,
        count(*) as n_days,
        count(*) filter (where previous_value is not null and value <> previous_value) as n_changes,
        count(distinct value) as n_distinct_values,
        regr_slope(ln(value), t_years) as slope_per_year,
        regr_intercept(ln(value), t_years) as intercept,
        regr_r2(ln(value), t_years) as r_squared
    from sequenced
    group by series_kind, series_id, metric, fit_window
)

select
    series_kind,
    series_id,
    metric,
    fit_window,
    start_date,
    end_date,
    n_days,
    n_changes,
    round(exp(slope_per_year), 6) as annual_factor,
    case when slope_per_year < 0 then round(12 * ln(2) / -slope_per_year, 2) end as halving_months,
    case when slope_per_year > 0 then round(12 * ln(2) / slope_per_year, 2) end as doubling_months,
    round(r_squared, 4) as r_squared,
    slope_per_year,
    intercept
from fitted
where n_days >= 90
  and n_distinct_values >= 2
