"""`breakeven report`: one self-contained HTML file with the five views of the marts.

(a) the paradox (paradox.py): the price of GPT-4-level tokens and what serving them on rented H100s
costs, beside the chained token and GPU indices; (a') the chained price indices with their
annual factors; (b) price vs breakeven for one model family; (c) the GPU rental index per GPU;
(d) halving rates and the latest price changes; (e) who sells below breakeven today. data.py reads the marts, charts.py draws, page.py assembles.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from orchestration.warehouse import publishing
from orchestration.query import READ_WAIT_S, QueryError, marts
from orchestration.report import capability, charts, data, paradox
from orchestration.report.page import Section, chart, page, table

NEEDED_MARTS = ["fct_capability_price_daily", "fct_token_prices_daily", "fct_breakeven_daily", "fct_gpu_rate_index_daily",
                "fct_halving_rates", "fct_price_changes", "fct_price_vs_breakeven_daily", "fct_price_index_daily"]


@dataclass
class ReportOptions:
    family_name: str = "Llama 3.x 70B"
    models: list[str] = field(default_factory=lambda: ["llama-3-70b", "llama-3.1-70b", "llama-3.3-70b"])
    # The roofline's recipes beside what a server was measured to do on the same GPU (measured_*).
    scenarios: list[str] = field(default_factory=lambda: ["fp16_batch1", "continuous_batching_fp16",
                                                          "fp8_continuous_batching",
                                                          "measured_tensorrt_llm_max_throughput"])
    gpu_id: str = "H100-SXM"
    below_breakeven_scenario: str = "continuous_batching_fp16"


def default_report_path(warehouse_file: Path) -> Path:
    return Path(warehouse_file).parent / "report.html"


def build_report(warehouse_file: Path, out_file: Path | None = None, options: ReportOptions | None = None, *,
                 wait_s: float = READ_WAIT_S, live: bool = False) -> Path:
    """Read the marts (the published snapshot, or with `live` the warehouse) and write the report;
    returns its path. Raises QueryError with a clear message."""
    options = options or ReportOptions()
    out_file = Path(out_file) if out_file else default_report_path(warehouse_file)
    with marts(warehouse_file, live=live, wait_s=wait_s) as con:
        present = {t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
        missing = [t for t in NEEDED_MARTS if t not in present]
        if missing:
            raise QueryError(f"warehouse {warehouse_file} lacks marts.{', marts.'.join(missing)}: build the models "
                             "first (`breakeven demo` or `breakeven run`)")
        sections = _sections(con, options) + capability.sections(con)
        meta = _meta(con, warehouse_file if live else _snapshot_name(warehouse_file))
    out_file.parent.mkdir(parents=True, exist_ok=True)
    partial = out_file.with_name(f".{out_file.name}.partial")
    partial.write_text(page("breakeven: what inference costs", meta, sections), encoding="utf-8")
    os.replace(partial, out_file)
    return out_file


def _snapshot_name(warehouse_file: Path) -> str:
    root = publishing.publish_root(warehouse_file)
    manifest = publishing.read_manifest(root) or {}
    return f"{publishing.views_location(root)} (snapshot {manifest.get('snapshot', '?')})"


def _meta(con, read_from: Path | str) -> str:
    prices_to = data.latest_day(con, "fct_token_prices_daily", "price_date")
    rates_to = data.latest_day(con, "fct_gpu_rate_index_daily", "rate_date")
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"Generated {generated} from <code>{html.escape(str(read_from))}</code>. Token prices through "
            f"{prices_to}, GPU rates through {rates_to}. Every figure comes from schema <code>marts</code>: "
            "<code>breakeven query \"…\"</code> reproduces it (see docs/queries.md).")


def _chart_or_note(fig_series: list, fig, div_id: str, empty_note: str) -> str:
    return chart(fig, div_id) if fig_series else f'<p class="empty">{html.escape(empty_note)}</p>'


def _sections(con, o: ReportOptions) -> list[Section]:
    story = paradox.paradox(con)
    trends = data.trend_lines(con)
    prices = data.provider_prices(con, o.models)
    breakevens = data.breakevens(con, o.models, o.scenarios, o.gpu_id)
    gpus = data.gpu_index(con)
    today = data.latest_day(con, "fct_price_vs_breakeven_daily", "price_date")
    models = ", ".join(f"<code>{html.escape(m)}</code>" for m in o.models)
    scenarios = " and ".join(f"<code>{html.escape(s)}</code>" for s in o.scenarios)
    return [
        Section("paradox", "The paradox: GPT-4-level tokens, what they cost to serve, and GPU rental rates",
                paradox.caption(story),
                _chart_or_note(story.dollars + story.indices, paradox.paradox_chart(story), "chart-paradox",
                               "No capability price, breakeven or price index has a day yet.")),
        Section("price-indices", "How fast prices move: chained indices with their annual factors",
                "Token side: the chained index of every token offer's output price. GPU side: the chained H100-SXM "
                "and all-GPU on-demand indices. Each legend entry gives the line's annual factor (its value after "
                "a year relative to now, from a least-squares fit of ln(index) over its whole history) with the 90% "
                "interval, or why it has none (a rate needs 180 days and 4 distinct levels). Sources: "
                "<code>marts.fct_price_index_daily</code>, <code>marts.fct_halving_rates</code> "
                "(series_kind = 'price_index').",
                _chart_or_note(trends["token"] + trends["gpu"], charts.trend_chart(trends), "chart-price-indices",
                               "No price index has a day yet (marts.fct_price_index_daily is empty).")),
        Section("price-vs-breakeven", f"{o.family_name}: price vs breakeven",
                f"Each provider's cheapest standard output price for {models} (USD per million tokens, one line "
                f"per provider), against what those tokens cost to produce on rented {html.escape(o.gpu_id)} "
                f"GPUs under the serving scenarios {scenarios} (black lines: the roofline; red: priced from "
                "published throughput, see docs/breakeven.md; the day's median on-demand rate). "
                "A provider under a line sells below that cost. Sources: <code>marts.fct_token_prices_daily</code>, "
                "<code>marts.fct_breakeven_daily</code>.",
                _chart_or_note(prices + breakevens, charts.price_vs_breakeven_chart(prices, breakevens, o.gpu_id),
                               "chart-price-vs-breakeven", f"No prices or breakevens for {', '.join(o.models)} yet.")),
        Section("gpu-index", "GPU rental index per GPU",
                "Median on-demand USD per GPU-hour across providers (line) with the 25th–75th percentile band, for "
                "the GPUs most providers rent. A single day shows the band as an error bar. Source: "
                "<code>marts.fct_gpu_rate_index_daily</code>.",
                _chart_or_note(gpus, charts.gpu_index_chart(gpus), "chart-gpu-index", "No GPU rates yet.")),
        Section("halving-rates", "Halving rates and recent price changes",
                "How fast each series falls (halving months) or rises (doubling months): a least-squares fit of "
                "ln(price) over the daily series, with the 90% interval of its annual factor (each run of equal "
                "prices counts as one observation: a price held for months is not hundreds of data points); r² "
                "says how well a steady rate describes it. A rate needs 180 days and 4 distinct levels "
                "(n_points); below that no_rate_reason says why (single offers without a rate are left out here). "
                "Source: <code>marts.fct_halving_rates</code>.",
                table(data.halving_rates(con), "No series in the warehouse yet: no rates.")
                + '\n<h3 id="price-changes">Most recent price changes</h3>\n'
                + table(data.recent_price_changes(con),
                        "No price change observed yet (marts.fct_price_changes is empty).")),
        Section("below-breakeven", f"Below breakeven on {today}",
                f"Standard-tier offers whose output price is below the breakeven of their model on rented "
                f"{html.escape(o.gpu_id)} GPUs under <code>{html.escape(o.below_breakeven_scenario)}</code>, "
                "cheapest relative to cost first (price_to_breakeven = price / breakeven). Source: "
                "<code>marts.fct_price_vs_breakeven_daily</code>.",
                table(data.below_breakeven(con, today, o.below_breakeven_scenario, o.gpu_id),
                      "No offer is below breakeven under this scenario today.")),
    ]
