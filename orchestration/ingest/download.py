"""Fetch one release's bytes from the publisher or from a mirror.

A release comes from one of three places, chosen by :class:`DownloadConfig.mirror`:

* ``None`` -- the publisher's official URL (``release.official_url``);
* an ``http(s)://`` base URL -- ``<base>/<release.file_name>``;
* a local directory -- ``<dir>/<release.file_name>``.

:func:`fetch` streams the body to a path the caller chose, hashing it on the way, and
refuses bodies that are not what the release's ``kind`` promises (an HTML error page
served with status 200, a truncated transfer, a gzip without its magic bytes ...).
Network errors, timeouts and HTTP 5xx/429 are retried with exponential backoff; any
other HTTP error is final. Every failure is a :class:`DownloadError` whose one-line
message names the release file, the location and the reason.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlsplit

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from orchestration import progress
from orchestration.catalog.registry import Release

log = logging.getLogger(__name__)

CHUNK_SIZE = 1 << 16
HEAD_SIZE = 1024
"""How many leading bytes are sniffed to check the body's kind."""
MAX_BACKOFF_S = 60.0
USER_AGENT = "ironriver/0.1 (data warehouse; +https://github.com/)"

_KIND_LABEL = {"csv": "CSV", "json": "JSON", "xlsx": "XLSX", "gzip": "gzip"}
_UTF8_BOM = b"\xef\xbb\xbf"
_RETRY_STATUSES = frozenset({429})


class DownloadError(Exception):
    """A release that could not be fetched, or whose bytes were refused."""

    def __init__(self, file_name: str, location: str, reason: str, *, retryable: bool = False):
        self.file_name = file_name
        self.location = location
        self.reason = reason
        self.retryable = retryable
        super().__init__(f"{file_name} from {location}: {reason}")


@dataclass(frozen=True)
class DownloadConfig:
    mirror: str | None
    """A local directory, an http(s) base URL, or None for the publishers' official URLs."""
    timeout_s: float = 60
    """Connect/read/write timeout per network operation (not a deadline for the whole body)."""
    attempts: int = 4
    backoff_s: float = 1.0
    """First wait between attempts; doubles after each failed attempt (capped at 60 s)."""
    max_bytes: int = 2 * 1024**3

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"attempts must be >= 1, got {self.attempts}")
        if self.timeout_s <= 0 or self.backoff_s < 0 or self.max_bytes <= 0:
            raise ValueError(f"invalid download config: {self}")
        if self.mirror is not None and is_url(self.mirror):
            parts = urlsplit(self.mirror)
            if not parts.netloc or parts.query or parts.fragment:
                raise ValueError(f"mirror URL must be a plain base URL, got {self.mirror!r}")

    @property
    def mirror_is_url(self) -> bool:
        return self.mirror is not None and is_url(self.mirror)

    @property
    def mirror_is_dir(self) -> bool:
        return self.mirror is not None and not is_url(self.mirror)


@dataclass(frozen=True)
class FetchResult:
    location: str
    """URL (after redirects) or path the bytes came from."""
    sha256: str
    bytes: int
    etag: str | None
    last_modified: str | None
    content_type: str | None


@dataclass(frozen=True)
class NotModified:
    """The server answered 304 to a conditional request: the stored copy is current."""

    location: str
    etag: str | None
    last_modified: str | None


def is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def skip_reason(release: Release, config: DownloadConfig) -> str | None:
    """Why ``release`` cannot come from the place ``config`` points at, or None if it can.

    * Official mode (no mirror): releases without an ``official_url`` exist only in a
      mirror (subsets and reshapes of official files), so they are skipped.
    * Mirror mode (directory or URL): a ``live`` release is the publisher's current file,
      which a mirror does not hold, so it is skipped.
    """
    if config.mirror is None and release.official_url is None:
        return "mirror-only release (no official URL); configure a mirror to fetch it"
    if config.mirror is not None and release.vintage == "live":
        return "live release is fetched from its official URL only, not from a mirror"
    return None


def _file_name_parts(release: Release, where: str) -> list[str]:
    parts = release.file_name.split("/")
    if any(p in {"", ".", ".."} or "\\" in p for p in parts):
        raise DownloadError(release.file_name, where, "unsafe file name for a mirror path")
    return parts


def resolve_location(release: Release, config: DownloadConfig) -> str | None:
    """The URL or path to fetch ``release`` from, or None when :func:`skip_reason` says so."""
    if skip_reason(release, config) is not None:
        return None
    if config.mirror is None:
        return release.official_url
    parts = _file_name_parts(release, config.mirror)
    if config.mirror_is_url:
        return config.mirror.rstrip("/") + "/" + "/".join(quote(p, safe="") for p in parts)
    return str(Path(config.mirror).expanduser().joinpath(*parts))


def redirect_allowed(original_url: str, target_url: str) -> bool:
    """Whether a download that started at ``original_url`` may follow a redirect to
    ``target_url``: only http(s) targets, and never a downgrade from https to http."""
    target = urlsplit(target_url).scheme.lower()
    if target not in {"http", "https"}:
        return False
    return not (urlsplit(original_url).scheme.lower() == "https" and target != "https")


# --- body checks -------------------------------------------------------------------


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def check_head(kind: str, head: bytes, content_type: str | None = None) -> str | None:
    """Why the body starting with ``head`` is not a ``kind`` file, or None if it may be."""
    label = _KIND_LABEL.get(kind)
    if label is None:
        return f"unknown release kind {kind!r}"
    text = head.removeprefix(_UTF8_BOM).lstrip().lower()
    if kind in {"csv", "json"}:
        looks_html = text.startswith((b"<!doctype html", b"<html"))
        if looks_html or _media_type(content_type) == "text/html":
            return f"got an HTML page where {label} was expected"
    if kind == "json" and text and not text.startswith((b"{", b"[")):
        return "body does not start with '{' or '[' where JSON was expected"
    if kind == "gzip" and head and not head.startswith(b"\x1f\x8b"):
        return "body lacks the gzip magic bytes 1f8b"
    if kind == "xlsx" and head and not head.startswith(b"PK\x03\x04"):
        return "body is not a zip archive (PK\\x03\\x04) where XLSX was expected"
    return None


def truncation_reason(received: int, expected: int | None) -> str | None:
    """Why a body of ``received`` bytes is incomplete given its Content-Length, or None."""
    if expected is not None and received < expected:
        return f"truncated body: received {received} of {expected} bytes (Content-Length)"
    return None


@dataclass
class _Sink:
    """Writes chunks to a file while hashing, counting and sniffing them."""

    out: BinaryIO
    kind: str
    content_type: str | None
    max_bytes: int
    fail: Callable[[str], DownloadError]
    label: str = ""
    """Release file name, for progress reports."""
    size: int = 0
    head: bytes = b""
    checked: bool = False
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise self.fail(f"body exceeds max_bytes={self.max_bytes}; download aborted")
        if not self.checked:
            self.head += chunk[: HEAD_SIZE - len(self.head)]
            if len(self.head) >= HEAD_SIZE:
                self._check()
        self.digest.update(chunk)
        self.out.write(chunk)
        progress.current().download_advanced(self.label, len(chunk))

    def _check(self) -> None:
        self.checked = True
        reason = check_head(self.kind, self.head, self.content_type)
        if reason is not None:
            raise self.fail(reason)

    def finish(self) -> str:
        if not self.checked:
            self._check()
        if self.size == 0:
            raise self.fail("empty body")
        return self.digest.hexdigest()


def _drain(chunks: Iterable[bytes], sink: _Sink) -> None:
    for chunk in chunks:
        if chunk:
            sink.write(chunk)


# --- directory mirror ----------------------------------------------------------------


def _copy_file(release: Release, config: DownloadConfig, src: Path, dest: Path) -> FetchResult:
    def fail(reason: str) -> DownloadError:
        return DownloadError(release.file_name, str(src), reason)

    if not src.is_file():
        raise fail("not found in mirror")
    progress.current().download_started(release.file_name, src.stat().st_size)
    with src.open("rb") as fin, dest.open("wb") as out:
        sink = _Sink(out, release.kind, None, config.max_bytes, fail, release.file_name)
        _drain(iter(lambda: fin.read(CHUNK_SIZE), b""), sink)
        sha = sink.finish()
    return FetchResult(str(src), sha, sink.size, None, None, None)


# --- http ----------------------------------------------------------------------------


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _received(response: httpx.Response, decoded: int) -> int:
    """Bytes received as counted against Content-Length (encoded bytes if compressed)."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding not in {"", "identity"}:
        return response.num_bytes_downloaded
    return max(decoded, response.num_bytes_downloaded)  # a mocked stream counts no raw bytes


def _status_error(release: Release, url: str, response: httpx.Response) -> DownloadError:
    code = response.status_code
    retryable = code >= 500 or code in _RETRY_STATUSES
    reason = f"HTTP {code} {response.reason_phrase}".rstrip()
    return DownloadError(release.file_name, url, reason, retryable=retryable)


def _redirect_guard(release: Release, url: str) -> Callable[[httpx.Request], None]:
    def guard(request: httpx.Request) -> None:
        if not redirect_allowed(url, str(request.url)):
            reason = f"refused redirect to {request.url} (https must not downgrade to http)"
            raise DownloadError(release.file_name, url, reason)

    return guard


def _attempt(
    client: httpx.Client,
    release: Release,
    config: DownloadConfig,
    url: str,
    dest: Path,
    conditional: dict[str, str],
) -> FetchResult | NotModified:
    def fail(reason: str, retryable: bool = False) -> DownloadError:
        return DownloadError(release.file_name, url, reason, retryable=retryable)

    received = 0
    expected: int | None = None
    try:
        with client.stream("GET", url, headers=conditional) as response:
            final_url = str(response.url)
            if response.status_code == 304 and conditional:
                return NotModified(final_url, response.headers.get("etag"), _lm(response))
            if response.status_code != 200:
                raise _status_error(release, url, response)
            expected = _content_length(response)
            if expected is not None and expected > config.max_bytes:
                raise fail(f"Content-Length {expected} exceeds max_bytes={config.max_bytes}")
            content_type = response.headers.get("content-type")
            progress.current().download_started(release.file_name, expected)
            with dest.open("wb") as out:
                sink = _Sink(
                    out, release.kind, content_type, config.max_bytes, fail, release.file_name
                )
                try:
                    _drain(response.iter_bytes(CHUNK_SIZE), sink)
                finally:
                    received = _received(response, sink.size)
            truncated = truncation_reason(received, expected)
            if truncated is not None:
                raise fail(truncated, retryable=True)
            sha = sink.finish()
            return FetchResult(
                final_url, sha, sink.size, response.headers.get("etag"), _lm(response), content_type
            )
    except httpx.TimeoutException as exc:
        raise fail(f"timed out after {config.timeout_s:g} s ({type(exc).__name__})", True) from exc
    except httpx.TransportError as exc:
        reason = truncation_reason(received, expected) or "network error"
        raise fail(f"{reason}: {type(exc).__name__}: {exc}", True) from exc


def _lm(response: httpx.Response) -> str | None:
    return response.headers.get("last-modified")


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    wait = state.next_action.sleep if state.next_action else 0.0
    log.warning("attempt %d failed, retrying in %.2f s: %s", state.attempt_number, wait, exc)


def _fetch_http(
    release: Release,
    config: DownloadConfig,
    url: str,
    dest: Path,
    conditional: dict[str, str],
    transport: httpx.BaseTransport | None,
) -> FetchResult | NotModified:
    if not is_url(url):
        raise DownloadError(release.file_name, url, "only http and https URLs are fetched")
    headers = {"User-Agent": USER_AGENT}
    if release.kind in {"gzip", "xlsx"}:
        headers["Accept-Encoding"] = "identity"  # already compressed: keep the bytes as served
    retrying = Retrying(
        stop=stop_after_attempt(config.attempts),
        wait=wait_exponential(multiplier=config.backoff_s, max=MAX_BACKOFF_S),
        retry=retry_if_exception(lambda e: isinstance(e, DownloadError) and e.retryable),
        before_sleep=_log_retry,
        reraise=True,
    )
    with httpx.Client(
        headers=headers,
        timeout=httpx.Timeout(config.timeout_s),
        verify=True,  # certificates checked against the system's CAs (httpx's default, kept)
        follow_redirects=True,
        event_hooks={"request": [_redirect_guard(release, url)]},
        transport=transport,
    ) as client:
        try:
            return retrying(_attempt, client, release, config, url, dest, conditional)
        except DownloadError as exc:
            if exc.retryable and config.attempts > 1:
                reason = f"{exc.reason} (gave up after {config.attempts} attempts)"
                raise DownloadError(exc.file_name, exc.location, reason) from exc
            raise


def fetch(
    release: Release,
    config: DownloadConfig,
    dest: Path,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    transport: httpx.BaseTransport | None = None,
) -> FetchResult | NotModified:
    """Fetch ``release`` into ``dest`` (a temp path owned by the caller).

    ``etag``/``last_modified`` make an http request conditional; a 304 returns
    :class:`NotModified`. ``transport`` replaces httpx's network transport (tests).
    Whenever this does not return a :class:`FetchResult`, ``dest`` does not exist afterwards.
    """
    location = resolve_location(release, config)
    if location is None:
        where = config.mirror or "official URL"
        raise DownloadError(release.file_name, where, skip_reason(release, config) or "skipped")
    conditional = {}
    if etag:
        conditional["If-None-Match"] = etag
    if last_modified:
        conditional["If-Modified-Since"] = last_modified
    try:
        if config.mirror_is_dir:
            result: FetchResult | NotModified = _copy_file(release, config, Path(location), dest)
        else:
            result = _fetch_http(release, config, location, dest, conditional, transport)
    except BaseException:
        dest.unlink(missing_ok=True)
        progress.current().download_finished(release.file_name, ok=False)
        raise
    progress.current().download_finished(release.file_name, ok=True)
    if isinstance(result, NotModified):
        dest.unlink(missing_ok=True)
    return result


def sha256_of(path: Path) -> str:
    """The sha256 of a local file, read in chunks."""
    with path.open("rb") as fin:
        return hashlib.file_digest(fin, "sha256").hexdigest()
