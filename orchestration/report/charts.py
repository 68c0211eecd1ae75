"""The report's charts as plotly figures (graph_objects only, no pandas); the paradox chart is in
paradox.py, the capability frontier's in capability.py.

Short series draw lines AND markers: a warehouse with a single day still shows a point per series
(a line needs two days), and the GPU band falls back to error bars for a single day. Long series
draw lines only, so a year of daily markers does not smear into a thick band.
"""

from __future__ import annotations

from datetime import timedelta

import plotly.graph_objects as go
from plotly.subplots import make_subplots
from plotly.colors import qualitative

from orchestration.report.data import Series

PALETTE = qualitative.D3 + qualitative.Set2 + qualitative.Dark2
_LAYOUT = dict(template="plotly_white", height=480, margin=dict(l=70, r=30, t=40, b=50),
               hovermode="closest", legend=dict(orientation="v", x=1.01, y=1, font=dict(size=11)))


def _mode(series: Series) -> str:
    """Markers while a series is short (one day is a point, not a line); a line alone once it is long."""
    return "lines+markers" if len(series.x) <= 60 else "lines"


def _days(series: Series) -> list[str]:
    return [day.isoformat() for day in series.x]


def _date_axis(fig: go.Figure, series: list[Series]) -> None:
    """A few days of data get a few days of axis (plotly would otherwise zoom into milliseconds)."""
    days = sorted({day for s in series for day in s.x})
    fig.update_xaxes(type="date")
    if days and (days[-1] - days[0]).days < 14:
        fig.update_xaxes(range=[(days[0] - timedelta(days=3)).isoformat(), (days[-1] + timedelta(days=3)).isoformat()],
                         dtick=86_400_000, tickformat="%b %d\n%Y")


def _rgba(hex_color: str, alpha: float) -> str:
    if hex_color.startswith("rgb("):
        return hex_color.replace("rgb(", "rgba(").replace(")", f", {alpha})")
    h = hex_color.lstrip("#")
    return f"rgba({int(h[0:2], 16)}, {int(h[2:4], 16)}, {int(h[4:6], 16)}, {alpha})"


def price_vs_breakeven_chart(prices: list[Series], breakevens: list[Series], gpu_id: str) -> go.Figure:
    fig = go.Figure()
    for s, color in zip(prices, PALETTE):
        fig.add_trace(go.Scatter(x=_days(s), y=s.y, name=s.name, mode=_mode(s), legendgroup="prices",
                                 legendgrouptitle_text="provider price", line=dict(color=color, width=1.5),
                                 marker=dict(size=6),
                                 hovertemplate="%{x}<br>$%{y:.3f} per Mtok output<extra>" + s.name + "</extra>"))
    for s, dash in zip(breakevens, ("dash", "dot", "dashdot", "longdash")):
        # A breakeven priced from measured throughput (measured_*) is drawn apart from the roofline's.
        measured = s.name.startswith("measured_")
        fig.add_trace(go.Scatter(x=_days(s), y=s.y, name=f"{s.name} on {gpu_id}", mode=_mode(s),
                                 legendgroup="measured" if measured else "breakeven",
                                 legendgrouptitle_text="breakeven from measured throughput" if measured else "breakeven (roofline)",
                                 line=dict(color="#c0392b" if measured else "black", width=3, dash="solid" if measured else dash),
                                 marker=dict(size=9, symbol="diamond"),
                                 hovertemplate="%{x}<br>breakeven $%{y:.3f} per Mtok<extra>" + s.name + "</extra>"))
    fig.update_layout(**_LAYOUT, yaxis_title="USD per million output tokens (log scale)")
    # One labelled tick per power of ten, unlabelled grid lines between: plotly's default labels
    # the 2s and 5s of every decade too, which reads as a jumble on a price axis.
    fig.update_yaxes(type="log", dtick=1, tickprefix="$", minor=dict(dtick="D1", showgrid=True))
    _date_axis(fig, prices + breakevens)
    return fig


def gpu_index_chart(series: list[Series], columns: int = 3) -> go.Figure:
    """One small panel per GPU (their price levels differ tenfold): median line, p25–p75 band."""
    rows = max(1, -(-len(series) // columns))
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[s.name for s in series], shared_xaxes=True,
                        vertical_spacing=0.12, horizontal_spacing=0.06)
    for i, (s, color) in enumerate(zip(series, PALETTE)):
        cell = dict(row=i // columns + 1, col=i % columns + 1)
        p25, p75 = s.extra["p25"], s.extra["p75"]
        error_y = None
        if len(s.x) > 1:
            # The band: an invisible upper edge, then the lower edge filled up to it.
            fig.add_trace(go.Scatter(x=_days(s), y=p75, mode="lines", line=dict(width=0), showlegend=False,
                                     hoverinfo="skip"), **cell)
            fig.add_trace(go.Scatter(x=_days(s), y=p25, mode="lines", line=dict(width=0), fill="tonexty",
                                     fillcolor=_rgba(color, 0.2), showlegend=False, hoverinfo="skip"), **cell)
        else:
            # One day cannot make a band: show the same quartiles as an error bar.
            error_y = dict(type="data", symmetric=False, array=[p75[0] - s.y[0]], arrayminus=[s.y[0] - p25[0]],
                           color=color, thickness=1.5, width=8)
        fig.add_trace(go.Scatter(x=_days(s), y=s.y, name=s.name, mode=_mode(s), showlegend=False,
                                 line=dict(color=color, width=2), marker=dict(size=6), error_y=error_y,
                                 customdata=list(zip(p25, p75)),
                                 hovertemplate="%{x}<br>median $%{y:.2f}/GPU-h (p25 $%{customdata[0]:.2f}, "
                                               "p75 $%{customdata[1]:.2f})<extra>" + s.name + "</extra>"), **cell)
    fig.update_layout(**{**_LAYOUT, "height": 300 * rows + 60, "margin": dict(l=60, r=30, t=40, b=40)})
    fig.update_yaxes(title_text="USD / GPU-hour", col=1)
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(matches="x")  # every panel spans the same days, even a GPU seen on fewer of them
    _date_axis(fig, series)
    return fig


def trend_chart(lines: dict[str, list[Series]]) -> go.Figure:
    """Chained indices: the token side left, the GPU side right, on log axes (a steady rate is a
    straight line); each legend entry carries the line's annual factor and its interval."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=["Tokens", "GPU-hours"], horizontal_spacing=0.08)
    colors = iter(PALETTE)
    for col, side in ((1, "token"), (2, "gpu")):
        for s in lines.get(side, []):
            fig.add_trace(go.Scatter(x=_days(s), y=s.y, name=s.name, mode=_mode(s),
                                     legendgroup=side, legendgrouptitle_text="tokens" if side == "token" else "GPUs",
                                     line=dict(color=next(colors), width=2), marker=dict(size=4),
                                     hovertemplate="%{x}<br>%{y:.1f}<extra>" + s.name + "</extra>"), row=1, col=col)
    fig.add_hline(y=100, line=dict(color="#999", width=1, dash="dot"))
    fig.update_layout(**{**_LAYOUT, "legend": dict(orientation="h", x=0, y=-0.12, font=dict(size=11))})
    fig.update_xaxes(matches="x")  # both sides over the same days, so a year on one is a year on the other
    fig.update_yaxes(type="log", title_text="index (first day = 100, log scale)", col=1)
    fig.update_yaxes(type="log", col=2)
    _date_axis(fig, [s for side in lines.values() for s in side])
    return fig
