"""Together AI: the serverless text-model prices on www.together.ai/pricing (static HTML).

Read: every table whose header row starts with `Model` and has an `Input` and an `Output` column
priced per 1M tokens (the header must say "1M"; otherwise the unit is unknown and the table
fails). One record per row, provider_model_id the model name as the row shows it; `-Turbo`,
`-Lite` and `Reference` SKUs are different rows and stay different ids. Image, video, audio,
embedding and GPU tables have other headers and are not read.

Batch: Together's batch API is priced at 50% of serverless, but the page copy this parser was
written against does not state the discount, so no `batch` rows are emitted (never derived).
Blank cells, "Free" or "Contact sales" are unreadable rows, never a price.

UNCONFIRMED FORMAT: no raw copy of this page is public and no capture of its table markup was
found; the layout (a header row, then rows of model name, input price, output price as "$0.88")
follows what two public scrapers of the page read, not the page itself. The fixture is composed
by hand with real figures from genai-prices `together.yml` (prices checked 2025-07-03:
Llama 3.3 70B Instruct-Turbo 0.88/0.88, Llama 4 Maverick 0.27/0.85, Llama 4 Scout 0.18/0.59,
Llama 3.1 405B Instruct Turbo 3.50/3.50, Llama 3 70B Instruct Lite 0.54/0.54, Llama 3 8B
Instruct Lite 0.10/0.10, Llama 3 8B Instruct Turbo 0.18/0.18). Check the first live recording
against this parser before trusting it.
"""

from __future__ import annotations


from scrapers.parsing import load_html, node_text, rows, unknown_columns
from scrapers.records import RecordError, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot
from scrapers.units import per_mtok

PRICING_URL = "https://www.together.ai/pricing"
# Columns of a Model | Input | Output table left out on purpose: none so far (the page's markup is
# unconfirmed, see above); any column beside the three read is reported as a notice.
IGNORED_COLUMNS: frozenset[str] = frozenset()


def parse(snapshot: Snapshot):
    soup = load_html(snapshot)
    tables = [(t, columns) for t in soup.find_all("table") if (columns := _columns(t))]
    if not tables:
        raise RecordError("header", "no table headed Model | Input | Output: not the pricing page?")
    for table, columns in tables:
        header = [node_text(cell) for cell in table.find("tr").find_all(["th", "td"])]
        yield from unknown_columns(header, [header[i] for i in columns.values()] + list(IGNORED_COLUMNS), "token price table")
        body = [tr for tr in table.find_all("tr") if tr.find("td")]
        yield from rows(body, lambda tr, columns=columns: _read_row(tr, columns))


def _columns(table) -> dict[str, int] | None:
    first = table.find("tr")
    labels = [node_text(cell).lower() for cell in first.find_all(["th", "td"])] if first else []
    if not labels or labels[0] != "model":
        return None
    found = {field: i for field in ("input", "output") for i, label in enumerate(labels) if label.startswith(field)}
    if len(found) < 2:
        return None
    for field, i in found.items():
        if "1m" not in labels[i]:
            raise RecordError("header", f"{field} column {labels[i]!r} is not priced per 1M tokens")
    return {"model": 0, **found}


def _read_row(tr, columns: dict[str, int]) -> TokenPrice:
    cells = [node_text(td) for td in tr.find_all("td")]
    if len(cells) <= max(columns.values()):
        raise RecordError("row", f"expected {max(columns.values()) + 1} cells, got {cells}")
    name = cells[columns["model"]]
    if not name:
        raise RecordError("model", "blank model name")
    return TokenPrice(provider_id="together", provider_name="Together AI", provider_model_id=name, model_name=name,
                      input_usd_per_mtok=per_mtok(cells[columns["input"]], "1M", f"{name}.input"),
                      output_usd_per_mtok=per_mtok(cells[columns["output"]], "1M", f"{name}.output"))


SOURCE = Source(
    id="together",
    kind="token_prices",
    name="Together AI",
    urls=(PRICING_URL,),
    parse=parse,
    description="Together AI's serverless prices per model (input and output, USD per 1M tokens); markup unconfirmed.",
    homepage="https://www.together.ai/pricing",
)
