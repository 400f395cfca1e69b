"""Publish history and rollback on small DuckDB files: the last N builds are kept, each
with the docs sites served beside it, and a rollback restores file, record and sites."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.definitions import default_warehouse
from orchestration.publish.swap import (
    RollbackError,
    history,
    publish,
    read_record,
    rollback,
    sites_of,
)
from orchestration.resources import KEEP_PUBLISHED_ENV, default_keep_published


def _build(path: Path, marker: int) -> Path:
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(f"create table marts.t as select range as x from range({marker})")
    return path


def _serve_sites(serve: Path, marker: int) -> None:
    """What the publish asset does after a publish: install that build's sites."""
    for name in ("docs", "quality"):
        (serve / name).mkdir(parents=True, exist_ok=True)
        (serve / name / "index.html").write_text(f"build {marker} {name}")


def _served_rows(serve_db: Path) -> int:
    with duckdb.connect(str(serve_db), read_only=True) as con:
        return con.execute("select count(*) from marts.t").fetchone()[0]


def test_history_keeps_the_last_n_builds_with_their_sites(tmp_path: Path) -> None:
    build = tmp_path / "build" / "warehouse.duckdb"
    build.parent.mkdir()
    serve_db = tmp_path / "serve" / "warehouse.duckdb"
    for marker in (1, 2, 3, 4):
        if marker == 3:  # what a publish killed while copying into the history leaves
            partial = serve_db.parent / "history" / ".warehouse.20260101T000000Z.duckdb.tmp"
            partial.write_bytes(b"half a copy")
        publish(_build(build, marker), serve_db, fingerprint=f"f{marker}", keep=2)
        _serve_sites(serve_db.parent, marker)
    assert not partial.exists()
    kept = history(serve_db)
    assert len(kept) == 2  # builds 2 and 3 (4 is served; 1 was pruned with its sites)
    assert [_served_rows(k) for k in kept] == [2, 3]
    assert [(sites_of(k) / "docs" / "index.html").read_text() for k in kept] == [
        "build 2 docs",
        "build 3 docs",
    ]
    assert sorted(p.name for p in (serve_db.parent / "history").glob("*.sites")) == sorted(
        sites_of(k).name for k in kept
    )

    restored = rollback(serve_db)
    assert restored == kept[-1]
    assert _served_rows(serve_db) == 3
    assert read_record(serve_db).fingerprint == "f3"
    assert (serve_db.parent / "quality" / "index.html").read_text() == "build 3 quality"
    assert not sites_of(restored).exists()
    rollback(serve_db)
    assert _served_rows(serve_db) == 2
    assert (serve_db.parent / "docs" / "index.html").read_text() == "build 2 docs"
    with pytest.raises(RollbackError, match="no earlier published build"):
        rollback(serve_db)
    assert not [p.name for p in serve_db.parent.iterdir() if p.name.startswith(".")]


def test_number_of_builds_kept_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEEP_PUBLISHED_ENV, raising=False)
    assert default_keep_published() == 3
    monkeypatch.setenv(KEEP_PUBLISHED_ENV, "7")
    assert default_warehouse().keep_published == 7
    monkeypatch.setenv(KEEP_PUBLISHED_ENV, "several")
    with pytest.raises(ValueError, match="IRONRIVER_KEEP_PUBLISHED='several'"):
        default_keep_published()
