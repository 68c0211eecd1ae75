"""The archive behaves the same in a folder and in an S3 bucket (moto's server on 127.0.0.1)."""

from datetime import date, datetime, timezone

import pytest

from scrapers.archive import Archive, ArchiveClient
from scrapers.errors import FetchError
from scrapers.snapshot import Snapshot


def _snap(body: bytes, url="https://example.com/prices.json") -> Snapshot:
    return Snapshot("example", url, datetime(2026, 11, 1, tzinfo=timezone.utc), 200, body,
                    {"Content-Type": "application/json"})


@pytest.fixture(params=["folder", "s3"])
def archive_root(request, tmp_path) -> str:
    """Where an archive lives: a local folder, or s3://<a new bucket>/archive."""
    if request.param == "folder":
        return str(tmp_path / "archive")
    return request.getfixturevalue("s3_bucket") + "/archive"


def _stored_bodies(root: str) -> list[str]:
    """Every body file under objects/, listed with the backend's own tools, not through Archive."""
    import fsspec

    fs, base = fsspec.core.url_to_fs(root, skip_instance_cache=True)
    return sorted(path for path in fs.find(f"{base}/objects") if not path.rsplit("/", 1)[-1].startswith("."))


def test_identical_bodies_are_stored_once(archive_root):
    archive = Archive(archive_root)
    archive.store("example", date(2026, 11, 1), [_snap(b'{"a": 1}')])
    archive.store("example", date(2026, 11, 2), [_snap(b'{"a": 1}')])
    assert len(_stored_bodies(archive_root)) == 1
    assert _stored_bodies(archive_root)[0].endswith("/objects/" + _snap(b'{"a": 1}').sha256[:2] + "/"
                                                    + _snap(b'{"a": 1}').sha256)
    assert archive.days("example") == [date(2026, 11, 1), date(2026, 11, 2)]


def test_bodies_are_kept_byte_for_byte_and_replayed_by_url(archive_root):
    archive = Archive(archive_root)
    body = b'\xef\xbb\xbf{"price": "0.00000014"}\r\n'
    archive.store("example", date(2026, 11, 1), [_snap(body)])
    replayed = ArchiveClient(Archive(archive_root), date(2026, 11, 1)).get("example", "https://example.com/prices.json")
    assert replayed.body == body
    assert replayed.sha256 == _snap(body).sha256
    assert replayed.headers["Content-Type"] == "application/json"


def test_rerunning_a_day_replaces_its_index_but_keeps_every_body(archive_root):
    archive = Archive(archive_root)
    archive.store("example", date(2026, 11, 1), [_snap(b"first")])
    archive.store("example", date(2026, 11, 1), [_snap(b"second")])
    entries = archive.entries("example", date(2026, 11, 1))
    assert [e.sha256 for e in entries] == [_snap(b"second").sha256]
    assert archive.read_object(_snap(b"first").sha256) == b"first"
    assert len(_stored_bodies(archive_root)) == 2


def test_a_day_or_a_source_never_archived_reads_as_empty_and_is_refused_by_url(archive_root):
    archive = Archive(archive_root)
    archive.store("example", date(2026, 11, 1), [_snap(b"body")])
    assert archive.entries("example", date(2026, 11, 2)) == []
    assert archive.days("never_fetched") == []
    with pytest.raises(FetchError, match="not in the archive for 2026-11-02"):
        ArchiveClient(archive, date(2026, 11, 2)).get("example", "https://example.com/prices.json")


def test_a_paged_sources_index_is_read_once_per_day(archive_root):
    archive = Archive(archive_root)
    pages = [_snap(f"page {n}".encode(), url=f"https://example.com/prices?page={n}") for n in range(3)]
    archive.store("example", date(2026, 11, 1), pages)
    reads = []
    files = archive.files
    original = files.read
    files.read = lambda key: reads.append(key) or original(key)
    client = ArchiveClient(archive, date(2026, 11, 1))
    assert [client.get("example", p.url).body for p in pages] == [b"page 0", b"page 1", b"page 2"]
    assert sum(key.startswith("index/") for key in reads) == 1
