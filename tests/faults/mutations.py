"""Content faults: a real snapshot rewritten the way a provider's change would rewrite it.

One function per (fault, source) for the sources whose format the suite mutates by hand: a
token JSON API (openrouter), a token JSON map (litellm), two HTML pages (groq, together) and a
CSV catalogue (skypilot). Each takes the served body and returns the changed body; all are
deterministic (same input, same output) so that the generated matrix is stable.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from itertools import count
from typing import Callable

Mutation = Callable[[bytes], bytes]

# Garbage where a number belongs, cycled through the cells of a document.
GARBAGE_TEXT = ("N/A", "-0.50", "1e999", "twelve", "0,0,1", "NaN")
GARBAGE_JSON = ("-1e-06", "1e999", "\"N/A\"", "NaN", "null", "\"\"")


def _cycle(values):
    counter = count()
    return lambda: values[next(counter) % len(values)]


def _sub_text(pattern: str, replace: Callable[[re.Match], str], flags=0) -> Mutation:
    def mutate(body: bytes) -> bytes:
        return re.sub(pattern, replace, body.decode("utf-8"), flags=flags).encode("utf-8")
    return mutate


def _scale(text: str, factor: Decimal) -> str:
    value = Decimal(text) * factor
    return format(value.normalize(), "f")


# -- openrouter: {"data": [{"id", "pricing": {"prompt": "0.0000001", ...}}, ...]} ---------------

def _openrouter_empty(body: bytes) -> bytes:
    document = json.loads(body)
    document["data"] = []
    return json.dumps(document).encode()


_OPENROUTER_PRICE = r'("(?:prompt|completion|input_cache_read|input_cache_write)"\s*:\s*")([0-9.eE+-]+)(")'


def _openrouter_garbage(body: bytes) -> bytes:
    garbage = _cycle(GARBAGE_TEXT)
    return _sub_text(_OPENROUTER_PRICE, lambda m: m[1] + garbage() + m[3])(body)


def _openrouter_per_1k(body: bytes) -> bytes:
    # The API starts quoting USD per 1K tokens under the same keys: every number 1000x.
    return _sub_text(_OPENROUTER_PRICE,
                     lambda m: m[1] + (m[2] if m[2] in ("0", "-1") else _scale(m[2], Decimal(1000))) + m[3])(body)


# -- litellm: {"<model>": {"input_cost_per_token": 1e-07, ...}, ...} --------------------------

_LITELLM_PRICE = r'("[a-z_0-9]*(?:cost_per_token|_token_cost)[a-z_0-9]*"\s*:\s*)(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)'


def _litellm_empty(body: bytes) -> bytes:
    document = json.loads(body)
    return json.dumps({"sample_spec": document["sample_spec"]}, indent=4).encode()


def _litellm_renamed(body: bytes) -> bytes:
    return body.replace(b'"input_cost_per_token"', b'"input_token_cost"').replace(
        b'"output_cost_per_token"', b'"output_token_cost"')


def _litellm_garbage(body: bytes) -> bytes:
    garbage = _cycle(GARBAGE_JSON)
    return _sub_text(_LITELLM_PRICE, lambda m: m[1] + garbage())(body)


def _litellm_per_1k(body: bytes) -> bytes:
    return _sub_text(_LITELLM_PRICE, lambda m: m[1] + _scale(m[2], Decimal(1000)))(body)


# -- groq: <tr class="pricing-table_row"> ... <span class="pricing-table_label">…</span>$0.59 ------

_GROQ_PRICE = r'(Per Million Tokens\)</span>)\$([0-9.]+)'


def _groq_empty(body: bytes) -> bytes:
    return _sub_text(r'<tr class="pricing-table_row">.*?</tr>\s*', lambda m: "", re.S)(body)


def _groq_renamed(body: bytes) -> bytes:
    # The header cell only: the site renames a column, the mobile labels lag behind.
    return body.replace(b"<th>Input Token Price<br>", b"<th>Input Price<br>")


def _groq_garbage(body: bytes) -> bytes:
    garbage = _cycle(GARBAGE_TEXT)
    return _sub_text(_GROQ_PRICE, lambda m: m[1] + "$" + garbage())(body)


def _groq_per_1k(body: bytes) -> bytes:
    body = _sub_text(_GROQ_PRICE, lambda m: m[1] + "$" + _scale(m[2], Decimal("0.001")))(body)
    return body.replace(b"Per Million Tokens", b"Per Thousand Tokens")


# -- together: <th>Input (per 1M tokens)</th> ... <td>$0.27</td> ------------------------------

def _together_empty(body: bytes) -> bytes:
    return _sub_text(r"<tr><td>.*?</tr>\s*", lambda m: "", re.S)(body)


def _together_renamed(body: bytes) -> bytes:
    return body.replace(b"<th>Input (per 1M tokens)</th>", b"<th>Prompt (per 1M tokens)</th>")


def _together_garbage(body: bytes) -> bytes:
    garbage = _cycle(GARBAGE_TEXT)
    return _sub_text(r"<td>\$([0-9.]+)</td>", lambda m: f"<td>${garbage()}</td>")(body)


def _together_per_1k(body: bytes) -> bytes:
    body = _sub_text(r"<td>\$([0-9.]+)</td>", lambda m: f"<td>${_scale(m[1], Decimal('0.001'))}</td>")(body)
    return body.replace(b"per 1M tokens", b"per 1K tokens")


# -- skypilot: CSV with Price and SpotPrice columns, USD per instance-hour ----------------------

def _csv_rewrite(body: bytes, cell: Callable[[str, str], str]) -> bytes:
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    header = next(reader)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in reader:
        writer.writerow([cell(header[i] if i < len(header) else "", value) for i, value in enumerate(row)])
    return out.getvalue().encode("utf-8")


def _skypilot_empty(body: bytes) -> bytes:
    return body.split(b"\n", 1)[0] + b"\n"


def _skypilot_renamed(body: bytes) -> bytes:
    header, rest = body.split(b"\n", 1)
    return header.replace(b",Price,", b",OnDemandPrice,") + b"\n" + rest


def _skypilot_garbage(body: bytes) -> bytes:
    garbage = _cycle(GARBAGE_TEXT)
    return _csv_rewrite(body, lambda column, value: garbage() if column in ("Price", "SpotPrice") and value else value)


def _skypilot_cents(body: bytes) -> bytes:
    return _csv_rewrite(body, lambda column, value: _scale(value, Decimal(100))
                        if column in ("Price", "SpotPrice") and value else value)


CONTENT_MUTATIONS: dict[str, dict[str, Mutation]] = {
    "empty": {"openrouter": _openrouter_empty, "litellm": _litellm_empty, "groq": _groq_empty,
              "together": _together_empty, "skypilot": _skypilot_empty},
    "changed_layout": {"openrouter": _sub_text(r'"pricing":', lambda m: '"price":'),
                       "litellm": _litellm_renamed, "groq": _groq_renamed, "together": _together_renamed,
                       "skypilot": _skypilot_renamed},
    "garbage_numbers": {"openrouter": _openrouter_garbage, "litellm": _litellm_garbage, "groq": _groq_garbage,
                        "together": _together_garbage, "skypilot": _skypilot_garbage},
    "unit_switch": {"openrouter": _openrouter_per_1k, "litellm": _litellm_per_1k, "groq": _groq_per_1k,
                    "together": _together_per_1k, "skypilot": _skypilot_cents},
}

# The factor a unit switch applies to each source's prices, and how the document says it.
UNIT_FACTORS = {"openrouter": 1000, "litellm": 1000, "groq": 0.001, "together": 0.001, "skypilot": 100}
UNIT_SWITCH_TEXT = {
    "openrouter": "numbers now per 1K tokens under the same keys (1000x)",
    "litellm": "numbers now per 1K tokens under the same keys (1000x)",
    "groq": "header says Per Thousand Tokens, figures per 1K (1/1000)",
    "together": "header says per 1K tokens, figures per 1K (1/1000)",
    "skypilot": "prices in cents instead of USD (100x)",
}
