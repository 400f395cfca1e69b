"""Landing of the southbound sources: ATF source x recovery workbooks, USBP seizure
statistics and the hand-kept Mexico trace figures.

Every real ATF workbook must land and reconcile, with the grand total PROVENANCE.md
states; expected figures are read here independently (PROVENANCE.md's table, openpyxl,
the csv module). Broken workbooks are small edits of a real one, written by the test.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from orchestration.catalog.registry import (
    ATF_FIREARMS_TRACE,
    MX_FIREARM_TRACE_FIGURES,
    USBP_SEIZURE_STATS,
)
from orchestration.landing.layouts import layout_for
from orchestration.landing.parse import LandingError, land_file
from orchestration.landing.readers_atf import KNOWN_TOTAL_ERRATA

ATF_LAYOUT = layout_for("atf_firearms_trace__source_recovery", "source_recovery_matrix")
ATF_RELEASES = ATF_FIREARMS_TRACE.releases
CY2020 = "atf_firearms_trace/atf_sourced_recovered_by_state_cy2020.xlsx"
CY2012 = "atf_firearms_trace/atf_sourced_recovered_by_state_cy2012.xlsx"
BROKEN = "atf_firearms_trace/broken_copy_cy2020.xlsx"


def provenance_grand_totals(shared_data: Path) -> dict[str, int]:
    """File name -> grand total traces, from the ATF table of PROVENANCE.md section 4."""
    text = (shared_data / "PROVENANCE.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| (atf_sourced_recovered_by_state_cy\d{4}\.xlsx) \|[^|]*\|[^|]*\| ([\d,]+)",
        text,
        flags=re.MULTILINE,
    )
    return {name: int(total.replace(",", "")) for name, total in rows}


def _land(raw: Path, tmp_path: Path, release_file: str = BROKEN) -> Path:
    dest = tmp_path / "out.parquet"
    land_file(raw, ATF_LAYOUT, release_file=release_file, vintage=date(2021, 4, 12), dest=dest)
    return dest


def _query(dest: Path, sql: str) -> list[tuple]:
    with duckdb.connect() as con:
        return con.execute(sql.replace("{t}", f"read_parquet('{dest}')")).fetchall()


def _matrix_positions(ws: Worksheet) -> tuple[int, int, dict[str, int], dict[str, int]]:
    """(total row, total column, source label -> row, recovery label -> column), 1-based,
    found the simple way for the real files' layout: recovery headers in row 2 from
    column C, source labels in column B from row 3 down to the TOTAL(S) row."""
    headers = {
        str(ws.cell(2, col).value).strip(): col
        for col in range(3, ws.max_column + 1)
        if ws.cell(2, col).value is not None
    }
    sources: dict[str, int] = {}
    for row in range(3, ws.max_row + 1):
        label = str(ws.cell(row, 2).value).strip()
        sources[label] = row
        if label in ("TOTAL", "TOTALS"):
            break
    total_col = headers.get("TOTAL") or headers["TOTALS"]
    total_row = sources.get("TOTAL") or sources["TOTALS"]
    return total_row, total_col, sources, headers


# --------------------------------------------------------------------------- real files


def test_provenance_lists_every_atf_release(shared_data: Path) -> None:
    totals = provenance_grand_totals(shared_data)
    assert sorted(totals) == sorted(r.base_name for r in ATF_RELEASES)
    assert len(totals) == 11


@pytest.mark.parametrize("release", ATF_RELEASES, ids=lambda r: r.base_name[-11:-5])
def test_every_atf_workbook_lands_and_adds_up_to_its_grand_total(
    release, shared_data: Path, tmp_path: Path
) -> None:
    raw = shared_data / release.file_name
    dest = _land(raw, tmp_path, release.file_name)
    [(rows, firearms, years, cells, files)] = _query(
        dest,
        "select count(*), sum(firearms), list(distinct calendar_year), "
        "count(distinct source_cell), list(distinct _source_file) from {t}",
    )
    # the grand total PROVENANCE.md states, and the grand total cell itself (openpyxl)
    expected = provenance_grand_totals(shared_data)[release.base_name]
    ws = openpyxl.load_workbook(raw, read_only=False, data_only=True).worksheets[0]
    total_row, total_col, sources, headers = _matrix_positions(ws)
    assert firearms == expected == ws.cell(total_row, total_col).value
    # one row per non-total cell of the matrix
    assert rows == cells == (len(sources) - 1) * (len(headers) - 1)
    assert years == [int(release.base_name[-9:-5])]
    assert files == [release.file_name]


def test_single_cells_match_the_workbook(shared_data: Path, tmp_path: Path) -> None:
    raw = shared_data / CY2020
    dest = _land(raw, tmp_path, CY2020)
    ws = openpyxl.load_workbook(raw, data_only=True).worksheets[0]
    _, _, sources, headers = _matrix_positions(ws)
    for source, recovery in [
        ("TEXAS", "TEXAS"),
        ("TEXAS", "CALIFORNIA"),
        ("ARIZONA", "NEW MEXICO"),
        ("PUERTO RICO", "GUAM & NORTHERN MARIANA ISLANDS"),
    ]:
        expected = ws.cell(sources[source], headers[recovery]).value
        [(got, cell)] = _query(
            dest,
            "select firearms, source_cell from {t} "
            f"where source_state = '{source}' and recovery_state = '{recovery}'",
        )
        assert got == expected
        assert cell == ws.cell(sources[source], headers[recovery]).coordinate


def test_formula_grand_total_is_read_from_its_cached_value(shared_data: Path) -> None:
    raw = shared_data / "atf_firearms_trace/atf_sourced_recovered_by_state_cy2013.xlsx"
    formulas = openpyxl.load_workbook(raw).worksheets[0]
    cached = openpyxl.load_workbook(raw, data_only=True).worksheets[0]
    total_row, total_col, _, _ = _matrix_positions(cached)
    assert str(formulas.cell(total_row, total_col).value).startswith("=SUM(")
    assert cached.cell(total_row, total_col).value == 166_426  # PROVENANCE: cached value


def test_labels_land_as_printed_including_canada_and_guam_variants(
    shared_data: Path, tmp_path: Path
) -> None:
    d12 = _land(shared_data / CY2012, tmp_path, CY2012)
    labels = {r[0] for r in _query(d12, "select distinct source_state from {t}")}
    assert {"CANADA", "US VIRGIN  ISLANDS", "GUAM"} <= labels  # two spaces, as printed
    d13 = _land(
        shared_data / "atf_firearms_trace/atf_sourced_recovered_by_state_cy2013.xlsx",
        tmp_path / "13",
        "atf_firearms_trace/atf_sourced_recovered_by_state_cy2013.xlsx",
    )
    recovery = {r[0] for r in _query(d13, "select distinct recovery_state from {t}")}
    source = {r[0] for r in _query(d13, "select distinct source_state from {t}")}
    assert "GUAM & NORTHERN MARIANA ISLANDS" in recovery and "GUAM" in source
    assert not {label for label in recovery | source if label.startswith("TOTAL")}


def test_cy2012_row_total_errata_are_pinned_to_that_exact_file(
    shared_data: Path, tmp_path: Path
) -> None:
    raw = shared_data / CY2012
    ws = openpyxl.load_workbook(raw, data_only=True).worksheets[0]
    total_row, total_col, sources, headers = _matrix_positions(ws)
    state_cols = [c for name, c in headers.items() if name not in ("TOTAL", "TOTALS")]
    short_rows = {
        ws.cell(row, total_col).coordinate: (
            ws.cell(row, total_col).value,
            sum(ws.cell(row, c).value for c in state_cols),
        )
        for name, row in sources.items()
        if row != total_row
        and sum(ws.cell(row, c).value for c in state_cols) != ws.cell(row, total_col).value
    }
    # exactly the mismatches the reader pins, nothing else
    [pinned] = [e for sha, e in KNOWN_TOTAL_ERRATA.items() if sha == _release(CY2012).sha256]
    assert short_rows == {e.cell: (e.stated, e.computed) for e in pinned}
    assert len(short_rows) == 6
    # the same bytes with another checksum (re-saved by openpyxl) are not excused
    copy = tmp_path / "resaved.xlsx"
    openpyxl.load_workbook(raw).save(copy)
    with pytest.raises(LandingError) as failure:
        _land(copy, tmp_path)
    message = str(failure.value)
    assert message.startswith(f"{BROKEN}, sheet 'Sheet1': ")
    assert "row 'CALIFORNIA' total cell BE7 says 14,813 but the row adds up to 14,814" in message


def _release(file_name: str):
    [release] = [r for r in ATF_RELEASES if r.file_name == file_name]
    return release


# --------------------------------------------------------------------------- broken copies


def _broken_copy(shared_data: Path, tmp_path: Path, edit) -> Path:
    wb = openpyxl.load_workbook(shared_data / CY2020)
    edit(wb.worksheets[0])
    path = tmp_path / "broken.xlsx"
    wb.save(path)
    return path


def _fails(shared_data: Path, tmp_path: Path, edit) -> str:
    raw = _broken_copy(shared_data, tmp_path, edit)
    with pytest.raises(LandingError) as failure:
        _land(raw, tmp_path)
    message = str(failure.value)
    assert message.startswith(BROKEN)
    assert not (tmp_path / "out.parquet").exists()
    return message


def _shift_header_right(ws: Worksheet) -> None:
    values = [c.value for c in ws[2]]
    for col in range(3, len(values) + 2):
        ws.cell(2, col).value = values[col - 2] if col - 2 >= 2 else None


def _set(coordinate_of, value):
    def edit(ws: Worksheet) -> None:
        ws[coordinate_of(ws)] = value

    return edit


def _cell_of(source: str, recovery: str):
    def find(ws: Worksheet) -> str:
        total_row, total_col, sources, headers = _matrix_positions(ws)
        row = total_row if source == "TOTAL" else sources[source]
        col = total_col if recovery == "TOTAL" else headers[recovery]
        return ws.cell(row, col).coordinate

    return find


def test_header_moved_down_still_lands_by_content(shared_data: Path, tmp_path: Path) -> None:
    raw = _broken_copy(shared_data, tmp_path, lambda ws: ws.insert_rows(1, amount=3))
    dest = _land(raw, tmp_path)
    [(firearms, first_cell)] = _query(
        dest, "select sum(firearms), min_by(source_cell, _source_row) from {t}"
    )
    assert firearms == provenance_grand_totals(shared_data)[Path(CY2020).name]
    assert first_cell == "C6"  # ALABAMA x ALABAMA, three rows further down


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _shift_header_right,
            "cell C3 should hold the source-state label of its row but holds 5419 (and 53 more "
            "cell(s) of column C): is the header row shifted against the data?",
        ),
        (
            lambda ws: ws.delete_cols(_matrix_positions(ws)[3]["ARIZONA"]),
            "recovery-state column 'ARIZONA' is missing from header row 2",
        ),
        (
            lambda ws: ws.delete_rows(_matrix_positions(ws)[2]["ARIZONA"]),
            "source-state row 'ARIZONA' is missing from column B",
        ),
        (
            _set(_cell_of("TEXAS", "NEW MEXICO"), -5),
            "cell AI48 holds -5: expected a whole, non-negative number of firearms",
        ),
        (
            _set(_cell_of("TEXAS", "CALIFORNIA"), 12.5),
            "holds 12.5: expected a whole, non-negative number of firearms",
        ),
        (
            _set(_cell_of("TEXAS", "CALIFORNIA"), "n/a"),
            "cell G48 holds 'n/a'",
        ),
        (
            _set(_cell_of("TEXAS", "TOTAL"), 30_000),
            "row 'TEXAS' total cell BE48 says 30,000 but the row adds up to",
        ),
        (
            _set(_cell_of("TOTAL", "ARIZONA"), 1),
            "column 'ARIZONA' total cell E57 says 1 but the column adds up to",
        ),
        (
            _set(_cell_of("TOTAL", "TOTAL"), 306_687),
            "grand total cell BE57 says 306,687 but the matrix adds up to 306,686",
        ),
        (
            _set(_cell_of("TOTAL", "TOTAL"), "=SUM(C57:BD57)"),
            "grand total cell BE57 is blank but the cells add up to 306,686",
        ),
        (
            _set(lambda ws: "C64", 17),
            "cell C64 below the TOTAL row 57 holds 17: only notes may follow the matrix",
        ),
        (
            _set(lambda ws: "BF2", "OTHER"),
            "header cell BF2 ('OTHER') is right of the TOTAL column BE",
        ),
        (
            lambda ws: ws.delete_rows(_matrix_positions(ws)[0]),
            "no TOTAL/TOTALS row below header row 2",
        ),
        (
            _set(lambda ws: "A2", "State"),
            "no sheet has a header row",
        ),
        (
            _set(lambda ws: "B59", "- Includes Firearms Recovered between 1/1/2019 - 12/31/2019"),
            "footnote B59 covers 2019-2019 but the file name says CY2020",
        ),
    ],
    ids=[
        "header-shifted-right",
        "missing-state-column",
        "missing-state-row",
        "negative-count",
        "fractional-count",
        "text-count",
        "row-total-off",
        "column-total-off",
        "grand-total-off",
        "formula-without-cached-value",
        "numbers-below-totals",
        "extra-column-after-total",
        "no-total-row",
        "no-header-row",
        "footnote-of-another-year",
    ],
)
def test_broken_workbook_fails_naming_file_sheet_and_cell(
    shared_data: Path, tmp_path: Path, edit, expected: str
) -> None:
    message = _fails(shared_data, tmp_path, edit)
    assert expected in message, message


def test_file_that_is_not_an_xlsx_fails(tmp_path: Path) -> None:
    raw = tmp_path / "fake.xlsx"
    raw.write_text("Source State,ALABAMA,TOTAL\nALABAMA,1,1\n")
    with pytest.raises(LandingError) as failure:
        _land(raw, tmp_path)
    assert str(failure.value).startswith(f"{BROKEN}: not a readable xlsx workbook")


def test_file_name_without_year_fails(shared_data: Path, tmp_path: Path) -> None:
    with pytest.raises(LandingError, match="cannot tell the calendar year"):
        _land(shared_data / CY2020, tmp_path, "atf_firearms_trace/trace_2020.xlsx")


# --------------------------------------------------------------------------- USBP, Mexico


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    "release",
    [*USBP_SEIZURE_STATS.releases, *MX_FIREARM_TRACE_FIGURES.releases],
    ids=lambda r: r.table,
)
def test_csv_release_lands_every_row_as_published(
    release, shared_data: Path, tmp_path: Path
) -> None:
    raw = shared_data / release.file_name
    dest = tmp_path / "out.parquet"
    landed = land_file(
        raw,
        layout_for(release.table, release.layout),
        release_file=release.file_name,
        vintage=date.fromisoformat(release.vintage),
        dest=dest,
    )
    rows = _csv_rows(raw)
    assert landed.rows == len(rows)
    first = rows[0]
    numeric = "firearms" if "firearms" in first else "value"
    [(got,)] = _query(dest, f"select {numeric} from {{t}} where _source_row = 1")
    assert got == float(first[numeric])


def test_usbp_na_text_is_kept_and_counts_are_integers(shared_data: Path, tmp_path: Path) -> None:
    [release] = USBP_SEIZURE_STATS.releases
    dest = tmp_path / "out.parquet"
    land_file(
        shared_data / release.file_name,
        layout_for(release.table, release.layout),
        release_file=release.file_name,
        vintage=date.fromisoformat(release.vintage),
        dest=dest,
    )
    [(na_rows, heroin, ammo_type)] = _query(
        dest,
        "select count(*) filter (where aliens_special_interest_county = 'NA'), "
        "sum(heroin_ounces), typeof(any_value(ammunition_rounds)) from {t}",
    )
    rows = _csv_rows(shared_data / release.file_name)
    assert na_rows == sum(r["aliens_special_interest_county"] == "NA" for r in rows) == 32
    assert heroin == sum(int(r["heroin_ounces"]) for r in rows)
    assert ammo_type == "BIGINT"
