"""Land every stored raw file of a table, once per raw checksum, and quarantine bad loads.

The landing directory of a table holds one Parquet file per raw file plus
``_landed.json``, which records the raw checksum each Parquet file was made from and
whether the table's suite has passed since it landed (``validated``). A raw file whose
checksum is already landed is not parsed again.

A raw file that fails to parse, or that was new when the table's landing suite failed,
is quarantined: a copy of it, its manifest row and the failure report go to
``quarantine/<source>/<vintage>/``, its Parquet file leaves landing, and later runs skip
it, so the next good release of the source proceeds normally. The raw file itself is
never touched. To retry a quarantined file, delete its ``.error.json`` report.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from orchestration.atomic import atomic_write_text
from orchestration.ingest.raw import ManifestRow, RawStore
from orchestration.landing.errors import LandingError
from orchestration.landing.layouts import layout_for
from orchestration.landing.parse import land_file

LANDED_INDEX = "_landed.json"
VALIDATED_MARKER = "_validated"
REPORT_SUFFIX = ".error.json"


@dataclass(frozen=True)
class LandedEntry:
    parquet: str
    file_name: str
    vintage: str
    sha256: str
    rows: int
    validated: bool = False
    """True once the table's landing suite passed with this file in it."""


@dataclass(frozen=True)
class TableLanding:
    table: str
    entries: tuple[LandedEntry, ...]
    parsed: int
    reused: int
    quarantined: tuple[str, ...]
    """Raw files skipped because they were quarantined by an earlier run."""

    @property
    def rows(self) -> int:
        return sum(e.rows for e in self.entries)


def parquet_name(row: ManifestRow) -> str:
    stem = row.base_name.rsplit(".", 1)[0]
    return f"{row.vintage}__{stem}.parquet"


def read_index(table_dir: Path) -> dict[str, LandedEntry]:
    index = table_dir / LANDED_INDEX
    if not index.exists():
        return {}
    return {k: LandedEntry(**v) for k, v in json.loads(index.read_text()).items()}


def _write_index(table_dir: Path, entries: dict[str, LandedEntry]) -> None:
    atomic_write_text(
        table_dir / LANDED_INDEX,
        json.dumps({k: asdict(v) for k, v in sorted(entries.items())}, indent=1),
    )


def report_path(quarantine_dir: Path, row: ManifestRow) -> Path:
    return quarantine_dir / row.source / row.vintage / f"{row.base_name}{REPORT_SUFFIX}"


def is_quarantined(quarantine_dir: Path, row: ManifestRow) -> bool:
    """A raw file with a failure report for the same bytes stays out of landing."""
    report = report_path(quarantine_dir, row)
    if not report.exists():
        return False
    recorded = json.loads(report.read_text()).get("manifest_row", {}).get("sha256")
    return recorded == row.sha256


def quarantine(store: RawStore, row: ManifestRow, error: str, quarantine_dir: Path) -> Path:
    """Copy a raw file that failed to land, its manifest row and the error report aside."""
    report = report_path(quarantine_dir, row)
    report.parent.mkdir(parents=True, exist_ok=True)
    copy = report.parent / row.base_name
    copy.unlink(missing_ok=True)
    shutil.copyfile(store.path_of(row), copy)
    payload = {
        "failed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "error": error,
        "manifest_row": asdict(row),
        "retry": f"delete {report} to let the next run try this file again",
    }
    report.write_text(json.dumps(payload, indent=1, default=str))
    return report


def land_table(
    store: RawStore,
    rows: list[ManifestRow],
    table_dir: Path,
    quarantine_dir: Path,
) -> TableLanding:
    """Land every raw file in ``rows`` (all of one table) that is not landed yet."""
    table_dir.mkdir(parents=True, exist_ok=True)
    index = read_index(table_dir)
    parsed = reused = 0
    current: dict[str, LandedEntry] = {}
    skipped: list[str] = []
    for row in rows:
        if is_quarantined(quarantine_dir, row):
            skipped.append(f"{row.file_name}@{row.vintage}")
            continue
        name = parquet_name(row)
        known = index.get(name)
        if known is not None and known.sha256 == row.sha256 and (table_dir / name).exists():
            current[name] = known
            reused += 1
            continue
        try:
            landed = land_file(
                store.path_of(row),
                layout_for(row.table, row.layout),
                release_file=row.file_name,
                vintage=date.fromisoformat(row.vintage),
                dest=table_dir / name,
            )
        except LandingError as exc:
            report = quarantine(store, row, str(exc), quarantine_dir)
            raise LandingError(f"{exc}\n(quarantined: {report})") from exc
        current[name] = LandedEntry(name, row.file_name, row.vintage, row.sha256, landed.rows)
        parsed += 1
    for stale in set(index) - set(current):
        (table_dir / stale).unlink(missing_ok=True)
    _write_index(table_dir, current)
    return TableLanding(
        table=table_dir.name,
        entries=tuple(current[k] for k in sorted(current)),
        parsed=parsed,
        reused=reused,
        quarantined=tuple(skipped),
    )


def landed_fingerprint(table_dir: Path, suite_sha256: str) -> str:
    """Which files (by raw checksum) a table holds, and which suite judged them."""
    entries = sorted(f"{k}:{v.sha256}" for k, v in read_index(table_dir).items())
    return hashlib.sha256("\n".join([suite_sha256, *entries]).encode()).hexdigest()


def already_validated(table_dir: Path, suite_sha256: str) -> bool:
    """The same files passed the same suite before: validating again would add nothing."""
    marker = table_dir / VALIDATED_MARKER
    index = read_index(table_dir)
    return (
        bool(index)
        and all(entry.validated for entry in index.values())
        and marker.exists()
        and marker.read_text().strip() == landed_fingerprint(table_dir, suite_sha256)
    )


def mark_validated(table_dir: Path, suite_sha256: str) -> None:
    """The table's suite passed: every landed file is now trusted."""
    index = read_index(table_dir)
    _write_index(table_dir, {k: replace(v, validated=True) for k, v in index.items()})
    atomic_write_text(table_dir / VALIDATED_MARKER, landed_fingerprint(table_dir, suite_sha256))


def quarantine_unvalidated(
    store: RawStore, source: str, table_dir: Path, quarantine_dir: Path, error: str
) -> list[str]:
    """The table's suite failed: quarantine the files that landed since it last passed.

    Returns the quarantined file names; files that passed before stay in landing.
    """
    index = read_index(table_dir)
    moved: list[str] = []
    for name, entry in sorted(index.items()):
        if entry.validated:
            continue
        row = store.find(source, entry.file_name, entry.vintage)
        if row is None or row.sha256 != entry.sha256:
            continue
        quarantine(store, row, error, quarantine_dir)
        (table_dir / name).unlink(missing_ok=True)
        del index[name]
        moved.append(entry.file_name)
    _write_index(table_dir, index)
    return moved
