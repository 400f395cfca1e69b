"""End to end: `dbt build` of the whole project on small hand-made landing Parquet.

The test writes its own landing tables (the schemas the ingest produces) into a tmp
directory, builds a tmp DuckDB file with the repo's dbt project, and checks the domain
traps the marts must get right:

* a CBP fiscal year held by two releases is counted once, wholly from the newer one;
* fiscal-year months land in the right calendar month (FY2026 OCT = 2025-10-01);
* CDC's NY excludes New York City, and the derived file's FIPS 36 (NY incl. NYC) is not
  passed off as NY;
* a suppressed VSRR value stays NULL (never 0).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

CBP_TABLE = "cbp_drug_seizures__nationwide"
VSRR_TABLE = "cdc_vsrr__overdose_deaths"
RELEASES_TABLE = "ironriver__source_releases"

CBP_COLUMNS = (
    ("fiscal_year", "integer"),
    ("fiscal_year_label", "varchar"),
    ("fiscal_month_abbr", "varchar"),
    ("component", "varchar"),
    ("region", "varchar"),
    ("land_filter", "varchar"),
    ("area_of_responsibility", "varchar"),
    ("drug_type", "varchar"),
    ("event_count", "bigint"),
    ("quantity_lbs", "double"),
    ("_source_file", "varchar"),
    ("_vintage", "date"),
    ("_source_row", "bigint"),
)

VSRR_COLUMNS = (
    ("state_abbr", "varchar"),
    ("state_name", "varchar"),
    ("state_fips", "varchar"),
    ("year", "bigint"),
    ("month", "integer"),
    ("period", "varchar"),
    ("indicator", "varchar"),
    ("data_value", "double"),
    ("predicted_value", "double"),
    ("percent_complete", "varchar"),
    ("percent_pending_investigation", "double"),
    ("footnote", "varchar"),
    ("footnote_symbol", "varchar"),
    ("_source_file", "varchar"),
    ("_vintage", "date"),
    ("_source_row", "bigint"),
)

RELEASES_COLUMNS = (
    ("source", "varchar"),
    ("file_name", "varchar"),
    ("table_name", "varchar"),
    ("vintage", "date"),
    ("url", "varchar"),
    ("official_url", "varchar"),
    ("sha256", "varchar"),
    ("bytes", "bigint"),
    ("fetched_at", "timestamp with time zone"),
    ("rows_landed", "bigint"),
    ("layout", "varchar"),
)

OFO = "Office of Field Operations"
USBP = "U.S. Border Patrol"
SW = "Southwest Border"

# --- CBP: two overlapping releases --------------------------------------------------
CBP_OLD = ("cbp_drug_seizures/nationwide-drugs-fy21-fy22.csv", date(2022, 10, 31))
CBP_NEW = ("cbp_drug_seizures/nationwide-drugs-fy22-fy26.csv", date(2026, 1, 31))


def _cbp_row(release, fy, label, month, component, land, area, drug, events, lbs):
    return (fy, label, month, component, SW, land, area, drug, events, lbs, *release)


LAND, OTHER = "Land Only", "Other"
TUCSON, LAREDO, SAN_DIEGO = "TUCSON SECTOR", "LAREDO FIELD OFFICE", "SAN DIEGO FIELD OFFICE"
FYTD = "2026 (FYTD)"

# fmt: off
CBP_OLD_ROWS = [
    # FY2021 is only in the old release: kept
    _cbp_row(CBP_OLD, 2021, "2021", "OCT", USBP, LAND, TUCSON, "Fentanyl", 10, 100.0),
    # FY2022 is in both: the new release revises OCT ...
    _cbp_row(CBP_OLD, 2022, "2022", "OCT", USBP, LAND, TUCSON, "Fentanyl", 5, 50.0),
    # ... and no longer has this cell: it must not survive
    _cbp_row(CBP_OLD, 2022, "2022", "NOV", OFO, LAND, SAN_DIEGO, "Heroin", 1, 5.0),
]
CBP_NEW_ROWS = [
    _cbp_row(CBP_NEW, 2022, "2022", "OCT", USBP, LAND, TUCSON, "Fentanyl", 6, 60.0),
    # the running fiscal year, partial; same area/drug/month under two land filters
    _cbp_row(CBP_NEW, 2026, FYTD, "OCT", OFO, LAND, LAREDO, "Fentanyl", 2, 7.0),
    _cbp_row(CBP_NEW, 2026, FYTD, "OCT", OFO, OTHER, LAREDO, "Fentanyl", 1, 3.0),
    _cbp_row(CBP_NEW, 2026, FYTD, "JAN", OFO, OTHER, LAREDO, "Other Drugs**", 1, 0.0),
    _cbp_row(CBP_NEW, 2026, FYTD, "DEC", OFO, OTHER, LAREDO, "Lsd", 1, 0.5),
]
# fmt: on

# --- CDC VSRR: four layouts, four vintages -------------------------------------------
OD = "Number of Drug Overdose Deaths"
VSRR_CSV = ("cdc_vsrr/vsrr_subset_number_of_drug_overdose_deaths.csv", date(2024, 5, 1))
VSRR_JSON = ("cdc_vsrr/derived_od_statemonths.json", date(2025, 9, 17))
VSRR_DEC = ("cdc_vsrr/vsrr_subset_december_rows.csv", date(2025, 12, 18))
VSRR_API = ("cdc_vsrr/vsrr_api_subset_T40.4.csv", date(2026, 6, 15))


def _vsrr_row(
    release, abbr, name, fips, year, month, indicator, value, predicted=None, footnote=None
):
    """One landing row; columns a layout lacks stay NULL (as the ingest lands them)."""
    values = {
        "state_abbr": abbr,
        "state_name": name,
        "state_fips": fips,
        "year": year,
        "month": month,
        "period": "12 month-ending",
        "indicator": indicator,
        "data_value": value,
        "predicted_value": predicted,
        "footnote": footnote,
        "_source_file": release[0],
        "_vintage": release[1],
    }
    return tuple(values.get(column) for column, _ in VSRR_COLUMNS[:-1])  # _source_row added later


T40_1 = "Heroin (T40.1)"
T40_4 = "Synthetic opioids, excl. methadone (T40.4)"
PERCENT = "Percent with drugs specified"

# fmt: off
VSRR_CSV_ROWS = [
    _vsrr_row(VSRR_CSV, "US", "United States", None, 2023, 11, OD, 105000.0, 106000.0),
    _vsrr_row(VSRR_CSV, "NY", "New York", None, 2023, 11, OD, 3231.0, 3300.0),
    _vsrr_row(VSRR_CSV, "YC", "New York City", None, 2023, 11, OD, 3000.0, 3050.0),
    _vsrr_row(VSRR_CSV, "AK", "Alaska", None, 2024, 12, OD, 480.0, 490.0),
]
VSRR_JSON_ROWS = [
    # the derived file's FIPS 36 is NY INCLUDING NYC (3231 + 3000): must not become US-NY
    _vsrr_row(VSRR_JSON, None, None, "36", 2023, 11, OD, 6231.0),
    # FIPS-only Alaska, newer than the CSV export, older than the December totals
    _vsrr_row(VSRR_JSON, None, None, "02", 2024, 12, OD, 500.0),
    _vsrr_row(VSRR_JSON, None, None, "02", 2025, 3, OD, 450.0),
]
VSRR_DEC_ROWS = [
    _vsrr_row(VSRR_DEC, None, "United States", None, 2024, 12, OD, 80856.0),
    _vsrr_row(VSRR_DEC, None, "New York", None, 2024, 12, OD, 2330.0),
    _vsrr_row(VSRR_DEC, None, "New York City", None, 2024, 12, OD, 2254.0),
    _vsrr_row(VSRR_DEC, None, "Alaska", None, 2024, 12, OD, 510.0),
    _vsrr_row(VSRR_DEC, None, "Alaska", None, 2024, 12, T40_1, None),  # suppressed
    _vsrr_row(VSRR_DEC, None, "United States", None, 2024, 12, PERCENT, 96.1),
]
VSRR_API_ROWS = [
    _vsrr_row(VSRR_API, "AK", "Alaska", None, 2025, 1, T40_4, None, None,
              "Data suppressed (<10)."),
    _vsrr_row(VSRR_API, "US", "United States", None, 2025, 1, T40_4, 45000.0, 45500.0),
]
# fmt: on


# --- Mexico: SESNSP victims and incidence, derived yearly file, INEGI homicides ---------
VICTIMS_TABLE = "sesnsp__victims_state_month"
INCIDENCE_TABLE = "sesnsp__incidence_state_month"
YEARLY_TABLE = "sesnsp__incidence_state_year_derived"
INEGI_TABLE = "inegi__homicides_state_month"
MX_TEXT = (
    "state_code",
    "state_name",
    "bien_juridico",
    "crime_type",
    "crime_subtype",
    "modality",
)
MX_META = (("_source_file", "varchar"), ("_vintage", "date"), ("_source_row", "bigint"))
VICTIMS_COLUMNS = (
    ("date_year_month", "varchar"),
    ("year", "bigint"),
    ("month", "bigint"),
    *((c, "varchar") for c in MX_TEXT),
    ("sex", "varchar"),
    ("age_group", "varchar"),
    ("victims", "bigint"),
    *MX_META,
)
SPANISH_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto")
SPANISH_MONTHS += ("septiembre", "octubre", "noviembre", "diciembre")
INCIDENCE_COLUMNS = (
    ("year", "bigint"),
    *((c, "varchar") for c in MX_TEXT),
    *((f"m{i:02d}_{m}", "bigint") for i, m in enumerate(SPANISH_MONTHS, start=1)),
    *MX_META,
)
YEARLY_COLUMNS = (
    ("year", "bigint"),
    *((c, "varchar") for c in MX_TEXT),
    ("crime_reports", "bigint"),
    ("rate_per_100k_inhabitants", "double"),
    ("rate_per_100k_women", "double"),
    *MX_META,
)
INEGI_COLUMNS = (
    ("state_code", "varchar"),
    ("year", "bigint"),
    ("month", "bigint"),
    ("homicides", "bigint"),
    ("population_estimate", "double"),
    ("homicide_rate", "double"),
    *MX_META,
)

VICTIMS_OLD = ("sesnsp_mexico/victims_cut_2024_06.csv.gz", date(2024, 7, 20))
VICTIMS_NEW = ("sesnsp_mexico/victims_cut_2025_06.csv.gz", date(2025, 7, 20))
IDEFC_CUT = ("sesnsp_mexico/IDEFC_NM_mar22.csv", date(2022, 5, 5))
ESTATAL_CUT = ("sesnsp_mexico/estatal_n_2026.csv", date(2026, 4, 18))
YEARLY_RELEASE = ("sesnsp_mexico/yearly_derived.csv", date(2025, 7, 20))
INEGI_RELEASE = ("inegi_mexico/homicides.csv", date(2024, 3, 21))
LIFE = "La vida y la Integridad corporal"
HOMICIDE = ("Homicidio", "Homicidio doloso")
FIREARM = "Con arma de fuego"
ADULTS = "Adultos (18 y más)"


def _victims_row(release, year, month, code, name, victims):
    # the file writes the 15th of the month, and short state names
    return (
        f"{year}-{month:02d}-15",
        year,
        month,
        code,
        name,
        LIFE,
        *HOMICIDE,
        FIREARM,
        "Hombre",
        ADULTS,
        victims,
        *release,
    )


def _incidence_row(release, year, code, name, months):
    months = list(months) + [None] * (12 - len(months))  # blank = not yet published
    return (year, code, name, LIFE, *HOMICIDE, FIREARM, *months, *release)


def _yearly_row(year, code, name, reports):
    return (year, code, name, LIFE, *HOMICIDE, FIREARM, reports, 1.5, None, *YEARLY_RELEASE)


def _inegi_row(code, year, month, homicides, population):
    days = (
        28
        if month == 2
        else (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
    )
    rate = homicides / population * 100_000 * 365.25 / days  # the authors' definition
    return (code, year, month, homicides, population, rate, *INEGI_RELEASE)


# fmt: off
VICTIMS_OLD_ROWS = [
    _victims_row(VICTIMS_OLD, 2023, 12, "05", "Coahuila", 20),
    _victims_row(VICTIMS_OLD, 2024, 1, "05", "Coahuila", 30),  # revised by the newer cut
    _victims_row(VICTIMS_OLD, 2024, 1, "15", "Estado de México", 70),  # gone from it
]
VICTIMS_NEW_ROWS = [
    _victims_row(VICTIMS_NEW, 2024, 1, "05", "Coahuila", 31),
    _victims_row(VICTIMS_NEW, 2025, 6, "15", "Estado de México", 64),
]
IDEFC_ROWS = [
    # official names, codes unpadded as in IDEFC_NM
    _incidence_row(IDEFC_CUT, 2021, "5", "Coahuila de Zaragoza", range(1, 13)),
    _incidence_row(IDEFC_CUT, 2022, "5", "Coahuila de Zaragoza", [4, 5, 6]),
    _incidence_row(IDEFC_CUT, 2022, "15", "México", [80, 81, 82]),
]
ESTATAL_ROWS = [
    _incidence_row(ESTATAL_CUT, 2026, "05", "Coahuila de Zaragoza", [4, 0, 3]),
]
YEARLY_ROWS = [
    _yearly_row(2024, "00", "Nacional", 10),
    _yearly_row(2024, "05", "Coahuila", 4),
    _yearly_row(2024, "26", "Sonora", 6),
    _yearly_row(2025, "00", "Nacional", 2),
    _yearly_row(2025, "05", "Coahuila", 2),
]
INEGI_ROWS = [
    _inegi_row("05", 2020, 1, 31, 3_200_000.5),
    _inegi_row("05", 2020, 2, 29, 3_200_100.5),  # February counted as 28 days, leap or not
    _inegi_row("15", 2000, 1, 200, 13_000_000.0),
]
# fmt: on


def _release_row(source, table, release, rows, layout):
    file_name, vintage = release
    values = {
        "source": source,
        "file_name": file_name,
        "table_name": table,
        "vintage": vintage,
        "url": f"file:///mirror/{file_name}",
        "sha256": "0" * 64,
        "bytes": 1000,
        "fetched_at": "2026-07-01 00:00:00+00",
        "rows_landed": rows,
        "layout": layout,
    }
    return tuple(values.get(column) for column, _ in RELEASES_COLUMNS)


RELEASE_ROWS = [
    _release_row("cbp_drug_seizures", CBP_TABLE, CBP_OLD, len(CBP_OLD_ROWS), "official"),
    _release_row("cbp_drug_seizures", CBP_TABLE, CBP_NEW, len(CBP_NEW_ROWS), "official"),
    _release_row("cdc_vsrr", VSRR_TABLE, VSRR_CSV, len(VSRR_CSV_ROWS), "csv_export"),
    _release_row(
        "cdc_vsrr", VSRR_TABLE, VSRR_JSON, len(VSRR_JSON_ROWS), "derived_statemonths_json"
    ),
    _release_row("cdc_vsrr", VSRR_TABLE, VSRR_DEC, len(VSRR_DEC_ROWS), "december_totals"),
    _release_row("cdc_vsrr", VSRR_TABLE, VSRR_API, len(VSRR_API_ROWS), "api"),
    _release_row("sesnsp", VICTIMS_TABLE, VICTIMS_OLD, len(VICTIMS_OLD_ROWS), "derived_long"),
    _release_row("sesnsp", VICTIMS_TABLE, VICTIMS_NEW, len(VICTIMS_NEW_ROWS), "derived_long"),
    _release_row("sesnsp", INCIDENCE_TABLE, IDEFC_CUT, len(IDEFC_ROWS), "idefc_nm"),
    _release_row("sesnsp", INCIDENCE_TABLE, ESTATAL_CUT, len(ESTATAL_ROWS), "estatal_n"),
    _release_row("sesnsp", YEARLY_TABLE, YEARLY_RELEASE, len(YEARLY_ROWS), "derived_yearly"),
    _release_row("inegi", INEGI_TABLE, INEGI_RELEASE, len(INEGI_ROWS), "gargiulo"),
]


def _write_parquet(
    path: Path, columns: Sequence[tuple[str, str]], rows: Sequence[tuple], number_rows: bool
) -> None:
    """Write rows as one landing Parquet file with exactly the given column types."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("set timezone = 'UTC'")
        ddl = ", ".join(f"{name} {sql_type}" for name, sql_type in columns)
        con.execute(f"create table landing_rows ({ddl})")
        if number_rows:  # landing tables end with _source_row, 1-based per file
            rows = [(*row, i) for i, row in enumerate(rows, start=1)]
        placeholders = ", ".join("?" for _ in columns)
        con.executemany(f"insert into landing_rows values ({placeholders})", list(rows))
        con.execute(f"copy landing_rows to '{path}' (format parquet)")
    finally:
        con.close()


def _dbt_executable() -> str:
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("dbt")
    assert found, "the dbt executable is not installed in this environment"
    return found


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Land the hand-made rows, run `dbt build`, return the built DuckDB file."""
    root = tmp_path_factory.mktemp("ironriver")
    landing = root / "landing"
    _write_parquet(landing / CBP_TABLE / "2022-10-31__old.parquet", CBP_COLUMNS, CBP_OLD_ROWS, True)
    _write_parquet(landing / CBP_TABLE / "2026-01-31__new.parquet", CBP_COLUMNS, CBP_NEW_ROWS, True)
    for name, rows in (
        ("2024-05-01__csv.parquet", VSRR_CSV_ROWS),
        ("2025-09-17__json.parquet", VSRR_JSON_ROWS),
        ("2025-12-18__december.parquet", VSRR_DEC_ROWS),
        ("2026-06-15__api.parquet", VSRR_API_ROWS),
    ):
        _write_parquet(landing / VSRR_TABLE / name, VSRR_COLUMNS, rows, True)
    for table, columns, name, rows in (
        (VICTIMS_TABLE, VICTIMS_COLUMNS, "2024-07-20__old.parquet", VICTIMS_OLD_ROWS),
        (VICTIMS_TABLE, VICTIMS_COLUMNS, "2025-07-20__new.parquet", VICTIMS_NEW_ROWS),
        (INCIDENCE_TABLE, INCIDENCE_COLUMNS, "2022-05-05__idefc.parquet", IDEFC_ROWS),
        (INCIDENCE_TABLE, INCIDENCE_COLUMNS, "2026-04-18__estatal.parquet", ESTATAL_ROWS),
        (YEARLY_TABLE, YEARLY_COLUMNS, "2025-07-20__yearly.parquet", YEARLY_ROWS),
        (INEGI_TABLE, INEGI_COLUMNS, "2024-03-21__inegi.parquet", INEGI_ROWS),
    ):
        _write_parquet(landing / table / name, columns, rows, True)
    _write_parquet(
        landing / RELEASES_TABLE / "releases.parquet", RELEASES_COLUMNS, RELEASE_ROWS, False
    )

    db_path = root / "build" / "warehouse.duckdb"
    db_path.parent.mkdir()
    env = {
        **os.environ,
        "IRONRIVER_DATA_DIR": str(root),
        "IRONRIVER_DUCKDB_PATH": str(db_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    result = subprocess.run(
        [
            _dbt_executable(),
            "build",
            "--project-dir",
            str(REPO_ROOT),
            "--profiles-dir",
            str(REPO_ROOT),
            # keep the repo's target/ (Dagster's manifest) and logs/ untouched
            "--target-path",
            str(root / "target"),
            "--log-path",
            str(root / "logs"),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (
        f"dbt build failed:\n{result.stdout[-8000:]}\n{result.stderr[-4000:]}"
    )
    return db_path


def _query(db_path: Path, sql: str, params: Sequence[object] = ()) -> list[tuple]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_every_mart_is_built(warehouse: Path) -> None:
    tables = {
        name
        for (name,) in _query(
            warehouse,
            "select table_name from information_schema.tables where table_schema = 'marts'",
        )
    }
    assert {
        "dim_month",
        "dim_geography",
        "dim_drug",
        "dim_cbp_area",
        "dim_source_release",
        "fct_drug_seizures",
        "fct_overdose_deaths",
        "fct_mx_crime_victims",
        "fct_mx_crime_incidents",
        "fct_mx_crime_incidents_yearly_derived",
        "fct_mx_homicides_registered",
    } <= tables


def test_fiscal_year_in_two_releases_is_counted_once_from_the_newer(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select drug_id, sum(quantity_lbs), sum(seizure_events), "
        "min(source_file), max(source_file) "
        "from marts.fct_drug_seizures where fiscal_year = 2022 group by drug_id",
    )
    # OCT revised 50 -> 60 lb in the newer release; NOV heroin is gone from it
    assert rows == [("cbp:fentanyl", 60.0, 6, CBP_NEW[0], CBP_NEW[0])]
    older_only = _query(
        warehouse,
        "select sum(quantity_lbs), min(source_file) from marts.fct_drug_seizures "
        "where fiscal_year = 2021",
    )
    assert older_only == [(100.0, CBP_OLD[0])]


def test_fiscal_month_lands_in_the_right_calendar_month(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select month_start, land_filter, quantity_lbs, is_fiscal_year_to_date "
        "from marts.fct_drug_seizures where fiscal_year = 2026 and drug_id = 'cbp:fentanyl' "
        "order by land_filter",
    )
    assert rows == [
        (date(2025, 10, 1), "Land Only", 7.0, True),
        (date(2025, 10, 1), "Other", 3.0, True),
    ]
    months = dict(
        _query(
            warehouse,
            "select drug_id, month_start from marts.fct_drug_seizures "
            "where drug_id in ('cbp:other_drugs', 'cbp:lsd')",
        )
    )
    assert months == {"cbp:other_drugs": date(2026, 1, 1), "cbp:lsd": date(2025, 12, 1)}
    fiscal = _query(
        warehouse,
        "select fiscal_year, fiscal_month from marts.dim_month "
        "where month_start = date '2025-10-01'",
    )
    assert fiscal == [(2026, 1)]


def test_pounds_convert_to_kilograms(warehouse: Path) -> None:
    (kg,) = _query(
        warehouse,
        "select quantity_kg from marts.fct_drug_seizures where fiscal_year = 2021",
    )[0]
    assert kg == pytest.approx(100 * 0.45359237)


def test_new_york_excludes_new_york_city(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select geography_id, month_start, reported_deaths_12m from marts.fct_overdose_deaths "
        "where drug_id = 'cdc:all_drugs' and geography_id in ('US-NY', 'US-NYC') "
        "order by month_start, geography_id",
    )
    assert rows == [
        # the derived file's FIPS 36 (6231 = NY + NYC) did not replace CDC's NY row
        ("US-NY", date(2023, 11, 1), 3231),
        ("US-NYC", date(2023, 11, 1), 3000),
        # the name-only December layout resolves 'New York' and 'New York City' apart
        ("US-NY", date(2024, 12, 1), 2330),
        ("US-NYC", date(2024, 12, 1), 2254),
    ]
    note = _query(warehouse, "select note from marts.dim_geography where geography_id = 'US-NY'")
    assert "EXCLUDING New York City" in note[0][0]


def test_newest_vintage_wins_and_fips_rows_resolve(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select month_start, reported_deaths_12m, source_vintage from marts.fct_overdose_deaths "
        "where geography_id = 'US-AK' and drug_id = 'cdc:all_drugs' order by month_start",
    )
    assert rows == [
        (date(2024, 12, 1), 510, VSRR_DEC[1]),  # 2024-05-01: 480, 2025-09-17: 500, 2025-12-18: 510
        (date(2025, 3, 1), 450, VSRR_JSON[1]),  # FIPS-only row resolved to Alaska
    ]
    us = _query(
        warehouse,
        "select reported_deaths_12m from marts.fct_overdose_deaths "
        "where geography_id = 'US' and drug_id = 'cdc:all_drugs' "
        "and month_start = date '2024-12-01'",
    )
    assert us == [(80856,)]


def test_suppressed_value_stays_null(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select drug_id, reported_deaths_12m, is_suppressed from marts.fct_overdose_deaths "
        "where geography_id = 'US-AK' and drug_id in ('cdc:T40.1', 'cdc:T40.4') order by drug_id",
    )
    assert rows == [("cdc:T40.1", None, True), ("cdc:T40.4", None, True)]


def test_percent_indicator_is_not_a_death_count(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select count(*) from marts.fct_overdose_deaths where indicator = ?",
        [PERCENT],
    )
    assert rows == [(0,)]


# --- Mexico ------------------------------------------------------------------------


def test_every_spelling_of_a_state_resolves_to_one_geography(warehouse: Path) -> None:
    # 'Coahuila' (victims), 'Coahuila de Zaragoza' with code '5' (IDEFC) and '05' (2026),
    # 'Estado de México' (victims) and 'México' (IDEFC) are the same two states
    rows = _query(
        warehouse,
        "select 'victims', geography_id from marts.fct_mx_crime_victims union "
        "select 'incidents', geography_id from marts.fct_mx_crime_incidents union "
        "select 'yearly', geography_id from marts.fct_mx_crime_incidents_yearly_derived union "
        "select 'inegi', geography_id from marts.fct_mx_homicides_registered order by all",
    )
    assert rows == [
        ("incidents", "MX-COA"),
        ("incidents", "MX-MEX"),
        ("inegi", "MX-COA"),
        ("inegi", "MX-MEX"),
        ("victims", "MX-COA"),
        ("victims", "MX-MEX"),
        ("yearly", "MX-COA"),
        ("yearly", "MX-SON"),
    ]


def test_sesnsp_year_is_taken_whole_from_the_newest_cut(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select month_start, geography_id, victims, source_file from marts.fct_mx_crime_victims "
        "order by month_start, geography_id",
    )
    assert rows == [
        (date(2023, 12, 1), "MX-COA", 20, VICTIMS_OLD[0]),  # only in the older cut
        (date(2024, 1, 1), "MX-COA", 31, VICTIMS_NEW[0]),  # revised 30 -> 31
        # 2024-01 MX-MEX (70) is not in the newer cut: it does not come back
        (date(2025, 6, 1), "MX-MEX", 64, VICTIMS_NEW[0]),
    ]


def test_blank_months_are_absent_and_published_zeros_kept(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select strftime(month_start, '%Y-%m'), crime_reports, crime_catalogue "
        "from marts.fct_mx_crime_incidents where geography_id = 'MX-COA' "
        "and year(month_start) >= 2022 order by 1",
    )
    assert rows == [
        ("2022-01", 4, "SESNSP 2015-2025"),
        ("2022-02", 5, "SESNSP 2015-2025"),
        ("2022-03", 6, "SESNSP 2015-2025"),
        ("2026-01", 4, "SESNSP 2026 (_n)"),
        ("2026-02", 0, "SESNSP 2026 (_n)"),
        ("2026-03", 3, "SESNSP 2026 (_n)"),
    ]
    ((months_2021,),) = _query(
        warehouse,
        "select sum(crime_reports) from marts.fct_mx_crime_incidents "
        "where year(month_start) = 2021",
    )
    assert months_2021 == sum(range(1, 13))


def test_yearly_derived_mart_drops_national_rows_and_flags_partial_years(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select calendar_year, geography_id, crime_reports, is_partial_year, "
        "crime_reports_per_100k_women_derived "
        "from marts.fct_mx_crime_incidents_yearly_derived order by all",
    )
    assert rows == [
        (2024, "MX-COA", 4, False, None),
        (2024, "MX-SON", 6, False, None),
        (2025, "MX-COA", 2, True, None),  # published 2025-07-20: 2025 is partial
    ]


def test_inegi_authors_rate_is_kept_as_published(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select month_start, homicides, homicide_rate_per_100k_annualised_by_authors "
        "from marts.fct_mx_homicides_registered where geography_id = 'MX-COA' order by 1",
    )
    assert [(r[0], r[1]) for r in rows] == [(date(2020, 1, 1), 31), (date(2020, 2, 1), 29)]
    assert rows[1][2] == pytest.approx(29 / 3_200_100.5 * 100_000 * 365.25 / 28)


def test_unknown_state_name_fails_the_model_naming_it(warehouse: Path, tmp_path: Path) -> None:
    """int_mx_state_names__resolved, as dbt compiled it, run on a copy of the build where
    one staging row carries a name no variant matches: the error names it."""
    compiled = next(
        warehouse.parent.parent.glob("target/compiled/**/int_mx_state_names__resolved.sql")
    )
    copy = tmp_path / warehouse.name  # same basename: the compiled SQL names the catalog
    shutil.copyfile(warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute(
            "create table staging.victims_rows as "
            "select * from staging.stg_sesnsp__victims_state_month"
        )
        con.execute(
            "insert into staging.victims_rows by name "
            "select '33' as state_code, 'Atlantis' as state_name"
        )
        con.execute(
            "create or replace view staging.stg_sesnsp__victims_state_month as "
            "select * from staging.victims_rows"
        )
        with pytest.raises(duckdb.Error) as raised:
            con.execute(compiled.read_text()).fetchall()
    finally:
        con.close()
    message = str(raised.value)
    assert "unknown Mexican state name 'Atlantis'" in message
    assert "sesnsp__victims_state_month" in message
    assert "mx_state_name_variants.csv" in message
