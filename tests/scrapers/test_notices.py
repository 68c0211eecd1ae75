"""A parser reports a column it does not read as a Notice: logged once per snapshot, never a failure."""

from datetime import datetime, timezone

from scrapers.parsing import parse_snapshots, rows, unknown_columns, unknown_keys
from scrapers.records import Notice, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot


def _snapshot(url: str) -> Snapshot:
    return Snapshot(source_id="s", url=url, fetched_at=datetime(2026, 11, 1, tzinfo=timezone.utc), status=200, body=b"")


def test_a_column_outside_the_read_and_ignored_ones_is_a_notice_naming_the_header():
    header = ["Model", "Input", "Output", "Cached  output"]
    assert unknown_columns(header, ["model", "input", "OUTPUT"], "pricing table") == [
        Notice("header", "unknown column 'Cached  output' in pricing table header "
                         "['Model', 'Input', 'Output', 'Cached  output']")]
    assert unknown_columns(header, ["Model", "Input", "Output", "cached output"], "pricing table") == []


def test_an_unknown_key_is_a_notice_naming_the_key_only():
    assert unknown_keys({"prompt": "1", "web_search": "0.01"}, {"prompt"}, "pricing") == [
        Notice("pricing", "unknown key 'web_search' in pricing")]


def test_notices_are_collected_once_per_snapshot_with_its_url_and_the_records_stay():
    def parse(snapshot):
        def read(model):
            return [Notice("header", "unknown column 'X'"),
                    TokenPrice(provider_id="p", provider_model_id=model, input_usd_per_mtok=1.0, output_usd_per_mtok=1.0)]
        yield from rows(["a", "b"], read)
        yield Notice("header", "unknown column 'X'")

    source = Source(id="s", kind="token_prices", name="s", urls=("u",), parse=parse)
    outcome = parse_snapshots(source, [_snapshot("https://one"), _snapshot("https://two")])
    assert len(outcome.records) == 4 and outcome.skipped == []
    assert outcome.notices == ["https://one: unknown column 'X'", "https://two: unknown column 'X'"]
