"""Small helpers the tests share."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from scrapers.snapshot import Snapshot


def snapshot_from_file(source_id: str, path: Path, url: str, content_type: str = "") -> Snapshot:
    headers = {"Content-Type": content_type} if content_type else {}
    return Snapshot(source_id=source_id, url=url, fetched_at=datetime(2026, 11, 26, tzinfo=timezone.utc),
                    status=200, body=Path(path).read_bytes(), headers=headers)


def dbt_derived_schema(cls) -> dict:
    """The JSON schema dbt's own method derives for `cls`, as it reads back from a JSON file."""
    from dbt_common.dataclass_schema import dbtClassMixin

    return json.loads(json.dumps(dbtClassMixin.__dict__["json_schema"].__func__(cls)))
