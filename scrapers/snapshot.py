"""One HTTP response as it was served: the unit that is archived, replayed and parsed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass(frozen=True)
class Snapshot:
    source_id: str
    url: str
    fetched_at: datetime
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def content_type(self) -> str:
        for key, value in self.headers.items():
            if key.lower() == "content-type":
                return value.split(";")[0].strip().lower()
        return ""

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
