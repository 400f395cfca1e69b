"""Landing parsers: every real release lands with the row count PROVENANCE.md gives,
values are typed the way the files mean them, and bad files fail naming file, row, column."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.catalog.registry import CATALOG
from orchestration.landing.layouts import CBP_NATIONWIDE, VSRR_CSV_EXPORT, layout_for
from orchestration.landing.parse import LandingError, land_file

# Data rows per file, as PROVENANCE.md states them.
PROVENANCE_ROWS = {
    "cbp_drug_seizures/nationwide-drugs-fy19-fy22.csv": 10_092,
    "cbp_drug_seizures/nationwide-drugs-fy20-fy23.csv": 9_924,
    "cbp_drug_seizures/nationwide-drugs-fy23-fy26-dec.csv": 7_895,
    "cbp_drug_seizures/nationwide-drugs-fy23-fy26-apr.csv": 8_673,
    "cbp_drug_seizures/amo-drug-seizures-fy19-fy22.csv": 1_772,
    "cbp_drug_seizures/amo-drug-seizures-fy20-fy23.csv": 1_762,
    "cbp_drug_seizures/amo-drug-seizures-fy23-fy26-dec.csv": 1_292,
    "dea_nflis/NFLIS_fent_all.csv": 6_472,
    "dea_nflis/NFLIS_Drug_DQS_2026_03_03_13_26_55.csv": 8_923,
    "cdc_dose/DOSE_dx_Dashboard_011325_Jurisdiction_Counts_Rates.csv": 5_018,
    "cdc_dose/DOSE_SyS_Dashboard_Download_8-25-2025_Jurisdiction.csv": 7_956,
    "cdc_vsrr/vsrr_full_official_layout_OLD_vintage_2015-01_2018-09.csv": 13_320,
    "cdc_vsrr/vsrr_subset_number_of_drug_overdose_deaths_2015-01_2023-11.csv": 5_671,
    "cdc_vsrr/vsrr_subset_december_rows_all_indicators_2015_2024.csv": 6_300,
    "cdc_vsrr/vsrr_api_subset_T40.4_2015-01_2026-01.csv": 6_916,
    # 51 states/DC x 124 months (2015-01 .. 2025-04)
    "cdc_vsrr/derived_od_statemonths_vsrr20250917_number_of_drug_overdose_deaths.json": 51 * 124,
}

RELEASES = [r for s in CATALOG for r in s.releases if r.file_name in PROVENANCE_ROWS]


def _land(path: Path, release, tmp_path: Path) -> Path:
    dest = tmp_path / f"{Path(release.file_name).stem}.parquet"
    landed = land_file(
        path,
        layout_for(release.table, release.layout),
        release_file=release.file_name,
        vintage=date.fromisoformat(release.vintage),
        dest=dest,
    )
    assert landed.rows == PROVENANCE_ROWS[release.file_name]
    return dest


@pytest.mark.parametrize("release", RELEASES, ids=lambda r: r.file_name.split("/")[-1])
def test_real_release_lands_every_row(release, shared_data, tmp_path):
    dest = _land(shared_data / release.file_name, release, tmp_path)
    with duckdb.connect() as con:
        rows, files, vintages, first_row = con.execute(
            "select count(*), count(distinct _source_file), min(_vintage), min(_source_row) "
            "from read_parquet(?)",
            [str(dest)],
        ).fetchone()
    assert rows == PROVENANCE_ROWS[release.file_name]
    assert files == 1
    assert vintages == date.fromisoformat(release.vintage)
    assert first_row == 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_bom_and_thousands_separators_are_read(shared_data, tmp_path):
    (release,) = [r for r in RELEASES if "OLD_vintage" in r.file_name]
    dest = _land(shared_data / release.file_name, release, tmp_path)
    with duckdb.connect() as con:
        state, value = con.execute(
            "select state_abbr, data_value from read_parquet(?) "
            "where state_abbr = 'AK' and year = 2015 and month = 1 "
            "and indicator = 'Number of Deaths'",
            [str(dest)],
        ).fetchone()
    assert state == "AK"  # the BOM did not leak into the first header
    assert value == 4034  # "4,034" in the file


def test_fytd_label_keeps_its_year_and_text(shared_data, tmp_path):
    (release,) = [r for r in RELEASES if r.file_name.endswith("fy23-fy26-apr.csv")]
    dest = _land(shared_data / release.file_name, release, tmp_path)
    with duckdb.connect() as con:
        labels = con.execute(
            "select distinct fiscal_year, fiscal_year_label from read_parquet(?) order by 1",
            [str(dest)],
        ).fetchall()
    assert labels[-1] == (2026, "2026 (FYTD)")
    assert labels[0] == (2023, "2023")


def test_suppressed_value_lands_as_null_not_zero(shared_data, tmp_path):
    (release,) = [r for r in RELEASES if "api_subset" in r.file_name]
    dest = _land(shared_data / release.file_name, release, tmp_path)
    with duckdb.connect() as con:
        blank, zero = con.execute(
            "select count(*) filter (where data_value is null), "
            "count(*) filter (where data_value = 0) from read_parquet(?)",
            [str(dest)],
        ).fetchone()
    assert blank == 1_427  # PROVENANCE: 1,427 rows with empty data_value
    assert zero == 0


HEADER = (
    "FY,Month (abbv),Component,Region,Land Filter,Area of Responsibility,Drug Type,"
    "Count of Event,Sum Qty (lbs)\n"
)
GOOD = "2024,OCT,U.S. Border Patrol,Southwest Border,Land Only,TUCSON SECTOR,Fentanyl,2,1.5\n"


def _land_text(tmp_path: Path, text: str | bytes, layout=CBP_NATIONWIDE) -> None:
    raw = tmp_path / "bad.csv"
    raw.write_bytes(text if isinstance(text, bytes) else text.encode())
    land_file(
        raw, layout, release_file="x/bad.csv", vintage=date(2026, 1, 1), dest=tmp_path / "o.pq"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER.replace("Sum Qty (lbs)", "Quantity") + GOOD, "missing column(s) 'Sum Qty (lbs)'"),
        (HEADER + GOOD + GOOD.replace(",2,", ",two,"), "row 2, column 'Count of Event'"),
        (HEADER + GOOD.replace("2024,", ",", 1), "row 1, column 'FY': is blank"),
        (HEADER + GOOD + "2024,OCT,U.S. Border Patrol,Southwest", "x/bad.csv"),
        (HEADER, "has a header but no data rows"),
        ("<!DOCTYPE html><html><body>Service unavailable</body></html>\n", "missing column"),
        (HEADER.encode() + GOOD.replace("TUCSON", "TUCS\xd3N").encode("latin-1"), "x/bad.csv"),
    ],
    ids=["renamed", "text-in-int", "blank-key", "truncated", "empty", "html", "latin-1"],
)
def test_bad_files_fail_naming_file_row_and_column(tmp_path, text, message):
    with pytest.raises(LandingError) as failure:
        _land_text(tmp_path, text)
    assert message in str(failure.value)
    assert str(failure.value).startswith("x/bad.csv")
    assert not (tmp_path / "o.pq").exists()


def test_hostile_header_is_quoted_not_executed(tmp_path):
    text = (
        "State,Year,Month,Period,Indicator,Data Value,Percent Complete,"
        'Percent Pending Investigation,State Name,Predicted Value,"x"");drop table t;--"\n'
        "AK,2015,January,12 month-ending,Number of Deaths,1,100,0,Alaska,1,boom\n"
    )
    with pytest.raises(LandingError) as failure:
        _land_text(tmp_path, text, VSRR_CSV_EXPORT)
    # the header is reported as data, quoted; it was never run as SQL
    assert """unexpected column(s) 'x");drop table t;--'""" in str(failure.value)
    assert not (tmp_path / "o.pq").exists()
