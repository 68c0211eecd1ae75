"""Every parser, fed mutations of its own real-format fixture: valid prices or a ParseError.

Hypothesis mutates the bundled snapshot bytes of each source (byte flips, truncation, deleted and
duplicated spans, numbers swapped for negative, huge, non-finite, malformed or foreign-digit ones)
and `parse_snapshots` must either return records whose prices are all finite and non-negative (and
GPU rates inside the GpuRate per-GPU-hour band), or raise `scrapers.errors.ParseError` naming the
source. Any other exception fails the test. Bounded and derandomised, so CI sees the same inputs.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.records import GPU_HOUR_USD_RANGE, GpuRate, TokenPrice
from scrapers.registry import all_sources
from scrapers.replay import ReplayClient
from tests.conftest import FIXTURES
from tests.helpers import parse_error

SOURCES = all_sources()
FETCHED_AT = datetime(2026, 11, 26, tzinfo=timezone.utc)  # parsers that read the fetch date see a fixed one
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
NUMBER_SWAPS = (b"-1", b"-0.5", b"0", b"-0", b"1e999", b"-1e999", b"NaN", b"Infinity", b"-Infinity", b"nan", b"inf",
                b"1e-400", b"1e308", b"99999999", b"9" * 400, b"0x1F", b"1_000", b"", b"1,5", "١٢".encode(),
                b"12abc", b"1000000", b"0.000000001")


def _snapshots(source_id: str):
    source = SOURCES[source_id]
    return [replace(s, fetched_at=FETCHED_AT) for s in source.fetch_all(ReplayClient(FIXTURES))]


SNAPSHOTS = {source_id: _snapshots(source_id) for source_id in SOURCES}


@st.composite
def mutated(draw, body: bytes) -> bytes:
    data = bytearray(body)
    for op in draw(st.lists(st.sampled_from(("flip", "truncate", "delete", "duplicate", "number", "number")),
                            min_size=1, max_size=3)):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[at:]
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 400))]
        elif op == "duplicate":
            span = bytes(data[at:at + draw(st.integers(1, 400))])
            where = draw(st.integers(0, len(data)))
            data[where:where] = span
        elif op == "number":
            numbers = list(_NUMBER.finditer(data))
            if numbers:
                match = numbers[draw(st.integers(0, len(numbers) - 1))]
                swap = draw(st.one_of(st.sampled_from(NUMBER_SWAPS),
                                      st.sampled_from((b"1000", b"0.001", b"1e6", b"-1")).map(
                                          lambda factor, m=match: _scaled(m.group(), factor))))
                data[match.start():match.end()] = swap
    return bytes(data)


def _scaled(number: bytes, factor: bytes) -> bytes:
    try:
        return repr(float(number) * float(factor)).encode()
    except (ValueError, OverflowError):
        return number


def _assert_valid(record) -> None:
    if isinstance(record, TokenPrice):
        prices = [record.input_usd_per_mtok, record.output_usd_per_mtok, record.cached_input_usd_per_mtok,
                  record.cache_write_usd_per_mtok]
        assert prices[0] is not None or prices[1] is not None, record
        for price in prices:
            assert price is None or (isinstance(price, (int, float)) and math.isfinite(price) and price >= 0), record
    else:
        assert isinstance(record, GpuRate), record
        assert math.isfinite(record.usd_per_instance_hour) and record.usd_per_instance_hour >= 0, record
        assert record.gpu_count >= 1 and record.gpu_count == int(record.gpu_count), record
        low, high = GPU_HOUR_USD_RANGE
        assert low <= record.usd_per_gpu_hour <= high, record


@pytest.mark.parametrize("source_id", sorted(SOURCES))
@settings(max_examples=25, deadline=None, derandomize=True, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_mutated_snapshot_parses_to_valid_prices_or_a_parse_error(source_id, data):
    source, snapshots = SOURCES[source_id], SNAPSHOTS[source_id]
    index = data.draw(st.integers(0, len(snapshots) - 1), label="snapshot")
    body = data.draw(mutated(snapshots[index].body), label="body")
    batch = [*snapshots[:index], replace(snapshots[index], body=body), *snapshots[index + 1:]]
    try:
        outcome = parse_snapshots(source, batch)
    except ParseError as exc:
        assert exc.source_id == source_id
        return
    assert outcome.records
    for record in outcome.records:
        _assert_valid(record)


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_the_unmutated_fixture_parses(source_id):
    assert parse_snapshots(SOURCES[source_id], SNAPSHOTS[source_id]).records


# Minimal inputs the fuzzer found that reach a parser as an untyped exception. parse_snapshots
# still turns them into a ParseError naming the source (the contract); the reason is generic
# ("body: OverflowError: ..."), and one bad row costs the whole snapshot.
KNOWN_HARD_INPUTS = [
    ("datacrunch", b'[{"instance_type":"1H100","gpu":{"number_of_gpus":1e999}}]'),  # OverflowError in int(inf)
    ("datacrunch", b'[{"instance_type":"1H100","gpu":{"number_of_gpus":NaN}}]'),  # ValueError in int(nan)
    ("groq", b'<meta charset="\x08">'),  # lxml: "All strings must be XML compatible"
]


@pytest.mark.parametrize(("source_id", "body"), KNOWN_HARD_INPUTS)
def test_a_known_hard_input_is_a_parse_error_naming_the_source(source_id, body):
    snapshot = replace(SNAPSHOTS[source_id][0], body=body)
    parse_error(SOURCES[source_id], snapshot)
