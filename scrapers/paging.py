"""Following an API's "next page" links, the same careful way for every source that paginates."""

from __future__ import annotations

from typing import Callable
from urllib.parse import urljoin, urlsplit

from scrapers.errors import FetchError
from scrapers.parsing import load_json
from scrapers.records import RecordError
from scrapers.registry import Client, Source
from scrapers.snapshot import Snapshot


def follow_pages(source: Source, client: Client, first_url: str, next_link: Callable[[Snapshot], str | None],
                 max_pages: int) -> list[Snapshot]:
    """GET `first_url`, then each page's next link (relative or absolute) until there is none.

    Refuses a link that loops back to a page already fetched, one that leaves the source's
    declared hosts, and a walk that is still going after `max_pages` pages.
    """
    url, snapshots = first_url, []
    for _ in range(max_pages):
        snapshot = client.get(source.id, url)
        snapshots.append(snapshot)
        link = next_link(snapshot)
        if not link:
            return snapshots
        url = urljoin(url, link)
        if url in {s.url for s in snapshots}:
            raise FetchError(source.id, url, "pagination loops back to a page already fetched")
        if urlsplit(url).hostname not in source.hosts:
            raise FetchError(source.id, url, "next page link leaves the source's declared hosts")
    raise FetchError(source.id, url, f"still a next page after {max_pages} pages")


def json_link(snapshot: Snapshot, *path: str) -> str | None:
    """The string at `path` in a JSON body (e.g. "links", "next"), or None.

    An unreadable page ends the walk quietly: parse() then reports it with its URL and field.
    """
    try:
        value = load_json(snapshot)
    except RecordError:
        return None
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, str) and value.strip() else None
