"""Publishing: swap a finished build in as the served warehouse, atomically.

Readers only ever open ``serve/warehouse.duckdb``. A publish copies the build file
to a temporary file beside it, removes what does not belong in a served file (staging
views read landing Parquet by absolute path, so they would not resolve elsewhere),
checkpoints and fsyncs it, keeps the previous served file in ``serve/history/`` and
then ``os.replace``-s the new file into place. A failure at any point before the
replace leaves the served file byte-for-byte as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PUBLISH_RECORD = "publish.json"
HISTORY_DIR = "history"
UNSERVED_SCHEMAS = ("staging",)


@dataclass(frozen=True)
class PublishRecord:
    published_at: str
    fingerprint: str
    tables: dict[str, int]
    """Rows per ``schema.table`` in the served file."""


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prepare_copy(path: Path) -> dict[str, int]:
    """Drop unserved schemas from the copy and count rows of every remaining table."""
    con = duckdb.connect(str(path))
    try:
        for schema in UNSERVED_SCHEMAS:
            con.execute(f'drop schema if exists "{schema}" cascade')
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
        counts = {
            f"{schema}.{name}": int(
                con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
            )
            for schema, name in tables
        }
        con.execute("checkpoint")
        return counts
    finally:
        con.close()


def read_record(serve_db: Path) -> PublishRecord | None:
    record = serve_db.parent / PUBLISH_RECORD
    if not record.exists() or not serve_db.exists():
        return None
    return PublishRecord(**json.loads(record.read_text()))


def _keep_history(serve_db: Path, keep: int) -> None:
    if not serve_db.exists() or keep <= 0:
        return
    history = serve_db.parent / HISTORY_DIR
    history.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    shutil.copy2(serve_db, history / f"{serve_db.stem}.{stamp}{serve_db.suffix}")
    old = sorted(history.glob(f"{serve_db.stem}.*{serve_db.suffix}"))
    for stale in old[:-keep]:
        stale.unlink()


def publish(build_db: Path, serve_db: Path, *, fingerprint: str, keep: int) -> PublishRecord:
    """Atomically replace ``serve_db`` with a served copy of ``build_db``."""
    if not build_db.exists():
        raise FileNotFoundError(f"nothing to publish: {build_db} does not exist")
    serve_db.parent.mkdir(parents=True, exist_ok=True)
    tmp = serve_db.with_name(f".{serve_db.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(build_db, tmp)
        tables = _prepare_copy(tmp)
        _fsync(tmp)
        _keep_history(serve_db, keep)
        record = PublishRecord(
            published_at=datetime.now(UTC).isoformat(timespec="seconds"),
            fingerprint=fingerprint,
            tables=tables,
        )
        record_tmp = serve_db.parent / f".{PUBLISH_RECORD}.tmp"
        record_tmp.write_text(json.dumps(asdict(record), indent=1))
        os.replace(tmp, serve_db)
        os.replace(record_tmp, serve_db.parent / PUBLISH_RECORD)
        _fsync(serve_db.parent)
        return record
    finally:
        tmp.unlink(missing_ok=True)
