"""End to end, southbound: figures in the published marts equal what the source files say.

Expected figures are read here independently of the ingest: the ATF workbooks with
openpyxl (cached values), the USBP and Mexico CSVs with the csv module. The pipeline run
is the session's shared one (tests/e2e/conftest.py).
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.resources import WarehouseConfig

ATF_DIR = "atf_firearms_trace"
USBP_CSV = "cbp_weapons_seizures/usbp_apprehensions_seizures_stats_by_border_fy2011_fy2019.csv"
MX_CSV = "reference/mexico_firearm_trace_published_figures.csv"


def _marts(warehouse: WarehouseConfig, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _atf_matrix(shared_data: Path, year: int) -> tuple[dict[str, dict[str, int]], int]:
    """{source label: {recovery label: count}} and the grand total cell, read with openpyxl:
    headers in row 2 from column C, source labels in column B down to TOTAL(S)."""
    path = shared_data / ATF_DIR / f"atf_sourced_recovered_by_state_cy{year}.xlsx"
    ws = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    headers = {
        col: " ".join(str(ws.cell(2, col).value).split())
        for col in range(3, ws.max_column + 1)
        if ws.cell(2, col).value is not None
    }
    matrix: dict[str, dict[str, int]] = {}
    for row in range(3, ws.max_row + 1):
        label = " ".join(str(ws.cell(row, 2).value).split())
        cells = {name: ws.cell(row, col).value for col, name in headers.items()}
        if label in ("TOTAL", "TOTALS"):
            grand = cells.get("TOTAL", cells.get("TOTALS"))
            return matrix, int(grand)
        matrix[label] = {k: int(v) for k, v in cells.items() if k not in ("TOTAL", "TOTALS")}
    raise AssertionError(f"no TOTAL row in {path}")


def test_southbound_marts_are_published(published) -> None:
    _, outcome = published
    for table in (
        "fct_firearm_traces",
        "fct_usbp_seizures_yearly",
        "fct_mexico_firearm_trace_figures",
    ):
        assert outcome.tables[f"marts.{table}"] > 0, table


@pytest.mark.parametrize("year", [2010, 2013, 2020])
def test_total_traces_for_a_year_equal_the_workbook_grand_total(
    published, shared_data: Path, year: int
) -> None:
    warehouse, _ = published
    matrix, grand_total = _atf_matrix(shared_data, year)
    ((got, cells),) = _marts(
        warehouse,
        "select sum(firearms), count(*) from marts.fct_firearm_traces where calendar_year = ?",
        [year],
    )
    assert got == grand_total == sum(sum(row.values()) for row in matrix.values())
    assert cells == sum(len(row) for row in matrix.values())


def test_firearms_sourced_in_texas_and_recovered_in_other_states(
    published, shared_data: Path
) -> None:
    warehouse, _ = published
    matrix, _ = _atf_matrix(shared_data, 2020)
    expected = sum(n for state, n in matrix["TEXAS"].items() if state != "TEXAS")
    ((got,),) = _marts(
        warehouse,
        "select sum(firearms) from marts.fct_firearm_traces "
        "where calendar_year = 2020 and source_geography_id = 'US-TX' "
        "and recovery_geography_id <> 'US-TX'",
    )
    assert got == expected
    assert expected > 1_000  # a real figure, not an empty sum
    # and one cell of it: Texas-sourced firearms recovered in New Mexico
    ((to_nm,),) = _marts(
        warehouse,
        "select firearms from marts.fct_firearm_traces where calendar_year = 2020 "
        "and source_geography_id = 'US-TX' and recovery_geography_id = 'US-NM'",
    )
    assert to_nm == matrix["TEXAS"]["NEW MEXICO"]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_usbp_southwest_border_firearms_fy2019(published, shared_data: Path) -> None:
    warehouse, _ = published
    [expected] = [
        int(r["firearms"])
        for r in _csv_rows(shared_data / USBP_CSV)
        if r["sector"] == "southwest border" and r["fiscal_year"] == "2019"
    ]
    ((got, unit),) = _marts(
        warehouse,
        "select quantity, unit from marts.fct_usbp_seizures_yearly "
        "where fiscal_year = 2019 and border_region = 'southwest border' and item = 'firearms'",
    )
    assert got == expected == 299
    assert unit == "firearms"


def test_usbp_heroin_keeps_ounces_and_converts_to_pounds(published, shared_data: Path) -> None:
    warehouse, _ = published
    rows = _csv_rows(shared_data / USBP_CSV)
    expected = {(r["sector"], int(r["fiscal_year"])): int(r["heroin_ounces"]) for r in rows}
    got = _marts(
        warehouse,
        "select border_region, fiscal_year, quantity, quantity_lbs "
        "from marts.fct_usbp_seizures_yearly where item = 'heroin'",
    )
    assert {(region, fy): oz for region, fy, oz, _ in got} == expected
    assert all(lbs == pytest.approx(oz / 16) for _, _, oz, lbs in got)


def test_mexico_figures_are_the_published_statements(published, shared_data: Path) -> None:
    warehouse, _ = published
    expected = [
        (int(r["period_start_year"]), r["measure"], float(r["value"]), r["source_kind"])
        for r in _csv_rows(shared_data / MX_CSV)
    ]
    got = _marts(
        warehouse,
        "select period_start_year, measure, value, source_kind "
        "from marts.fct_mexico_firearm_trace_figures order by statement_number",
    )
    assert got == expected
