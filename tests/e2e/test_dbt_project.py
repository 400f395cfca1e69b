"""End to end: `dbt build` of the whole project on small hand-made landing Parquet.

The test writes its own landing tables (the schemas the ingest produces) into a tmp
directory, builds a tmp DuckDB file with the repo's dbt project, and checks the domain
traps the marts must get right:

* a CBP fiscal year held by two releases is counted once, wholly from the newer one, per
  series (nationwide OFO + USBP, Air and Marine Operations), and an unmapped CBP area
  fails naming it;
* fiscal-year months land in the right calendar month (FY2026 OCT = 2025-10-01);
* CDC's NY excludes New York City, and the derived file's FIPS 36 (NY incl. NYC) is not
  passed off as NY;
* a suppressed VSRR value stays NULL (never 0);
* population: each year from the newest Census vintage holding it, re-padded FIPS codes,
  the U.S. as the sum of its states, CONAPO's Mexico and states within 2000-2030;
* ATF trace labels map to geographies as printed (two-space 'US VIRGIN  ISLANDS', the
  combined Guam + Northern Mariana Islands label, Canada), and an unknown label fails the
  build naming the label;
* USBP heroin ounces convert to pounds, and the nationwide total stays a flagged row;
* BTS crossings: each month whole from the newest export, exact repeats once, unpublished
  cells zero, a pinned conflicting pair resolved; an unknown measure, a port with two
  names and an unpinned conflict fail naming them.
"""

from __future__ import annotations

import csv
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
ATF_TABLE = "atf_firearms_trace__source_recovery"
USBP_TABLE = "usbp_seizure_stats__by_border_region"
MXF_TABLE = "mx_firearm_trace_figures__statements"

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

ATF_COLUMNS = (
    ("calendar_year", "bigint"),
    ("source_state", "varchar"),
    ("recovery_state", "varchar"),
    ("firearms", "bigint"),
    ("source_sheet", "varchar"),
    ("source_cell", "varchar"),
    ("_source_file", "varchar"),
    ("_vintage", "date"),
    ("_source_row", "bigint"),
)

_USBP_COUNTS = (
    "ammunition_rounds", "apprehensions", "cocaine_pounds", "cocaine_seizures", "conveyances",
    "currency_in_dollars", "ecstasy_pounds", "ecstasy_seizures", "firearms", "heroin_ounces",
    "heroin_seizures", "marijuana_pounds", "marijuana_seizures", "methamphetamine_pounds",
    "methamphetamine_seizures", "other_drugs_pounds", "other_drugs_seizures",
    "other_than_mexican_apprehensions",
)  # fmt: skip
USBP_COLUMNS = (
    ("sector", "varchar"),
    ("fiscal_year", "bigint"),
    *((name, "bigint") for name in _USBP_COUNTS),
    ("aliens_special_interest_county", "varchar"),
    ("_source_file", "varchar"),
    ("_vintage", "date"),
    ("_source_row", "bigint"),
)

MXF_COLUMNS = (
    ("period_start_year", "bigint"),
    ("period_end_year", "bigint"),
    ("recovery_country", "varchar"),
    ("measure", "varchar"),
    ("value", "double"),
    ("unit", "varchar"),
    ("source_kind", "varchar"),
    ("source_title", "varchar"),
    ("source_url", "varchar"),
    ("note", "varchar"),
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
    # FY2023 also has Air and Marine Operations seizures (below)
    _cbp_row(CBP_NEW, 2023, "2023", "JAN", USBP, LAND, TUCSON, "Fentanyl", 3, 30.0),
]
# fmt: on

# --- CBP Air and Marine Operations: two overlapping releases of their own ---------------
CBP_AMO_TABLE = "cbp_drug_seizures__amo"
AMO = "Air and Marine Operations"
AMO_COLUMNS = tuple(
    ("branch", t) if name == "area_of_responsibility" else (name, t) for name, t in CBP_COLUMNS
)
AMO_OLD = ("cbp_drug_seizures/amo-drug-seizures-fy20-fy23.csv", date(2023, 10, 31))
AMO_NEW = ("cbp_drug_seizures/amo-drug-seizures-fy23-fy26-dec.csv", date(2026, 1, 31))
# fmt: off
AMO_OLD_ROWS = [
    (2023, "2023", "OCT", AMO, SW, "Land", "Tucson Air Branch", "Fentanyl", 1, 4.0, *AMO_OLD),
]
AMO_NEW_ROWS = [
    # FY2023 revised by the newer AMO file: 4 -> 5 lb
    (2023, "2023", "OCT", AMO, SW, "Land", "Tucson Air Branch", "Fentanyl", 2, 5.0, *AMO_NEW),
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


# --- Population: two Census vintages and CONAPO ----------------------------------------
CENSUS_TABLE = "census_pep__county_population"
CONAPO_TABLE = "conapo__state_population"
CENSUS_COLUMNS = (
    ("sumlev", "varchar"),
    ("region", "varchar"),
    ("division", "varchar"),
    ("state", "varchar"),
    ("county", "varchar"),
    ("stname", "varchar"),
    ("ctyname", "varchar"),
    *((f"popestimate{year}", "bigint") for year in range(2010, 2026)),
    ("_source_file", "varchar"),
    ("_vintage", "date"),
    ("_source_row", "bigint"),
)
CONAPO_COLUMNS = (
    ("n_year", "bigint"),
    ("nombre_estado", "varchar"),
    ("cve_ent", "varchar"),
    ("genero", "varchar"),
    ("pob_start_year", "bigint"),
    ("pob_mid_year", "bigint"),
    ("_source_file", "varchar"),
    ("_vintage", "date"),
    ("_source_row", "bigint"),
)
CENSUS_V2020 = ("population/co-est2020-alldata.csv", date(2021, 6, 30))
CENSUS_V2025 = ("population/co-est2025-alldata.csv", date(2026, 3, 18))
CONAPO_RELEASE = ("population/conapo_pob_ent_gender_1950_2070.csv", date(2023, 7, 11))


def _seed_column(seed: str, column: str) -> list[str]:
    with (REPO_ROOT / "seeds" / f"{seed}.csv").open(newline="", encoding="utf-8") as f:
        return [row[column] for row in csv.DictReader(f)]


# The Census files have 50 states + DC, no Puerto Rico
US_FIPS = [
    fips
    for fips in _seed_column("us_states", "state_fips")
    if fips not in {"72", "66", "69", "78"}  # no PR, GU, MP, VI
]
MX_CODES = _seed_column("mx_states", "inegi_code")


def _state_population(fips: str, year: int, release) -> int:
    """Distinct per state, year and release, so a wrong vintage choice shows."""
    return (5_000 if release is CENSUS_V2025 else 1_000) * int(fips) + year


def _census_rows(release, years: tuple[int, ...], padded: bool) -> list[tuple]:
    """A state row and two county rows (adding up to it) per state, as the ingest lands
    them; ``padded=False`` writes codes the way the mirror's Vintage 2020 copy does."""

    def code(value: str, width: int) -> str:
        return value.zfill(width) if padded else str(int(value))

    rows = []
    for fips in US_FIPS:
        for county, part in (("000", None), ("001", 7), ("003", None)):
            populations = {}
            for year in years:
                total = _state_population(fips, year, release)
                populations[f"popestimate{year}"] = total if county == "000" else part or total - 7
            values = {
                "sumlev": code("040" if county == "000" else "050", 3),
                "region": "3",
                "division": "7",
                "state": code(fips, 2),
                "county": code(county, 3),
                "stname": f"State {fips}",
                "ctyname": f"State {fips}" if county == "000" else f"County {county}",
                **populations,
                "_source_file": release[0],
                "_vintage": release[1],
            }
            rows.append(tuple(values.get(column) for column, _ in CENSUS_COLUMNS[:-1]))
    return rows


def _conapo_rows(years: tuple[int, ...]) -> list[tuple]:
    """Nacional ('00') is the sum of the 32 states and Total = men + women, on 1 July and
    on 1 January, as in CONAPO's figures."""
    rows = []
    for year in years:
        states = {code: (100 * int(code) + year % 100, 90 * int(code)) for code in MX_CODES}
        nation = (sum(m for m, _ in states.values()), sum(f for _, f in states.values()))
        for code, (men, women) in {"00": nation, **states}.items():
            # 1 January: one person fewer per state and sex
            fewer = len(states) if code == "00" else 1
            name = "Nacional" if code == "00" else f"Estado {code}"
            for sex, mid_year, start in (
                ("Hombres", men, men - fewer),
                ("Mujeres", women, women - fewer),
                ("Total", men + women, men + women - 2 * fewer),
            ):
                rows.append((year, name, code, sex, start, mid_year, *CONAPO_RELEASE))
    return rows


CENSUS_V2020_ROWS = _census_rows(CENSUS_V2020, (2019, 2020), padded=False)
CENSUS_V2025_ROWS = _census_rows(CENSUS_V2025, (2020, 2025), padded=True)
# 1999 is outside the years fct_population keeps for Mexico (2000-2030)
CONAPO_ROWS = _conapo_rows((1999, 2019, 2020))
# --- ATF traces: labels as printed, one release per year --------------------------------
ATF_2013 = ("atf_firearms_trace/atf_sourced_recovered_by_state_cy2013.xlsx", date(2014, 4, 1))
GUAM_NMI = "GUAM & NORTHERN MARIANA ISLANDS"

# fmt: off
ATF_ROWS = [
    (2013, "TEXAS", "TEXAS", 900, "Sheet1", "AT48", *ATF_2013),
    (2013, "TEXAS", "NEW MEXICO", 40, "Sheet1", "AI48", *ATF_2013),
    (2013, "TEXAS", GUAM_NMI, 0, "Sheet1", "M48", *ATF_2013),
    (2013, "GUAM", GUAM_NMI, 18, "Sheet1", "M14", *ATF_2013),
    (2013, "US VIRGIN  ISLANDS", "TEXAS", 2, "Sheet1", "AT49", *ATF_2013),
    (2013, "CANADA", "NEW MEXICO", 1, "Sheet1", "AI57", *ATF_2013),
    (2013, "DISTRICT OF COLUMBIA", "NEW MEXICO", 3, "Sheet1", "AI11", *ATF_2013),
]
# fmt: on

# --- USBP seizures: three regions and their total ----------------------------------------
USBP_RELEASE = (
    "cbp_weapons_seizures/usbp_apprehensions_seizures_stats_by_border_fy2011_fy2019.csv",
    date(2020, 7, 1),
)


def _usbp_row(sector: str, firearms: int, ammunition: int, heroin_oz: int) -> tuple:
    counts = dict.fromkeys(_USBP_COUNTS, 1)
    counts.update(firearms=firearms, ammunition_rounds=ammunition, heroin_ounces=heroin_oz)
    return (sector, 2019, *(counts[name] for name in _USBP_COUNTS), "NA", *USBP_RELEASE)


USBP_ROWS = [
    _usbp_row("southwest border", 299, 8882, 12336),
    _usbp_row("northern border", 25, 408, 299),
    _usbp_row("coastal border", 14, 431, 292),
    _usbp_row("nationwide total", 338, 9721, 12927),
]

# --- Published Mexico trace figures ------------------------------------------------------
MXF_RELEASE = ("reference/mexico_firearm_trace_published_figures.csv", date(2024, 7, 2))
# fmt: off
MXF_ROWS = [
    (2010, 2010, "Mexico", "firearms_submitted_for_trace", 8338.0, "firearms",
     "official_via_press", "ATF release", "https://example.org/a", None, *MXF_RELEASE),
    (2015, 2022, "Mexico and Central America", "firearms_traced_to_us_retail_sale", 53411.0,
     "firearms", "official_via_press", "FOIA release", "https://example.org/b",
     "Mexico Guatemala El Salvador Honduras combined", *MXF_RELEASE),
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


# --- BTS border crossings: two overlapping exports ----------------------------------
BTS_TABLE = "bts_border_crossing__port_month_measure"
BTS_COLUMNS = (
    ("port_name", "varchar"),
    ("state", "varchar"),
    ("port_code", "varchar"),
    ("border", "varchar"),
    ("month_start", "date"),
    ("measure", "varchar"),
    ("value", "bigint"),
    ("latitude", "double"),
    ("longitude", "double"),
    ("point", "varchar"),
    ("_source_file", "varchar"),
    ("_vintage", "date"),
    ("_source_row", "bigint"),
)
BTS_OLD = ("bts_border_crossing/export_2024_03.csv", date(2024, 3, 1))
BTS_NEW = ("bts_border_crossing/Border_Crossing_Entry_Data.csv", date(2026, 2, 25))
MX_BORDER, CA_BORDER = "US-Mexico Border", "US-Canada Border"
PVP = "Personal Vehicle Passengers"
_BTS_PORTS = {
    "2304": ("Laredo", "Texas", MX_BORDER, 27.5, -99.507),
    "2606": ("Sasabe", "Arizona", MX_BORDER, 31.483, -111.544),
    "0104": ("Jackman", "Maine", CA_BORDER, 45.806, -70.397),
}


def _bts_row(release, port, month: date, measure: str, value: int) -> tuple:
    name, state, border, lat, lon = _BTS_PORTS[port]
    point = f"POINT ({lon} {lat})"
    return (name, state, port, border, month, measure, value, lat, lon, point, *release)


# fmt: off
BTS_OLD_ROWS = [
    _bts_row(BTS_OLD, "2304", date(2023, 12, 1), "Trucks", 100),  # only in the old export
    _bts_row(BTS_OLD, "2304", date(2023, 12, 1), PVP, 500),
    _bts_row(BTS_OLD, "2304", date(2024, 1, 1), "Trucks", 110),  # revised by the new one
    _bts_row(BTS_OLD, "2304", date(2024, 1, 1), "Buses", 7),  # gone from it: zero
]
BTS_NEW_ROWS = [
    _bts_row(BTS_NEW, "2304", date(2024, 1, 1), "Trucks", 120),
    _bts_row(BTS_NEW, "2304", date(2024, 1, 1), PVP, 600),
    _bts_row(BTS_NEW, "2304", date(2024, 1, 1), PVP, 600),  # exact repeat: once
    _bts_row(BTS_NEW, "0104", date(2024, 1, 1), "Pedestrians", 3),
    # the conflicting pair pinned in seeds/bts_conflicting_rows_errata.csv
    _bts_row(BTS_NEW, "2606", date(2021, 2, 1), "Bus Passengers", 0),
    _bts_row(BTS_NEW, "2606", date(2021, 2, 1), "Bus Passengers", 2175),
]
# fmt: on


# --- DEA NFLIS: an annual and a semi-annual export ------------------------------------
NFLIS_TABLE = "dea_nflis__drug_reports"
NFLIS_COLUMNS = (
    ("lab_type", "varchar"),
    ("report_aggregation", "varchar"),
    ("year", "bigint"),
    ("period", "varchar"),
    ("drug_reports", "bigint"),
    ("query_run_date", "varchar"),
    ("substance_id", "varchar"),
    ("substance_description", "varchar"),
    ("base_id", "varchar"),
    ("base_description", "varchar"),
    ("drug_category_code", "varchar"),
    ("drug_category_description", "varchar"),
    ("state", "varchar"),
    ("state_long_name", "varchar"),
    ("state_fips", "varchar"),
    ("_source_file", "varchar"),
    ("_vintage", "date"),
    ("_source_row", "bigint"),
)
NFLIS_ANNUAL = ("dea_nflis/NFLIS_fent_all.csv", date(2025, 8, 10))
NFLIS_HALVES = ("dea_nflis/NFLIS_Drug_DQS_2026_03_03_13_26_55.csv", date(2026, 3, 3))


def _nflis_row(release, year: int, period: str, state: str, reports: int) -> tuple:
    labs = "Local/Municipal,State,Federal,Private"
    fent = ("1504", "FENTANYL", "1504", "Fentanyl", "33", "Fentanyl and Fentanyl-related")
    return (labs, "DrugReport", year, period, reports, "2026-03-03", *fent, state, None, None,
            *release)  # fmt: skip


NFLIS_ANNUAL_ROWS = [_nflis_row(NFLIS_ANNUAL, 2022, "2022", "TX", 100)]
NFLIS_HALF_ROWS = [
    _nflis_row(NFLIS_HALVES, 2022, "SA1 (JAN - JUN)", "TX", 40),
    _nflis_row(NFLIS_HALVES, 2022, "SA2 (JUL - DEC)", "TX", 70),
    _nflis_row(NFLIS_HALVES, 2023, "SA1 (JAN - JUN)", "XX", 5),  # state unknown
]

# --- CDC DOSE-DX: jurisdiction counts and rates ----------------------------------------
DOSE_TABLE = "cdc_dose__dx_jurisdiction"
DOSE_DRUGS = ("alldrug", "opioid", "fentanyl", "heroin", "stimulant", "cocaine",
              "methamphetamine", "benzodiazepine")  # fmt: skip
DOSE_COLUMNS = (
    ("jurisdiction", "varchar"),
    ("month", "varchar"),
    ("year", "bigint"),
    ("time_frame", "varchar"),
    ("dataset", "varchar"),
    *((f"count_{d}", "varchar") for d in DOSE_DRUGS),
    ("population", "bigint"),
    *((f"rate_{d}", "varchar") for d in DOSE_DRUGS),
    ("_source_file", "varchar"),
    ("_vintage", "date"),
    ("_source_row", "bigint"),
)
DOSE_RELEASE = (
    "cdc_dose/DOSE_dx_Dashboard_011325_Jurisdiction_Counts_Rates.csv",
    date(2025, 1, 13),
)
# counts: alldrug, opioid, fentanyl (NA), heroin (suppressed), then the rest
_DOSE_COUNTS = ("120", "60", "NA", "suppressed", "30", "10", "15", "5")
_DOSE_RATES = ("1.7", "0.9", "NA", "suppressed", "0.4", "0.1", "0.2", "0.1")
DOSE_ROWS = [
    ("AZ", "1", 2023, "monthly", "ED", *_DOSE_COUNTS, 7_000_000, *_DOSE_RATES, *DOSE_RELEASE),
    ("US", "all", 2023, "annual", "HOSP", *_DOSE_COUNTS, 150_000_000, *_DOSE_RATES,
     *DOSE_RELEASE),
]  # fmt: skip

# --- CDC DOSE-SYS: rates per 10,000 ED visits -------------------------------------------
SYS_TABLE = "cdc_dose__sys_jurisdiction"
SYS_DRUGS = ("drug", "opioid", "fentanyl", "heroin", "stimulant", "cocaine",
             "methamphetamine", "benzodiazepine")  # fmt: skip
SYS_COLUMNS = (
    ("jurisdiction", "varchar"),
    ("year", "bigint"),
    ("month", "bigint"),
    ("rate_time", "varchar"),
    *((f"{d}_rate", "varchar") for d in SYS_DRUGS),
    ("_source_file", "varchar"),
    ("_vintage", "date"),
    ("_source_row", "bigint"),
)
SYS_RELEASE = ("cdc_dose/DOSE_SyS_Dashboard_Download_8-25-2025_Jurisdiction.csv", date(2025, 8, 25))
_SYS_AZ_MONTH = ("74.0", "25.2", "8.4", "*", "3.3", "0.9", "1.6", "1.7")  # heroin '*'
_SYS_AZ_12M = ("73.2", "24.8", "7.8", "0.4", "4.1", "0.8", "1.8", "1.6")
SYS_ROWS = [
    ("AZ", 2023, 1, "Monthly", *_SYS_AZ_MONTH, *SYS_RELEASE),
    ("AZ", 2023, 1, "Annual", *_SYS_AZ_12M, *SYS_RELEASE),
    ("AK", 2023, 1, "Monthly", *("§",) * 8, *SYS_RELEASE),  # not shared
]


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
    _release_row("cbp_drug_seizures", CBP_AMO_TABLE, AMO_OLD, len(AMO_OLD_ROWS), "amo_official"),
    _release_row("cbp_drug_seizures", CBP_AMO_TABLE, AMO_NEW, len(AMO_NEW_ROWS), "amo_official"),
    _release_row("cdc_vsrr", VSRR_TABLE, VSRR_CSV, len(VSRR_CSV_ROWS), "csv_export"),
    _release_row(
        "cdc_vsrr", VSRR_TABLE, VSRR_JSON, len(VSRR_JSON_ROWS), "derived_statemonths_json"
    ),
    _release_row("cdc_vsrr", VSRR_TABLE, VSRR_DEC, len(VSRR_DEC_ROWS), "december_totals"),
    _release_row("cdc_vsrr", VSRR_TABLE, VSRR_API, len(VSRR_API_ROWS), "api"),
    _release_row("census_pep", CENSUS_TABLE, CENSUS_V2020, len(CENSUS_V2020_ROWS), "vintage_2020"),
    _release_row("census_pep", CENSUS_TABLE, CENSUS_V2025, len(CENSUS_V2025_ROWS), "vintage_2025"),
    _release_row(
        "conapo", CONAPO_TABLE, CONAPO_RELEASE, len(CONAPO_ROWS), "derived_pob_ent_gender"
    ),
    _release_row(
        "atf_firearms_trace", ATF_TABLE, ATF_2013, len(ATF_ROWS), "source_recovery_matrix"
    ),
    _release_row(
        "usbp_seizure_stats", USBP_TABLE, USBP_RELEASE, len(USBP_ROWS), "transcribed_fy2011_fy2019"
    ),
    _release_row("mx_firearm_trace_figures", MXF_TABLE, MXF_RELEASE, len(MXF_ROWS), "hand_kept"),
    _release_row("sesnsp", VICTIMS_TABLE, VICTIMS_OLD, len(VICTIMS_OLD_ROWS), "derived_long"),
    _release_row("sesnsp", VICTIMS_TABLE, VICTIMS_NEW, len(VICTIMS_NEW_ROWS), "derived_long"),
    _release_row("sesnsp", INCIDENCE_TABLE, IDEFC_CUT, len(IDEFC_ROWS), "idefc_nm"),
    _release_row("sesnsp", INCIDENCE_TABLE, ESTATAL_CUT, len(ESTATAL_ROWS), "estatal_n"),
    _release_row("sesnsp", YEARLY_TABLE, YEARLY_RELEASE, len(YEARLY_ROWS), "derived_yearly"),
    _release_row("inegi", INEGI_TABLE, INEGI_RELEASE, len(INEGI_ROWS), "gargiulo"),
    _release_row("bts_border_crossing", BTS_TABLE, BTS_OLD, len(BTS_OLD_ROWS), "official"),
    _release_row("bts_border_crossing", BTS_TABLE, BTS_NEW, len(BTS_NEW_ROWS), "official"),
    _release_row("dea_nflis", NFLIS_TABLE, NFLIS_ANNUAL, len(NFLIS_ANNUAL_ROWS), "dqs_export"),
    _release_row("dea_nflis", NFLIS_TABLE, NFLIS_HALVES, len(NFLIS_HALF_ROWS), "dqs_export"),
    _release_row("cdc_dose", DOSE_TABLE, DOSE_RELEASE, len(DOSE_ROWS), "dx_jurisdiction"),
    _release_row("cdc_dose", SYS_TABLE, SYS_RELEASE, len(SYS_ROWS), "sys_jurisdiction"),
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
        ("2023-10-31__old.parquet", AMO_OLD_ROWS),
        ("2026-01-31__new.parquet", AMO_NEW_ROWS),
    ):
        _write_parquet(landing / CBP_AMO_TABLE / name, AMO_COLUMNS, rows, True)
    for name, rows in (
        ("2024-05-01__csv.parquet", VSRR_CSV_ROWS),
        ("2025-09-17__json.parquet", VSRR_JSON_ROWS),
        ("2025-12-18__december.parquet", VSRR_DEC_ROWS),
        ("2026-06-15__api.parquet", VSRR_API_ROWS),
    ):
        _write_parquet(landing / VSRR_TABLE / name, VSRR_COLUMNS, rows, True)
    for name, rows in (
        ("2021-06-30__v2020.parquet", CENSUS_V2020_ROWS),
        ("2026-03-18__v2025.parquet", CENSUS_V2025_ROWS),
    ):
        _write_parquet(landing / CENSUS_TABLE / name, CENSUS_COLUMNS, rows, True)
    _write_parquet(
        landing / CONAPO_TABLE / "2023-07-11__conapo.parquet", CONAPO_COLUMNS, CONAPO_ROWS, True
    )
    _write_parquet(landing / ATF_TABLE / "2014-04-01__cy2013.parquet", ATF_COLUMNS, ATF_ROWS, True)
    _write_parquet(landing / USBP_TABLE / "2020-07-01__usbp.parquet", USBP_COLUMNS, USBP_ROWS, True)
    _write_parquet(landing / MXF_TABLE / "2024-07-02__figures.parquet", MXF_COLUMNS, MXF_ROWS, True)
    for table, columns, name, rows in (
        (VICTIMS_TABLE, VICTIMS_COLUMNS, "2024-07-20__old.parquet", VICTIMS_OLD_ROWS),
        (VICTIMS_TABLE, VICTIMS_COLUMNS, "2025-07-20__new.parquet", VICTIMS_NEW_ROWS),
        (INCIDENCE_TABLE, INCIDENCE_COLUMNS, "2022-05-05__idefc.parquet", IDEFC_ROWS),
        (INCIDENCE_TABLE, INCIDENCE_COLUMNS, "2026-04-18__estatal.parquet", ESTATAL_ROWS),
        (YEARLY_TABLE, YEARLY_COLUMNS, "2025-07-20__yearly.parquet", YEARLY_ROWS),
        (INEGI_TABLE, INEGI_COLUMNS, "2024-03-21__inegi.parquet", INEGI_ROWS),
        (BTS_TABLE, BTS_COLUMNS, "2024-03-01__old.parquet", BTS_OLD_ROWS),
        (BTS_TABLE, BTS_COLUMNS, "2026-02-25__new.parquet", BTS_NEW_ROWS),
        (NFLIS_TABLE, NFLIS_COLUMNS, "2025-08-10__annual.parquet", NFLIS_ANNUAL_ROWS),
        (NFLIS_TABLE, NFLIS_COLUMNS, "2026-03-03__halves.parquet", NFLIS_HALF_ROWS),
        (DOSE_TABLE, DOSE_COLUMNS, "2025-01-13__dx.parquet", DOSE_ROWS),
        (SYS_TABLE, SYS_COLUMNS, "2025-08-25__sys.parquet", SYS_ROWS),
    ):
        _write_parquet(landing / table / name, columns, rows, True)
    _write_parquet(
        landing / RELEASES_TABLE / "releases.parquet", RELEASES_COLUMNS, RELEASE_ROWS, False
    )
    db_path, result = _dbt_build(root)
    assert result.returncode == 0, (
        f"dbt build failed:\n{result.stdout[-8000:]}\n{result.stderr[-4000:]}"
    )
    return db_path


def _dbt_build(root: Path, *args: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`dbt build` of the repo's project on the landing tables under ``root``."""
    db_path = root / "build" / "warehouse.duckdb"
    db_path.parent.mkdir(exist_ok=True)
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
            # hand-made rows cover a few states and years, not the published data's
            # coverage (row counts, every year and state): column_guards' table rules off
            "--vars",
            "{ironriver_table_rules: false}",
            *args,
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return db_path, result


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
        "fct_population",
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


def test_fiscal_year_total_adds_each_cbp_series_once(warehouse: Path) -> None:
    """FY2023 fentanyl: 30 lb by Border Patrol (nationwide file) + 5 lb by Air and Marine
    Operations from the newer AMO file (not 4 + 5): each series' fiscal year once."""
    rows = _query(
        warehouse,
        "select component, area_of_responsibility, land_filter, sum(quantity_lbs), "
        "sum(seizure_events), min(source_file) from marts.fct_drug_seizures "
        "where fiscal_year = 2023 and drug_id = 'cbp:fentanyl' group by all order by all",
    )
    assert rows == [
        (AMO, "TUCSON AIR BRANCH", "Land Only", 5.0, 2, AMO_NEW[0]),
        (USBP, TUCSON, "Land Only", 30.0, 3, CBP_NEW[0]),
    ]
    ((total,),) = _query(
        warehouse,
        "select sum(quantity_lbs) from marts.fct_drug_seizures "
        "where fiscal_year = 2023 and drug_id = 'cbp:fentanyl'",
    )
    assert total == 35.0
    area = _query(
        warehouse,
        "select area_type, component, primary_state, border_segment from marts.dim_cbp_area "
        "where area_of_responsibility = 'TUCSON AIR BRANCH'",
    )
    assert area == [("amo_branch", AMO, "AZ", "southwest")]


def test_unmapped_cbp_area_fails_naming_it(warehouse: Path, tmp_path: Path) -> None:
    """int_cbp_drug_seizures__deduplicated, as dbt compiled it, on a copy of the build
    whose AMO staging view has one row with a branch the crosswalk seed lacks."""
    compiled = next(
        warehouse.parent.parent.glob("target/compiled/**/int_cbp_drug_seizures__deduplicated.sql")
    )
    copy = tmp_path / warehouse.name
    shutil.copyfile(warehouse, copy)
    view = "staging.stg_cbp_drug_seizures__amo"
    con = duckdb.connect(str(copy))
    try:
        con.execute(f"create table staging.amo_rows as select * from {view}")
        con.execute(
            "insert into staging.amo_rows select * replace ("
            "'ATLANTIS AIR BRANCH' as area_of_responsibility, 7 as source_row) "
            "from staging.amo_rows where source_file = ?",
            [AMO_NEW[0]],
        )
        con.execute(f"create or replace view {view} as select * from staging.amo_rows")
        with pytest.raises(duckdb.Error) as raised:
            con.execute(compiled.read_text()).fetchall()
    finally:
        con.close()
    message = str(raised.value)
    assert (
        f"unmapped CBP area 'ATLANTIS AIR BRANCH' ({AMO}, {SW}) in {AMO_NEW[0]}, row 7"
    ) in message
    assert "seeds/cbp_areas.csv" in message


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


def test_population_year_comes_from_the_newest_vintage_holding_it(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select calendar_year, population, source from marts.fct_population "
        "where geography_id = 'US-AZ' order by calendar_year",
    )
    # 2019 only in Vintage 2020 (its codes unpadded: '40', '4'); 2020 in both: Vintage 2025
    assert rows == [
        (2019, _state_population("04", 2019, CENSUS_V2020), "Census PEP Vintage 2020"),
        (2020, _state_population("04", 2020, CENSUS_V2025), "Census PEP Vintage 2025"),
        (2025, _state_population("04", 2025, CENSUS_V2025), "Census PEP Vintage 2025"),
    ]


def test_us_population_is_the_sum_of_the_51_states(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select calendar_year, population from marts.fct_population "
        "where geography_id = 'US' order by calendar_year",
    )
    assert rows == [
        (2019, sum(_state_population(f, 2019, CENSUS_V2020) for f in US_FIPS)),
        (2020, sum(_state_population(f, 2020, CENSUS_V2025) for f in US_FIPS)),
        (2025, sum(_state_population(f, 2025, CENSUS_V2025) for f in US_FIPS)),
    ]
    assert len(US_FIPS) == 51


def test_mexico_population_within_2000_2030_by_geography(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select geography_id, calendar_year, population, population_male, population_female, "
        "is_projection from marts.fct_population where geography_id in ('MX', 'MX-CHH') "
        "order by geography_id, calendar_year",
    )
    men = sum(100 * int(code) + 20 for code in MX_CODES)
    women = sum(90 * int(code) for code in MX_CODES)
    assert rows == [
        ("MX", 2019, men - 32 + women, men - 32, women, False),
        ("MX", 2020, men + women, men, women, True),
        ("MX-CHH", 2019, 819 + 720, 819, 720, False),
        ("MX-CHH", 2020, 820 + 720, 820, 720, True),
    ]


def test_atf_labels_map_to_geographies_as_printed(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select source_state_label, source_geography_id, recovery_geography_id, firearms, "
        "is_same_geography from marts.fct_firearm_traces",
    )
    assert sorted(rows) == sorted(
        [
            ("DISTRICT OF COLUMBIA", "US-DC", "US-NM", 3, False),
            ("CANADA", "CA", "US-NM", 1, False),
            ("TEXAS", "US-TX", "US-NM", 40, False),
            ("TEXAS", "US-TX", "US-TX", 900, True),
            ("US VIRGIN  ISLANDS", "US-VI", "US-TX", 2, False),  # two spaces, as printed
            # plain GUAM is Guam; the combined label is its own member, not Guam
            ("GUAM", "US-GU", "US-GU-MP", 18, False),
            ("TEXAS", "US-TX", "US-GU-MP", 0, False),
        ]
    )
    parts = _query(
        warehouse,
        "select geography_level, parent_geography_id from marts.dim_geography "
        "where geography_id = 'US-GU-MP'",
    )
    assert parts == [("territory_group", "US")]
    assert _query(
        warehouse, "select count(*) from intermediate.int_atf_trace_labels__unmapped"
    ) == [(0,)]


def test_usbp_heroin_ounces_convert_and_total_is_flagged(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select border_region, is_total, quantity, unit, quantity_lbs "
        "from marts.fct_usbp_seizures_yearly where item = 'heroin' order by quantity",
    )
    assert rows == [
        ("coastal border", False, 292, "ounces", 292 / 16),
        ("northern border", False, 299, "ounces", 299 / 16),
        ("southwest border", False, 12336, "ounces", 771.0),
        ("nationwide total", True, 12927, "ounces", 12927 / 16),
    ]
    units = dict(
        _query(
            warehouse,
            "select item, any_value(unit) from marts.fct_usbp_seizures_yearly group by item",
        )
    )
    assert units["firearms"] == "firearms" and units["ammunition"] == "rounds"
    assert units["currency"] == "USD" and units["cocaine"] == "pounds"


def test_mexico_statements_are_kept_one_per_row(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select statement_number, recovery_geography_id, value from "
        "marts.fct_mexico_firearm_trace_figures order by statement_number",
    )
    assert rows == [(1, "MX", 8338.0), (2, None, 53411.0)]


def test_unknown_atf_label_fails_the_build_naming_it(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("unknown_label")
    rows = [*ATF_ROWS, (2013, "TEXAS", "ATLANTIS", 5, "Sheet1", "BD48", *ATF_2013)]
    _write_parquet(root / "landing" / ATF_TABLE / "cy2013.parquet", ATF_COLUMNS, rows, True)
    _, result = _dbt_build(
        root,
        "--select",
        "+int_atf_firearm_traces__geocoded",
        "+int_atf_trace_labels__unmapped",
        "--exclude",
        "resource_type:unit_test",
        "--indirect-selection",
        "cautious",
    )
    assert result.returncode != 0
    log = result.stdout
    # the model stops with the label, the file and the cell ...
    assert "ATF trace recovery-state label 'ATLANTIS'" in log, log[-6000:]
    assert "atf_sourced_recovered_by_state_cy2013.xlsx, cell BD48" in log
    # ... and the unmapped-labels test fails too
    assert "has_no_rows_int_atf_trace_labels__unmapped" in log


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


# --- BTS border crossings ------------------------------------------------------------


def test_bts_month_comes_whole_from_the_newest_export_with_zeros_filled(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select month_start, port_code, measure, crossings, is_published, source_file "
        "from marts.fct_border_crossings where crossings > 0 or is_published order by all",
    )
    assert rows == [
        # pinned conflict: 0 and 2175 published, 2175 kept
        (date(2021, 2, 1), "2606", "Bus Passengers", 2175, True, BTS_NEW[0]),
        (date(2023, 12, 1), "2304", PVP, 500, True, BTS_OLD[0]),
        (date(2023, 12, 1), "2304", "Trucks", 100, True, BTS_OLD[0]),
        (date(2024, 1, 1), "0104", "Pedestrians", 3, True, BTS_NEW[0]),
        (date(2024, 1, 1), "2304", PVP, 600, True, BTS_NEW[0]),  # repeat counted once
        (date(2024, 1, 1), "2304", "Trucks", 120, True, BTS_NEW[0]),  # revised 110 -> 120
    ]
    # every port x measure x month covered is there; the rest are filled zeros
    ((cells, zeros, buses),) = _query(
        warehouse,
        "select count(*), count(*) filter (where not is_published and crossings = 0), "
        "max(crossings) filter (where port_code = '2304' and measure = 'Buses' "
        "and month_start = '2024-01-01') from marts.fct_border_crossings",
    )
    measures = len(_seed_column("bts_crossing_measures", "measure"))
    assert cells == 3 * 3 * measures  # 3 months x 3 ports x every measure
    assert zeros == cells - len(rows)
    assert buses == 0  # only in the old export, whose 2024-01 lost to the new one


def test_bts_ports_and_measures_dimensions(warehouse: Path) -> None:
    ports = _query(
        warehouse,
        "select port_code, port_name, state_code, geography_id, border, is_us_mexico_border, "
        "first_month_published from marts.dim_port order by port_code",
    )
    assert ports == [
        ("0104", "Jackman", "ME", "US-ME", CA_BORDER, False, date(2024, 1, 1)),
        ("2304", "Laredo", "TX", "US-TX", MX_BORDER, True, date(2023, 12, 1)),
        ("2606", "Sasabe", "AZ", "US-AZ", MX_BORDER, True, date(2021, 2, 1)),
    ]
    kinds = dict(
        _query(
            warehouse,
            "select measure, measure_kind from marts.dim_crossing_measure",
        )
    )
    assert kinds[PVP] == kinds["Pedestrians"] == kinds["Bus Passengers"] == "people"
    assert kinds["Personal Vehicles"] == kinds["Trucks"] == "vehicles"
    assert kinds["Truck Containers Loaded"] == kinds["Rail Containers Empty"] == "containers"


def _run_compiled_with_extra_bts_rows(
    warehouse: Path, tmp_path: Path, model: str, extra_rows: list[tuple]
) -> str:
    """Run ``model`` as dbt compiled it on a copy of the build whose BTS staging view has
    ``extra_rows`` (port, name, month, measure, crossings, file) too; return the error."""
    compiled = next(warehouse.parent.parent.glob(f"target/compiled/**/{model}.sql"))
    copy = tmp_path / warehouse.name  # same basename: the compiled SQL names the catalog
    shutil.copyfile(warehouse, copy)
    view = "staging.stg_bts_border_crossing__port_month_measure"
    con = duckdb.connect(str(copy))
    try:
        con.execute(f"create table staging.bts_rows as select * from {view}")
        for port, name, month, measure, crossings, release in extra_rows:
            con.execute(
                "insert into staging.bts_rows by name select ? as port_code, ? as port_name, "
                "'Texas' as state_name, 'US-Mexico Border' as border, ? as month_start, "
                "? as measure, ? as crossings, 27.5 as latitude, -99.507 as longitude, "
                "? as source_file, ? as source_vintage, 99 as source_row",
                [port, name, month, measure, crossings, *release],
            )
        con.execute(f"create or replace view {view} as select * from staging.bts_rows")
        with pytest.raises(duckdb.Error) as raised:
            con.execute(compiled.read_text()).fetchall()
    finally:
        con.close()
    return str(raised.value)


def test_new_bts_measure_fails_naming_it(warehouse: Path, tmp_path: Path) -> None:
    extra = [("2304", "Laredo", date(2024, 1, 1), "Hovercraft Passengers", 5, BTS_NEW)]
    message = _run_compiled_with_extra_bts_rows(
        warehouse, tmp_path, "int_bts_border_crossings__deduplicated", extra
    )
    assert "unknown BTS measure 'Hovercraft Passengers'" in message
    assert f"in {BTS_NEW[0]} (row 99, port 2304, Jan 2024)" in message
    assert "seeds/bts_crossing_measures.csv" in message


def test_bts_port_with_two_names_fails_naming_them(warehouse: Path, tmp_path: Path) -> None:
    extra = [("2304", "Laredo Bridge", date(2024, 1, 1), "Trucks", 1, BTS_NEW)]
    message = _run_compiled_with_extra_bts_rows(
        warehouse, tmp_path, "int_bts_ports__resolved", extra
    )
    assert f"BTS port 2304 has 2 names (Laredo | Laredo Bridge) in {BTS_NEW[0]}" in message


def test_bts_cell_with_two_values_fails_unless_pinned(warehouse: Path, tmp_path: Path) -> None:
    extra = [("2304", "Laredo", date(2024, 1, 1), "Trucks", 999, BTS_NEW)]
    message = _run_compiled_with_extra_bts_rows(
        warehouse, tmp_path, "int_bts_border_crossings__deduplicated", extra
    )
    assert (
        f"BTS {BTS_NEW[0]}: port 2304, Jan 2024, Trucks is published 2 times with different "
        "values (120; 999)"
    ) in message
    assert "seeds/bts_conflicting_rows_errata.csv" in message


# --- NFLIS and DOSE ------------------------------------------------------------------


def test_nflis_series_stay_apart_and_unknown_state_has_no_geography(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select period_type, period_start, period_last_month, state_code, geography_id, "
        "drug_id, drug_reports, source_file from marts.fct_drug_lab_reports order by all",
    )
    fent = "nflis:fentanyl_and_related"
    assert rows == [
        ("half_year", date(2022, 1, 1), date(2022, 6, 1), "TX", "US-TX", fent, 40, NFLIS_HALVES[0]),
        (
            "half_year",
            date(2022, 7, 1),
            date(2022, 12, 1),
            "TX",
            "US-TX",
            fent,
            70,
            NFLIS_HALVES[0],
        ),
        ("half_year", date(2023, 1, 1), date(2023, 6, 1), "XX", None, fent, 5, NFLIS_HALVES[0]),
        ("year", date(2022, 1, 1), date(2022, 12, 1), "TX", "US-TX", fent, 100, NFLIS_ANNUAL[0]),
    ]
    category = _query(
        warehouse,
        "select source_system, drug_category from marts.dim_drug where drug_id = ?",
        [fent],
    )
    assert category == [("dea_nflis", "fentanyl_synthetic_opioids")]


def test_dose_markers_are_null_never_zero_and_us_is_flagged(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select drug_id, visits, rate_per_100k, is_suppressed, is_not_available "
        "from marts.fct_nonfatal_overdose_visits where geography_id = 'US-AZ' "
        "and period_start = '2023-01-01' and period_type = 'month' and care_setting = 'ED' "
        "and drug_id in ('dose:all_drugs', 'dose:fentanyl', 'dose:heroin') order by drug_id",
    )
    assert rows == [
        ("dose:all_drugs", 120, 1.7, False, False),
        ("dose:fentanyl", None, None, False, True),  # 'NA'
        ("dose:heroin", None, None, True, False),  # 'suppressed'
    ]
    ((groups, national),) = _query(
        warehouse,
        "select count(distinct drug_id), bool_and(is_participating_jurisdictions_total) "
        "from marts.fct_nonfatal_overdose_visits where geography_id = 'US'",
    )
    assert (groups, national) == (len(DOSE_DRUGS), True)


def test_dose_unexpected_marker_fails_naming_it(warehouse: Path, tmp_path: Path) -> None:
    compiled = next(warehouse.parent.parent.glob("target/compiled/**/int_cdc_dose__unpivoted.sql"))
    copy = tmp_path / warehouse.name
    shutil.copyfile(warehouse, copy)
    view = "staging.stg_cdc_dose__dx_jurisdiction"
    con = duckdb.connect(str(copy))
    try:
        con.execute(f"create table staging.dose_rows as select * from {view}")
        con.execute("update staging.dose_rows set count_opioid = '<10' where source_row = 1")
        con.execute(f"create or replace view {view} as select * from staging.dose_rows")
        with pytest.raises(duckdb.Error) as raised:
            con.execute(compiled.read_text()).fetchall()
    finally:
        con.close()
    message = str(raised.value)
    assert f"DOSE {DOSE_RELEASE[0]}, row 1, column count_opioid: '<10' is not a count" in message


# --- analysis marts ------------------------------------------------------------------


def test_analysis_marts_give_no_rate_or_change_for_partial_periods(warehouse: Path) -> None:
    # the fixture's crossings cover single months only: nothing is complete
    ((rows, changes),) = _query(
        warehouse,
        "select count(*), count(yoy_change) from marts.crossings_by_port_year",
    )
    assert (rows, changes) == (3 * 3 * 12, 0)  # 2021, 2023, 2024 x 3 ports x 12 measures
    seizures = _query(
        warehouse,
        "select fiscal_year, area_of_responsibility, seizure_events, crossing_months, "
        "seizure_events_per_million_people from marts.seizures_per_million_crossings_southwest "
        "where drug_category = 'fentanyl_synthetic_opioids' order by all",
    )
    # OFO 'Land Only' at LAREDO FIELD OFFICE, FY2026 (running): no crossings, no rate
    assert seizures == [(2026, LAREDO, 2, 0, None)]


def test_southwest_port_outside_known_districts_fails_naming_it(
    warehouse: Path, tmp_path: Path
) -> None:
    compiled = next(
        warehouse.parent.parent.glob(
            "target/compiled/**/seizures_per_million_crossings_southwest.sql"
        )
    )
    copy = tmp_path / warehouse.name
    shutil.copyfile(warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute(
            "insert into marts.dim_port by name select '2901' as port_code, "
            "'Atlantis' as port_name, 'TX' as state_code, 'US-TX' as geography_id, "
            f"'{MX_BORDER}' as border, true as is_us_mexico_border"
        )
        with pytest.raises(duckdb.Error) as raised:
            con.execute(compiled.read_text()).fetchall()
    finally:
        con.close()
    assert "southwest border port 2901 (Atlantis) is in CBP port district 29" in str(raised.value)


def test_dose_sys_rates_keep_period_types_apart_and_markers_null(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "select geography_id, period_type, drug_id, rate_per_10k_ed_visits, is_suppressed, "
        "is_not_shared from marts.fct_nonfatal_overdose_ed_rates "
        "where drug_id in ('dose:all_drugs', 'dose:heroin') order by all",
    )
    assert rows == [
        ("US-AK", "month", "dose:all_drugs", None, False, True),  # '§'
        ("US-AK", "month", "dose:heroin", None, False, True),
        ("US-AZ", "12_months_ending", "dose:all_drugs", 73.2, False, False),
        ("US-AZ", "12_months_ending", "dose:heroin", 0.4, False, False),
        ("US-AZ", "month", "dose:all_drugs", 74.0, False, False),
        ("US-AZ", "month", "dose:heroin", None, True, False),  # '*'
    ]
