"""End to end, NFLIS lab reports and DOSE nonfatal overdoses: the published marts say what
the files say (expected values read here with the csv module)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from orchestration.resources import WarehouseConfig


def _marts(warehouse: WarehouseConfig, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_nflis_texas_fentanyl_reports_by_series(published, shared_data: Path) -> None:
    warehouse, _ = published
    annual = _rows(shared_data / "dea_nflis" / "NFLIS_fent_all.csv")
    halves = _rows(shared_data / "dea_nflis" / "NFLIS_Drug_DQS_2026_03_03_13_26_55.csv")
    expected_2024 = sum(
        int(r["DRUG_REPORTS"]) for r in annual if r["STATE"] == "TX" and r["YYYY"] == "2024"
    )
    expected_2023_halves = sum(
        int(r["DRUG_REPORTS"]) for r in halves if r["STATE"] == "TX" and r["YYYY"] == "2023"
    )
    rows = dict(
        _marts(
            warehouse,
            "select period_type, sum(drug_reports) from marts.fct_drug_lab_reports "
            "where geography_id = 'US-TX' and ((period_type = 'year' and calendar_year = 2024) "
            "or (period_type = 'half_year' and calendar_year = 2023)) group by 1",
        )
    )
    assert rows == {"year": expected_2024, "half_year": expected_2023_halves}
    assert expected_2024 > 1000
    [(total_rows,)] = _marts(warehouse, "select count(*) from marts.fct_drug_lab_reports")
    assert total_rows == len(annual) + len(halves)  # the two series never overlap


def test_dose_arizona_ed_visits_2023(published, shared_data: Path) -> None:
    warehouse, _ = published
    dose = _rows(
        shared_data / "cdc_dose" / "DOSE_dx_Dashboard_011325_Jurisdiction_Counts_Rates.csv"
    )
    [row] = [
        r
        for r in dose
        if r["jurisdiction"] == "AZ"
        and r["year"] == "2023"
        and r["time_frame"] == "annual"
        and r["dataset"] == "ED"
    ]
    got = dict(
        (drug, (visits, suppressed, missing))
        for drug, visits, suppressed, missing in _marts(
            warehouse,
            "select drug_id, visits, is_suppressed, is_not_available "
            "from marts.fct_nonfatal_overdose_visits where geography_id = 'US-AZ' "
            "and period_type = 'year' and calendar_year = 2023 and care_setting = 'ED'",
        )
    )
    for drug, column in (("dose:all_drugs", "count_alldrug"), ("dose:fentanyl", "count_fentanyl")):
        value = row[column]
        expected = (
            (None, value == "suppressed", value == "NA")
            if value in ("suppressed", "NA")
            else (int(value), False, False)
        )
        assert got[drug] == expected, drug
    assert len(got) == 8
    [(rows,)] = _marts(warehouse, "select count(*) from marts.fct_nonfatal_overdose_visits")
    assert rows == len(dose) * 8


def test_dose_sys_arizona_rates_january_2023(published, shared_data: Path) -> None:
    warehouse, _ = published
    sys_rows = _rows(
        shared_data / "cdc_dose" / "DOSE_SyS_Dashboard_Download_8-25-2025_Jurisdiction.csv"
    )
    expected = {
        ("month" if r["rate_time"] == "Monthly" else "12_months_ending"): r
        for r in sys_rows
        if r["jurisdiction"] == "AZ" and r["year"] == "2023" and r["month"] == "1"
    }
    got = {
        (period, drug): (rate, suppressed)
        for period, drug, rate, suppressed in _marts(
            warehouse,
            "select period_type, drug_id, rate_per_10k_ed_visits, is_suppressed "
            "from marts.fct_nonfatal_overdose_ed_rates where geography_id = 'US-AZ' "
            "and month_start = '2023-01-01'",
        )
    }
    for period, row in expected.items():
        for drug, column in (("dose:fentanyl", "fentanyl_rate"), ("dose:heroin", "heroin_rate")):
            value = row[column]
            assert got[(period, drug)] == (
                (None, True) if value == "*" else (float(value), False)
            ), (period, drug)
    [(rows,)] = _marts(warehouse, "select count(*) from marts.fct_nonfatal_overdose_ed_rates")
    assert rows == len(sys_rows) * 8
