"""Land every stored raw file of a table, once per raw checksum.

The landing directory of a table holds one Parquet file per raw file plus
``_landed.json``, which records the raw checksum each Parquet file was made from.
A raw file whose checksum is already landed is not parsed again.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from orchestration.ingest.landing import LandingError, land_file
from orchestration.ingest.layouts import layout_for
from orchestration.ingest.raw import ManifestRow, RawStore

LANDED_INDEX = "_landed.json"


@dataclass(frozen=True)
class LandedEntry:
    parquet: str
    file_name: str
    vintage: str
    sha256: str
    rows: int


@dataclass(frozen=True)
class TableLanding:
    table: str
    entries: tuple[LandedEntry, ...]
    parsed: int
    reused: int

    @property
    def rows(self) -> int:
        return sum(e.rows for e in self.entries)


def parquet_name(row: ManifestRow) -> str:
    stem = row.file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"{row.vintage}__{stem}.parquet"


def read_index(table_dir: Path) -> dict[str, LandedEntry]:
    index = table_dir / LANDED_INDEX
    if not index.exists():
        return {}
    return {k: LandedEntry(**v) for k, v in json.loads(index.read_text()).items()}


def _write_index(table_dir: Path, entries: dict[str, LandedEntry]) -> None:
    tmp = table_dir / f".{LANDED_INDEX}.tmp"
    tmp.write_text(json.dumps({k: asdict(v) for k, v in sorted(entries.items())}, indent=1))
    os.replace(tmp, table_dir / LANDED_INDEX)


def quarantine(store: RawStore, row: ManifestRow, error: Exception, quarantine_dir: Path) -> Path:
    """Copy a raw file that failed to land, its manifest row and the error report aside.

    The raw file itself stays where it is: raw/ is never altered.
    """
    target = quarantine_dir / row.source / row.vintage
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store.path_of(row), target / row.file_name.rsplit("/", 1)[-1])
    report = {
        "failed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "error": str(error),
        "manifest_row": asdict(row),
    }
    report_path = target / f"{row.file_name.rsplit('/', 1)[-1]}.error.json"
    report_path.write_text(json.dumps(report, indent=1, default=str))
    return report_path


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
    for row in rows:
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
            report = quarantine(store, row, exc, quarantine_dir)
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
    )
