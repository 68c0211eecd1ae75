import pytest

from scrapers.errors import FetchError
from scrapers.replay import ReplayClient, slug, write_snapshot
from tests.helpers import snapshot_from_file


def test_a_url_becomes_a_readable_file_name():
    assert slug("https://openrouter.ai/api/v1/models") == "openrouter.ai_api_v1_models"


def test_long_urls_are_cut_and_keep_a_hash_of_the_whole_url():
    a = slug("https://prices.azure.com/api/retail/prices?$filter=" + "x" * 300)
    b = slug("https://prices.azure.com/api/retail/prices?$filter=" + "x" * 299 + "y")
    assert len(a) < 140 and a != b


def test_what_record_writes_replay_reads_back(tmp_path):
    source = tmp_path / "body.json"
    source.write_bytes(b'{"data": []}')
    snap = snapshot_from_file("demo", source, "https://example.com/api?page=2", "application/json")
    write_snapshot(tmp_path / "replay", snap)
    replayed = ReplayClient(tmp_path / "replay").get("demo", "https://example.com/api?page=2")
    assert replayed.body == b'{"data": []}'
    assert replayed.content_type == "application/json"


def test_a_missing_recording_is_a_fetch_error_naming_source_and_url(tmp_path):
    with pytest.raises(FetchError) as err:
        ReplayClient(tmp_path).get("demo", "https://example.com/nothing")
    assert err.value.source_id == "demo" and err.value.url == "https://example.com/nothing"
