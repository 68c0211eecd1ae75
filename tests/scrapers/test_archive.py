from datetime import date, datetime, timezone

from scrapers.archive import Archive, ArchiveClient
from scrapers.snapshot import Snapshot


def _snap(body: bytes, url="https://example.com/prices.json") -> Snapshot:
    return Snapshot("example", url, datetime(2026, 11, 1, tzinfo=timezone.utc), 200, body,
                    {"Content-Type": "application/json"})


def test_identical_bodies_are_stored_once(tmp_path):
    archive = Archive(tmp_path)
    archive.store("example", date(2026, 11, 1), [_snap(b'{"a": 1}')])
    archive.store("example", date(2026, 11, 2), [_snap(b'{"a": 1}')])
    objects = [p for p in (tmp_path / "objects").rglob("*") if p.is_file()]
    assert len(objects) == 1
    assert archive.days("example") == [date(2026, 11, 1), date(2026, 11, 2)]


def test_bodies_are_kept_byte_for_byte_and_replayed_by_url(tmp_path):
    archive = Archive(tmp_path)
    body = b'\xef\xbb\xbf{"price": "0.00000014"}\r\n'
    archive.store("example", date(2026, 11, 1), [_snap(body)])
    replayed = ArchiveClient(archive, date(2026, 11, 1)).get("example", "https://example.com/prices.json")
    assert replayed.body == body
    assert replayed.sha256 == _snap(body).sha256
    assert replayed.headers["Content-Type"] == "application/json"


def test_rerunning_a_day_replaces_its_index_but_keeps_every_body(tmp_path):
    archive = Archive(tmp_path)
    archive.store("example", date(2026, 11, 1), [_snap(b"first")])
    archive.store("example", date(2026, 11, 1), [_snap(b"second")])
    entries = archive.entries("example", date(2026, 11, 1))
    assert [e.sha256 for e in entries] == [_snap(b"second").sha256]
    assert archive.object_path(_snap(b"first").sha256).read_bytes() == b"first"
