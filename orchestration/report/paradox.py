"""The report's first chart, the article's story on one time axis: what GPT-4-level tokens sell
for, what serving them on rented H100s costs, and how token and GPU prices moved.

Left axis, USD per million tokens (3 input : 1 output): the capability frontier (the cheapest
price of any model at GPT-4's GPQA Diamond level, marts.fct_capability_price_daily) and the
breakeven of the cheapest open-weight model at that level on H100-SXM
(marts.fct_capability_breakeven_daily). Right axis: the chained token and GPU indices
(marts.fct_price_index_daily), 100 on the first day all of them exist. Every legend entry
carries the line's annual factor and 90% interval from marts.fct_halving_rates, or why it has
none. Everything is read from the marts: the breakeven is SQL (the roofline's GPU-seconds per
token at the index's dollar rate), not recomputed here.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import duckdb
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from orchestration.report.charts import _LAYOUT, _date_axis, _days, _mode
from orchestration.report.data import Series, annual_rate

BENCHMARK, THRESHOLD_MODEL = "GPQA Diamond", "gpt-4"
GPU_ID = "H100-SXM"
# FP8 weights and cache with the batch as large as memory allows (up to vLLM's default 256
# requests), efficiencies fitted to published throughput: how open models are served for sale,
# not the article's FP16 batch of one.
SCENARIO = "fp8_continuous_batching"
TOKEN_INDEX = ("token:all:output", "Token prices, chained index of every offer (output)")
GPU_INDICES = [(f"gpu:{GPU_ID}:on_demand", f"{GPU_ID} on demand, chained index"),
               ("gpu:all:on_demand", "All GPUs on demand, chained index")]
BREAKEVEN_VIEW = "fct_capability_breakeven_daily"


@dataclass
class Paradox:
    """The chart's lines: dollars (left axis) and indices (right axis), and why a line is missing."""
    dollars: list[Series] = field(default_factory=list)
    indices: list[Series] = field(default_factory=list)
    base_day: object = None
    missing: list[str] = field(default_factory=list)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("select count(*) from information_schema.tables where table_schema = 'marts' "
                            "and table_name = ?", [name]).fetchone()[0])


def frontier(con: duckdb.DuckDBPyConnection) -> Series | None:
    rows = con.execute("""
        select price_date, usd_per_mtok_blended, cheapest_model_id || ' at ' || cheapest_provider_id
        from marts.fct_capability_price_daily
        where benchmark = ? and threshold_model_id = ?
        order by price_date
    """, [BENCHMARK, THRESHOLD_MODEL]).fetchall()
    if not rows:
        return None
    rate = annual_rate(con, "capability_frontier", f"{BENCHMARK}|{THRESHOLD_MODEL}", "usd_per_mtok_blended")
    line = Series(f"Cheapest price at GPT-4's level ({BENCHMARK}): {rate}")
    for day, price, who in rows:
        line.x.append(day)
        line.y.append(price)
        line.extra["who"].append(who)
    return line


def open_model_breakeven(con: duckdb.DuckDBPyConnection) -> tuple[Series | None, str | None]:
    """The breakeven line, or None and the reason it cannot be drawn."""
    if not _has_table(con, BREAKEVEN_VIEW):
        return None, f"marts.{BREAKEVEN_VIEW} is not in this warehouse or snapshot (rebuild the models)"
    rows = con.execute(f"""
        select breakeven_date, breakeven_usd_per_mtok_blended, cheapest_open_model_id, usd_per_gpu_hour
        from marts.{BREAKEVEN_VIEW}
        where benchmark = ? and threshold_model_id = ? and gpu_id = ? and scenario_id = ?
        order by breakeven_date
    """, [BENCHMARK, THRESHOLD_MODEL, GPU_ID, SCENARIO]).fetchall()
    if not rows:
        has_index = con.execute("select count(*) from marts.fct_price_index_daily where index_id = ?",
                                [f"gpu:{GPU_ID}:on_demand"]).fetchone()[0]
        if not has_index:
            return None, f"no chained gpu:{GPU_ID}:on_demand index yet, so no H100 rate to price it at"
        return None, (f"no open-weight model with a roofline row for {SCENARIO} on {GPU_ID} scores at "
                      f"{THRESHOLD_MODEL}'s {BENCHMARK} level yet")
    # A view with no fitted series of its own: it is the H100 index times each model's GPU-seconds.
    line = Series(f"Breakeven of the cheapest GPT-4-level open model on {GPU_ID} ({SCENARIO}): no rate: "
                  "not a fitted series (it moves with the H100 index and steps down with each new open model)")
    for day, cost, model_id, rate in rows:
        line.x.append(day)
        line.y.append(cost)
        line.extra["who"].append(f"{model_id} at ${rate:.2f}/GPU-h")
    return line, None


def indices(con: duckdb.DuckDBPyConnection) -> tuple[list[Series], object]:
    """The chained indices, each 100 on the first day all of them exist (their own first days differ)."""
    wanted = [TOKEN_INDEX, *GPU_INDICES]
    ids = [index_id for index_id, _ in wanted]
    base = con.execute("""
        select index_date from marts.fct_price_index_daily
        where index_id in (select unnest(?::varchar[]))
        group by index_date having count(distinct index_id) = ?
        order by index_date limit 1
    """, [ids, len(ids)]).fetchone()
    base_day = base[0] if base else None
    found = []
    for index_id, label in wanted:
        rows = con.execute("""
            select index_date, 100 * value / coalesce(
                (select value from marts.fct_price_index_daily where index_id = ? and index_date = ?), 100)
            from marts.fct_price_index_daily where index_id = ? order by index_date
        """, [index_id, base_day, index_id]).fetchall()
        if not rows:
            continue
        line = Series(f"{label}: {annual_rate(con, 'price_index', index_id, 'index_value')}")
        for day, value in rows:
            line.x.append(day)
            line.y.append(value)
        found.append(line)
    return found, base_day


def paradox(con: duckdb.DuckDBPyConnection) -> Paradox:
    found = Paradox()
    price = frontier(con)
    if price:
        found.dollars.append(price)
    else:
        found.missing.append(f"no model at {THRESHOLD_MODEL}'s {BENCHMARK} level has a price yet")
    cost, why_not = open_model_breakeven(con)
    if cost:
        found.dollars.append(cost)
    else:
        found.missing.append(f"no breakeven line: {why_not}")
    found.indices, found.base_day = indices(con)
    return found


def paradox_chart(lines: Paradox) -> go.Figure:
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    styles = {"Cheapest price": dict(color="#2ca02c", width=3), "Breakeven": dict(color="black", width=3, dash="dash")}
    for s in lines.dollars:
        line = next(style for prefix, style in styles.items() if s.name.startswith(prefix))
        fig.add_trace(go.Scatter(x=_days(s), y=s.y, name=s.name, mode=_mode(s), line=dict(shape="hv", **line),
                                 marker=dict(size=4), customdata=s.extra["who"], legendgroup="usd",
                                 legendgrouptitle_text="USD per million tokens (left axis)",
                                 hovertemplate="%{x}<br>$%{y:.3g} per Mtok<br>%{customdata}<extra></extra>"),
                      secondary_y=False)
    for s, color in zip(lines.indices, ("#d62728", "#1f77b4", "#17becf")):
        fig.add_trace(go.Scatter(x=_days(s), y=s.y, name=s.name, mode=_mode(s), line=dict(color=color, width=1.5),
                                 marker=dict(size=3), legendgroup="index",
                                 legendgrouptitle_text="chained indices (right axis)",
                                 hovertemplate="%{x}<br>%{y:.1f}<extra>" + s.name + "</extra>"),
                      secondary_y=True)
    fig.update_layout(**{**_LAYOUT, "height": 560, "legend": dict(orientation="h", x=0, y=-0.14, font=dict(size=11))})
    # One labelled tick per power of ten on both axes (as on the price-vs-breakeven chart).
    fig.update_yaxes(type="log", dtick=1, minor=dict(dtick="D1", showgrid=True), tickprefix="$",
                     title_text="USD per million tokens (3 input : 1 output), log", secondary_y=False)
    base = lines.base_day.isoformat() if lines.base_day else "its first day"
    fig.update_yaxes(type="log", dtick=1, title_text=f"index (100 on {base}), log", showgrid=False,
                     secondary_y=True)
    _same_decades(fig, lines)
    _date_axis(fig, lines.dollars + lines.indices)
    return fig


def _same_decades(fig: go.Figure, lines: Paradox) -> None:
    """Both log axes span the same factor, so equal slopes mean equal rates: left alone, plotly
    would stretch a 5% move of an index over the height a 100× fall of prices takes."""
    dollars = [v for s in lines.dollars for v in s.y if v and v > 0]
    index_values = [v for s in lines.indices for v in s.y if v and v > 0]
    if not dollars or not index_values:
        return
    low, high = math.log10(min(dollars)) - 0.1, math.log10(max(dollars)) + 0.1
    span = max(high - low, math.log10(max(index_values)) - math.log10(min(index_values)) + 0.2)
    fig.update_yaxes(range=[low, low + span], secondary_y=False)
    top = math.log10(max(index_values)) + 0.1
    fig.update_yaxes(range=[top - span, top], secondary_y=True)


def caption(lines: Paradox) -> str:
    base = lines.base_day.isoformat() if lines.base_day else "the first day all of them exist"
    missing = "".join(f" <strong>Not drawn:</strong> {html.escape(reason)}." for reason in lines.missing)
    return (
        f"Left axis, USD per million tokens blended 3 input : 1 output: the cheapest standard-tier price of any model "
        f"that scores at least GPT-4 (March 2023) on {BENCHMARK} (scores: Epoch AI, CC BY 4.0), and the breakeven "
        f"of the cheapest open-weight model at that level (among those the roofline can size: a model without an "
        f"architecture row is not priced, so the line is an upper bound): what its tokens cost to produce on "
        f"rented {GPU_ID}s "
        f"under <code>{SCENARIO}</code> (FP8 weights and cache, the batch as large as memory allows, efficiencies "
        "fitted to published throughput: how open models are served for sale, not the article's FP16 batch "
        f"of one; the view has every scenario). The H100 rate is the chained "
        f"gpu:{GPU_ID}:on_demand index in dollars (today's median carried back along it), so the breakeven moves "
        "with matched H100 price changes and steps down when a cheaper-to-serve open model reaches the level. "
        f"Right axis: the chained indices, 100 on {base}, over as many powers of ten as the left axis so that equal slopes are equal rates; each moves only when an offer listed on two days in a "
        "row changes its price. Log scales: a steady rate is a straight line. Each legend entry gives the line's "
        "annual factor (its value after a year relative to now) with the 90% interval, or why it has none. "
        "Sources: <code>marts.fct_capability_price_daily</code>, <code>marts.fct_capability_breakeven_daily</code>, "
        f"<code>marts.fct_price_index_daily</code>, <code>marts.fct_halving_rates</code>.{missing}")
