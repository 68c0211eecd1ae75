"""Typed errors. Each names the source and the URL so an operator knows where to look."""

from __future__ import annotations


class ScrapeError(Exception):
    """Base class: something about one source went wrong."""

    def __init__(self, source_id: str, url: str, message: str):
        self.source_id = source_id
        self.url = url
        self.message = message
        super().__init__(f"[{source_id}] {message} ({url})")


class FetchError(ScrapeError):
    """The response could not be obtained: network, HTTP status, size cap, missing replay file."""


class ParseError(ScrapeError):
    """The response is not what the parser expects. `field` names the offending field."""

    def __init__(self, source_id: str, url: str, field: str, message: str):
        self.field = field
        super().__init__(source_id, url, f"{field}: {message}")
