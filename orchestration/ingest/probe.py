"""Cheap look at a release's upstream location: has it changed since we stored it?

Used by the new-release sensors. Nothing is downloaded:

* a directory mirror is ``stat``-ed (size + mtime); a file whose size equals the stored
  one is hashed (sha256) unless its size and mtime are the ones already hashed last time
  (the sensor's cursor remembers them);
* an http(s) location gets a ``HEAD`` request, whose ETag, Last-Modified and
  Content-Length are compared with the raw manifest's ``etag``/``last_modified``/``bytes``.

Where a release comes from is decided by the download module (:func:`resolve_location`,
:func:`skip_reason`), exactly as for a download.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from orchestration.catalog.registry import Release, Source
from orchestration.ingest.download import (
    USER_AGENT,
    DownloadConfig,
    resolve_location,
    sha256_of,
    skip_reason,
)
from orchestration.ingest.raw import LIVE, ManifestRow, RawStore

ProbeStatus = Literal["changed", "unchanged", "unknown", "missing", "skipped"]


@dataclass(frozen=True)
class Probe:
    file_name: str
    status: ProbeStatus
    """changed: differs from the stored copy, or not stored yet; unchanged: same as stored;
    unknown: the location gives nothing to compare (or could not be reached); missing: not
    at the location; skipped: not fetchable from the configured place."""
    reason: str
    location: str | None = None
    signature: str | None = None
    """What was seen (size/mtime, or ETag/Last-Modified/length): the sensor's cursor."""
    sha256: str | None = None
    """Checksum computed for a directory mirror file, remembered with its signature."""


@dataclass(frozen=True)
class Remembered:
    """What the previous probe of a release saw (from the sensor cursor)."""

    signature: str | None = None
    sha256: str | None = None


def stored_row(store: RawStore, source: Source, release: Release) -> ManifestRow | None:
    """The manifest row a fresh download of ``release`` would be compared with."""
    if release.vintage == LIVE:
        return store.latest(source.name, release.file_name)
    return store.find(source.name, release.file_name, release.vintage)


def probe_release(
    store: RawStore,
    source: Source,
    release: Release,
    config: DownloadConfig,
    remembered: Remembered | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
) -> Probe:
    reason = skip_reason(release, config)
    location = resolve_location(release, config)
    if reason is not None or location is None:
        return Probe(release.file_name, "skipped", reason or "skipped")
    stored = stored_row(store, source, release)
    if config.mirror_is_dir:
        return _probe_file(release, Path(location), stored, remembered or Remembered())
    return _probe_http(release, location, stored, config, transport)


def _probe_file(
    release: Release, path: Path, stored: ManifestRow | None, remembered: Remembered
) -> Probe:
    name, where = release.file_name, str(path)
    if not path.is_file():
        return Probe(name, "missing", "not in the mirror", where)
    stat = path.stat()
    signature = f"size={stat.st_size};mtime_ns={stat.st_mtime_ns}"
    if stored is None:
        return Probe(name, "changed", "not stored yet", where, signature)
    if stat.st_size != stored.bytes:
        reason = f"size {stat.st_size} != stored {stored.bytes} bytes"
        return Probe(name, "changed", reason, where, signature)
    same_file = remembered.signature == signature and remembered.sha256 is not None
    digest = remembered.sha256 if same_file else sha256_of(path)
    if digest != stored.sha256:
        reason = "sha256 differs from the stored copy"
        return Probe(name, "changed", reason, where, signature, digest)
    return Probe(name, "unchanged", "same size and sha256", where, signature, digest)


def _probe_http(
    release: Release,
    url: str,
    stored: ManifestRow | None,
    config: DownloadConfig,
    transport: httpx.BaseTransport | None,
) -> Probe:
    name = release.file_name
    try:
        with httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
            timeout=httpx.Timeout(config.timeout_s),
            follow_redirects=True,
            transport=transport,
        ) as client:
            response = client.head(url)
    except httpx.HTTPError as exc:
        return Probe(name, "unknown", f"HEAD failed: {type(exc).__name__}: {exc}", url)
    if response.status_code == 404:
        return Probe(name, "missing", "HTTP 404", url)
    if response.status_code != 200:
        return Probe(name, "unknown", f"HEAD answered HTTP {response.status_code}", url)
    etag = response.headers.get("etag")
    modified = response.headers.get("last-modified")
    length = response.headers.get("content-length")
    signature = f"etag={etag};last_modified={modified};length={length}"
    if stored is None:
        return Probe(name, "changed", "not stored yet", url, signature)
    if etag and stored.etag:
        status: ProbeStatus = "changed" if etag != stored.etag else "unchanged"
        return Probe(name, status, f"ETag {etag} vs stored {stored.etag}", url, signature)
    if modified and stored.last_modified:
        status = "changed" if modified != stored.last_modified else "unchanged"
        reason = f"Last-Modified {modified} vs stored {stored.last_modified}"
        return Probe(name, status, reason, url, signature)
    if length is not None and length.isdigit():
        status = "changed" if int(length) != stored.bytes else "unchanged"
        return Probe(name, status, f"{length} bytes vs stored {stored.bytes}", url, signature)
    return Probe(name, "unknown", "no ETag, Last-Modified or Content-Length", url, signature)
