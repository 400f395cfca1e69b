"""The marts' GX suites run while dbt builds: on the Parquet copy each mart's post-hook
writes (macros/snapshot_for_checks.sql), which must be the table itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
from dagster import AssetCheckKey, AssetKey, DagsterInstance

from orchestration.assets.transform import SNAPSHOTS_WANTED, wanting_snapshots
from orchestration.checks.frames import query_frame
from orchestration.resources import PROJECT_DIR, WarehouseConfig


def _marts(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "order by 1"
        ).fetchall()
    return [name for (name,) in rows]


def _frames(db: Path, table: str, snapshot: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    with duckdb.connect(str(db), read_only=True) as con:
        built = query_frame(con, f'select * from marts."{table}"')
    with duckdb.connect() as con:
        copied = query_frame(con, f"select * from read_parquet('{snapshot}')")
    return built, copied


def test_every_mart_suite_checked_a_copy_equal_to_the_published_table(cli_published):
    warehouse = cli_published.warehouse
    marts = _marts(warehouse.serve_db)
    assert len(marts) >= 20
    instance = DagsterInstance.from_config(str(cli_published.data_dir / "dagster"))
    try:
        keys = [AssetCheckKey(AssetKey(["marts", m]), "gx_suite") for m in marts]
        records = instance.event_log_storage.get_latest_asset_check_execution_by_key(keys)
    finally:
        instance.dispose()
    assert set(records) == set(keys)
    for key, record in records.items():
        table = key.asset_key.path[-1]
        evaluation = record.event.dagster_event.event_specific_data
        snapshot = warehouse.check_snapshot("marts", table)
        # the suite ran on the copy dbt wrote as it built the mart, started by the dbt step
        assert evaluation.metadata["read_from"].value == str(snapshot), table
        built, copied = _frames(warehouse.serve_db, table, snapshot)
        # same rows in the same order (failures name row indexes), same dtypes (suites
        # check them)
        pd.testing.assert_frame_equal(copied, built, check_exact=True)
    # the marker is gone once dbt ended: dbt run by hand writes no copies
    assert not (warehouse.check_snapshot_dir / SNAPSHOTS_WANTED).exists()


def _dbt_run_mart(warehouse: WarehouseConfig, mart: str, work: Path) -> None:
    subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "run",
            "--select",
            mart,
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        cwd=PROJECT_DIR,
        env={**os.environ, **warehouse.dbt_env()},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )


def test_dbt_writes_a_copy_only_while_the_marker_is_there(published_copy, tmp_path):
    snapshots = published_copy.check_snapshot_dir
    snapshot = published_copy.check_snapshot("marts", "dim_drug")
    snapshot.unlink()

    _dbt_run_mart(published_copy, "dim_drug", tmp_path / "by_hand")
    assert not snapshot.exists()

    with wanting_snapshots(snapshots):
        _dbt_run_mart(published_copy, "dim_drug", tmp_path / "wanted")
    assert sorted(p.name for p in snapshots.iterdir()) == ["marts__dim_drug.parquet"]
    built, copied = _frames(published_copy.build_db, "dim_drug", snapshot)
    assert len(built) > 0
    pd.testing.assert_frame_equal(copied, built, check_exact=True)
