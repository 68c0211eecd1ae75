"""Running a source's parser over its snapshots, and helpers that parsers share.

The rules every source obeys live here, once:
- a row the parser cannot read is reported as a Skip and the rest go on;
- a snapshot where more than half the rows are unreadable, or that yields no record, fails;
- whatever goes wrong surfaces as a ParseError naming the source, the URL and the field;
- a column or price key the parser does not know is reported as a Notice (`unknown_columns`,
  `unknown_keys`), never read by guesswork and never silently dropped.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator

from bs4 import BeautifulSoup

from scrapers import gpus
from scrapers.errors import ParseError
from scrapers.records import GpuRate, Notice, Record, RecordError, Skip, TokenPrice
from scrapers.registry import Source
from scrapers.snapshot import Snapshot


@dataclass
class ParseOutcome:
    records: list[Record] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    # (url, sha256) of the snapshot each record came from, parallel to `records`.
    origins: list[tuple[str, str]] = field(default_factory=list)
    # "<url>: <message>" per distinct Notice of each snapshot, in the order first seen.
    notices: list[str] = field(default_factory=list)

    @property
    def unreadable(self) -> list[Skip]:
        return [s for s in self.skipped if s.unreadable]

    def skip_summary(self, limit: int = 8) -> str:
        counts = Counter(s.reason for s in self.skipped)
        return "; ".join(f"{reason} ({n})" for reason, n in counts.most_common(limit))


_SINGLE = (TokenPrice, GpuRate, Skip, Notice)


def rows(items: Iterable, read: Callable[[object], Iterable[Record | Skip | Notice] | Record | Skip | Notice | None]
         ) -> Iterator[Record | Skip | Notice]:
    """Read each item with `read`; an item that raises RecordError becomes an unreadable Skip."""
    for item in items:
        try:
            result = read(item)
            if result is not None and not isinstance(result, _SINGLE):
                result = list(result)  # a generator's errors surface here, inside the try
        except RecordError as exc:
            yield Skip(reason=f"unreadable {exc.field}", detail=f"{exc.message}: {str(item)[:200]}", unreadable=True)
            continue
        if result is None:
            continue
        if isinstance(result, _SINGLE):
            yield result
        else:
            yield from result


def _label(column: str) -> str:
    return " ".join(str(column).split()).lower()


def unknown_columns(header: Iterable[str], known: Iterable[str], where: str) -> list[Notice]:
    """A Notice for each column of `header` that is not in `known` (the columns the parser reads
    plus those it ignores on purpose; compared without case or extra spaces). Call it once the
    table is known to be the right one: a missing known column is layout drift and must fail
    in the parser, an added one is news to log."""
    header = [str(c) for c in header]
    expected = {_label(c) for c in known}
    return [Notice("header", f"unknown column {column!r} in {where} header {header}")
            for column in header if _label(column) not in expected]


def unknown_keys(keys: Iterable[str], known: Iterable[str], where: str) -> list[Notice]:
    """A Notice for each key (of a JSON object, say) that is not in `known`. Keys vary from row to
    row, so the message names the key and `where` only, and repeats deduplicate per snapshot."""
    expected = set(known)
    return [Notice(where, f"unknown key {key!r} in {where}") for key in keys if key not in expected]


def load_json(snapshot: Snapshot):
    body = snapshot.body.lstrip()
    if body[:1] == b"<":
        raise RecordError("body", f"expected JSON, got markup ({snapshot.content_type or 'no content type'}): an error page?")
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecordError("body", f"not valid JSON: {exc}") from None


def load_html(snapshot: Snapshot) -> BeautifulSoup:
    """The page parsed with lxml, from text decoded here: a page whose declared charset is
    nonsense must not make the parser itself fail (it would otherwise raise ValueError)."""
    text = snapshot.body.decode("utf-8", errors="replace")
    try:
        return BeautifulSoup(text, "lxml")
    except (ValueError, TypeError) as exc:
        raise RecordError("body", f"not parseable as HTML: {exc}") from None


def node_text(node) -> str:
    """An HTML element's text with every run of whitespace (line breaks inside a cell, the space
    between nested tags, non-breaking spaces) made one space."""
    return " ".join(node.get_text(" ", strip=True).split())


def load_csv(snapshot: Snapshot, required_columns: Iterable[str]) -> list[dict[str, str]]:
    body = snapshot.body.lstrip()
    if body[:1] == b"<":
        raise RecordError("body", "expected CSV, got markup: an error page?")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError("body", f"not UTF-8 text: {exc}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in required_columns if c not in header]
    if missing:
        raise RecordError("header", f"missing column(s) {', '.join(missing)}; header is {header}")
    return list(reader)


def parse_snapshots(source: Source, snapshots: list[Snapshot]) -> ParseOutcome:
    outcome = ParseOutcome()
    for snapshot in snapshots:
        before_records, before_unreadable = len(outcome.records), len(outcome.unreadable)
        notices: dict[str, None] = {}  # an ordered set: a new column repeats on every row
        try:
            for item in source.parse(snapshot):
                if isinstance(item, Skip):
                    outcome.skipped.append(item)
                elif isinstance(item, Notice):
                    notices[f"{snapshot.url}: {item.message}"] = None
                elif item.kind != source.kind:
                    raise RecordError("kind", f"parser yielded {item.kind} for a {source.kind} source")
                elif isinstance(item, GpuRate) and item.gpu_id is None:
                    outcome.records.append(replace(item, gpu_id=gpus.resolve(item.provider_id, item.gpu_name, item.instance_type)))
                else:
                    outcome.records.append(item)
        except ParseError:
            raise
        except RecordError as exc:
            raise ParseError(source.id, snapshot.url, exc.field, exc.message) from exc
        except Exception as exc:  # a parser bug or a shape it never saw: still a typed, located error
            raise ParseError(source.id, snapshot.url, "body", f"{type(exc).__name__}: {exc}") from exc
        outcome.notices.extend(notices)
        read = len(outcome.records) - before_records
        outcome.origins.extend([(snapshot.url, snapshot.sha256)] * read)
        unreadable = len(outcome.unreadable) - before_unreadable
        if unreadable and unreadable > read:
            raise ParseError(source.id, snapshot.url, "rows",
                             f"{unreadable} of {read + unreadable} rows unreadable (more than half): {outcome.skip_summary(3)}")
    if not outcome.records:
        detail = f" (skipped: {outcome.skip_summary()})" if outcome.skipped else ""
        raise ParseError(source.id, snapshots[0].url if snapshots else "-", "records", f"no records parsed{detail}")
    return outcome
