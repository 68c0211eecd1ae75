"""Student's t 95th percentile for 1 to 1,000 degrees of freedom (orchestration/trends/student_t.py,
the code `breakeven capability-trend` uses), so that the rates are plain SQL: the t interval of a
slope with n points reads the row for n - 2 (int_trends__capability_frontier_rates), or of runs of
equal prices the row for runs - 2 (fct_halving_rates). Reads nothing, so
only a complete build builds it (a second of bisection)."""

from orchestration.trends.capability import CONFIDENCE
from orchestration.trends.student_t import t_quantile

MAX_DEGREES_OF_FREEDOM = 1000


def model(dbt, session):
    dbt.config(materialized="table")
    upper_share = 1.0 - (1.0 - CONFIDENCE) / 2.0
    degrees = list(range(1, MAX_DEGREES_OF_FREEDOM + 1))
    # One statement with two lists, not a thousand inserts (executemany took seconds at the start
    # of every complete build).
    return session.sql("select unnest($degrees)::integer as degrees_of_freedom, unnest($quantiles) as t_two_sided_90",
                       params={"degrees": degrees, "quantiles": [t_quantile(upper_share, df) for df in degrees]})
