"""HTML assembly: one self-contained file (plotly.js inlined, no request leaves the page).

A Content-Security-Policy forbids every network fetch, so a chart that needed the network would
fail visibly instead of quietly working only online. A tiny inline hook records JavaScript errors,
rejected promises and blocked requests into the hidden #js-errors element, which the browser test
reads.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from orchestration.report.data import Table

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data: blob:; font-src data:")

ERROR_HOOK = """
(function () {
  var box = document.getElementById('js-errors');
  function record(text) {
    box.textContent += text + '\\n';
    box.setAttribute('data-count', String(Number(box.getAttribute('data-count') || 0) + 1));
  }
  window.addEventListener('error', function (e) {
    if (e.target && e.target !== window) { record('failed to load ' + (e.target.src || e.target.href)); }
    else { record('error: ' + e.message + ' at ' + e.filename + ':' + e.lineno); }
  }, true);
  window.addEventListener('unhandledrejection', function (e) { record('unhandled rejection: ' + e.reason); });
  document.addEventListener('securitypolicyviolation', function (e) {
    record('blocked by the page policy: ' + e.blockedURI + ' (' + e.violatedDirective + ')');
  });
})();
"""

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 1320px; margin: 0 auto; padding: 16px 28px 48px; }
h1 { margin: 12px 0 2px; font-size: 26px; }
h2 { margin: 34px 0 4px; font-size: 20px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { margin: 22px 0 4px; font-size: 16px; }
.meta, .intro, .empty { color: #555; max-width: 1000px; }
.empty { font-style: italic; }
nav a { margin-right: 14px; }
section { background: #fff; padding: 2px 18px 14px; margin-top: 18px; border: 1px solid #e4e4e4; border-radius: 6px; }
.scroll { max-height: 440px; overflow: auto; border: 1px solid #eee; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; }
th { position: sticky; top: 0; background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { background: #f1f1f1; padding: 0 3px; border-radius: 3px; }
"""


@dataclass
class Section:
    id: str
    title: str
    intro: str  # HTML
    body: str  # HTML


def chart(fig: go.Figure, div_id: str) -> str:
    return pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id, default_height="480px",
                       config={"displaylogo": False, "responsive": True})


def table(t: Table, caption_if_empty: str) -> str:
    if not t.rows:
        return f'<p class="empty">{html.escape(caption_if_empty)}</p>'
    head = "".join(f"<th>{html.escape(c)}</th>" for c in t.columns)
    body = "\n".join("<tr>" + "".join(_td(v) for v in row) + "</tr>" for row in t.rows)
    return f'<div class="scroll"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>'


def _td(value) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, bool):
        return f"<td>{'yes' if value else 'no'}</td>"
    if isinstance(value, float):
        text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
        return f'<td class="num">{text}</td>'
    if isinstance(value, int):
        return f'<td class="num">{value}</td>'
    if isinstance(value, (date, datetime)):
        return f"<td>{value.isoformat()}</td>"
    return f"<td>{html.escape(str(value))}</td>"


def page(title: str, meta: str, sections: list[Section]) -> str:
    nav = " ".join(f'<a href="#{s.id}">{html.escape(s.title)}</a>' for s in sections)
    body = "\n".join(
        f'<section id="{s.id}" data-part="{s.id}">\n<h2>{html.escape(s.title)}</h2>\n'
        f'<p class="intro">{s.intro}</p>\n{s.body}\n</section>' for s in sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<div id="js-errors" hidden></div>
<script>{ERROR_HOOK}</script>
<script>{get_plotlyjs()}</script>
<main>
<h1>{html.escape(title)}</h1>
<p class="meta">{meta}</p>
<nav>{nav}</nav>
{body}
</main>
</body>
</html>
"""
