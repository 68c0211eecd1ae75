"""The source registry: every module under scrapers/sources/ that defines `SOURCE`.

Adding a source is one module (metadata, a short fetch, a pure parse), one recorded fixture and
one test; nothing here needs editing.
"""

from __future__ import annotations

import importlib
import keyword
import pkgutil
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol
from urllib.parse import urlsplit

from scrapers.records import GpuRate, Skip, TokenPrice
from scrapers.snapshot import Snapshot

KINDS = ("token_prices", "gpu_rates")


class Client(Protocol):
    def get(self, source_id: str, url: str, *, headers: dict | None = None,
            json_body: dict | None = None) -> Snapshot: ...


ParseFn = Callable[[Snapshot], Iterable[TokenPrice | GpuRate | Skip]]


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    name: str
    urls: tuple[str, ...]
    parse: ParseFn
    # Fetch the day's responses. The default GETs each URL; sources that paginate override it.
    fetch: Callable[["Source", Client], list[Snapshot]] | None = None
    # Hosts a fetch may reach besides those of `urls` (pagination, redirects to a CDN).
    extra_hosts: tuple[str, ...] = ()
    # A cross-check source (a catalogue of other clouds' prices) ranks after first-party ones.
    cross_check: bool = False
    description: str = ""
    homepage: str = ""

    def __post_init__(self) -> None:
        # The id names a module, a Dagster asset and a DuckDB table: it must be a plain identifier.
        if not self.id.isidentifier() or keyword.iskeyword(self.id) or self.id != self.id.lower():
            raise ValueError(f"source id {self.id!r} must be a lowercase identifier and not a Python keyword")
        if self.kind not in KINDS:
            raise ValueError(f"source {self.id}: unknown kind {self.kind!r}")

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset({urlsplit(u).hostname or "" for u in self.urls} | set(self.extra_hosts))

    def fetch_all(self, client: Client) -> list[Snapshot]:
        if self.fetch is not None:
            return self.fetch(self, client)
        return [client.get(self.id, url) for url in self.urls]


def all_sources() -> dict[str, Source]:
    from scrapers import sources as package

    found: dict[str, Source] = {}
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        source = getattr(module, "SOURCE", None)
        if source is None:
            continue
        if source.id in found:
            raise ValueError(f"two sources share the id {source.id!r}")
        found[source.id] = source
    return found


def get_source(source_id: str) -> Source:
    sources = all_sources()
    try:
        return sources[source_id]
    except KeyError:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(sorted(sources))}") from None


def allowed_hosts(sources: Iterable[Source]) -> set[str]:
    return {host for source in sources for host in source.hosts}
