"""A local HTTP server that plays every source's real endpoints, and a live client pointed at it.

The server listens on 127.0.0.1 (a random port) and answers each request with the bundled
snapshot of that source and URL (tests/fixtures/<source_id>/<slug>.<ext>, looked up exactly as
the replay client does), unless a fault is set for the source: then it misbehaves the way a real
server does (a status code, a stall, a reset, a truncated or oversized body, a redirect loop, an
error page, a changed document).

`LocalLiveClient` is the production `LiveClient` with one change: its transport sends every
request to that server, keeping the path and query, and tells the server which source and which
original URL it is asking for (two request headers). Everything else is the real client: the
declared-host check runs on the ORIGINAL URL, redirects are resolved against the original URL and
checked against the declared hosts, and retries, Retry-After, timeouts and the size cap are the
production code, with small numbers so that the suite stays fast.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter

from scrapers.errors import FetchError
from scrapers.http import LiveClient, _retry_policy
from scrapers.replay import ReplayClient

SOURCE_HEADER = "X-Fault-Source"
URL_HEADER = "X-Fault-Url"

# The test client's numbers: the production policy (status list, Retry-After, methods) with
# fewer tries and a tiny backoff; a cap far above every fixture (the largest is ~45 KB).
CONNECT_TIMEOUT_S = 0.5
READ_TIMEOUT_S = 1.0
BODY_CAP_BYTES = 256 * 1024
RETRY_AFTER_S = 1
# How long a stalling handler waits before it gives up (always longer than the read timeout).
STALL_S = 4.0

ERROR_PAGE = (b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
              b"<body><h1>Bad Gateway</h1><p>The upstream server is temporarily unavailable. "
              b"Please try again in a few minutes.</p><hr><address>cloudflare</address></body></html>\n")


def fast_retry():
    return _retry_policy().new(total=2, connect=1, read=1, status=2, backoff_factor=0.01)


@dataclass(frozen=True)
class Plan:
    """How the server answers one source. `kind` picks a behaviour of the handler below;
    `mutate(source_id, url, body) -> body` rewrites the snapshot for the content faults."""

    kind: str = "ok"
    mutate: Callable[[str, str, bytes], bytes] | None = None


OK = Plan()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._answer()

    def do_POST(self):
        self._answer()

    # -- helpers ------------------------------------------------------------------------------

    def _head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/plain",
              extra: dict[str, str] | None = None) -> None:
        self._head(status, {"Content-Type": content_type, "Content-Length": str(len(body)), **(extra or {})})
        self._write(body)

    def _write(self, data: bytes) -> bool:
        try:
            self.wfile.write(data)
            self.wfile.flush()
            return True
        except OSError:  # the client gave up first (cap, timeout): that is the point
            return False

    def _reset(self) -> None:
        """Close with an RST instead of a FIN: what a crashed proxy looks like."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    # -- the answer ---------------------------------------------------------------------------

    def _answer(self) -> None:
        source_id = self.headers.get(SOURCE_HEADER, "")
        url = self.headers.get(URL_HEADER, "")
        length = int(self.headers.get("Content-Length") or 0)
        request_body = self.rfile.read(length) if length else b""
        json_body = json.loads(request_body) if request_body else None
        plan = self.server.plan_for(source_id)
        hit = self.server.count_hit(source_id, url)
        kind = plan.kind

        if kind == "http_500":
            return self._send(500, b"Internal Server Error")
        if kind == "http_503":
            return self._send(503, b"Service Unavailable")
        if kind == "http_429" or (kind == "http_429_once" and hit == 1):
            return self._send(429, b"Too Many Requests", extra={"Retry-After": str(RETRY_AFTER_S)})
        if kind == "read_timeout":  # accept, read the request, never answer
            self.server.stop.wait(STALL_S)
            self.close_connection = True
            return None
        if kind == "connection_reset":
            return self._reset()
        if kind == "redirect_loop":
            parts = urlsplit(url)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            return self._send(302, b"", extra={"Location": target})
        if kind == "error_page":
            return self._send(200, ERROR_PAGE, "text/html; charset=utf-8")

        try:
            snapshot = ReplayClient(self.server.fixtures).get(source_id, url, json_body=json_body)
        except FetchError as exc:
            return self._send(404, str(exc).encode())
        body, content_type = snapshot.body, snapshot.content_type or "application/octet-stream"
        if plan.mutate is not None:
            body = plan.mutate(source_id, url, body)

        if kind == "truncated":  # promise the whole body, send half, hang up
            self._head(200, {"Content-Type": content_type, "Content-Length": str(len(body))})
            self._write(body[: len(body) // 2])
            return None
        if kind == "stalled_body":  # headers and half the body, then silence
            self._head(200, {"Content-Type": content_type, "Content-Length": str(len(body))})
            self._write(body[: len(body) // 2])
            self.server.stop.wait(STALL_S)
            return None
        if kind == "oversize_declared":  # a Content-Length over the cap
            size = 4 * self.server.body_cap
            self._head(200, {"Content-Type": content_type, "Content-Length": str(size)})
            self._write(body + b" " * (size - len(body)))
            return None
        if kind == "oversize_chunked":  # no length at all: the cap must stop the stream
            self._head(200, {"Content-Type": content_type, "Transfer-Encoding": "chunked"})
            sent, chunk = 0, b" " * 65536
            for part in (body, *[chunk] * (4 * self.server.body_cap // len(chunk))):
                if not self._write(b"%x\r\n%s\r\n" % (len(part), part)):
                    return None
                sent += len(part)
            self._write(b"0\r\n\r\n")
            return None
        return self._send(200, body, content_type)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops handshakes when every source follows redirects at once:
    # the client then sees a connect timeout, not the fault under test.
    request_queue_size = 128

    def __init__(self, fixtures: Path, body_cap: int):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fixtures = Path(fixtures)
        self.body_cap = body_cap
        self.stop = threading.Event()
        self.plans: dict[str, Plan] = {}
        self.hits: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def plan_for(self, source_id: str) -> Plan:
        return self.plans.get(source_id, OK)

    def count_hit(self, source_id: str, url: str) -> int:
        """Count the request; returns how many requests this source has made since its plan was set."""
        with self._lock:
            key = (source_id, url)
            self.hits[key] = self.hits.get(key, 0) + 1
            return sum(n for (s, _), n in self.hits.items() if s == source_id)

    def handle_error(self, request, client_address):
        pass  # a reset or a client that hung up is expected here; the tests assert on the client side


class FaultServer:
    """The local server, plus a port that never completes a TCP handshake (the connect timeout)."""

    def __init__(self, fixtures: Path, body_cap: int = BODY_CAP_BYTES):
        self._httpd = _Server(fixtures, body_cap)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        # A listener with a backlog of one, filled: further SYNs are dropped, so connect() times out.
        self._blackhole = socket.socket()
        self._blackhole.bind(("127.0.0.1", 0))
        self._blackhole.listen(0)
        self._fillers = []
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect(self._blackhole.getsockname())
            except BlockingIOError:
                pass
            self._fillers.append(filler)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def body_cap(self) -> int:
        return self._httpd.body_cap

    def start(self) -> "FaultServer":
        self._thread.start()
        return self

    def close(self) -> None:
        self._httpd.stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        for sock in (*self._fillers, self._blackhole):
            sock.close()

    def set_plans(self, plans: dict[str, Plan]) -> None:
        """What each source gets from now on (sources not named are served normally)."""
        self._httpd.plans = dict(plans)
        self._httpd.hits.clear()

    def hits(self, source_id: str) -> int:
        return sum(n for (s, _), n in self._httpd.hits.items() if s == source_id)

    def port_for(self, source_id: str) -> int:
        if self._httpd.plan_for(source_id).kind == "connect_timeout":
            return self._blackhole.getsockname()[1]
        return self.port

    def client(self, allowed_hosts: set[str] | None) -> "LocalLiveClient":
        return LocalLiveClient(self, allowed_hosts=allowed_hosts)


class _ToLocalServer(HTTPAdapter):
    """Sends each request to the fault server, then makes the response look as if it came from
    the original URL, so that redirects are resolved and checked against the real hosts."""

    def __init__(self, server: FaultServer, session, **kwargs):
        super().__init__(**kwargs)
        self._server = server
        self._session = session

    def send(self, request, **kwargs):
        original = urlsplit(request.url)
        local = request.copy()
        source_id = self._session.source_id
        query = f"?{original.query}" if original.query else ""
        local.url = f"http://127.0.0.1:{self._server.port_for(source_id)}{original.path or '/'}{query}"
        local.headers[SOURCE_HEADER] = source_id
        # The URL as the source wrote it (before requests quoted it): the key of its snapshot.
        local.headers[URL_HEADER] = getattr(self._session, "requested_url", None) or request.url
        response = super().send(local, **kwargs)
        response.url = request.url
        response.request = request
        return response


class LocalLiveClient(LiveClient):
    def __init__(self, server: FaultServer, *, allowed_hosts: set[str] | None):
        retry = fast_retry()
        super().__init__(allowed_hosts=allowed_hosts, per_host_delay_s=0, max_body_bytes=server.body_cap,
                         timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S), retry=retry)
        adapter = _ToLocalServer(server, self.session, max_retries=retry)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def get(self, source_id: str, url: str, **kwargs):
        self.session.requested_url = url
        return super().get(source_id, url, **kwargs)
