"""The immutable raw store: every file ironriver ever downloaded, byte for byte.

Layout under ``<data_dir>/raw/<source>/``:

* ``<vintage>/<base_name>`` -- the bytes of one release, written once, read-only;
* ``manifest.jsonl`` -- append-only, one JSON row per stored file (:class:`ManifestRow`);
* ``.tmp/`` -- in-flight downloads, removed whatever happens.

Nothing here overwrites or deletes a stored file. A release whose bytes differ from what
the manifest already holds for the same file name and vintage is refused: a publisher
that changes a file must be recorded under a new vintage.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Literal

from orchestration.atomic import fsync_dir, fsync_path
from orchestration.catalog.registry import Release, Source
from orchestration.ingest.download import (
    DownloadConfig,
    DownloadError,
    FetchResult,
    NotModified,
    fetch,
    resolve_location,
    sha256_of,
    skip_reason,
)

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.jsonl"
TMP_DIR_NAME = ".tmp"
LIVE = "live"

Status = Literal["new", "unchanged", "restored", "skipped"]


@dataclass(frozen=True)
class ManifestRow:
    source: str
    file_name: str
    table: str
    vintage: str
    """The stored vintage: the release's date, or for a live release the fetched file's date."""
    url: str
    """Where the bytes were fetched from (URL or mirror path)."""
    official_url: str | None
    sha256: str
    bytes: int
    fetched_at: str
    etag: str | None
    last_modified: str | None
    layout: str
    kind: str

    @property
    def base_name(self) -> str:
        return self.file_name.rsplit("/", 1)[-1]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> ManifestRow:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})  # type: ignore[arg-type]


@dataclass(frozen=True)
class IngestOutcome:
    status: Status
    """new: stored now; unchanged: already stored, nothing written; restored: a stored file
    that had gone missing was put back from identical bytes; skipped: not fetchable from here."""
    source: str
    file_name: str
    row: ManifestRow | None = None
    path: Path | None = None
    reason: str | None = None


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _check_vintage(vintage: str) -> str:
    date.fromisoformat(vintage)  # also keeps the vintage safe as a directory name
    return vintage


def live_vintage(last_modified: str | None, now: datetime) -> str:
    """The vintage of a live file: its Last-Modified date (UTC), else today's UTC date."""
    if last_modified:
        try:
            stamp = parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            stamp = None
        if stamp is not None:
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=UTC)
            return stamp.astimezone(UTC).date().isoformat()
    return now.astimezone(UTC).date().isoformat()


class RawStore:
    """Raw files and their manifests under ``<data_dir>/raw``."""

    def __init__(self, data_dir: Path, *, clock: Callable[[], datetime] = _utcnow) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / "raw"
        self._clock = clock

    # --- reading ---------------------------------------------------------------------

    def manifest_path(self, source: str) -> Path:
        return self.root / source / MANIFEST_NAME

    def rows(self, source: str) -> list[ManifestRow]:
        """Every manifest row of ``source``, in the order they were appended."""
        path = self.manifest_path(source)
        if not path.exists():
            return []
        rows = []
        with path.open(encoding="utf-8") as fin:
            for number, line in enumerate(fin, start=1):
                if not line.strip():
                    continue
                try:
                    rows.append(ManifestRow.from_dict(json.loads(line)))
                except (ValueError, TypeError) as exc:
                    raise ValueError(f"{path}:{number}: bad manifest row: {exc}") from exc
        return rows

    def latest(self, source: str, file_name: str) -> ManifestRow | None:
        """The most recently stored row for ``file_name``, if any."""
        matching = [r for r in self.rows(source) if r.file_name == file_name]
        return matching[-1] if matching else None

    def find(self, source: str, file_name: str, vintage: str) -> ManifestRow | None:
        """The row for ``file_name`` stored under ``vintage``, if any."""
        for row in self.rows(source):
            if row.file_name == file_name and row.vintage == vintage:
                return row
        return None

    def path_of(self, row: ManifestRow) -> Path:
        return self._target(row.source, row.vintage, row.base_name)

    def _target(self, source: str, vintage: str, base_name: str) -> Path:
        return self.root / source / _check_vintage(vintage) / base_name

    # --- ingesting -------------------------------------------------------------------

    def ingest(self, source: Source, release: Release, config: DownloadConfig) -> IngestOutcome:
        """Fetch ``release`` of ``source`` unless the store already holds its bytes."""
        reason = skip_reason(release, config)
        location = resolve_location(release, config)
        if reason is not None or location is None:
            log.info("skipping %s: %s", release.file_name, reason)
            return IngestOutcome("skipped", source.name, release.file_name, reason=reason)

        previous = self._previous(source.name, release)
        if previous is not None and config.mirror_is_dir:
            outcome = self._unchanged_in_mirror(previous, release, Path(location))
            if outcome is not None:
                return outcome

        tmp_dir = self.root / source.name / TMP_DIR_NAME
        tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix=release.base_name + ".", suffix=".part")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            conditional = previous if previous and self.path_of(previous).is_file() else None
            result = fetch(
                release,
                config,
                tmp,
                etag=conditional.etag if conditional else None,
                last_modified=conditional.last_modified if conditional else None,
            )
            if isinstance(result, NotModified):
                assert conditional is not None  # fetch only returns NotModified when asked
                log.info("%s not modified at %s", release.file_name, result.location)
                return self._outcome("unchanged", conditional)
            return self._store(source, release, result, tmp)
        finally:
            tmp.unlink(missing_ok=True)

    def _previous(self, source: str, release: Release) -> ManifestRow | None:
        if release.vintage == LIVE:
            return self.latest(source, release.file_name)
        return self.find(source, release.file_name, release.vintage)

    def _unchanged_in_mirror(
        self, previous: ManifestRow, release: Release, src: Path
    ) -> IngestOutcome | None:
        """``unchanged`` when the mirror file has the stored size and sha, without copying."""
        stored = self.path_of(previous)
        if not (stored.is_file() and src.is_file()):
            return None
        if src.stat().st_size != previous.bytes or sha256_of(src) != previous.sha256:
            return None
        log.info("%s unchanged in mirror %s", release.file_name, src)
        return self._outcome("unchanged", previous)

    def _store(
        self, source: Source, release: Release, result: FetchResult, tmp: Path
    ) -> IngestOutcome:
        if release.sha256 is not None and result.sha256 != release.sha256:
            raise DownloadError(
                release.file_name,
                result.location,
                f"sha256 does not match the catalog pin: expected {release.sha256}, "
                f"got {result.sha256}",
            )
        if release.vintage == LIVE:
            vintage = live_vintage(result.last_modified, self._clock())
            latest = self.latest(source.name, release.file_name)
            if (
                latest is not None
                and latest.sha256 == result.sha256
                and self.path_of(latest).is_file()
            ):
                return self._outcome("unchanged", latest)
        else:
            vintage = _check_vintage(release.vintage)

        existing = self.find(source.name, release.file_name, vintage)
        if existing is not None:
            if existing.sha256 != result.sha256:
                raise DownloadError(
                    release.file_name,
                    result.location,
                    f"checksum mismatch vs manifest for vintage {vintage}: stored "
                    f"{existing.sha256}, got {result.sha256}; raw files are immutable, "
                    f"kept {self.path_of(existing)}",
                )
            if self.path_of(existing).is_file():
                return self._outcome("unchanged", existing)
            self._place(tmp, self.path_of(existing), release.file_name, result)
            log.warning("restored missing raw file %s", self.path_of(existing))
            return self._outcome("restored", existing)

        row = ManifestRow(
            source=source.name,
            file_name=release.file_name,
            table=release.table,
            vintage=vintage,
            url=result.location,
            official_url=release.official_url,
            sha256=result.sha256,
            bytes=result.bytes,
            fetched_at=self._clock().astimezone(UTC).isoformat(timespec="seconds"),
            etag=result.etag,
            last_modified=result.last_modified,
            layout=release.layout,
            kind=release.kind,
        )
        self._place(tmp, self.path_of(row), release.file_name, result)
        self._append(row)
        log.info("stored %s (%d bytes) at %s", release.file_name, row.bytes, self.path_of(row))
        return self._outcome("new", row)

    def _place(self, tmp: Path, target: Path, file_name: str, result: FetchResult) -> None:
        """Move ``tmp`` to ``target`` atomically, read-only, never replacing a file."""
        fsync_path(tmp)
        tmp.chmod(0o444)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(tmp, target)  # atomic, and unlike os.replace never replaces a file
        except FileExistsError:
            # A file without a manifest row (a crash between the two steps): keep it if
            # it holds the same bytes, refuse otherwise.
            if sha256_of(target) != result.sha256:
                raise DownloadError(
                    file_name,
                    result.location,
                    f"{target} already exists with other bytes; raw files are immutable",
                ) from None
            return
        except OSError:  # a filesystem without hard links
            if target.exists():
                raise
            os.replace(tmp, target)
        fsync_dir(target.parent)

    def _append(self, row: ManifestRow) -> None:
        path = self.manifest_path(row.source)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = (row.to_json() + "\n").encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _outcome(self, status: Status, row: ManifestRow) -> IngestOutcome:
        return IngestOutcome(status, row.source, row.file_name, row=row, path=self.path_of(row))
