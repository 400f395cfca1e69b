"""Publishing: swap a finished build in as the served warehouse, atomically; roll back.

Readers only ever open ``serve/warehouse.duckdb``. A publish copies the build file
to a temporary file beside it, keeps only the schemas a reader uses (``SERVED_SCHEMAS``:
staging views read landing Parquet by absolute path, so they would not resolve elsewhere),
checkpoints and fsyncs it, keeps the previous served file, its record and the sites
served with it (``serve/docs``, ``serve/quality``, ``serve/report``) in ``serve/history/``
and then renames the new file into place (``orchestration.atomic``). A rollback restores
them all. A failure (or a SIGKILL) at any point before the rename leaves the served file
byte-for-byte as it was; leftover temporary files of a killed publish are removed by the
next one.

A reader holding the old file open keeps reading the old file (the replace swaps the
directory entry, not the bytes under an open handle) and sees the new one when it
reconnects: never a mix.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.atomic import (
    atomic_path,
    atomic_write_text,
    fsync_dir,
    stale_temp_paths,
    swap_directory,
)
from orchestration.sql import qualified, quote_ident

PUBLISH_RECORD = "publish.json"
HISTORY_DIR = "history"
SERVED_SCHEMAS = ("marts", "report")
"""What a served file holds: the marts, and the tables the visual report draws (so its
figures can be queried). Staging views read landing Parquet by absolute path (they would
not resolve elsewhere); staging, intermediate and seeds are the build's inner workings."""
DOCS_SITE = "docs"
QUALITY_SITE = "quality"
REPORT_SITE = "report"
SITES = (DOCS_SITE, QUALITY_SITE, REPORT_SITE)
"""Site directories served beside the warehouse file (see ``orchestration.publish.docs_sites``)."""


@dataclass(frozen=True)
class PublishRecord:
    published_at: str
    fingerprint: str
    tables: dict[str, int]
    """Rows per ``schema.table`` in the served file."""
    landing_rows: dict[str, int] = field(default_factory=dict)
    """Rows per landing table the build was made from."""
    code_fingerprint: str = ""
    source_fingerprints: dict[str, str] = field(default_factory=dict)
    """What the build was made from (see ``orchestration.automation.fingerprint.BuildInputs``)."""
    shared_code_fingerprint: str = ""
    node_fingerprints: dict[str, str] = field(default_factory=dict)
    """The code per dbt node (``schema/name``) and the rest of it (an empty record: unknown)."""

    def row_counts(self) -> dict[str, int]:
        """Rows by Dagster asset key string (``marts/fct_x``, ``landing/<table>``)."""
        counts = {name.replace(".", "/", 1): rows for name, rows in self.tables.items()}
        counts.update({f"landing/{table}": rows for table, rows in self.landing_rows.items()})
        return counts


class RollbackError(RuntimeError):
    """There is no earlier published build to go back to."""


def _prepare_copy(path: Path) -> dict[str, int]:
    """Drop unserved schemas from the copy and count rows of every remaining table."""
    con = duckdb.connect(str(path))
    try:
        for (schema,) in con.execute(
            "select schema_name from duckdb_schemas() "
            "where database_name = current_database() and not internal "
            "and not list_contains(?, schema_name)",
            [list(SERVED_SCHEMAS)],
        ).fetchall():
            con.execute(f"drop schema {quote_ident(schema)} cascade")
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
        counts = {
            f"{schema}.{name}": int(
                con.execute(f"select count(*) from {qualified(schema, name)}").fetchone()[0]
            )
            for schema, name in tables
        }
        con.execute("checkpoint")
        return counts
    finally:
        con.close()


def _record_path(serve_db: Path) -> Path:
    return serve_db.parent / PUBLISH_RECORD


def read_record(serve_db: Path) -> PublishRecord | None:
    record = _record_path(serve_db)
    if not record.exists() or not serve_db.exists():
        return None
    return PublishRecord(**json.loads(record.read_text()))


def history(serve_db: Path) -> list[Path]:
    """Earlier served files, oldest first."""
    folder = serve_db.parent / HISTORY_DIR
    return sorted(folder.glob(f"{serve_db.stem}.*{serve_db.suffix}"))


def sites_of(kept: Path) -> Path:
    """The folder holding the docs sites served with the history entry ``kept``."""
    return kept.with_suffix(".sites")


def _keep_history(serve_db: Path, keep: int) -> None:
    if not serve_db.exists() or keep <= 0:
        return
    folder = serve_db.parent / HISTORY_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = folder / f"{serve_db.stem}.{stamp}{serve_db.suffix}"
    for leftover in folder.glob(".*.tmp"):  # a copy a killed publish did not finish
        leftover.unlink(missing_ok=True)
    for name in SITES:  # first: the db file, renamed in whole, marks an entry complete
        if (serve_db.parent / name).is_dir():
            shutil.copytree(serve_db.parent / name, sites_of(kept) / name)
    with atomic_path(kept) as partial:
        shutil.copyfile(serve_db, partial)
    if _record_path(serve_db).exists():
        shutil.copyfile(_record_path(serve_db), kept.with_suffix(".json"))
    for stale in history(serve_db)[:-keep]:
        _forget(stale)
    entries = set(history(serve_db))
    for orphan in folder.glob("*.sites"):  # sites of a history entry a killed publish left
        if orphan.with_suffix(serve_db.suffix) not in entries:
            shutil.rmtree(orphan, ignore_errors=True)


def _forget(kept: Path) -> None:
    kept.unlink(missing_ok=True)
    kept.with_suffix(".json").unlink(missing_ok=True)
    shutil.rmtree(sites_of(kept), ignore_errors=True)


def _restore_sites(kept_sites: Path, serve_dir: Path) -> list[str]:
    """Swap each site kept in history back into ``serve_dir`` (rename, then remove the
    one it replaces); a site the entry does not hold stays as it is."""
    restored = []
    for name in SITES:
        if (kept_sites / name).is_dir():
            swap_directory(kept_sites / name, serve_dir / name)
            restored.append(name)
    return restored


def remove_stale_temp_files(serve_db: Path) -> list[Path]:
    """Temporary files left by a publish that was killed before its replace."""
    stale = stale_temp_paths(serve_db) + stale_temp_paths(_record_path(serve_db))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def publish(
    build_db: Path,
    serve_db: Path,
    *,
    fingerprint: str,
    keep: int,
    landing_rows: dict[str, int] | None = None,
    code_fingerprint: str = "",
    source_fingerprints: dict[str, str] | None = None,
    shared_code_fingerprint: str = "",
    node_fingerprints: dict[str, str] | None = None,
) -> PublishRecord:
    """Atomically replace ``serve_db`` with a served copy of ``build_db``."""
    if not build_db.exists():
        raise FileNotFoundError(f"nothing to publish: {build_db} does not exist")
    serve_db.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(serve_db)
    with atomic_path(serve_db, durable=True) as tmp:
        shutil.copyfile(build_db, tmp)
        tables = _prepare_copy(tmp)
        _keep_history(serve_db, keep)
        record = PublishRecord(
            published_at=datetime.now(UTC).isoformat(timespec="seconds"),
            fingerprint=fingerprint,
            tables=tables,
            landing_rows=dict(landing_rows or {}),
            code_fingerprint=code_fingerprint,
            source_fingerprints=dict(source_fingerprints or {}),
            shared_code_fingerprint=shared_code_fingerprint,
            node_fingerprints=dict(node_fingerprints or {}),
        )
    atomic_write_text(_record_path(serve_db), json.dumps(asdict(record), indent=1), durable=True)
    return record


def rollback(serve_db: Path) -> Path:
    """Serve the newest earlier build again, atomically, with its record and the docs
    sites served with it; return the history file restored.

    The restored copy leaves the history, so a second rollback goes one further back.
    """
    earlier = history(serve_db)
    if not earlier:
        raise RollbackError(f"no earlier published build in {serve_db.parent / HISTORY_DIR}")
    restored = earlier[-1]
    with atomic_path(serve_db, durable=True) as tmp:
        shutil.copyfile(restored, tmp)
    record = restored.with_suffix(".json")
    if record.exists():
        atomic_write_text(_record_path(serve_db), record.read_text())
        record.unlink()
    else:
        _record_path(serve_db).unlink(missing_ok=True)
    _restore_sites(sites_of(restored), serve_db.parent)
    _forget(restored)
    fsync_dir(serve_db.parent)
    return restored
