"""Only a build file DuckDB can open is built on incrementally."""

from __future__ import annotations

import duckdb

from orchestration.automation.plan import _readable
from orchestration.resources import WarehouseConfig


def test_missing_or_damaged_build_file_is_not_built_on(tmp_path):
    warehouse = WarehouseConfig(data_dir=str(tmp_path))
    assert not _readable(warehouse)
    warehouse.build_db.parent.mkdir(parents=True, exist_ok=True)
    warehouse.build_db.write_bytes(b"\x00 not a duckdb file, as a killed build may leave one" * 100)
    assert not _readable(warehouse)


def test_a_whole_build_file_is_built_on(tmp_path):
    warehouse = WarehouseConfig(data_dir=str(tmp_path))
    warehouse.build_db.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse.build_db)) as con:
        con.execute("create table t as select 1 as x")
    assert _readable(warehouse)
