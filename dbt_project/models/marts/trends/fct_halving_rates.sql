-- How fast each price series falls or rises (DESIGN.md, "Halving rates"): ln(value) = a + k·t by
-- least squares over the daily (carried-forward) series, t in years (days / 365.25) from the
-- window's first day, so intercept is the fitted ln(value) on start_date.
-- Windows: 'all' = every day of the series; '365d' = the 365 days ending on the series' own last
-- day (end_date - 364 .. end_date), so an offer that is no longer listed still gets its last year.
-- No row (not a zero) when the window holds under 90 days or no change (fewer than two distinct
-- values). Values <= 0 are left out before fitting (int_price_series__segments).
-- The fit reads the series' runs of equal values, not its days: a run of n days from day a to
-- day b adds n, Σt = n(a+b)/2 and Σt² in closed form, and ln(value) times those, so ten years
-- of a series cost a dozen rows. The day sums are whole numbers and the ln(value) terms are
-- summed as decimals (12 places), so the sums are exact in any order and every build gives the
-- same digits without sorting each series (a float sum in date order cost 4x the whole fit).
-- halving_months, doubling_months and annual_factor are rounded for reading; slope_per_year and
-- intercept keep full precision.
with segments as (
    select * from {{ ref('int_price_series__segments') }}
),

series as (
    select series_kind, series_id, metric, min(from_date) as first_date, max(to_date) as end_date
    from segments
    group by all
),

windows as (
    select series_kind, series_id, metric, 'all' as fit_window, first_date as window_from, end_date
    from series
    union all
    select series_kind, series_id, metric, '365d', end_date - 364, end_date
    from series
),

-- Each run cut to the window; a, b = its first and last day, counted from the window's start.
clipped as (
    select
        windows.*,
        segments.from_date,
        segments.value,
        segments.is_change,
        greatest(segments.from_date, windows.window_from) as clipped_from,
        cast(greatest(segments.from_date, windows.window_from) - windows.window_from as bigint) as a,
        cast(segments.to_date - windows.window_from as bigint) as b
    from windows
    inner join segments using (series_kind, series_id, metric)
    where segments.to_date >= windows.window_from
),

terms as (
    select
        *,
        b - a + 1 as n,
        (b - a + 1) * (a + b) // 2 as sum_t,
        (b * (b + 1) * (2 * b + 1) - (a - 1) * a * (2 * a - 1)) // 6 as sum_tt,
        ln(value) as y
    from clipped
),

sums as (
    select
        series_kind, series_id, metric, fit_window, window_from, end_date,
        min(clipped_from) as start_date,
        cast(sum(n) as double) as n,
        cast(sum(sum_t) as double) as st,
        cast(sum(sum_tt) as double) as stt,
        cast(sum(cast(n * y as decimal(38, 12))) as double) as sy,
        cast(sum(cast(sum_t * y as decimal(38, 12))) as double) as sty,
        cast(sum(cast(n * y * y as decimal(38, 12))) as double) as syy,
        -- The window's first run is compared with a day outside it: its change does not count.
        count(*) filter (where is_change) - arg_min(is_change::integer, clipped_from) as n_changes
    from terms
    group by all
),

fitted as (
    select
        *,
        (n * sty - st * sy) / nullif(n * stt - st * st, 0) as slope_per_day,
        pow(n * sty - st * sy, 2) / nullif((n * stt - st * st) * (n * syy - sy * sy), 0) as r_squared_raw
    from sums
)

select
    series_kind,
    series_id,
    metric,
    fit_window,
    start_date,
    end_date,
    cast(n as bigint) as n_days,
    cast(n_changes as bigint) as n_changes,
    round(exp(365.25 * slope_per_day), 6) as annual_factor,
    case when slope_per_day < 0 then round(12 * ln(2) / (-365.25 * slope_per_day), 2) end as halving_months,
    case when slope_per_day > 0 then round(12 * ln(2) / (365.25 * slope_per_day), 2) end as doubling_months,
    -- Rounding in the sums can leave r² a hair above 1 for a perfect fit.
    round(least(r_squared_raw, 1), 4) as r_squared,
    365.25 * slope_per_day as slope_per_year,
    -- The line through the means, moved to start_date (t counted from window_from).
    sy / n + slope_per_day * ((start_date - window_from) - st / n) as intercept
from fitted
where n >= 90
  and n_changes >= 1
