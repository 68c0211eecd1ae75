"""The HTML report: built from the test warehouse, then opened in a real (headless) Chromium.

The browser tests skip when Chromium is not installed, except in CI (CI=true), where .ci/run
installs it and a skip would hide a broken report. BREAKEVEN_WRITE_DOCS=1 also saves the
screenshot as docs/report.png.
"""

from __future__ import annotations

import html
import os
import shutil
import struct
import subprocess
from pathlib import Path

import duckdb
import pytest
from bs4 import BeautifulSoup

from orchestration.cli import main
from orchestration.report import build_report
from orchestration.settings import ROOT

PARTS = ["paradox", "price-indices", "price-vs-breakeven", "gpu-index", "halving-rates", "below-breakeven",
         "capability-frontier"]
CHARTS = ["chart-paradox", "chart-price-indices", "chart-price-vs-breakeven", "chart-gpu-index", "chart-capability-frontier"]


@pytest.fixture(scope="module")
def report(pipeline_runs, tmp_path_factory) -> Path:
    return build_report(pipeline_runs.warehouse, tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture(scope="module")
def page(report) -> BeautifulSoup:
    return BeautifulSoup(report.read_text(encoding="utf-8"), "lxml")


def test_the_report_has_its_seven_parts(page):
    assert [s["id"] for s in page.select("section")] == PARTS
    for chart_id in CHARTS:
        assert page.select_one(f"div#{chart_id}.plotly-graph-div"), f"{chart_id} has no chart"


def test_the_tables_list_halving_rates_recent_changes_and_offers_below_breakeven(page):
    halving = page.select("#halving-rates table")
    assert len(halving) == 2, "a halving-rate table and a price-change table"
    rates, changes = halving
    assert [th.text for th in rates.select("th")][:5] == ["series_kind", "series_id", "metric", "fit_window",
                                                          "halving_months"]
    assert rates.select("tbody tr")
    headers = [th.text for th in rates.select("th")]
    assert {"annual_factor_ci90_low", "annual_factor_ci90_high", "n_points", "no_rate_reason"} <= set(headers)
    assert "gpt-4o" in changes.text, "the overnight LiteLLM change of the test warehouse is listed"
    below = page.select("#below-breakeven tbody tr")
    assert below and all(float(tr.select("td")[-1].text) < 1 for tr in below)


def _legend(page, section: str) -> str:
    # Plotly inlines each trace's name in the figure's JSON (get_text leaves scripts out).
    return str(page.select_one(f"#{section}")).replace("\\u002f", "/")


def test_the_paradox_chart_draws_the_frontier_the_open_model_breakeven_and_the_chained_indices(page):
    legend = _legend(page, "paradox")
    for line in ("Cheapest price at GPT-4's level (GPQA Diamond): ",
                 "Breakeven of the cheapest GPT-4-level open model on H100-SXM (fp8_continuous_batching): ",
                 "Token prices, chained index of every offer (output): ", "H100-SXM on demand, chained index: ",
                 "All GPUs on demand, chained index: "):
        assert line in legend, line
    assert "fp8_continuous_batching" in page.select_one("#paradox p.intro").text
    assert "Not drawn" not in page.select_one("#paradox p.intro").text


def test_every_paradox_legend_carries_its_own_warehouse_row(pipeline_runs, page):
    legend = _legend(page, "paradox")
    with duckdb.connect(str(pipeline_runs.warehouse), read_only=True) as con:
        rows = con.execute("""
            select series_id, annual_factor, annual_factor_ci90_low, annual_factor_ci90_high, no_rate_reason
            from marts.fct_halving_rates
            where fit_window = 'all' and series_id in ('GPQA Diamond|gpt-4', 'token:all:output',
                                                       'gpu:H100-SXM:on_demand', 'gpu:all:on_demand')
        """).fetchall()
    assert len(rows) == 4
    for series_id, factor, low, high, reason in rows:
        expected = f"no rate: {reason}" if factor is None else f"×{factor:.3g}/yr (90%: {low:.3g}–{high:.3g})"
        assert expected in legend, series_id


def test_the_paradox_breakeven_line_is_the_cheapest_qualifying_open_model_at_the_h100_index_rate(pipeline_runs):
    from orchestration.report import paradox

    with duckdb.connect(str(pipeline_runs.warehouse), read_only=True) as con:
        line, why_not = paradox.open_model_breakeven(con)
        assert why_not is None and line.x
        day, cost = line.x[-1], line.y[-1]
        # Done again from the roofline's own rows: every open model scoring at least GPT-4 on GPQA
        # Diamond by that day, its blended GPU-seconds at the latest median H100 rate (the chained
        # index has not moved over the test warehouse's weeks).
        expected = con.execute("""
            select min(0.75 * t.gpu_seconds_per_input_token + 0.25 * t.gpu_seconds_per_token) / 3600 * 1e6
                   * (select median_usd_per_gpu_hour from marts.fct_gpu_rate_index_daily
                      where gpu_id = 'H100-SXM' and pricing_type = 'on_demand' order by rate_date desc limit 1)
            from intermediate.int_breakeven__per_token t
            join intermediate.int_capability__model_scores s using (model_id)
            join marts.dim_models m using (model_id)
            where t.gpu_id = 'H100-SXM' and t.scenario_id = 'fp8_continuous_batching' and m.open_weights
              and s.benchmark = 'GPQA Diamond' and s.first_observed_on <= ?
              and s.score >= (select threshold_score from intermediate.int_capability__thresholds
                              where benchmark = 'GPQA Diamond' and threshold_model_id = 'gpt-4')
        """, [day]).fetchone()[0]
    assert cost == pytest.approx(expected, rel=1e-9)


def _marts_without_breakeven(*, view: bool, h100_index: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.fct_price_index_daily (index_date date, index_id varchar, value double)")
    if h100_index:
        con.execute("insert into marts.fct_price_index_daily values (date '2026-01-01', 'gpu:H100-SXM:on_demand', 100)")
    if view:
        con.execute("create table marts.fct_capability_breakeven_daily (breakeven_date date, benchmark varchar, "
                    "threshold_model_id varchar, gpu_id varchar, scenario_id varchar, "
                    "breakeven_usd_per_mtok_blended double, cheapest_open_model_id varchar, usd_per_gpu_hour double)")
    return con


@pytest.mark.parametrize("view, h100_index, reason", [
    (False, True, "marts.fct_capability_breakeven_daily is not in this warehouse or snapshot"),
    (True, False, "no chained gpu:H100-SXM:on_demand index yet"),
    (True, True, "no open-weight model with a roofline row for fp8_continuous_batching on H100-SXM scores at "
                 "gpt-4's GPQA Diamond level yet"),
])
def test_without_its_data_the_breakeven_line_is_left_out_and_the_caption_says_why(view, h100_index, reason):
    from orchestration.report import paradox

    with _marts_without_breakeven(view=view, h100_index=h100_index) as con:
        line, why_not = paradox.open_model_breakeven(con)
    assert line is None and why_not.startswith(reason)
    caption = paradox.caption(paradox.Paradox(missing=[f"no breakeven line: {why_not}"]))
    assert f"Not drawn:</strong> no breakeven line: {html.escape(reason)}" in caption


def test_a_legend_gives_the_rate_row_it_reads_or_its_no_rate_reason():
    from orchestration.report.data import annual_rate

    with duckdb.connect() as con:
        con.execute("create schema marts")
        con.execute("create table marts.fct_halving_rates (series_kind varchar, series_id varchar, metric varchar, "
                    "fit_window varchar, annual_factor double, annual_factor_ci90_low double, "
                    "annual_factor_ci90_high double, no_rate_reason varchar)")
        con.execute("insert into marts.fct_halving_rates values "
                    "('capability_frontier', 'GPQA Diamond|gpt-4', 'usd_per_mtok_blended', 'all', 0.0393, 0.0104, 0.148, null), "
                    "('price_index', 'gpu:H100-SXM:on_demand', 'index_value', 'all', null, null, null, 'fewer than 4 distinct levels')")
        assert annual_rate(con, "capability_frontier", "GPQA Diamond|gpt-4", "usd_per_mtok_blended") == \
            "×0.0393/yr (90%: 0.0104–0.148)"
        assert annual_rate(con, "price_index", "gpu:H100-SXM:on_demand", "index_value") == \
            "no rate: fewer than 4 distinct levels"
        assert annual_rate(con, "price_index", "gpu:all:on_demand", "index_value") == "no rate yet"


def test_the_trend_chart_names_each_index_with_its_rate_or_why_it_has_none(page):
    # The test warehouse spans weeks, not the 180 days a rate needs: every legend says so (the
    # names are in the chart's script, which get_text leaves out).
    script = str(page.select_one("#price-indices"))
    for label in ("Token prices, all offers (output)", "H100-SXM on demand", "All GPUs on demand"):
        assert f"{label}: no rate: under 180 days" in script, label


def test_the_report_is_one_file_that_needs_no_network(report, page):
    assert not page.select("script[src], link[href], img[src^=http], iframe")
    assert "default-src 'none'" in page.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert report.stat().st_size > 1_000_000, "plotly.js is inlined"


def test_breakeven_report_writes_the_file_and_prints_its_path(pipeline_runs, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(pipeline_runs.warehouse))
    out = tmp_path / "mine.html"
    assert main(["report", "--out", str(out), "--models", "llama-3.1-8b", "--family", "Llama 3.1 8B"]) == 0
    assert f"Report: {out}" in capsys.readouterr().out
    assert "Llama 3.1 8B: price vs breakeven" in out.read_text(encoding="utf-8")


def test_a_missing_warehouse_writes_no_report_and_says_why(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(tmp_path / "none.duckdb"))
    assert main(["report", "--out", str(tmp_path / "r.html")]) == 1
    assert "no warehouse at" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


# --- in a real browser -------------------------------------------------------------------------

def chromium_binary() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        message = "chromium is not installed (apt-get install chromium); the report's browser tests need it"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " — and CI must run them (.ci/run installs it)")
        pytest.skip(message)
    return found


def chromium(html_file: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
               "--window-size=1400,3000", *args, html_file.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)


@pytest.fixture(scope="module")
def rendered(report, tmp_path_factory) -> BeautifulSoup:
    """The DOM after the page's scripts ran."""
    dom = chromium(report, tmp_path_factory.mktemp("chromium"), "--virtual-time-budget=5000", "--dump-dom").stdout
    return BeautifulSoup(dom, "lxml")


def test_every_chart_draws_its_data_in_the_browser(rendered):
    for chart_id in CHARTS:
        chart = rendered.select_one(f"div#{chart_id}")
        assert chart.select_one("svg.main-svg"), f"{chart_id}: plotly drew no svg"
        traces = chart.select(".scatterlayer .trace")
        assert traces, f"{chart_id}: no data trace drawn"
        drawn = [t for t in traces if any(p.get("d") for p in t.select("path"))]
        assert drawn == traces, f"{chart_id}: {len(traces) - len(drawn)} of {len(traces)} traces drew nothing"
    assert len(rendered.select("div#chart-gpu-index .scatterlayer .trace")) >= 3


def test_series_of_a_day_or_two_are_drawn_with_markers(rendered):
    # The test warehouse has two days of token prices and one day of rates for some GPUs: a line
    # alone would draw nothing for a single day.
    for chart_id in ("chart-price-vs-breakeven", "chart-gpu-index"):
        assert rendered.select(f"div#{chart_id} path.point"), f"{chart_id}: no markers"


def test_the_page_raises_no_javascript_error_and_fetches_nothing(rendered):
    errors = rendered.select_one("#js-errors")
    assert errors is not None and errors.text.strip() == "", errors.text


def test_the_error_hook_would_catch_an_error_and_a_network_request(tmp_path):
    from orchestration.report.page import CSP, ERROR_HOOK

    broken = tmp_path / "broken.html"
    broken.write_text(f'<html><head><meta http-equiv="Content-Security-Policy" content="{CSP}"></head><body>'
                      f'<div id="js-errors" hidden></div><script>{ERROR_HOOK}</script>'
                      '<img src="http://127.0.0.1:9/x.png"><script>notAFunction();</script></body></html>')
    dom = chromium(broken, tmp_path / "profile", "--virtual-time-budget=3000", "--dump-dom").stdout
    caught = BeautifulSoup(dom, "lxml").select_one("#js-errors").text
    assert "notAFunction" in caught
    assert "blocked by the page policy: http://127.0.0.1:9/x.png" in caught


def test_a_screenshot_of_the_report_is_not_blank(report, tmp_path):
    png = tmp_path / "report.png"
    chromium(report, tmp_path / "profile", "--virtual-time-budget=5000", f"--screenshot={png}")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG")
    # A blank 1400×3000 page compresses to a few kilobytes; charts and tables do not.
    assert len(data) > 100_000, f"screenshot is only {len(data)} bytes"
    assert struct.unpack(">II", data[16:24]) == (1400, 3000), "the IHDR chunk gives the window size"
    if os.environ.get("BREAKEVEN_WRITE_DOCS") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(png, ROOT / "docs" / "report.png")


def test_the_price_vs_breakeven_chart_draws_the_measured_breakeven_beside_the_roofline(report):
    # Plotly inlines each trace's name in the figure's JSON.
    text = report.read_text(encoding="utf-8")
    assert '"measured_tensorrt_llm_max_throughput on H100-SXM"' in text
    assert '"fp8_continuous_batching on H100-SXM"' in text
