"""Only a build file DuckDB can open is built on incrementally."""

from __future__ import annotations

import duckdb

from orchestration.automation.runner import _readable


def test_missing_or_damaged_build_file_is_not_built_on(tmp_path):
    build_db = tmp_path / "warehouse.duckdb"
    assert not _readable(build_db)
    build_db.write_bytes(b"\x00 not a duckdb file, as a killed build may leave one" * 100)
    assert not _readable(build_db)


def test_a_whole_build_file_is_built_on(tmp_path):
    build_db = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(build_db)) as con:
        con.execute("create table t as select 1 as x")
    assert _readable(build_db)
