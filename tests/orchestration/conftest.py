"""Shared fixtures: a real local HTTP server over ../shared/data plus misbehaving paths.

Special paths (``<rest>`` is a path served normally once the misbehaviour is over):

* ``/_special/404/<rest>``        404 every time
* ``/_special/flaky-500/<rest>``  500 on the first hit, then ``<rest>``
* ``/_special/flaky-429/<rest>``  429 on the first hit, then ``<rest>``
* ``/_special/always-500/<rest>`` 500 every time
* ``/_special/slow/<rest>``       sleeps ``state.slow_s`` before answering
* ``/_special/html/<rest>``       200 with an HTML page (Content-Type text/html)
* ``/_special/truncated/<rest>``  Content-Length of ``<rest>``, half the bytes, then close
* ``/_special/no-length/<rest>``  ``<rest>`` without Content-Length (close-delimited)
* ``/_special/redirect/<rest>``   302 to ``/<rest>``

Normal paths come from ``state.files`` (bytes set by a test) or the shared data directory,
with an ETag (content hash) and ``state.last_modified``, and honour If-None-Match /
If-Modified-Since with a 304. HEAD answers like GET without the body.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from orchestration.ingest.download import DownloadConfig

HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>Site maintenance</title></head></html>\n"
DEFAULT_LAST_MODIFIED = "Wed, 17 Sep 2025 10:00:00 GMT"


@dataclass
class Seen:
    path: str
    status: int
    headers: dict[str, str]


@dataclass
class ServerState:
    root: Path
    files: dict[str, bytes] = field(default_factory=dict)
    last_modified: str | None = DEFAULT_LAST_MODIFIED
    slow_s: float = 1.0
    conditional: bool = True
    """Whether If-None-Match / If-Modified-Since are honoured (304) or ignored."""
    hits: Counter[str] = field(default_factory=Counter)
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, path: str) -> int:
        with self.lock:
            self.hits[path] += 1
            return self.hits[path]

    def record(self, path: str, status: int, headers: dict[str, str]) -> None:
        with self.lock:
            self.seen.append(Seen(path, status, headers))

    def body_of(self, path: str) -> bytes | None:
        if path in self.files:
            return self.files[path]
        file = (self.root / path.lstrip("/")).resolve()
        if file.is_relative_to(self.root.resolve()) and file.is_file():
            return file.read_bytes()
        return None


@dataclass
class LocalServer:
    base_url: str
    state: ServerState

    def url(self, path: str) -> str:
        return self.base_url + "/" + path.lstrip("/")

    def statuses(self, path: str) -> list[int]:
        return [s.status for s in self.state.seen if s.path == path]


class _Handler(BaseHTTPRequestHandler):
    state: ServerState  # set on a per-server subclass

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        *,
        length: int | None = -1,
    ) -> None:
        """Answer; ``length`` overrides Content-Length (None: send no Content-Length)."""
        path = unquote(urlsplit(self.path).path)
        self.state.record(path, status, {k.lower(): v for k, v in self.headers.items()})
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length is not None:
            self.send_header("Content-Length", str(len(body) if length == -1 else length))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        """Like GET (same status and headers, ETag, Content-Length), without the body."""
        self.do_GET()

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        count = self.state.hit(path)
        if path.startswith("/_special/"):
            _, _, behaviour, rest = path.split("/", 3)
            self._special(behaviour, "/" + rest, count)
        else:
            self._serve(path)

    def _special(self, behaviour: str, rest: str, count: int) -> None:
        match behaviour:
            case "404":
                self._send(404, b"not here")
            case "flaky-500" | "flaky-429" if count == 1:
                self._send(int(behaviour[-3:]), b"try again")
            case "flaky-500" | "flaky-429":
                self._serve(rest)
            case "always-500":
                self._send(500, b"broken")
            case "slow":
                time.sleep(self.state.slow_s)
                self._serve(rest)
            case "html":
                self._send(200, HTML_PAGE, {"Content-Type": "text/html; charset=utf-8"})
            case "truncated":
                body = self.state.body_of(rest) or b"x" * 1000
                self.close_connection = True
                self._send(200, body[: len(body) // 2], length=len(body))
            case "no-length":
                body = self.state.body_of(rest) or b""
                self.close_connection = True
                self._send(200, body, {"Content-Type": "text/csv"}, length=None)
            case "redirect":
                self._send(302, b"", {"Location": rest})
            case _:
                self._send(400, b"unknown special path")

    def _serve(self, path: str) -> None:
        body = self.state.body_of(path)
        if body is None:
            self._send(404, b"not found")
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"Content-Type": mimetypes.guess_type(path)[0] or "application/octet-stream"}
        headers["ETag"] = etag
        if self.state.last_modified:
            headers["Last-Modified"] = self.state.last_modified
        if self._not_modified(etag):
            self._send(304, b"", headers, length=0)
            return
        self._send(200, body, headers)

    def _not_modified(self, etag: str) -> bool:
        if not self.state.conditional:
            return False
        if "If-None-Match" in self.headers:
            return self.headers["If-None-Match"] == etag
        since = self.headers.get("If-Modified-Since")
        if since and self.state.last_modified:
            return parsedate_to_datetime(self.state.last_modified) <= parsedate_to_datetime(since)
        return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # do not wait for a sleeping /_special/slow handler

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that time out or hang up are part of the tests


@pytest.fixture
def http_server(shared_data: Path) -> Iterator[LocalServer]:
    """A fresh server per test, so hit counters and files start empty."""
    state = ServerState(root=shared_data)
    handler = type("Handler", (_Handler,), {"state": state})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield LocalServer(f"http://{host}:{port}", state)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def make_config() -> Callable[..., DownloadConfig]:
    """Build a config with tiny waits so retry tests stay fast."""

    def build(mirror: str | None, **overrides: Any) -> DownloadConfig:
        settings: dict[str, Any] = {"timeout_s": 5.0, "attempts": 3, "backoff_s": 0.01}
        settings.update(overrides)
        return DownloadConfig(mirror=mirror, **settings)

    return build


@pytest.fixture
def leftover_temp_files() -> Callable[[Path], list[Path]]:
    """Files left in any ``.tmp`` folder under a data dir (there must be none)."""

    def find(data_dir: Path) -> list[Path]:
        return [p for p in data_dir.rglob("*") if p.is_file() and ".tmp" in p.parts]

    return find
