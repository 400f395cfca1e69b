"""A source with a hostile file name and a hostile column name (quotes, semicolons, SQL)
goes through the whole pipeline: the name is data, never SQL; nothing runs, nothing is
written outside the data directory, and the served warehouse stays as it was."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.automation.runner import RunFailedError
from tests.e2e.helpers import mirror_of, run_into, sha256, with_new_release

HOSTILE_FILE = "cbp_drug_seizures/may'); drop schema marts cascade; --.csv"
HOSTILE_COLUMN = 'Port");drop schema marts cascade;--'
HEADER = (
    "FY,Month (abbv),Component,Region,Land Filter,Area of Responsibility,Drug Type,"
    'Count of Event,Sum Qty (lbs),"Port"");drop schema marts cascade;--"\n'
)
ROW = (
    "2026 (FYTD),MAY,U.S. Border Patrol,Southwest Border,Land Only,TUCSON SECTOR,Fentanyl,"
    "3,10.5,Nogales\n"
)


def _marts(db) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    return {name for (name,) in rows}


def test_hostile_file_and_column_names_are_data_not_sql(published_copy, shared_data, tmp_path):
    served = sha256(published_copy.serve_db)
    build_marts = _marts(published_copy.build_db)
    assert "fct_drug_seizures" in build_marts
    mirror = mirror_of(shared_data, tmp_path / "mirror")
    catalog = with_new_release(mirror, (HEADER + ROW).encode(), file_name=HOSTILE_FILE)
    outside_before = {p for p in tmp_path.rglob("*") if not p.is_relative_to(published_copy.root)}
    with pytest.raises(RunFailedError) as failure:
        run_into(published_copy.root, mirror, catalog)
    text = str(failure.value)
    assert f"unexpected column(s) '{HOSTILE_COLUMN}'" in text  # reported, quoted
    assert HOSTILE_FILE in text
    # nothing ran: the marts are all there, in the build file and in the served file
    assert _marts(published_copy.build_db) == build_marts
    assert _marts(published_copy.serve_db) == build_marts
    assert sha256(published_copy.serve_db) == served
    # the raw file is kept, under its own name, inside the data directory
    stored = [p for p in published_copy.raw_dir.rglob("*") if p.name.startswith("may'); drop")]
    assert len(stored) == 1 and stored[0].is_relative_to(published_copy.raw_dir)
    outside_after = {p for p in tmp_path.rglob("*") if not p.is_relative_to(published_copy.root)}
    assert outside_after == outside_before
