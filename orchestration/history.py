"""Downloading a source's public history as dated snapshot files, for `breakeven backfill SOURCE`.

Two sources keep their past prices in git: the LiteLLM price map (BerriAI/litellm) and the
SkyPilot catalogues (skypilot-org/skypilot-catalog). For each file this lists the commits that
touched it (GitHub's commits API, newest first), keeps one commit per day for the last year and
one per week before that, and fetches the file at each kept commit from the raw content host.

What it writes is the layout `breakeven backfill SOURCE --snapshots DIR` reads
(scrapers.replay.dated_files / DatedFilesClient): `DIR/YYYY-MM-DD_<shortsha>_<name>.<ext>`, the
date being the commit's committer date in UTC (the observation day).

A source with several files (one SkyPilot catalogue per cloud) gets, on every kept day, each file
as it stood at the end of that day (its newest commit on or before the day): a backfill day
replaces everything the source served before it, so a day holding one cloud's catalogue only
would end the other clouds' offers. A file version already on disk is copied, not fetched again.

Polite by construction: every request goes through scrapers.http.LiveClient (User-Agent,
timeouts, retries with backoff, a per-host delay, a size cap, the two declared hosts). The
GitHub API allows 60 unauthenticated requests an hour: each response's X-RateLimit-Remaining and
X-RateLimit-Reset are read, and when none are left this waits for the reset (saying so) or, if
the reset is further than `max_wait_s`, stops with a HistoryError. A token in
BREAKEVEN_GITHUB_TOKEN (never printed) raises the limit to 5,000 an hour. Files already
downloaded stay, so a stopped download resumes where it was.

The choosing, URL-building and naming functions are pure, and tested on their own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from scrapers.errors import FetchError

API_HOST = "api.github.com"
RAW_HOST = "raw.githubusercontent.com"
TOKEN_ENV = "BREAKEVEN_GITHUB_TOKEN"
PER_PAGE = 100
DAILY_DAYS = 365  # one commit per day this far back from today, one per ISO week before that
MAX_WAIT_S = 3600  # the unauthenticated window is one hour: waiting for a reset never takes longer


class HistoryError(Exception):
    """The history could not be listed (rate limit, HTTP error); files already written stay."""


@dataclass(frozen=True)
class TrackedFile:
    """One file of a repository whose commits are the history; `name` ends the snapshot file names."""

    repo: str
    path: str
    name: str
    # Set for a path that held an earlier, incompatible version of the file: it is reported, not fetched.
    skip_reason: str | None = None

    @property
    def ext(self) -> str:
        return Path(self.path).suffix.lstrip(".")


@dataclass(frozen=True)
class Commit:
    sha: str
    committed_at: datetime  # committer date, UTC

    @property
    def day(self) -> date:
        return self.committed_at.astimezone(UTC).date()


SKYPILOT_CLOUDS = ("aws", "azure", "gcp", "lambda", "runpod")
HISTORY_SOURCES: dict[str, tuple[TrackedFile, ...]] = {
    "litellm": (
        TrackedFile("BerriAI/litellm", "model_prices_and_context_window.json", "model_prices"),
        TrackedFile("BerriAI/litellm", "cookbook/community-resources/max_tokens.json", "max_tokens",
                    skip_reason="the 2023-08 predecessor of the price map ({\"MODEL_COST\": ...}, 14 models, no "
                                "provider or mode, gpt-4 input 10x too low): the litellm parser refuses it"),
    ),
    "skypilot": tuple(TrackedFile("skypilot-org/skypilot-catalog", f"catalogs/v7/{cloud}/vms.csv", f"{cloud}_vms")
                      for cloud in SKYPILOT_CLOUDS),
}


# --- pure functions ---------------------------------------------------------------------------

def commits_url(repo: str, path: str, page: int, *, since: date | None = None, per_page: int = PER_PAGE) -> str:
    """The GitHub API page listing the commits that touched `path`, newest first."""
    query = {"path": path, "per_page": per_page, "page": page}
    if since is not None:
        query["since"] = f"{since.isoformat()}T00:00:00Z"
    return f"https://{API_HOST}/repos/{repo}/commits?{urlencode(query)}"


def raw_url(repo: str, sha: str, path: str) -> str:
    """The file as it was at commit `sha`, from the raw content host."""
    return f"https://{RAW_HOST}/{repo}/{sha}/{path}"


def snapshot_name(day: date, sha: str, name: str, ext: str) -> str:
    """`YYYY-MM-DD_<shortsha>_<name>.<ext>`: what dated_files and DatedFilesClient read."""
    return f"{day.isoformat()}_{sha[:8]}_{name}.{ext}"


def parse_commits(page: object) -> list[Commit]:
    """Commits from one page of the commits API (a JSON list); committer date, else author date."""
    if not isinstance(page, list):
        message = page.get("message") if isinstance(page, dict) else None
        raise HistoryError(f"the commits API did not return a list: {message or type(page).__name__}")
    commits = []
    for item in page:
        details = item.get("commit") or {}
        stamp = (details.get("committer") or {}).get("date") or (details.get("author") or {}).get("date")
        if not item.get("sha") or not stamp:
            raise HistoryError(f"a commit without sha or date in the listing: {str(item)[:200]}")
        commits.append(Commit(item["sha"], datetime.fromisoformat(stamp)))
    return commits


def choose_commits(commits: Iterable[Commit], *, today: date, daily_days: int = DAILY_DAYS,
                   since: date | None = None) -> list[Commit]:
    """One commit per day for the last `daily_days` days, one per ISO week before; oldest first.

    The commit kept for a day (or a week) is its last one: the file as it stood at the end of it.
    """
    daily_from = today - timedelta(days=daily_days)
    latest: dict[tuple, Commit] = {}
    for commit in commits:
        day = commit.day
        if day > today or (since is not None and day < since):
            continue
        bucket = ("day", day) if day > daily_from else ("week", *day.isocalendar()[:2])
        if bucket not in latest or commit.committed_at > latest[bucket].committed_at:
            latest[bucket] = commit
    return sorted(latest.values(), key=lambda c: c.committed_at)


def version_on(commits: list[Commit], day: date) -> Commit | None:
    """The file's newest commit on or before `day` (commits in any order), or None before its first."""
    earlier = [c for c in commits if c.day <= day]
    return max(earlier, key=lambda c: c.committed_at) if earlier else None


def plan_downloads(listings: dict[TrackedFile, list[Commit]], *, today: date, daily_days: int = DAILY_DAYS,
                   since: date | None = None) -> list[tuple[date, TrackedFile, Commit]]:
    """(day, file, commit) to write, oldest day first.

    Days are chosen over the union of every file's commits; on each day every file is taken as it
    stood then, so each dated snapshot day holds the whole source.
    """
    every = [c for commits in listings.values() for c in commits]
    days = sorted({c.day for c in choose_commits(every, today=today, daily_days=daily_days, since=since)})
    plan = []
    for day in days:
        for tracked, commits in listings.items():
            commit = version_on(commits, day)
            if commit is not None:
                plan.append((day, tracked, commit))
    return plan


def next_page(link_header: str | None) -> str | None:
    """The rel="next" URL of a GitHub Link header, if any."""
    for part in (link_header or "").split(","):
        match = re.search(r'<([^>]+)>\s*;\s*rel="next"', part)
        if match:
            return match[1]
    return None


def rate_limit_pause(headers: dict, now: float) -> float | None:
    """Seconds until the API allows requests again, when the response says none are left; else None."""
    lowered = {k.lower(): v for k, v in headers.items()}
    remaining, reset = lowered.get("x-ratelimit-remaining"), lowered.get("x-ratelimit-reset")
    if remaining is None or not str(remaining).strip().isdigit() or int(remaining) > 0:
        return None
    try:
        return max(0.0, float(reset) - now + 1)
    except (TypeError, ValueError):
        return 60.0


# --- the download ----------------------------------------------------------------------------

def _api_headers() -> dict[str, str]:
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


class _Lister:
    """Pages through the commits API, watching the rate limit between requests."""

    def __init__(self, client, source_id: str, progress, *, sleep, clock, max_wait_s: float):
        self.client, self.source_id, self.progress = client, source_id, progress
        self.sleep, self.clock, self.max_wait_s = sleep, clock, max_wait_s
        self.pause: float | None = None

    def _respect_limit(self) -> None:
        if self.pause is None:
            return
        wait, self.pause = self.pause, None
        if wait > self.max_wait_s:
            raise HistoryError(f"GitHub API rate limit reached; it resets in {wait / 60:.0f} min. "
                               f"Set {TOKEN_ENV} to a GitHub token (5,000 requests an hour) or rerun later: "
                               "files already downloaded are kept")
        resume = datetime.fromtimestamp(self.clock() + wait, UTC).strftime("%H:%M:%S UTC")
        self.progress(f"  GitHub API rate limit reached (60 requests an hour without {TOKEN_ENV}): "
                      f"waiting {wait:.0f} s, until {resume}")
        self.sleep(wait)

    def commits(self, tracked: TrackedFile, since: date | None) -> list[Commit]:
        url: str | None = commits_url(tracked.repo, tracked.path, 1, since=since)
        found: list[Commit] = []
        page = 0
        while url:
            page += 1
            self._respect_limit()
            try:
                snapshot = self.client.get(self.source_id, url, headers=_api_headers())
            except FetchError as exc:
                hint = (f" (GitHub answers 403/429 when the rate limit is spent: set {TOKEN_ENV} or rerun later)"
                        if re.search(r"HTTP (403|429)", str(exc)) else "")
                raise HistoryError(f"listing the commits of {tracked.repo}/{tracked.path} failed: {exc}{hint}") from exc
            self.pause = rate_limit_pause(snapshot.headers, self.clock())
            try:
                batch = parse_commits(json.loads(snapshot.body))
            except ValueError as exc:
                raise HistoryError(f"the commits API answered something other than JSON for {url}: {exc}") from exc
            found.extend(batch)
            self.progress(f"  listed {len(found)} commits of {tracked.path} (page {page})")
            link = {k.lower(): v for k, v in snapshot.headers.items()}.get("link")
            url = next_page(link) if link is not None else (
                commits_url(tracked.repo, tracked.path, page + 1, since=since) if len(batch) >= PER_PAGE else None)
        return found


def download_history(source_id: str, dest: Path | str, *, since: date | None = None,
                     progress: Callable[[str], None] = print, client=None, today: date | None = None,
                     daily_days: int = DAILY_DAYS, max_wait_s: float = MAX_WAIT_S,
                     sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time) -> Path:
    """Write the source's public history into `dest` as dated snapshot files; return `dest`.

    Safe to rerun: a file already in `dest` is not fetched again. A file that cannot be fetched is
    reported and skipped; a listing that fails (rate limit, HTTP error) raises HistoryError.
    """
    if source_id not in HISTORY_SOURCES:
        raise HistoryError(f"no public history is known for {source_id!r}; known: {', '.join(sorted(HISTORY_SOURCES))} "
                           "(or give a folder of dated snapshots)")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    today = today or datetime.now(UTC).date()
    if client is None:
        from scrapers.http import LiveClient

        client = LiveClient(allowed_hosts={API_HOST, RAW_HOST})
    lister = _Lister(client, source_id, progress, sleep=sleep, clock=clock, max_wait_s=max_wait_s)

    listings: dict[TrackedFile, list[Commit]] = {}
    for tracked in HISTORY_SOURCES[source_id]:
        if tracked.skip_reason:
            progress(f"  skipped {tracked.repo}/{tracked.path}: {tracked.skip_reason}")
            continue
        listings[tracked] = lister.commits(tracked, since)

    plan = plan_downloads(listings, today=today, daily_days=daily_days, since=since)
    days = sorted({day for day, _, _ in plan})
    progress(f"  {len(days)} days to write ({len(plan)} files): one commit per day since "
             f"{today - timedelta(days=daily_days)}, one per week before")
    fetched: dict[tuple[str, str], Path] = {}  # (path, sha) -> a file already holding those bytes
    written = failed = 0
    for index, (day, tracked, commit) in enumerate(plan, start=1):
        target = dest / snapshot_name(day, commit.sha, tracked.name, tracked.ext)
        label = f"  [{index}/{len(plan)}] {day} {commit.sha[:8]} {tracked.name}"
        if target.exists():
            fetched.setdefault((tracked.path, commit.sha), target)
            continue
        known = fetched.get((tracked.path, commit.sha))
        if known is not None:
            shutil.copyfile(known, target)
            progress(f"{label}: unchanged since {known.name[:10]}")
            continue
        try:
            snapshot = client.get(source_id, raw_url(tracked.repo, commit.sha, tracked.path))
        except FetchError as exc:
            failed += 1
            progress(f"{label}: SKIPPED {exc}")
            continue
        partial = target.with_name(f".{target.name}.part")
        partial.write_bytes(snapshot.body)
        partial.replace(target)  # never a half-written dated file
        fetched[(tracked.path, commit.sha)] = target
        written += 1
        progress(f"{label}: {len(snapshot.body):,} bytes")
    progress(f"  {written} files downloaded, {failed} failed, into {dest}")
    return dest
