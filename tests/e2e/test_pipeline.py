"""End to end: the whole Definitions, run into a temp data dir from the local mirror.

Figures in the marts are checked against what the source files say, computed here
independently with the csv module.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from orchestration.resources import WarehouseConfig
from tests.e2e.helpers import run_into, sha256


def _marts(warehouse: WarehouseConfig, sql: str, params: list | None = None):
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _cbp_rows(shared_data: Path, name: str) -> list[dict[str, str]]:
    with (shared_data / "cbp_drug_seizures" / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_every_mart_is_published_with_rows(published):
    warehouse, outcome = published
    for table in (
        "dim_month",
        "dim_geography",
        "dim_drug",
        "fct_drug_seizures",
        "fct_overdose_deaths",
    ):
        assert outcome.tables[f"marts.{table}"] > 0, table
    schemas = {
        row[0]
        for row in _marts(
            warehouse,
            "select schema_name from duckdb_schemas() "
            "where database_name = current_database() and not internal",
        )
    }
    # the marts and the report's tables only: staging views read landing paths, and
    # intermediate and seeds are the build's inner workings
    assert schemas == {"marts", "report"}
    assert {name.split(".")[0] for name in outcome.tables} == {"marts", "report"}


def _fentanyl_lbs(shared_data: Path, name: str, fiscal_year: str) -> float:
    return sum(
        float(r["Sum Qty (lbs)"])
        for r in _cbp_rows(shared_data, name)
        if r["FY"] == fiscal_year and r["Drug Type"] == "Fentanyl"
    )


def test_fentanyl_pounds_fy2024_match_the_newest_cbp_files(published, shared_data):
    """OFO + USBP from the newest nationwide file, plus AMO from the newest AMO file."""
    warehouse, _ = published
    expected = _fentanyl_lbs(shared_data, "nationwide-drugs-fy23-fy26-apr.csv", "2024")
    expected += _fentanyl_lbs(shared_data, "amo-drug-seizures-fy23-fy26-dec.csv", "2024")
    ((got,),) = _marts(
        warehouse,
        "select sum(f.quantity_lbs) from marts.fct_drug_seizures f "
        "join marts.dim_drug d using (drug_id) "
        "where f.fiscal_year = 2024 and d.source_label = 'Fentanyl'",
    )
    assert got == pytest.approx(expected, rel=1e-9)
    assert expected > 10_000  # a real figure, not an empty sum


def test_overlapping_fiscal_year_counted_once_from_newest_file(published, shared_data):
    warehouse, _ = published
    # FY2022 is in fy19-fy22 and fy20-fy23 (nationwide and AMO): the newer file of each
    # series must win, once.
    newer = _cbp_rows(shared_data, "nationwide-drugs-fy20-fy23.csv")
    newer += _cbp_rows(shared_data, "amo-drug-seizures-fy20-fy23.csv")
    expected_events = sum(int(r["Count of Event"]) for r in newer if r["FY"] == "2022")
    ((events, files),) = _marts(
        warehouse,
        "select sum(seizure_events), list(distinct source_file order by source_file) "
        "from marts.fct_drug_seizures where fiscal_year = 2022",
    )
    assert events == expected_events
    assert files == [
        "cbp_drug_seizures/amo-drug-seizures-fy20-fy23.csv",
        "cbp_drug_seizures/nationwide-drugs-fy20-fy23.csv",
    ]


def test_fy2022_fentanyl_total_counts_each_cbp_series_once(published, shared_data):
    """FY2022 is in two nationwide files and two AMO files: each series' newest file
    (fy20-fy23) counts, once; AMO adds to the OFO + USBP total, never overlaps it."""
    warehouse, _ = published
    nationwide = _fentanyl_lbs(shared_data, "nationwide-drugs-fy20-fy23.csv", "2022")
    amo = _fentanyl_lbs(shared_data, "amo-drug-seizures-fy20-fy23.csv", "2022")
    assert nationwide == pytest.approx(
        _fentanyl_lbs(shared_data, "nationwide-drugs-fy19-fy22.csv", "2022"), rel=1e-9
    )  # the files agree on the year: a double count would show as twice the total
    rows = _marts(
        warehouse,
        "select f.component = 'Air and Marine Operations', sum(f.quantity_lbs), "
        "list(distinct f.source_file) from marts.fct_drug_seizures f "
        "join marts.dim_drug d using (drug_id) "
        "where f.fiscal_year = 2022 and d.source_label = 'Fentanyl' group by 1 order by 1",
    )
    assert [(is_amo, files) for is_amo, _, files in rows] == [
        (False, ["cbp_drug_seizures/nationwide-drugs-fy20-fy23.csv"]),
        (True, ["cbp_drug_seizures/amo-drug-seizures-fy20-fy23.csv"]),
    ]
    assert rows[0][1] == pytest.approx(nationwide, rel=1e-9)
    assert rows[1][1] == pytest.approx(amo, rel=1e-9)
    assert amo > 0


def test_fiscal_month_maps_to_calendar_month(published, shared_data):
    warehouse, _ = published
    rows = _cbp_rows(shared_data, "nationwide-drugs-fy23-fy26-apr.csv")
    rows += _cbp_rows(shared_data, "amo-drug-seizures-fy23-fy26-dec.csv")
    expected = sum(
        int(r["Count of Event"])
        for r in rows
        if r["FY"] == "2026 (FYTD)" and r["Month (abbv)"] == "OCT"
    )
    ((events, fytd),) = _marts(
        warehouse,
        "select sum(seizure_events), bool_and(is_fiscal_year_to_date) "
        "from marts.fct_drug_seizures where month_start = date '2025-10-01'",
    )
    assert events == expected
    assert fytd is True


def test_us_overdose_deaths_december_2024(published, shared_data):
    warehouse, _ = published
    path = shared_data / "cdc_vsrr" / "vsrr_subset_december_rows_all_indicators_2015_2024.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        (expected,) = [
            float(r["Total Deaths"])
            for r in csv.DictReader(f)
            if r["Year"] == "2024"
            and r["State Name"] == "United States"
            and r["Indicator"] == "Number of Drug Overdose Deaths"
        ]
    ((got,),) = _marts(
        warehouse,
        "select reported_deaths_12m from marts.fct_overdose_deaths "
        "where geography_id = 'US' and month_start = date '2024-12-01' "
        "and indicator = 'Number of Drug Overdose Deaths'",
    )
    assert got == expected == 80_856


def test_suppressed_vsrr_values_stay_null(published):
    warehouse, _ = published
    ((suppressed, zero_flagged),) = _marts(
        warehouse,
        "select count(*) filter (where is_suppressed and reported_deaths_12m is null), "
        "count(*) filter (where is_suppressed and reported_deaths_12m is not null) "
        "from marts.fct_overdose_deaths",
    )
    assert suppressed > 0
    assert zero_flagged == 0


def test_rerun_with_unchanged_upstream_does_nothing(published, shared_data):
    warehouse, _ = published
    before = sha256(warehouse.serve_db)
    raw_files = sorted(p for p in warehouse.raw_dir.rglob("*") if p.is_file())
    mtimes = {p: p.stat().st_mtime_ns for p in raw_files}
    _, outcome = run_into(warehouse.root, shared_data)
    assert outcome.status == "up_to_date"
    assert sha256(warehouse.serve_db) == before
    assert {p: p.stat().st_mtime_ns for p in raw_files} == mtimes
