"""Downloading public history: the pure choosing/naming functions, and a whole download served
offline from a recorded commit listing and recorded files."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from orchestration import history
from orchestration.history import (
    Commit,
    HistoryError,
    TrackedFile,
    choose_commits,
    commits_url,
    download_history,
    next_page,
    parse_commits,
    plan_downloads,
    rate_limit_pause,
    raw_url,
    snapshot_name,
    version_on,
)
from scrapers.errors import FetchError
from scrapers.replay import DatedFilesClient, dated_files
from scrapers.snapshot import Snapshot, utc_now
from scrapers.sources.skypilot import SOURCE as SKYPILOT
from tests.conftest import FIXTURES

GITHUB = FIXTURES / "history" / "github"
BUNDLED_LITELLM = FIXTURES / "history" / "litellm"
TODAY = date(2026, 3, 10)


def commit(sha: str, stamp: str) -> Commit:
    return Commit(sha, datetime.fromisoformat(stamp).replace(tzinfo=UTC))


# --- pure functions ---------------------------------------------------------------------------

def test_the_commits_url_lists_one_path_a_hundred_at_a_time():
    url = commits_url("BerriAI/litellm", "model_prices_and_context_window.json", 3, since=date(2024, 1, 1))
    parts = urlsplit(url)
    assert (parts.scheme, parts.hostname, parts.path) == ("https", "api.github.com", "/repos/BerriAI/litellm/commits")
    assert parse_qs(parts.query) == {"path": ["model_prices_and_context_window.json"], "per_page": ["100"],
                                     "page": ["3"], "since": ["2024-01-01T00:00:00Z"]}


def test_the_raw_url_names_the_commit_and_the_path():
    assert raw_url("skypilot-org/skypilot-catalog", "abc123", "catalogs/v7/aws/vms.csv") == \
        "https://raw.githubusercontent.com/skypilot-org/skypilot-catalog/abc123/catalogs/v7/aws/vms.csv"


def test_snapshot_names_are_what_a_backfill_reads():
    name = snapshot_name(date(2025, 1, 31), "001367d22a0033fac286a8c71aeac7109e431bcb", "aws_vms", "csv")
    assert name == "2025-01-31_001367d2_aws_vms.csv"
    # DatedFilesClient tells the cloud from the name: this file answers the AWS catalogue URL only.
    client = DatedFilesClient([GITHUB / name], SKYPILOT.urls)
    assert client.file_for("skypilot", SKYPILOT.urls[0]).name == name
    with pytest.raises(FetchError):
        client.file_for("skypilot", SKYPILOT.urls[1])


def test_a_commit_is_dated_by_its_committer_in_utc():
    [parsed] = parse_commits([{"sha": "a" * 40, "commit": {
        "author": {"date": "2024-01-01T23:00:00Z"}, "committer": {"date": "2024-01-02T01:30:00+02:00"}}}])
    assert parsed.day == date(2024, 1, 1)  # 01:30 at +02:00 is 23:30 UTC the day before


def test_a_listing_that_is_not_a_list_is_an_error_not_an_empty_history():
    with pytest.raises(HistoryError, match="API rate limit exceeded"):
        parse_commits({"message": "API rate limit exceeded for 203.0.113.7."})


def test_the_last_year_keeps_the_last_commit_of_each_day():
    commits = [commit("a1", "2026-03-01T09:00:00"), commit("a2", "2026-03-01T17:00:00"),
               commit("b1", "2026-03-02T08:00:00")]
    assert [c.sha for c in choose_commits(commits, today=TODAY)] == ["a2", "b1"]


def test_older_history_keeps_the_last_commit_of_each_week():
    # 2024-01-01 is a Monday: the first three share ISO week 1, the fourth is week 2.
    commits = [commit("mon", "2024-01-01T10:00:00"), commit("wed", "2024-01-03T10:00:00"),
               commit("sun", "2024-01-07T22:00:00"), commit("next", "2024-01-08T10:00:00")]
    assert [c.sha for c in choose_commits(commits, today=TODAY)] == ["sun", "next"]


def test_the_daily_window_ends_a_year_before_today():
    day_before, inside = commit("old", "2025-03-09T10:00:00"), commit("new", "2025-03-11T10:00:00")
    same_week_as_old = commit("older", "2025-03-04T10:00:00")  # Tue of the week that ends Sun 2025-03-09
    chosen = choose_commits([same_week_as_old, day_before, inside, commit("x", "2025-03-11T08:00:00")], today=TODAY)
    assert [c.sha for c in chosen] == ["old", "new"]


def test_since_and_today_bound_the_choice():
    commits = [commit("early", "2023-10-02T10:00:00"), commit("kept", "2025-12-01T10:00:00"),
               commit("future", "2026-04-01T10:00:00")]
    assert [c.sha for c in choose_commits(commits, today=TODAY, since=date(2024, 1, 1))] == ["kept"]


def test_each_day_holds_every_file_as_it_stood_then():
    aws = TrackedFile("r", "catalogs/v7/aws/vms.csv", "aws_vms")
    lam = TrackedFile("r", "catalogs/v7/lambda/vms.csv", "lambda_vms")
    listings = {aws: [commit("aws2", "2026-03-05T10:00:00"), commit("aws1", "2026-03-01T10:00:00")],
                lam: [commit("lam1", "2026-03-03T10:00:00")]}
    plan = [(d.isoformat(), f.name, c.sha) for d, f, c in plan_downloads(listings, today=TODAY)]
    assert plan == [("2026-03-01", "aws_vms", "aws1"),
                    ("2026-03-03", "aws_vms", "aws1"), ("2026-03-03", "lambda_vms", "lam1"),
                    ("2026-03-05", "aws_vms", "aws2"), ("2026-03-05", "lambda_vms", "lam1")]
    assert version_on(listings[lam], date(2026, 3, 2)) is None


def test_next_page_follows_the_link_header():
    link = ('<https://api.github.com/repositories/1/commits?path=x&page=2>; rel="next", '
            '<https://api.github.com/repositories/1/commits?path=x&page=9>; rel="last"')
    assert next_page(link) == "https://api.github.com/repositories/1/commits?path=x&page=2"
    assert next_page('<https://api.github.com/x?page=1>; rel="first"') is None


def test_the_rate_limit_says_how_long_to_wait_only_when_spent():
    assert rate_limit_pause({"X-RateLimit-Remaining": "12", "X-RateLimit-Reset": "1000"}, now=900) is None
    assert rate_limit_pause({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1000"}, now=900) == 101
    assert rate_limit_pause({}, now=900) is None


# --- a whole download, offline --------------------------------------------------------------

# A commit of the listing whose file the recorded server answers with HTTP 404 (a failed download).
UNFETCHABLE = "2d2931a2"


class RecordedGitHub:
    """Serves the recorded commit listing and, for raw URLs, the bundled snapshot of that commit
    (HTTP 404 for UNFETCHABLE and for a commit with no bundled snapshot)."""

    def __init__(self, remaining: str = "57", reset: str = "1700000000"):
        self.requests: list[tuple[str, dict]] = []
        self.remaining, self.reset = remaining, reset

    def get(self, source_id, url, *, headers=None, json_body=None):
        self.requests.append((url, dict(headers or {})))
        parts = urlsplit(url)
        if parts.hostname == "api.github.com":
            page = parse_qs(parts.query)["page"][0]
            body = (GITHUB / f"BerriAI_litellm_commits_page{page}.json").read_bytes()
            served = {"Content-Type": "application/json; charset=utf-8",
                      "X-RateLimit-Remaining": self.remaining, "X-RateLimit-Reset": self.reset}
            if page == "1":
                served["Link"] = (f'<{commits_url("BerriAI/litellm", "model_prices_and_context_window.json", 2)}>; '
                                  'rel="next"')
            return Snapshot(source_id, url, utc_now(), 200, body, served)
        sha = parts.path.split("/")[3]
        recorded = list(BUNDLED_LITELLM.glob(f"*_{sha[:7]}_model_prices.json"))
        if not recorded or sha.startswith(UNFETCHABLE):
            raise FetchError(source_id, url, "HTTP 404")
        return Snapshot(source_id, url, utc_now(), 200, recorded[0].read_bytes(), {"Content-Type": "text/plain"})


def test_litellm_history_is_written_as_dated_snapshots(tmp_path, monkeypatch):
    monkeypatch.delenv(history.TOKEN_ENV, raising=False)
    lines: list[str] = []
    client = RecordedGitHub()
    out = download_history("litellm", tmp_path / "litellm", progress=lines.append, client=client, today=TODAY)

    days = dated_files(out)
    assert sorted(days) == ["2024-12-28", "2025-03-31", "2025-06-27", "2025-09-30", "2025-12-27", "2026-03-03"]
    assert [p.name for p in days["2026-03-03"]] == ["2026-03-03_daa0397f_model_prices.json"]
    expected = next(BUNDLED_LITELLM.glob("2026-03-03_*"))
    assert days["2026-03-03"][0].read_bytes() == expected.read_bytes()
    # The commit whose file could not be fetched is reported and skipped; the predecessor path too.
    assert any("2024-11-28 2d2931a2 model_prices: SKIPPED" in line and "HTTP 404" in line for line in lines)
    assert any("max_tokens.json" in line and "refuses it" in line for line in lines)
    api_calls = [url for url, _ in client.requests if "api.github.com" in url]
    assert len(api_calls) == 2 and "cookbook" not in " ".join(api_calls)
    assert not any(path.name.startswith(".") for path in out.iterdir())  # no partial files left


def test_a_rerun_fetches_nothing_again(tmp_path):
    download_history("litellm", tmp_path, progress=lambda line: None, client=RecordedGitHub(), today=TODAY)
    again = RecordedGitHub()
    download_history("litellm", tmp_path, progress=lambda line: None, client=again, today=TODAY)
    raw_calls = [url for url, _ in again.requests if "raw.githubusercontent.com" in url]
    assert raw_calls == [raw_url("BerriAI/litellm", "2d2931a2153a919f9321d595a774a08e1b371979",
                                 "model_prices_and_context_window.json")]  # only the one that failed before


def test_the_token_goes_to_the_api_only_and_is_never_printed(tmp_path, monkeypatch):
    monkeypatch.setenv(history.TOKEN_ENV, "ghp_not_a_real_token")
    lines: list[str] = []
    client = RecordedGitHub()
    download_history("litellm", tmp_path, progress=lines.append, client=client, today=TODAY)
    for url, headers in client.requests:
        sent = headers.get("Authorization")
        assert sent == ("Bearer ghp_not_a_real_token" if "api.github.com" in url else None)
    assert not any("ghp_not_a_real_token" in line for line in lines)


def test_a_spent_rate_limit_waits_for_the_reset_and_says_so(tmp_path):
    waited: list[float] = []
    lines: list[str] = []
    client = RecordedGitHub(remaining="0", reset="1000")
    download_history("litellm", tmp_path, progress=lines.append, client=client, today=TODAY,
                     sleep=waited.append, clock=lambda: 700.0)
    assert waited == [301.0]  # before page 2, not after the last page
    assert any("rate limit reached" in line and "waiting 301 s" in line for line in lines)


def test_a_reset_too_far_away_stops_with_a_clear_message(tmp_path):
    client = RecordedGitHub(remaining="0", reset="99999")
    with pytest.raises(HistoryError, match="BREAKEVEN_GITHUB_TOKEN"):
        download_history("litellm", tmp_path, progress=lambda line: None, client=client, today=TODAY,
                         sleep=lambda s: None, clock=lambda: 0.0, max_wait_s=600)


def test_an_http_403_from_the_api_points_at_the_rate_limit(tmp_path):
    class Refusing:
        def get(self, source_id, url, *, headers=None, json_body=None):
            raise FetchError(source_id, url, "HTTP 403")

    with pytest.raises(HistoryError, match="rate limit"):
        download_history("litellm", tmp_path, progress=lambda line: None, client=Refusing(), today=TODAY)


def test_an_unknown_source_has_no_public_history(tmp_path):
    with pytest.raises(HistoryError, match="known: litellm, skypilot"):
        download_history("openrouter", tmp_path, client=RecordedGitHub())


def test_skypilot_days_hold_every_cloud_and_reuse_unchanged_versions(tmp_path):
    listings = {"aws": [("a" * 40, "2026-03-05T06:00:00Z"), ("b" * 40, "2026-03-01T06:00:00Z")],
                "lambda": [("c" * 40, "2026-02-20T06:00:00Z")]}

    class FakeCatalogue:
        def __init__(self):
            self.raw_fetches: list[str] = []

        def get(self, source_id, url, *, headers=None, json_body=None):
            parts = urlsplit(url)
            if parts.hostname == "api.github.com":
                cloud = parse_qs(parts.query)["path"][0].split("/")[2]
                page = [{"sha": sha, "commit": {"committer": {"date": stamp}}} for sha, stamp in listings.get(cloud, [])]
                return Snapshot(source_id, url, utc_now(), 200, json.dumps(page).encode(), {})
            self.raw_fetches.append(url)
            return Snapshot(source_id, url, utc_now(), 200, f"catalogue at {url}\n".encode(), {})

    client = FakeCatalogue()
    out = download_history("skypilot", tmp_path, progress=lambda line: None, client=client, today=TODAY)
    assert {day: [p.name for p in files] for day, files in dated_files(out).items()} == {
        "2026-02-20": ["2026-02-20_cccccccc_lambda_vms.csv"],
        "2026-03-01": ["2026-03-01_bbbbbbbb_aws_vms.csv", "2026-03-01_cccccccc_lambda_vms.csv"],
        "2026-03-05": ["2026-03-05_aaaaaaaa_aws_vms.csv", "2026-03-05_cccccccc_lambda_vms.csv"],
    }
    assert len(client.raw_fetches) == 3  # the lambda catalogue was fetched once and copied
    assert (out / "2026-03-05_cccccccc_lambda_vms.csv").read_bytes() == (out / "2026-02-20_cccccccc_lambda_vms.csv").read_bytes()
