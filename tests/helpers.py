"""Small helpers the tests share."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.parsing import parse_snapshots
from scrapers.snapshot import Snapshot


def snapshot_from_file(source_id: str, path: Path, url: str, content_type: str = "") -> Snapshot:
    headers = {"Content-Type": content_type} if content_type else {}
    return Snapshot(source_id=source_id, url=url, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc),
                    status=200, body=Path(path).read_bytes(), headers=headers)


def dbt_derived_schema(cls) -> dict:
    """The JSON schema dbt's own method derives for `cls`, as it reads back from a JSON file."""
    from dbt_common.dataclass_schema import dbtClassMixin

    return json.loads(json.dumps(dbtClassMixin.__dict__["json_schema"].__func__(cls)))


def parse_error(source, snapshot: Snapshot) -> ParseError:
    """The ParseError that parsing `snapshot` raises. It must name the source and the snapshot's URL,
    as attributes and in its message: the message is what an operator reads."""
    with pytest.raises(ParseError) as caught:
        parse_snapshots(source, [snapshot])
    error = caught.value
    assert (error.source_id, error.url) == (source.id, snapshot.url)
    assert source.id in str(error) and snapshot.url in str(error)
    return error
