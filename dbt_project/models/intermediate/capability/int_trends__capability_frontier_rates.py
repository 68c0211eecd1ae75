"""How fast each capability level's cheapest price falls, fitted as Epoch AI fits it
(orchestration/trends/capability.py, the code `breakeven capability-trend` runs): OLS of log10
price on days over the level's new lows (int_capability__frontier_lows), the 90% interval from the
slope's t interval with n - 2 degrees of freedom. The columns are fct_halving_rates' own, in its
order and units, so it can union them: annual_factor is the price's multiplier over a year
(Epoch's "40× cheaper per year" is 1/40 = 0.025 here), slope_per_year the ln slope per 365-day
year, intercept the fitted ln price on start_date. A series with fewer than 4 new lows (Epoch's
minimum) or under 180 days gets a row without a rate, saying why."""

import math
from datetime import date

from orchestration.trends.capability import MIN_POINTS, Observation, fit_points

MIN_DAYS = 180
COLUMNS = ("series_kind varchar, series_id varchar, metric varchar, fit_window varchar, start_date date, "
           "end_date date, n_days bigint, n_changes bigint, n_points bigint, annual_factor double, "
           "annual_factor_ci90_low double, annual_factor_ci90_high double, halving_months double, "
           "doubling_months double, r_squared double, slope_per_year double, intercept double, no_rate_reason varchar")


def _rate(start_date: date, points: list[Observation]) -> tuple:
    fit = fit_points(points)
    to_ln_per_year = math.log(10) * 365
    return (round(1 / fit.annual_factor, 6), 1 / fit.annual_factor_ci90_high, 1 / fit.annual_factor_ci90_low,
            None if fit.halving_months is None else round(fit.halving_months, 2),
            None if fit.doubling_months is None else round(fit.doubling_months, 2),
            fit.r_squared, fit.slope_per_day * to_ln_per_year,
            math.log(10) * (fit.intercept + fit.slope_per_day * start_date.toordinal()))


def model(dbt, session):
    dbt.config(materialized="table")
    # Day counts and day-to-day changes of each level's cheapest price (one row per day).
    series = dbt.ref("fct_capability_price_daily").query("daily", """
        select benchmark, threshold_model_id, min(price_date), max(price_date), count(*),
               count(*) filter (where changed)
        from (select *, usd_per_mtok_blended <> lag(usd_per_mtok_blended) over (
                  partition by benchmark, threshold_model_id order by price_date) as changed
              from daily)
        group by all order by all""").fetchall()
    lows: dict[tuple, list[Observation]] = {}
    for benchmark, threshold, price_date, price, model_id in dbt.ref("int_capability__frontier_lows").query(
            "lows", "select benchmark, threshold_model_id, price_date, usd_per_mtok_blended, cheapest_model_id "
                    "from lows order by price_date").fetchall():
        lows.setdefault((benchmark, threshold), []).append(Observation(model_id, price_date, benchmark, 0.0, price))
    rows = []
    for benchmark, threshold, start_date, end_date, n_days, n_changes in series:
        points = lows.get((benchmark, threshold), [])
        if len(points) < MIN_POINTS:
            reason, rate = f"{len(points)} new lows in price, under Epoch's minimum of {MIN_POINTS}", (None,) * 8
        elif n_days < MIN_DAYS:
            reason, rate = f"{n_days} days, under {MIN_DAYS}", (None,) * 8
        else:
            reason, rate = None, _rate(start_date, points)
        rows.append(("capability_frontier", f"{benchmark}|{threshold}", "usd_per_mtok_blended", "all", start_date,
                     end_date, n_days, n_changes, len(points), *rate, reason))
    session.execute(f"create or replace temp table capability_frontier_rates ({COLUMNS})")
    if rows:
        session.executemany(f"insert into capability_frontier_rates values ({', '.join(['?'] * 18)})", rows)
    return session.table("capability_frontier_rates")
