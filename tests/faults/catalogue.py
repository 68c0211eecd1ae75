"""The faults the suite injects, which sources get each one, and what must come of it."""

from __future__ import annotations

from dataclasses import dataclass

from scrapers.registry import all_sources
from tests.faults.mutations import CONTENT_MUTATIONS, UNIT_SWITCH_TEXT
from tests.faults.server import Plan

SOURCE_IDS = tuple(sorted(all_sources()))
# Faults that cost wall-clock time (timeouts, Retry-After) run on one source per format:
# a token JSON API, an HTML page, a multi-file CSV catalogue.
TIMED_SOURCES = ("openrouter", "groq", "skypilot")
# Faults that rewrite the document run where the suite knows the format (tests/faults/mutations.py).
CONTENT_SOURCES = tuple(sorted(CONTENT_MUTATIONS["empty"]))

FETCH_ERROR = "FetchError"
PARSE_ERROR = "ParseError"
LANDS = "lands"
PARSE_ERROR_OR_DETECTABLE = "ParseError, or lands with every price moved by the unit factor"


@dataclass(frozen=True)
class Fault:
    id: str
    title: str
    sources: tuple[str, ...]
    expect: str
    kind: str = "ok"  # the server behaviour (tests/faults/server.py); content faults serve "ok" bytes, mutated

    def plan(self, source_id: str) -> Plan:
        mutation = CONTENT_MUTATIONS.get(self.id, {}).get(source_id)
        if mutation is None:
            return Plan(kind=self.kind)
        return Plan(kind=self.kind, mutate=lambda _source, _url, body: mutation(body))

    def describe(self, source_id: str) -> str:
        if self.id == "unit_switch":
            return UNIT_SWITCH_TEXT[source_id]
        return self.title


FAULTS: tuple[Fault, ...] = (
    Fault("http_500", "HTTP 500 on every try", SOURCE_IDS, FETCH_ERROR, "http_500"),
    Fault("http_503", "HTTP 503 on every try", SOURCE_IDS, FETCH_ERROR, "http_503"),
    Fault("http_429", "HTTP 429 with Retry-After: 1 on every try", TIMED_SOURCES, FETCH_ERROR, "http_429"),
    Fault("http_429_once", "HTTP 429 with Retry-After: 1, then the snapshot", TIMED_SOURCES, LANDS, "http_429_once"),
    Fault("connect_timeout", "TCP handshake never completes", TIMED_SOURCES, FETCH_ERROR, "connect_timeout"),
    Fault("read_timeout", "connection accepted, no answer", TIMED_SOURCES, FETCH_ERROR, "read_timeout"),
    Fault("stalled_body", "headers and half the body, then silence", TIMED_SOURCES, FETCH_ERROR, "stalled_body"),
    Fault("connection_reset", "connection reset (RST) before any answer", SOURCE_IDS, FETCH_ERROR, "connection_reset"),
    Fault("truncated_body", "Content-Length promises the body, half is sent, connection closed",
          SOURCE_IDS, FETCH_ERROR, "truncated"),
    Fault("oversize_declared", "Content-Length 4x the size cap", SOURCE_IDS, FETCH_ERROR, "oversize_declared"),
    Fault("oversize_chunked", "chunked body without a length, growing past 4x the cap",
          SOURCE_IDS, FETCH_ERROR, "oversize_chunked"),
    Fault("error_page", "HTTP 200 with an HTML error page (text/html) instead of the document",
          SOURCE_IDS, PARSE_ERROR, "error_page"),
    Fault("redirect_loop", "302 to the same URL, forever", SOURCE_IDS, FETCH_ERROR, "redirect_loop"),
    Fault("empty", "the table / list is there, with no rows", CONTENT_SOURCES, PARSE_ERROR),
    Fault("changed_layout", "a renamed column header or field", CONTENT_SOURCES, PARSE_ERROR),
    Fault("garbage_numbers", "price cells hold N/A, -0.50, 1e999, twelve, 0,0,1, NaN", CONTENT_SOURCES, PARSE_ERROR),
    Fault("unit_switch", "prices in another unit (per 1K instead of per 1M tokens; GPU: cents)",
          CONTENT_SOURCES, PARSE_ERROR_OR_DETECTABLE),
)
FAULTS_BY_ID = {fault.id: fault for fault in FAULTS}

CELLS = [(fault, source_id) for fault in FAULTS for source_id in fault.sources]

# The end-to-end morning through the real runner: one fault per source, every fault once,
# the remaining sources served normally (they must land in the same Dagster run).
BAD_MORNING = {
    "fireworks": "http_500",
    "datacrunch": "http_503",
    "openrouter_endpoints": "http_429",
    "azure": "http_429_once",
    "coreweave": "connect_timeout",
    "deepseek": "read_timeout",
    "mistral": "stalled_body",
    "vastai": "connection_reset",
    "skypilot": "truncated_body",
    "hyperbolic": "oversize_declared",
    "runpod": "oversize_chunked",
    "lambdalabs": "error_page",
    "aws": "redirect_loop",
    "together": "empty",
    "groq": "changed_layout",
    "openrouter": "garbage_numbers",
    "litellm": "unit_switch",
}
