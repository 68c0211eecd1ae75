-- How fast each price series falls or rises (DESIGN.md, "Halving rates"): ln(value) = a + k·t by
-- least squares over the daily (carried-forward) series, t in years (days / 365.25) from the
-- window's first day, so intercept is the fitted ln(value) on start_date.
-- Windows: 'all' = every day of the series; '365d' = the 365 days ending on the series' own last
-- day (end_date - 364 .. end_date), so an offer that is no longer listed still gets its last year.
-- Every series and window gets a row. A window with under 180 days or fewer than 4 distinct
-- values gets no rate (null factor, not a zero) and says why in no_rate_reason: one price cut
-- fits a line through two steps, which is no rate. Values <= 0 are left out before fitting
-- (int_price_series__segments).
-- The fit reads the series' runs of equal values, not its days: a run of n days from day a to
-- day b adds n, Σt = n(a+b)/2 and Σt² in closed form, and ln(value) times those, so ten years
-- of a series cost a dozen rows. The day sums are whole numbers and the ln(value) terms are
-- summed as decimals (12 places), so the sums are exact in any order and every build gives the
-- same digits without sorting each series (a float sum in date order cost 4x the whole fit).
-- The 90% interval: a price held 300 days is one observation, not 300. The slope's variance is
-- the textbook SSR / ((n − 2) · Sxx) of the day-level fit (SSR, Sxx summed over the days) with
-- n, the number of independent observations, taken as the runs of equal values instead of the
-- days; Student's t at runs − 2 degrees of freedom (int_trends__t_quantiles). Taking days
-- would shrink the interval by about sqrt(days / runs): 10× for a price held 100 days at a
-- time. A series that changes every day has as many runs as days and gets the textbook
-- interval; days of a chained index still follow each other (a random walk), so read its
-- interval as a lower bound of the uncertainty.
-- halving_months, doubling_months and annual_factor (and its interval) are rounded for reading;
-- slope_per_year and intercept keep full precision.
-- The last select reads one CTE, rates, so that further series with these columns (for
-- example capability frontiers) can be appended with one `union all by name` (by name: the
-- column order then cannot silently swap two columns).
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
        count(*) filter (where is_change) - arg_min(is_change::integer, clipped_from) as n_changes,
        count(*) as n_runs,
        count(distinct value) as n_points
    from terms
    group by all
),

fitted as (
    select
        *,
        (n * sty - st * sy) / nullif(n * stt - st * st, 0) as slope_per_day,
        pow(n * sty - st * sy, 2) / nullif((n * stt - st * st) * (n * syy - sy * sy), 0) as r_squared_raw,
        -- Centred sums: Sxx over the days, and the residual sum of squares SSR = Syy − Sxy² / Sxx
        -- (rounding can leave a perfect fit a hair below zero).
        stt - st * st / n as sxx,
        greatest(syy - sy * sy / n - pow(sty - st * sy / n, 2) / nullif(stt - st * st / n, 0), 0) as ssr,
        case
            when n < 180 and n_points < 4 then 'under 180 days; fewer than 4 distinct levels'
            when n < 180 then 'under 180 days'
            when n_points < 4 then 'fewer than 4 distinct levels'
        end as no_rate_reason
    from sums
),

-- The t quantile at runs − 2 degrees of freedom; past the table's last row (1,000) that row's,
-- the largest listed not above (never narrower). A rated window has at least 4 levels, so at
-- least 4 runs: 2 degrees of freedom or more.
with_t as (
    select
        fitted.*,
        case when no_rate_reason is null
            then 365.25 * quantiles.t_two_sided_90 * sqrt(ssr / ((n_runs - 2) * sxx))
        end as slope_per_year_ci90_half_width
    from fitted
    asof left join {{ ref('int_trends__t_quantiles') }} as quantiles
        on fitted.n_runs - 2 >= quantiles.degrees_of_freedom
),

rates as (
    select
        series_kind,
        series_id,
        metric,
        fit_window,
        start_date,
        end_date,
        cast(n as bigint) as n_days,
        cast(n_changes as bigint) as n_changes,
        cast(n_points as bigint) as n_points,
        case when no_rate_reason is null then round(exp(365.25 * slope_per_day), 6) end as annual_factor,
        round(exp(365.25 * slope_per_day - slope_per_year_ci90_half_width), 6) as annual_factor_ci90_low,
        round(exp(365.25 * slope_per_day + slope_per_year_ci90_half_width), 6) as annual_factor_ci90_high,
        case when no_rate_reason is null and slope_per_day < 0
            then round(12 * ln(2) / (-365.25 * slope_per_day), 2) end as halving_months,
        case when no_rate_reason is null and slope_per_day > 0
            then round(12 * ln(2) / (365.25 * slope_per_day), 2) end as doubling_months,
        -- Rounding in the sums can leave r² a hair above 1 for a perfect fit.
        case when no_rate_reason is null then round(least(r_squared_raw, 1), 4) end as r_squared,
        no_rate_reason,
        case when no_rate_reason is null then 365.25 * slope_per_day end as slope_per_year,
        -- The line through the means, moved to start_date (t counted from window_from).
        case when no_rate_reason is null
            then sy / n + slope_per_day * ((start_date - window_from) - st / n)
        end as intercept
    from with_t
)

select * from rates
union all by name
select * from {{ ref('int_trends__capability_frontier_rates') }}
