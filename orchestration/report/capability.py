"""The report's token-side trend at constant capability: the cheapest price of GPT-4-level
performance per day (marts.fct_capability_price_daily), with the annual factor and 90% interval
of its Epoch-style fit, beside Epoch AI's published figure for the same level."""

from __future__ import annotations

import html

import duckdb
import plotly.graph_objects as go

from orchestration.report.charts import _LAYOUT, _date_axis, _days, _mode
from orchestration.report.data import Series
from orchestration.report.page import Section, chart

LEVELS = [("GPQA Diamond", "gpt-4"), ("ECI", "gpt-4")]
# Epoch AI, "LLM inference prices have fallen rapidly but unequally across tasks" (2025-03-12):
# GPQA Diamond at GPT-4-0314's level, 42× cheaper per year, 90% CI 4.4× to 401× (its results CSV,
# reproduced by `breakeven capability-trend`, tests/fixtures/capability).
EPOCH_REFERENCE = "Epoch AI (2025), same level on GPQA Diamond: 42× cheaper per year (90% CI 4.4×–401×)"


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(con.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                            [schema, name]).fetchone()[0])


def _rates_relation(con: duckdb.DuckDBPyConnection) -> str | None:
    """fct_halving_rates once it carries the capability frontier; until then the model it unions."""
    if _table_exists(con, "marts", "fct_halving_rates") and con.execute(
            "select count(*) from information_schema.columns where table_schema = 'marts' "
            "and table_name = 'fct_halving_rates' and column_name = 'annual_factor_ci90_low'").fetchone()[0] and \
            con.execute("select count(*) from marts.fct_halving_rates where series_kind = 'capability_frontier'").fetchone()[0]:
        return "marts.fct_halving_rates"
    if _table_exists(con, "intermediate", "int_trends__capability_frontier_rates"):
        return "intermediate.int_trends__capability_frontier_rates"
    return None


def rate_label(annual_factor: float | None, low: float | None, high: float | None, reason: str | None) -> str:
    """'12× cheaper per year (90% CI 3×–40×)' from a price multiplier per year and its interval."""
    if annual_factor is None:
        return f"no rate: {reason}" if reason else "no rate yet"
    if annual_factor <= 1:
        return f"{1 / annual_factor:.3g}× cheaper per year (90% CI {1 / high:.3g}×–{1 / low:.3g}×)"
    return f"{annual_factor:.3g}× dearer per year (90% CI {low:.3g}×–{high:.3g}×)"


def frontier_series(con: duckdb.DuckDBPyConnection) -> list[Series]:
    rates = _rates_relation(con)
    found = []
    for benchmark, threshold in LEVELS:
        rows = con.execute("select price_date, usd_per_mtok_blended, cheapest_model_id, cheapest_provider_id "
                           "from marts.fct_capability_price_daily where benchmark = ? and threshold_model_id = ? "
                           "order by price_date", [benchmark, threshold]).fetchall()
        if not rows:
            continue
        rate = con.execute(f"select annual_factor, annual_factor_ci90_low, annual_factor_ci90_high, no_rate_reason "
                           f"from {rates} where series_kind = 'capability_frontier' and series_id = ? "
                           f"and fit_window = 'all'", [f"{benchmark}|{threshold}"]).fetchone() if rates else None
        series = Series(f"{benchmark} ≥ {threshold}: {rate_label(*rate) if rate else 'no rate yet'}")
        for day, price, model_id, provider_id in rows:
            series.x.append(day)
            series.y.append(price)
            series.extra["who"].append(f"{model_id} at {provider_id}")
        found.append(series)
    return found


def frontier_chart(series: list[Series]) -> go.Figure:
    fig = go.Figure()
    for s, color in zip(series, ("#2ca02c", "#9467bd")):
        fig.add_trace(go.Scatter(x=_days(s), y=s.y, name=s.name, mode=_mode(s), line=dict(color=color, width=2, shape="hv"),
                                 marker=dict(size=4), customdata=s.extra["who"],
                                 hovertemplate="%{x}<br>$%{y:.3g} per Mtok<br>%{customdata}<extra></extra>"))
    fig.update_layout(**_LAYOUT, yaxis_title="USD per million tokens (3 input : 1 output), log scale")
    fig.update_layout(legend=dict(orientation="h", x=0, y=-0.15))
    fig.update_yaxes(type="log")
    _date_axis(fig, series)
    return fig


def sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    if not _table_exists(con, "marts", "fct_capability_price_daily"):
        return []
    series = frontier_series(con)
    body = (chart(frontier_chart(series), "chart-capability-frontier") if series else
            '<p class="empty">No offer of a model at GPT-4 level has a price yet.</p>')
    return [Section(
        "capability-frontier", "Cheapest price at GPT-4-level capability",
        "Each day, the cheapest standard-tier offer of any model that scores at least GPT-4 (March 2023) on "
        "GPQA Diamond or on the Epoch Capabilities Index (scores: Epoch AI, CC BY 4.0), blended 3 input : 1 "
        "output. The legend gives each line's yearly factor, fitted as Epoch AI fits it (log price over the "
        "days it set a new low, 90% interval from the slope's t distribution). "
        f"{html.escape(EPOCH_REFERENCE)}. Sources: <code>marts.fct_capability_price_daily</code>, "
        "capability_frontier rows of the halving rates.",
        body)]
