"""The live HTTP client: polite, bounded, and explicit about what went wrong.

- identifies itself with a User-Agent that says what breakeven is;
- connect and read timeouts on every request;
- retries with exponential backoff on 429 and 5xx, honouring Retry-After (urllib3's Retry);
- waits a minimum delay between two requests to the same host;
- refuses bodies over a size cap, and redirects that leave the source's declared hosts.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from scrapers.errors import FetchError
from scrapers.snapshot import Snapshot, utc_now

USER_AGENT = "breakeven/0.1 (open inference-cost warehouse; daily price snapshots; +https://github.com/breakeven)"
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 60.0
MAX_BODY_BYTES = 64 * 1024 * 1024
PER_HOST_DELAY_S = 1.0
MAX_REDIRECTS = 5


def _retry_policy() -> Retry:
    return Retry(
        total=4,
        connect=3,
        read=2,
        status=4,
        backoff_factor=1.0,
        backoff_max=60,
        retry_after_max=120,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )


class _DeclaredHostsSession(requests.Session):
    """A session that will not follow a redirect to a host the source did not declare."""

    def __init__(self, allowed_hosts: frozenset[str] | None):
        super().__init__()
        self.allowed_hosts = allowed_hosts
        self.source_id = "?"

    def get_redirect_target(self, resp):
        target = super().get_redirect_target(resp)
        if target and self.allowed_hosts is not None:
            host = urlsplit(requests.compat.urljoin(resp.url, target)).hostname or ""
            if host not in self.allowed_hosts:
                raise FetchError(self.source_id, resp.url, f"redirect to undeclared host {host!r} refused")
        return target


def _describe(exc: requests.exceptions.RequestException) -> str:
    """Say what went wrong in words: with retries on, requests wraps timeouts and resets in a
    ConnectionError around urllib3's MaxRetryError, whose `reason` holds the real cause."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    cause = reason or exc
    text = f"{type(cause).__name__}: {cause}"
    if isinstance(cause, urllib3.exceptions.ReadTimeoutError) or "Read timed out" in text:
        return f"read timeout (gave up after retries): {cause}"
    if isinstance(cause, urllib3.exceptions.ConnectTimeoutError) or "timed out" in text:
        return f"connect timeout (gave up after retries): {cause}"
    if isinstance(cause, urllib3.exceptions.ProtocolError) or "reset by peer" in text:
        return f"connection reset or broken by the server: {cause}"
    return text


class LiveClient:
    """Fetches over the network and returns Snapshots. One client serves one run."""

    def __init__(
        self,
        *,
        allowed_hosts: set[str] | None = None,
        per_host_delay_s: float = PER_HOST_DELAY_S,
        max_body_bytes: int = MAX_BODY_BYTES,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
        retry: Retry | None = None,
    ):
        self.session = _DeclaredHostsSession(frozenset(allowed_hosts) if allowed_hosts else None)
        self.session.max_redirects = MAX_REDIRECTS
        self.session.headers["User-Agent"] = USER_AGENT
        adapter = HTTPAdapter(max_retries=retry if retry is not None else _retry_policy())
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.per_host_delay_s = per_host_delay_s
        self.max_body_bytes = max_body_bytes
        self.timeout = timeout
        self._last_request_at: dict[str, float] = {}

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).hostname or ""
        last = self._last_request_at.get(host)
        if last is not None:
            pause = self.per_host_delay_s - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last_request_at[host] = time.monotonic()

    def get(self, source_id: str, url: str, *, headers: dict | None = None,
            json_body: dict | None = None) -> Snapshot:
        """GET `url` (or POST `json_body` to it) and return the response as a Snapshot.

        Raises FetchError naming the source and the URL for anything but a complete 2xx body.
        """
        allowed = self.session.allowed_hosts
        if allowed is not None and urlsplit(url).hostname not in allowed:
            raise FetchError(source_id, url, "host is not declared by the source")
        self.session.source_id = source_id
        self._wait_for_host(url)
        method = "POST" if json_body is not None else "GET"
        try:
            with self.session.request(method, url, headers=headers, json=json_body,
                                      timeout=self.timeout, stream=True) as response:
                body = self._read_capped(source_id, url, response)
                status = response.status_code
                served_headers = dict(response.headers)
        except FetchError:
            raise
        except requests.exceptions.RetryError as exc:
            raise FetchError(source_id, url, f"gave up after retries: {exc}") from exc
        except requests.exceptions.TooManyRedirects as exc:
            raise FetchError(source_id, url, f"too many redirects (max {MAX_REDIRECTS})") from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise FetchError(source_id, url, f"connect timeout after {self.timeout[0]} s") from exc
        except requests.exceptions.ReadTimeout as exc:
            raise FetchError(source_id, url, f"read timeout after {self.timeout[1]} s") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(source_id, url, _describe(exc)) from exc
        if not 200 <= status < 300:
            raise FetchError(source_id, url, f"HTTP {status}")
        return Snapshot(source_id=source_id, url=url, fetched_at=utc_now(), status=status,
                        body=body, headers=served_headers)

    def _read_capped(self, source_id: str, url: str, response: requests.Response) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_body_bytes:
            raise FetchError(source_id, url, f"body of {declared} bytes exceeds the cap of {self.max_body_bytes}")
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > self.max_body_bytes:
                    raise FetchError(source_id, url, f"body exceeds the cap of {self.max_body_bytes} bytes")
                chunks.append(chunk)
        except requests.exceptions.ChunkedEncodingError as exc:
            raise FetchError(source_id, url, f"truncated body: {exc}") from exc
        body = b"".join(chunks)
        if declared and declared.isdigit() and len(body) < int(declared) and "Content-Encoding" not in response.headers:
            raise FetchError(source_id, url, f"truncated body: {len(body)} of {declared} bytes")
        return body
