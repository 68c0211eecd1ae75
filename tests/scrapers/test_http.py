"""The live client against a real HTTP server on 127.0.0.1: retries, caps, timeouts, redirects."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from urllib3.util.retry import Retry

from scrapers.errors import FetchError
from scrapers.http import USER_AGENT, LiveClient

HITS: dict[str, int] = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (the timeout test)

    def do_GET(self):
        HITS[self.path] = HITS.get(self.path, 0) + 1
        if self.path == "/ok":
            self._send(200, self.headers["User-Agent"].encode(), {"Content-Type": "text/plain"})
        elif self.path == "/retry-after":
            if HITS[self.path] == 1:
                self._send(429, b"slow down", {"Retry-After": "1"})
            else:
                self._send(200, b"fine")
        elif self.path == "/always-500":
            self._send(500, b"oops")
        elif self.path == "/big":
            self._send(200, b"x" * 5000)
        elif self.path == "/redirect-away":
            self._send(302, headers={"Location": "http://elsewhere.invalid/prices"})
        elif self.path == "/loop":
            self._send(302, headers={"Location": "/loop"})
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, b"late")
        elif self.path == "/truncated":
            self._send(200, b"half", {"Content-Length": "100"})
        else:
            self._send(404)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _client(**kwargs):
    fast = Retry(total=2, status=2, backoff_factor=0.01, status_forcelist=(429, 500, 502, 503, 504),
                 respect_retry_after_header=True, raise_on_status=False)
    return LiveClient(allowed_hosts={"127.0.0.1"}, per_host_delay_s=0, retry=fast, **kwargs)


def test_requests_identify_breakeven_with_its_user_agent(server):
    assert _client().get("demo", f"{server}/ok").body.decode() == USER_AGENT


def test_a_429_is_retried_after_the_delay_the_server_asked_for(server):
    started = time.monotonic()
    assert _client().get("demo", f"{server}/retry-after").body == b"fine"
    assert time.monotonic() - started >= 0.9


def test_a_server_error_that_persists_is_a_fetch_error_naming_source_and_url(server):
    with pytest.raises(FetchError) as err:
        _client().get("demo", f"{server}/always-500")
    assert err.value.source_id == "demo" and err.value.url.endswith("/always-500")
    assert HITS["/always-500"] == 3  # the first try and two retries


def test_a_body_over_the_cap_is_refused(server):
    with pytest.raises(FetchError, match="exceeds the cap"):
        _client(max_body_bytes=1000).get("demo", f"{server}/big")


def test_a_redirect_to_an_undeclared_host_is_refused(server):
    with pytest.raises(FetchError, match="undeclared host"):
        _client().get("demo", f"{server}/redirect-away")


def test_a_redirect_loop_ends_in_a_fetch_error(server):
    with pytest.raises(FetchError, match="redirect"):
        _client().get("demo", f"{server}/loop")


def test_a_slow_server_hits_the_read_timeout(server):
    with pytest.raises(FetchError, match="timeout"):
        LiveClient(allowed_hosts={"127.0.0.1"}, per_host_delay_s=0, timeout=(1, 0.5),
                   retry=Retry(total=0, read=0)).get("demo", f"{server}/slow")


def test_a_truncated_body_is_a_fetch_error(server):
    with pytest.raises(FetchError, match="truncated"):
        _client().get("demo", f"{server}/truncated")


def test_a_host_the_source_did_not_declare_is_never_contacted():
    with pytest.raises(FetchError, match="not declared"):
        _client().get("demo", "http://example.com/prices")


def test_two_requests_to_one_host_are_spaced_by_the_per_host_delay(server):
    client = LiveClient(allowed_hosts={"127.0.0.1"}, per_host_delay_s=0.4)
    started = time.monotonic()
    client.get("demo", f"{server}/ok")
    client.get("demo", f"{server}/ok")
    assert time.monotonic() - started >= 0.4
