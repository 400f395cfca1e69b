"""End to end, the analysis marts, the README examples and the visual report, on the
session's published warehouse (tests/e2e/conftest.py).

Expected figures are computed here independently: from the raw files in shared/data
(csv module, openpyxl, DuckDB's CSV reader on the file itself) or, where the issue asks
for it, by a different query straight on the fact tables. No figure is hard-coded unless
PROVENANCE.md documents it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from orchestration.catalog.registry import CBP_DRUG_SEIZURES
from orchestration.publish.report import data_points
from orchestration.resources import WarehouseConfig
from tests.e2e.helpers import browse
from tests.e2e.test_southbound import _atf_matrix

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
VICTIMS_GZ = "sesnsp_mexico/db_victimas_delitos_ent_long.csv.gz"
INEGI = "inegi_mexico/mexico-state-month-homicide-rates-2000-2022.csv"
USBP_CSV = "cbp_weapons_seizures/usbp_apprehensions_seizures_stats_by_border_fy2011_fy2019.csv"
TRACE_FIGURES = "reference/mexico_firearm_trace_published_figures.csv"
VSRR_DECEMBER = "cdc_vsrr/vsrr_subset_december_rows_all_indicators_2015_2024.csv"
VSRR_T404 = "cdc_vsrr/vsrr_api_subset_T40.4_2015-01_2026-01.csv"
FISCAL_MONTHS = ("OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL")
FISCAL_MONTHS += ("AUG", "SEP")
ANALYSIS_MARTS = (
    "border_flows_yearly",
    "national_flows_yearly",
    "mx_state_violence_monthly",
    "flows_lagged",
)
BTS_CSV = "bts_border_crossing/Border_Crossing_Entry_Data.csv"
BTS_PEOPLE = {"Pedestrians", "Personal Vehicle Passengers", "Bus Passengers", "Train Passengers"}
BTS_VEHICLES = {"Personal Vehicles", "Buses", "Trucks", "Trains"}
STATE_NAMES = {"US-AZ": "Arizona", "US-CA": "California", "US-NM": "New Mexico", "US-TX": "Texas"}
STATE_LABELS = {"US-AZ": "ARIZONA", "US-CA": "CALIFORNIA", "US-NM": "NEW MEXICO", "US-TX": "TEXAS"}


def _marts(warehouse: WarehouseConfig, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _dicts(warehouse: WarehouseConfig, sql: str) -> list[dict]:
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


# --------------------------------------------------------------------------- raw files


@pytest.fixture(scope="module")
def cbp_cells(shared_data: Path) -> list[dict]:
    """Every CBP cell of the newest release of its series (nationwide OFO + USBP files,
    Air and Marine Operations files) holding its fiscal year (csv module on the raw files;
    the release vintages and series come from the catalog)."""
    releases = [r for r in CBP_DRUG_SEIZURES.releases if (shared_data / r.file_name).is_file()]
    by_file = {r.file_name: _csv(shared_data / r.file_name) for r in releases}
    series = {r.file_name: r.table for r in releases}
    newest: dict[tuple[str, int], tuple[str, str]] = {}
    for release in releases:
        for fiscal_year in {int(row["FY"][:4]) for row in by_file[release.file_name]}:
            key = (release.table, fiscal_year)
            candidate = (release.vintage, release.file_name)
            newest[key] = max(newest.get(key, candidate), candidate)
    cells = []
    for file_name, rows in by_file.items():
        for row in rows:
            fiscal_year = int(row["FY"][:4])
            key = (series[file_name], fiscal_year)
            if newest[key][1] != file_name:
                continue
            fiscal_month = FISCAL_MONTHS.index(row["Month (abbv)"]) + 1
            cells.append(
                {
                    "file": file_name,
                    "vintage": newest[key][0],
                    "fiscal_year": fiscal_year,
                    "calendar_year": fiscal_year - 1 if fiscal_month <= 3 else fiscal_year,
                    "aor": _cbp_area(row),
                    "drug": row["Drug Type"],
                    "lbs": float(row["Sum Qty (lbs)"]),
                }
            )
    return cells


def _cbp_area(row: dict[str, str]) -> str:
    """The area of a CBP row: the AOR (nationwide files) or the AMO branch, as dim_cbp_area
    keys it (upper case)."""
    return (row.get("Area of Responsibility") or row["Branch"]).strip().upper()


def _southwest_areas(postal: str) -> set[str]:
    return {
        a["area_of_responsibility"]
        for a in _seed("cbp_areas")
        if a["primary_state"] == postal and a["border_segment"] == "southwest"
    }


@pytest.fixture(scope="module")
def victims(shared_data: Path) -> dict[tuple[str, int, int], dict[str, int]]:
    """(ISO state, year, month) -> firearm / intentional homicide / feminicide victims, from
    the raw SESNSP gzip by DuckDB's own CSV reader (not the project's landing code)."""
    iso = {s["inegi_code"]: s["iso_code"] for s in _seed("mx_states")}
    path = str(shared_data / VICTIMS_GZ).replace("'", "''")
    rows = duckdb.sql(
        "select cve_ent, cast(n_year as int), cast(n_month as int), "
        "sum(cast(n_victimas as bigint)) filter (where subtipo_de_delito = 'Homicidio doloso' "
        "and modalidad = 'Con arma de fuego'), "
        "sum(cast(n_victimas as bigint)) filter (where subtipo_de_delito = 'Homicidio doloso'), "
        "sum(cast(n_victimas as bigint)) filter (where tipo_de_delito = 'Feminicidio') "
        f"from read_csv('{path}', all_varchar = true) group by all"
    ).fetchall()
    return {
        (iso[state], year, month): {
            "firearm": int(firearm or 0),
            "intentional": int(intentional or 0),
            "feminicide": int(feminicide or 0),
        }
        for state, year, month, firearm, intentional, feminicide in rows
    }


def _victims_in_year(victims, iso: str, year: int, kind: str) -> int:
    return sum(v[kind] for (state, y, _), v in victims.items() if state == iso and y == year)


def _pairs() -> dict[str, list[str]]:
    iso = {s["inegi_code"]: s["iso_code"] for s in _seed("mx_states")}
    pairs: dict[str, list[str]] = defaultdict(list)
    for pair in _seed("border_state_pairs"):
        pairs[f"US-{pair['us_postal_code']}"].append(iso[pair["mx_inegi_code"]])
    return dict(pairs)


# --------------------------------------------------------------------------- grain


def test_analysis_marts_are_published_at_their_grain(published) -> None:
    warehouse, outcome = published
    for mart in ANALYSIS_MARTS:
        assert outcome.tables[f"marts.{mart}"] > 0, mart
    ((years,),) = _marts(
        warehouse, "select count(distinct calendar_year) from marts.border_flows_yearly"
    )
    assert outcome.tables["marts.border_flows_yearly"] == 4 * years
    assert outcome.tables["marts.flows_lagged"] == len(_seed("border_state_pairs")) * years
    ((state_months,),) = _marts(
        warehouse,
        "select count(*) from (select distinct geography_id, month_start "
        "from marts.fct_mx_crime_victims)",
    )
    assert outcome.tables["marts.mx_state_violence_monthly"] == state_months == 32 * 126
    ((first, last),) = _marts(
        warehouse, "select min(year), max(year) from marts.national_flows_yearly"
    )
    assert outcome.tables["marts.national_flows_yearly"] == last - first + 1


# --------------------------------------------------------------------------- border_flows_yearly


@pytest.mark.parametrize(
    ("state", "year", "drug", "column"),
    [
        ("US-AZ", 2023, "Fentanyl", "fentanyl_seized_lbs"),
        ("US-TX", 2022, "Methamphetamine", "methamphetamine_seized_lbs"),
        ("US-CA", 2019, "Cocaine", "cocaine_seized_lbs"),
    ],
)
def test_state_seizures_by_calendar_year_equal_the_cbp_files(
    published, cbp_cells, state, year, drug, column
) -> None:
    """A calendar year spans two fiscal years (Jan-Sep of one, Oct-Dec of the next), each
    counted once, from the newest release holding it."""
    warehouse, _ = published
    areas = _southwest_areas(state[3:])
    mine = [c for c in cbp_cells if c["aor"] in areas and c["calendar_year"] == year]
    expected = sum(c["lbs"] for c in mine if c["drug"] == drug)
    ((got, months, releases),) = _marts(
        warehouse,
        f"select {column}, seizure_months_in_year, seizures_source_releases "
        "from marts.border_flows_yearly where us_geography_id = ? and calendar_year = ?",
        [state, year],
    )
    assert got == pytest.approx(expected, rel=1e-9)
    assert expected > 100  # a real figure, not an empty sum
    assert months == 12
    assert releases == sorted({f"{c['file']}@{c['vintage']}" for c in mine})


def test_overlapping_cbp_files_are_not_double_counted(published, shared_data, cbp_cells) -> None:
    """CY2022 in Texas: FY2022 is in two files and FY2023 in three; adding every file's
    rows would give far more than the mart holds."""
    warehouse, _ = published
    areas = _southwest_areas("TX")
    every_file = 0.0
    for release in CBP_DRUG_SEIZURES.releases:
        for row in _csv(shared_data / release.file_name):
            fiscal_year = int(row["FY"][:4])
            calendar_year = fiscal_year - (FISCAL_MONTHS.index(row["Month (abbv)"]) < 3)
            if _cbp_area(row) in areas and calendar_year == 2022:
                every_file += float(row["Sum Qty (lbs)"])
    once = sum(c["lbs"] for c in cbp_cells if c["aor"] in areas and c["calendar_year"] == 2022)
    ((got,),) = _marts(
        warehouse,
        "select all_drugs_seized_lbs from marts.border_flows_yearly "
        "where us_geography_id = 'US-TX' and calendar_year = 2022",
    )
    assert got == pytest.approx(once, rel=1e-9)
    assert every_file > 1.5 * once


def test_new_mexico_has_no_cbp_area_so_no_seizure_figures(published) -> None:
    warehouse, _ = published
    rows = _dicts(
        warehouse,
        "select us_geography_id, cbp_areas, seizure_months_in_year, fentanyl_seized_lbs, "
        "all_drugs_seized_lbs from marts.border_flows_yearly where calendar_year = 2023",
    )
    by_state = {r["us_geography_id"]: r for r in rows}
    assert by_state["US-NM"]["cbp_areas"] is None
    assert by_state["US-NM"]["fentanyl_seized_lbs"] is None  # NULL, never a zero
    assert by_state["US-NM"]["all_drugs_seized_lbs"] is None
    assert "EL PASO SECTOR" in by_state["US-TX"]["cbp_areas"]
    for state in ("US-AZ", "US-CA", "US-TX"):
        assert set(by_state[state]["cbp_areas"].split("; ")) == _southwest_areas(state[3:])


def test_state_overdose_deaths_are_the_december_values(published, shared_data) -> None:
    warehouse, _ = published
    [all_drugs] = [
        float(r["Total Deaths"])
        for r in _csv(shared_data / VSRR_DECEMBER)
        if r["Year"] == "2023"
        and r["State Name"] == "Arizona"
        and r["Indicator"] == "Number of Drug Overdose Deaths"
    ]
    [synthetic] = [
        float(r["data_value"])
        for r in _csv(shared_data / VSRR_T404)
        if r["state"] == "AZ" and r["year"] == "2023" and r["month"] == "December"
    ]
    ((deaths, synthetic_deaths, releases),) = _marts(
        warehouse,
        "select overdose_deaths, synthetic_opioid_deaths, overdose_source_releases "
        "from marts.border_flows_yearly where us_geography_id = 'US-AZ' and calendar_year = 2023",
    )
    assert deaths == all_drugs
    assert synthetic_deaths == synthetic
    # the newest release of each indicator: the December file, the T40.4 API file
    assert {r.split("@")[0] for r in releases} == {VSRR_DECEMBER, VSRR_T404}


def test_paired_mexican_victims_equal_the_raw_file(published, victims) -> None:
    warehouse, _ = published
    rows = _dicts(
        warehouse,
        "select us_geography_id, mx_geography_ids, mx_firearm_homicide_victims, "
        "mx_intentional_homicide_victims, mx_victim_months_in_year "
        "from marts.border_flows_yearly where calendar_year = 2019",
    )
    pairs = _pairs()
    assert len(rows) == 4
    for row in rows:
        mx_states = pairs[row["us_geography_id"]]
        assert row["mx_geography_ids"].split("; ") == sorted(mx_states)
        firearm = sum(_victims_in_year(victims, s, 2019, "firearm") for s in mx_states)
        intentional = sum(_victims_in_year(victims, s, 2019, "intentional") for s in mx_states)
        assert row["mx_firearm_homicide_victims"] == firearm > 0
        assert row["mx_intentional_homicide_victims"] == intentional
        assert row["mx_victim_months_in_year"] == 12


def test_border_rates_per_100k_use_the_same_years_population(published) -> None:
    """Recomputed from the fact tables with a different query."""
    warehouse, _ = published
    ((od, synthetic, mx_rate, traced),) = _marts(
        warehouse,
        "select overdose_deaths_per_100k, synthetic_opioid_deaths_per_100k, "
        "mx_firearm_homicide_victims_per_100k, atf_firearms_sourced_recovered_elsewhere_per_100k "
        "from marts.border_flows_yearly where us_geography_id = 'US-AZ' and calendar_year = 2020",
    )
    ((deaths, synthetic_deaths),) = _marts(
        warehouse,
        "select sum(reported_deaths_12m) filter (where drug_id = 'cdc:all_drugs'), "
        "sum(reported_deaths_12m) filter (where drug_id = 'cdc:T40.4') "
        "from marts.fct_overdose_deaths where geography_id = 'US-AZ' "
        "and month_start = date '2020-12-01'",
    )
    ((population,),) = _marts(
        warehouse,
        "select population from marts.fct_population "
        "where geography_id = 'US-AZ' and calendar_year = 2020",
    )
    ((mx_victims, mx_population),) = _marts(
        warehouse,
        "select (select sum(victims) from marts.fct_mx_crime_victims "
        "  where geography_id in ('MX-SON', 'MX-BCN') and year(month_start) = 2020 "
        "  and crime_subtype = 'Homicidio doloso' and is_firearm), "
        "(select sum(population) from marts.fct_population "
        "  where geography_id in ('MX-SON', 'MX-BCN') and calendar_year = 2020)",
    )
    ((elsewhere,),) = _marts(
        warehouse,
        "select sum(firearms) from marts.fct_firearm_traces where calendar_year = 2020 "
        "and source_geography_id = 'US-AZ' and recovery_geography_id <> 'US-AZ'",
    )
    assert od == pytest.approx(deaths * 100_000 / population, rel=1e-12)
    assert synthetic == pytest.approx(synthetic_deaths * 100_000 / population, rel=1e-12)
    assert mx_rate == pytest.approx(mx_victims * 100_000 / mx_population, rel=1e-12)
    assert traced == pytest.approx(elsewhere * 100_000 / population, rel=1e-12)
    assert 10 < od < 100  # deaths per 100,000 a year: a plausible state rate


@pytest.mark.parametrize(("state", "year"), [("US-TX", 2020), ("US-AZ", 2015), ("US-NM", 2012)])
def test_firearms_sourced_equal_the_atf_workbook(published, shared_data, state, year) -> None:
    warehouse, _ = published
    matrix, _ = _atf_matrix(shared_data, year)
    label = STATE_LABELS[state]
    sourced = matrix[label]
    ((total, elsewhere, releases),) = _marts(
        warehouse,
        "select atf_firearms_sourced, atf_firearms_sourced_recovered_elsewhere, "
        "traces_source_releases from marts.border_flows_yearly "
        "where us_geography_id = ? and calendar_year = ?",
        [state, year],
    )
    assert total == sum(sourced.values())
    assert elsewhere == sum(n for recovered, n in sourced.items() if recovered != label)
    assert [r.split("@")[0] for r in releases] == [
        f"atf_firearms_trace/atf_sourced_recovered_by_state_cy{year}.xlsx"
    ]


@pytest.fixture(scope="module")
def bts_cells(shared_data: Path) -> tuple[dict[tuple, int], list[dict[str, str]]]:
    """US-Mexico border cells of the raw BTS export, once per (port, month, measure), and
    the raw rows. Exact repeats count once; the one conflicting pair (Sasabe, Feb 2021, Bus
    Passengers: 0 and 2175) keeps 2175, the erratum issue 5 pinned."""
    rows = [r for r in _csv(shared_data / BTS_CSV) if r["Border"] == "US-Mexico Border"]
    cells: dict[tuple, int] = {}
    for r in rows:
        key = (r["State"], r["Port Code"], r["Date"], r["Measure"])
        cells[key] = max(cells.get(key, 0), int(r["Value"]))
    return cells, rows


def _bts_sum(cells: dict[tuple, int], state: str, year: int, measures: set[str]) -> int:
    return sum(
        n
        for (name, _, date, measure), n in cells.items()
        if name == STATE_NAMES[state] and date.endswith(str(year)) and measure in measures
    )


@pytest.mark.parametrize(("state", "year"), [("US-TX", 2019), ("US-AZ", 2021), ("US-CA", 2023)])
def test_crossings_people_and_vehicles_apart_from_the_bts_file(
    published, bts_cells, state, year
) -> None:
    warehouse, _ = published
    cells, _ = bts_cells
    row = _dicts(
        warehouse,
        "select * from marts.border_flows_yearly "
        f"where us_geography_id = '{state}' and calendar_year = {year}",
    )[0]
    people = _bts_sum(cells, state, year, BTS_PEOPLE)
    vehicles = _bts_sum(cells, state, year, BTS_VEHICLES)
    assert row["inbound_people"] == people > 1_000_000
    assert row["inbound_vehicles"] == vehicles > 100_000
    assert row["inbound_pedestrians"] == _bts_sum(cells, state, year, {"Pedestrians"})
    assert row["inbound_trucks"] == _bts_sum(cells, state, year, {"Trucks"})
    assert row["inbound_personal_vehicles"] == _bts_sum(cells, state, year, {"Personal Vehicles"})
    assert row["crossing_months_in_year"] == 12
    assert [r.split("@")[0] for r in row["crossings_source_releases"]] == [BTS_CSV]
    # no column adds people and vehicles (or containers) together
    everything = _bts_sum(cells, state, year, BTS_PEOPLE | BTS_VEHICLES)
    assert everything not in {v for k, v in row.items() if k.startswith("inbound_")}


def test_repeated_bts_rows_are_counted_once(published, bts_cells) -> None:
    """June 2019 has exact repeats at US-Mexico ports: counting every row gives more."""
    warehouse, _ = published
    cells, rows = bts_cells
    every_row = sum(
        int(r["Value"]) for r in rows if r["Date"] == "Jun 2019" and r["Measure"] in BTS_PEOPLE
    )
    once = sum(
        n
        for (_, _, date, measure), n in cells.items()
        if date == "Jun 2019" and measure in BTS_PEOPLE
    )
    ((got,),) = _marts(
        warehouse,
        "select sum(c.crossings) from marts.fct_border_crossings c "
        "join marts.dim_port p using (port_code) "
        "join marts.dim_crossing_measure m using (measure) "
        "where p.is_us_mexico_border and m.measure_kind = 'people' "
        "and c.month_start = date '2019-06-01'",
    )
    assert every_row > once
    assert got == once
    year_people = sum(_bts_sum(cells, s, 2019, BTS_PEOPLE) for s in STATE_NAMES)
    ((mart_people,),) = _marts(
        warehouse,
        "select sum(inbound_people) from marts.border_flows_yearly where calendar_year = 2019",
    )
    assert mart_people == year_people


# --------------------------------------------------------------------------- national


def test_national_row_figures_equal_the_sources(published, shared_data, cbp_cells, victims) -> None:
    warehouse, _ = published
    row = _dicts(warehouse, "select * from marts.national_flows_yearly where year = 2022")[0]
    fentanyl = sum(
        c["lbs"] for c in cbp_cells if c["fiscal_year"] == 2022 and c["drug"] == "Fentanyl"
    )
    assert row["fentanyl_seized_lbs_fy"] == pytest.approx(fentanyl, rel=1e-9)
    # the newer of the two files of each series (AMO, nationwide)
    assert [r.split("@")[0] for r in row["seizures_source_releases"]] == [
        "cbp_drug_seizures/amo-drug-seizures-fy20-fy23.csv",
        "cbp_drug_seizures/nationwide-drugs-fy20-fy23.csv",
    ]
    [deaths] = [
        float(r["Total Deaths"])
        for r in _csv(shared_data / VSRR_DECEMBER)
        if r["Year"] == "2022"
        and r["State Name"] == "United States"
        and r["Indicator"] == "Number of Drug Overdose Deaths"
    ]
    assert row["overdose_deaths_all_drugs_cy"] == deaths
    firearm = sum(v["firearm"] for (_, y, _), v in victims.items() if y == 2022)
    intentional = sum(v["intentional"] for (_, y, _), v in victims.items() if y == 2022)
    assert row["mx_firearm_homicide_victims_cy"] == firearm
    assert row["mx_intentional_homicide_victims_cy"] == intentional
    assert row["mx_firearm_share_of_intentional_homicides_cy"] == pytest.approx(
        firearm / intentional, rel=1e-12
    )
    inegi = sum(
        int(r["homicides"]) for r in _csv(shared_data / INEGI, delimiter="|") if r["year"] == "2022"
    )
    assert row["mx_registered_homicides_cy"] == inegi
    assert row["mx_registered_homicide_months_cy"] == 12


def test_national_fiscal_year_columns_are_fiscal_and_totals_are_not_sums(
    published, shared_data
) -> None:
    warehouse, _ = published
    [usbp] = [
        int(r["firearms"])
        for r in _csv(shared_data / USBP_CSV)
        if r["sector"] == "nationwide total" and r["fiscal_year"] == "2019"
    ]
    by_year = {
        year: (firearms, fytd)
        for year, firearms, fytd in _marts(
            warehouse,
            "select year, usbp_firearms_seized_fy, is_seizure_fiscal_year_to_date "
            "from marts.national_flows_yearly",
        )
    }
    got, fytd_2026, fytd_2025 = by_year[2019][0], by_year[2026][1], by_year[2025][1]
    assert got == usbp == 338  # the published nationwide total, not regions + total
    assert fytd_2026 is True and fytd_2025 is False


def test_national_overdose_deaths_do_not_double_count_new_york_city(published) -> None:
    """The nation's row is CDC's own 'US'; it equals the states + DC + NYC exactly because
    CDC's NY excludes NYC — so the mart never adds NY and NYC on top of each other."""
    warehouse, _ = published
    rows = _marts(
        warehouse,
        "select n.year, n.overdose_deaths_all_drugs_cy, "
        "(select sum(reported_deaths_12m) from marts.fct_overdose_deaths f "
        " join marts.dim_geography g using (geography_id) "
        " where f.drug_id = 'cdc:all_drugs' and f.month_start = make_date(n.year, 12, 1) "
        " and (g.geography_level = 'state' and g.country_code = 'US' "
        "      and g.postal_code not in ('PR', 'GU', 'MP', 'VI') or g.geography_id = 'US-NYC')) "
        "from marts.national_flows_yearly n where n.overdose_deaths_all_drugs_cy is not null",
    )
    assert len(rows) >= 10
    for year, national, states_dc_nyc in rows:
        assert national == states_dc_nyc, year


def test_national_trace_figures_carry_their_citation(published, shared_data) -> None:
    warehouse, _ = published
    statements = [
        r
        for r in _csv(shared_data / TRACE_FIGURES)
        if r["recovery_country"] == "Mexico" and r["period_start_year"] == r["period_end_year"]
    ]
    by_year: dict[int, dict[str, str]] = defaultdict(dict)
    for s in statements:
        by_year[int(s["period_start_year"])][s["measure"]] = s
    rows = _dicts(
        warehouse,
        "select year, mx_trace_firearms_submitted_cy, mx_trace_firearms_us_sourced_cy, "
        "mx_trace_citations from marts.national_flows_yearly "
        "where mx_trace_citations is not null order by year",
    )
    assert [r["year"] for r in rows] == sorted(by_year)
    for row in rows:
        published_figures = by_year[row["year"]]
        submitted = published_figures["firearms_submitted_for_trace"]
        assert row["mx_trace_firearms_submitted_cy"] == int(submitted["value"])
        if "firearms_us_sourced" in published_figures:
            assert row["mx_trace_firearms_us_sourced_cy"] == int(
                published_figures["firearms_us_sourced"]["value"]
            )
        assert submitted["source_url"] in row["mx_trace_citations"]


# --------------------------------------------------------------------------- Mexico monthly


def test_mx_state_violence_monthly_equals_the_raw_file(published, victims) -> None:
    warehouse, _ = published
    rows = _dicts(
        warehouse,
        "select geography_id, month_start, firearm_homicide_victims, "
        "intentional_homicide_victims, feminicide_victims, population, "
        "firearm_homicide_victims_per_100k, is_border_state, paired_us_geography_ids "
        "from marts.mx_state_violence_monthly where calendar_year in (2018, 2024)",
    )
    assert len(rows) == 2 * 12 * 32
    pairs: dict[str, list[str]] = defaultdict(list)
    for us, mx_states in _pairs().items():
        for mx in mx_states:
            pairs[mx].append(us)
    for row in rows:
        raw = victims[(row["geography_id"], row["month_start"].year, row["month_start"].month)]
        assert row["firearm_homicide_victims"] == raw["firearm"]
        assert row["intentional_homicide_victims"] == raw["intentional"]
        assert row["feminicide_victims"] == raw["feminicide"]
        assert row["firearm_homicide_victims_per_100k"] == pytest.approx(
            raw["firearm"] * 100_000 / row["population"], rel=1e-12
        )
        paired = sorted(pairs.get(row["geography_id"], []))
        assert row["is_border_state"] == bool(paired)
        assert row["paired_us_geography_ids"] == ("; ".join(paired) or None)


# --------------------------------------------------------------------------- flows_lagged


def test_flows_lagged_values_and_lags_from_the_fact_tables(published) -> None:
    """Each figure and its lags, recomputed from the facts by another query: complete
    calendar years only, the lag of year y is the figure of year y-1 / y-2."""
    warehouse, _ = published
    fentanyl = dict(
        ((state, year), lbs)
        for state, year, lbs in _marts(
            warehouse,
            "with covered as (select year(month_start) as y, count(*) as months from "
            " marts.dim_month where month_start between "
            " (select min(month_start) from marts.fct_drug_seizures) and "
            " (select max(month_start) from marts.fct_drug_seizures) group by 1) "
            "select a.primary_geography_id, year(s.month_start), sum(s.quantity_lbs) "
            "from marts.fct_drug_seizures s "
            "join marts.dim_cbp_area a using (area_of_responsibility) "
            "join marts.dim_drug d using (drug_id) join covered c on c.y = year(s.month_start) "
            "where a.border_segment = 'southwest' and d.source_label = 'Fentanyl' "
            "and c.months = 12 group by all",
        )
    )
    firearms = dict(
        ((mx, year), n)
        for mx, year, n in _marts(
            warehouse,
            "select geography_id, year(month_start), sum(victims) from marts.fct_mx_crime_victims "
            "where crime_subtype = 'Homicidio doloso' and modality = 'Con arma de fuego' "
            "group by all having count(distinct month_start) = 12",
        )
    )
    traced = dict(
        ((state, year), n)
        for state, year, n in _marts(
            warehouse,
            "select source_geography_id, calendar_year, sum(firearms) "
            "from marts.fct_firearm_traces "
            "where source_geography_id <> recovery_geography_id group by all",
        )
    )
    rows = _dicts(warehouse, "select * from marts.flows_lagged")
    checked = 0
    for row in rows:
        us, mx, year = row["us_geography_id"], row["mx_geography_id"], row["calendar_year"]
        for lag, suffix in ((0, ""), (1, "_lag1"), (2, "_lag2")):
            expected_lbs = fentanyl.get((us, year - lag))
            got_lbs = row[f"fentanyl_seized_lbs{suffix}"]
            if expected_lbs is None:
                assert got_lbs is None, (us, year, suffix)
            else:
                assert got_lbs == pytest.approx(expected_lbs, rel=1e-9), (us, year, suffix)
                checked += 1
            assert row[f"mx_firearm_homicide_victims{suffix}"] == firearms.get((mx, year - lag))
            assert row[f"atf_firearms_sourced_recovered_elsewhere{suffix}"] == traced.get(
                (us, year - lag)
            )
    assert checked > 30


# --------------------------------------------------------------------------- traceability


RELEASE_GROUPS = {
    "border_flows_yearly": {
        "traces_source_releases": ["atf_firearms_sourced"],
        "seizures_source_releases": ["all_drugs_seized_lbs"],
        "overdose_source_releases": ["overdose_deaths", "synthetic_opioid_deaths"],
        "mx_victims_source_releases": ["mx_firearm_homicide_victims"],
        "population_source_releases": ["us_population", "mx_population"],
        "crossings_source_releases": ["inbound_people", "inbound_vehicles"],
    },
    "national_flows_yearly": {
        "seizures_source_releases": ["fentanyl_seized_lbs_fy"],
        "overdose_source_releases": ["overdose_deaths_all_drugs_cy"],
        "mx_victims_source_releases": ["mx_intentional_homicide_victims_cy"],
        "mx_registered_homicides_source_releases": ["mx_registered_homicides_cy"],
        "usbp_source_releases": ["usbp_firearms_seized_fy"],
        "mx_trace_source_releases": ["mx_trace_firearms_submitted_cy"],
    },
    "mx_state_violence_monthly": {
        "victims_source_releases": ["firearm_homicide_victims"],
        "population_source_release": ["population"],
    },
    "flows_lagged": {
        "seizures_source_releases": ["fentanyl_seized_lbs", "fentanyl_seized_lbs_lag2"],
        "traces_source_releases": ["atf_firearms_sourced_recovered_elsewhere"],
        "mx_victims_source_releases": ["mx_firearm_homicide_victims_lag1"],
    },
}


@pytest.mark.parametrize("mart", ANALYSIS_MARTS)
def test_every_figure_traces_to_dim_source_release(published, mart) -> None:
    warehouse, _ = published
    releases = {
        key: (file_name, vintage)
        for key, file_name, vintage in _marts(
            warehouse, "select source_release_id, file_name, vintage from marts.dim_source_release"
        )
    }
    rows = _dicts(warehouse, f"select * from marts.{mart}")
    listed = 0
    for row in rows:
        for release_column, figures in RELEASE_GROUPS[mart].items():
            if any(row[f] is not None for f in figures):
                assert row[release_column], (mart, release_column, row)
            value = row[release_column]
            if release_column.endswith("_source_releases"):
                # a list of whole keys (varchar[]): sorted, each once, never empty
                assert value is None or (value and value == sorted(set(value))), value
                keys = value or []
            else:  # population_source_release: one key
                keys = [value] if value is not None else []
            for key in keys:
                assert key in releases, key
                listed += 1
    assert listed > len(rows)


def test_fiscal_and_calendar_columns_say_which_they_are() -> None:
    """Every figure of national_flows_yearly names its year kind; the other marts say
    'calendar' in every year-bound figure's description, never 'fiscal year' as theirs."""
    import yaml

    spec = yaml.safe_load((REPO / "models/marts/analysis/national_flows_yearly.yml").read_text())
    for column in spec["models"][0]["columns"]:
        name = column["name"]
        if name in ("year", "is_seizure_fiscal_year_to_date", "mx_trace_citations"):
            continue
        if name.endswith("_source_releases") or name == "mx_trace_statement_numbers":
            continue
        assert name.endswith(("_fy", "_cy")), name
        kind = "fiscal" if name.endswith("_fy") else "calendar"
        assert kind in column["description"].lower(), name
    for mart in ("border_flows_yearly", "flows_lagged", "mx_state_violence_monthly"):
        spec = yaml.safe_load((REPO / f"models/marts/analysis/{mart}.yml").read_text())
        description = spec["models"][0]["description"].lower()
        assert "calendar" in description, mart
        assert not any(c["name"].endswith("_fy") for c in spec["models"][0]["columns"]), mart


# --------------------------------------------------------------------------- README examples


def readme_queries() -> list[tuple[str, str]]:
    """(question, SQL) of every example in README's 'Using the warehouse' section."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using the warehouse", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"\*\*(\d+\.[^*]+)\*\*\s*```sql\n(.*?)```", section, flags=re.S)


def test_readme_has_ten_example_questions() -> None:
    examples = readme_queries()
    assert [q.split(".")[0] for q, _ in examples] == [str(i) for i in range(1, 11)]


@pytest.fixture(scope="module")
def readme_results(published) -> dict[int, list[dict]]:
    warehouse, _ = published
    return {
        int(question.split(".")[0]): _dicts(warehouse, sql) for question, sql in readme_queries()
    }


def test_readme_examples_return_rows(readme_results) -> None:
    assert len(readme_results) == 10
    for number, rows in readme_results.items():
        assert rows, f"README example {number} returned no row"


def test_readme_examples_match_the_sources(
    published, readme_results, victims, cbp_cells, bts_cells, shared_data
) -> None:
    warehouse, _ = published
    # 1. Sonora's firearm homicide victims per complete year, and the lag is last year's
    q1 = {r["calendar_year"]: r for r in readme_results[1]}
    for year in range(2015, 2025):
        assert q1[year]["mx_firearm_homicide_victims"] == _victims_in_year(
            victims, "MX-SON", year, "firearm"
        )
    for year in range(2020, 2025):
        assert q1[year]["fentanyl_seized_lbs_lag1"] == q1[year - 1]["fentanyl_seized_lbs"]
    # 2. FY2024 fentanyl from the newest CBP file; CY2023 synthetic-opioid deaths
    q2 = {r["year"]: r for r in readme_results[2]}
    fy2024 = sum(
        c["lbs"] for c in cbp_cells if c["fiscal_year"] == 2024 and c["drug"] == "Fentanyl"
    )
    assert q2[2024]["fentanyl_seized_lbs_fy"] == pytest.approx(fy2024, rel=1e-9)
    [us_2023] = [
        float(r["data_value"])
        for r in _csv(shared_data / VSRR_T404)
        if r["state"] == "US" and r["year"] == "2023" and r["month"] == "December"
    ]
    assert q2[2023]["overdose_deaths_synthetic_opioids_cy"] == us_2023
    # 3. the top five by rate, each state's victims from the raw file
    rates = [r["per_100k"] for r in readme_results[3]]
    assert rates == sorted(rates, reverse=True) and len(rates) == 5
    for row in readme_results[3]:
        assert row["victims"] == _victims_in_year(victims, row["geography_id"], 2024, "firearm")
        assert row["per_100k"] == pytest.approx(row["victims"] * 1e5 / row["population"], abs=0.05)
    # 4. 2018: 23,936 of 33,742 (PROVENANCE §5)
    q4 = {r["year"]: r for r in readme_results[4]}
    assert q4[2018]["mx_firearm_homicide_victims_cy"] == 23_936
    assert q4[2018]["mx_intentional_homicide_victims_cy"] == 33_742
    assert q4[2018]["firearm_pct"] == pytest.approx(round(100 * 23_936 / 33_742, 1))
    # 5. four states, Arizona's deaths from the December file
    q5 = {r["us_state_name"]: r for r in readme_results[5]}
    assert set(q5) == {"Arizona", "California", "New Mexico", "Texas"}
    [az] = [
        float(r["Total Deaths"])
        for r in _csv(shared_data / VSRR_DECEMBER)
        if r["Year"] == "2023"
        and r["State Name"] == "Arizona"
        and r["Indicator"] == "Number of Drug Overdose Deaths"
    ]
    assert q5["Arizona"]["overdose_deaths"] == az
    cells, _ = bts_cells
    assert q5["Texas"]["inbound_people"] == _bts_sum(cells, "US-TX", 2023, BTS_PEOPLE)
    assert q5["Texas"]["inbound_vehicles"] == _bts_sum(cells, "US-TX", 2023, BTS_VEHICLES)
    # 6. Texas 2020 from the ATF workbook
    matrix, _ = _atf_matrix(shared_data, 2020)
    [tx] = [
        r
        for r in readme_results[6]
        if (r["calendar_year"], r["us_geography_id"]) == (2020, "US-TX")
    ]
    assert tx["atf_firearms_sourced_recovered_elsewhere"] == sum(
        n for s, n in matrix["TEXAS"].items() if s != "TEXAS"
    )
    assert len(readme_results[6]) == 4 * 11  # CY2010-CY2020
    # 7. one correlation per pair, recomputed from the facts for Arizona-Sonora
    assert len(readme_results[7]) == len(_seed("border_state_pairs"))
    firearm = {
        y: n
        for y, n in _marts(
            warehouse,
            "select year(month_start), sum(victims) from marts.fct_mx_crime_victims "
            "where geography_id = 'MX-SON' and crime_subtype = 'Homicidio doloso' and is_firearm "
            "group by 1 having count(distinct month_start) = 12",
        )
    }
    guns = {
        y: n
        for y, n in _marts(
            warehouse,
            "select calendar_year, sum(firearms) from marts.fct_firearm_traces "
            "where source_geography_id = 'US-AZ' and not is_same_geography group by 1",
        )
    }
    pairs = [(firearm[y], guns[y - 1]) for y in sorted(firearm) if y - 1 in guns]
    [az_son] = [
        r
        for r in readme_results[7]
        if r["mx_geography_id"] == "MX-SON" and r["us_geography_id"] == "US-AZ"
    ]
    assert az_son["years"] == len(pairs)
    assert az_son["corr_with_guns_a_year_earlier"] == pytest.approx(_corr(pairs), abs=0.005)
    # 8. Chihuahua month by month
    assert len(readme_results[8]) == 12
    for row in readme_results[8]:
        raw = victims[("MX-CHH", 2024, row["month_start"].month)]
        assert row["firearm_homicide_victims"] == raw["firearm"]
        assert row["feminicide_victims"] == raw["feminicide"]
    # 9. the files exist in the mirror with the recorded checksum
    assert readme_results[9]
    for row in readme_results[9]:
        path = shared_data / row["file_name"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]
        assert row["source"] == "cbp_drug_seizures"
    # 10. INEGI 2020, Border Patrol FY2019, the 2008 trace figure
    q10 = {r["year"]: r for r in readme_results[10]}
    inegi_2020 = sum(
        int(r["homicides"]) for r in _csv(shared_data / INEGI, delimiter="|") if r["year"] == "2020"
    )
    assert q10[2020]["mx_registered_homicides_cy"] == inegi_2020
    [usbp] = [
        int(r["firearms"])
        for r in _csv(shared_data / USBP_CSV)
        if r["sector"] == "nationwide total" and r["fiscal_year"] == "2019"
    ]
    assert q10[2019]["usbp_firearms_seized_fy"] == usbp
    [submitted_2008] = [
        int(r["value"])
        for r in _csv(shared_data / TRACE_FIGURES)
        if r["period_start_year"] == "2008"
        and r["recovery_country"] == "Mexico"
        and r["measure"] == "firearms_submitted_for_trace"
    ]
    assert q10[2008]["mx_trace_firearms_submitted_cy"] == submitted_2008


def _corr(pairs: list[tuple[float, float]]) -> float:
    n = len(pairs)
    mean_x = sum(x for x, _ in pairs) / n
    mean_y = sum(y for _, y in pairs) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    var_x = sum((x - mean_x) ** 2 for x, _ in pairs)
    var_y = sum((y - mean_y) ** 2 for _, y in pairs)
    return cov / math.sqrt(var_x * var_y)


# --------------------------------------------------------------------------- report


def _report_figures(page: Path) -> dict[str, dict]:
    text = page.read_text(encoding="utf-8")
    return {
        name: json.loads(body)
        for name, body in re.findall(
            r'<script type="application/json" id="figure-([\w-]+)">(.*?)</script>', text, re.S
        )
    }


@pytest.fixture(scope="module")
def report(cli_published) -> Path:
    page = cli_published.data_dir / "serve" / "report" / "index.html"
    assert page.is_file(), "the publish did not write the report"
    return page


def test_report_is_self_contained(report) -> None:
    text = report.read_text(encoding="utf-8")
    assert "<script src=" not in text  # no CDN: the machines have no internet
    assert "Plotly.newPlot" in text
    assert len(text) > 1_000_000  # plotly.js itself is inlined


def test_report_charts_hold_the_warehouse_figures(published, report) -> None:
    warehouse, _ = published
    figures = _report_figures(report)
    assert set(figures) == {
        "fentanyl_vs_deaths",
        "mx_firearm_homicides",
        "border_state_panel",
        "atf_source_flows",
        "crossings_vs_seizures",
    }
    for name, figure in figures.items():
        assert any(data_points(trace) for trace in figure["data"]), name
    for name in ("fentanyl_vs_deaths", "mx_firearm_homicides", "border_state_panel"):
        for trace in figures[name]["data"]:
            meta = trace["meta"]
            where = f"us_geography_id = '{meta['state']}' and " if "state" in meta else ""
            key = "calendar_year" if meta["table"] == "border_flows_yearly" else "year"
            expected = dict(
                _marts(
                    warehouse,
                    f"select {key}, {meta['column']} from marts.{meta['table']} "
                    f"where {where}{meta['column']} is not null",
                )
            )
            points = dict(zip(trace["x"], trace["y"], strict=True))
            # New Mexico has no CBP area of its own: its seizure panel is empty
            no_cbp_area = meta.get("state") == "US-NM" and meta["column"].endswith("_seized_lbs")
            assert bool(points) != no_cbp_area, (name, meta)
            for x, y in points.items():
                assert y == pytest.approx(float(expected[x]), rel=1e-12), (name, meta, x)
    # crossings vs seizures: one point per state and complete year, people only
    crossing_traces = figures["crossings_vs_seizures"]["data"]
    assert {t["meta"]["state"] for t in crossing_traces} == {"US-AZ", "US-CA", "US-TX"}
    for trace in crossing_traces:
        expected = {
            year: (people, lbs)
            for year, people, lbs in _marts(
                warehouse,
                "select calendar_year, inbound_people, fentanyl_seized_lbs "
                "from marts.border_flows_yearly where us_geography_id = ?",
                [trace["meta"]["state"]],
            )
        }
        assert trace["customdata"]
        for year, x, y in zip(trace["customdata"], trace["x"], trace["y"], strict=True):
            people, lbs = expected[year]
            assert x == pytest.approx(people / 1e6, rel=1e-12)
            assert y == pytest.approx(lbs, rel=1e-12)
    # the Sankey's links are the ATF cells of the latest year (out-of-state sources)
    [sankey] = figures["atf_source_flows"]["data"]
    year = sankey["meta"]["calendar_year"]
    cells = dict(
        ((s, r), n)
        for s, r, n in _marts(
            warehouse,
            "select source_geography_id, recovery_geography_id, firearms "
            "from marts.fct_firearm_traces where calendar_year = ? "
            "and recovery_geography_id in ('US-AZ', 'US-CA', 'US-NM', 'US-TX') "
            "and source_geography_id <> recovery_geography_id",
            [year],
        )
    )
    shown = {s for s, _ in sankey["meta"]["pairs"] if s.startswith("US-")}
    for (source, recovery), value in zip(
        sankey["meta"]["pairs"], sankey["link"]["value"], strict=True
    ):
        if source in shown:
            assert value == cells[(source, recovery)], (source, recovery)
        else:
            assert value == sum(
                n for (s, r), n in cells.items() if r == recovery and s not in shown
            )
    assert sum(sankey["link"]["value"]) == sum(cells.values())


REPORT_TABLES = (
    "rpt_fentanyl_vs_deaths",
    "rpt_mx_firearm_homicides",
    "rpt_border_state_panel",
    "rpt_atf_source_flows",
    "rpt_crossings_vs_seizures",
)


def test_report_tables_are_served_beside_the_marts(published) -> None:
    """What each chart draws is a table of schema report in the served file; the build's
    staging, intermediate and seeds stay out of it."""
    warehouse, outcome = published
    for table in REPORT_TABLES:
        assert outcome.tables[f"report.{table}"] > 0, table
    schemas = {
        schema
        for (schema,) in _marts(
            warehouse,
            "select schema_name from duckdb_schemas() "
            "where database_name = current_database() and not internal",
        )
    }
    assert schemas == {"marts", "report"}


def test_report_figures_are_the_report_tables_and_the_source_files(
    published, report, shared_data, cbp_cells, victims, bts_cells
) -> None:
    warehouse, _ = published
    figures = _report_figures(report)
    # fentanyl vs deaths: the bars are rpt_fentanyl_vs_deaths, and each fiscal year the CBP
    # files' fentanyl pounds (newest file of each series)
    bars, deaths = figures["fentanyl_vs_deaths"]["data"]
    table = _dicts(warehouse, "select * from report.rpt_fentanyl_vs_deaths order by year")
    seized = [r for r in table if r["fentanyl_seized_lbs_fy"] is not None]
    assert bars["x"] == [r["year"] for r in seized]
    assert bars["y"] == [r["fentanyl_seized_lbs_fy"] for r in seized]
    for year, lbs in zip(bars["x"], bars["y"], strict=True):
        expected = sum(
            c["lbs"] for c in cbp_cells if c["fiscal_year"] == year and c["drug"] == "Fentanyl"
        )
        assert lbs == pytest.approx(expected, rel=1e-9), year
    counted = [r for r in table if r["overdose_deaths_synthetic_opioids_cy"] is not None]
    assert deaths["x"] == [r["year"] for r in counted]
    assert deaths["y"] == [r["overdose_deaths_synthetic_opioids_cy"] for r in counted]
    # Mexico: the victims of each complete year in the raw SESNSP file
    victims_bars, share = figures["mx_firearm_homicides"]["data"]
    table = _dicts(warehouse, "select * from report.rpt_mx_firearm_homicides order by year")
    assert victims_bars["x"] == share["x"] == [r["year"] for r in table]
    for year, firearm, ratio in zip(victims_bars["x"], victims_bars["y"], share["y"], strict=True):
        expected = sum(v["firearm"] for (_, y, _), v in victims.items() if y == year)
        intentional = sum(v["intentional"] for (_, y, _), v in victims.items() if y == year)
        assert firearm == expected, year
        assert ratio == pytest.approx(expected / intentional, rel=1e-12), year
    # the panel: one trace per state and measure, the non-NULL cells of rpt_border_state_panel
    panel = _dicts(warehouse, "select * from report.rpt_border_state_panel")
    for trace in figures["border_state_panel"]["data"]:
        meta = trace["meta"]
        cells = sorted(
            (r["calendar_year"], r[meta["column"]])
            for r in panel
            if r["us_geography_id"] == meta["state"] and r[meta["column"]] is not None
        )
        assert list(zip(trace["x"], trace["y"], strict=True)) == cells, meta
    # crossings: people crossing (BTS file, millions) and pounds seized per complete year
    bts, _ = bts_cells
    table = _dicts(warehouse, "select * from report.rpt_crossings_vs_seizures")
    for trace in figures["crossings_vs_seizures"]["data"]:
        state = trace["meta"]["state"]
        rows = sorted(
            (r["calendar_year"], r["inbound_people_millions"], r["fentanyl_seized_lbs"])
            for r in table
            if r["us_geography_id"] == state
        )
        assert list(zip(trace["customdata"], trace["x"], trace["y"], strict=True)) == rows
        for year, millions in zip(trace["customdata"], trace["x"], strict=True):
            people = _bts_sum(bts, state, year, BTS_PEOPLE)
            assert millions == pytest.approx(people / 1e6, rel=1e-12), (state, year)
    # the Sankey: rpt_atf_source_flows, adding up to the out-of-state cells of the ATF
    # workbook of its year for the four border states
    [sankey] = figures["atf_source_flows"]["data"]
    year = sankey["meta"]["calendar_year"]
    flows = _dicts(warehouse, "select * from report.rpt_atf_source_flows")
    assert {r["calendar_year"] for r in flows} == {year}
    other = "other states and territories"
    expected_links = {
        (
            r["source_node"] if r["source_rank"] is not None else other,
            r["recovery_geography_id"],
        ): r["firearms"]
        for r in flows
    }
    assert (
        dict(zip(map(tuple, sankey["meta"]["pairs"]), sankey["link"]["value"], strict=True))
        == expected_links
    )
    ranks = sorted(r["source_rank"] for r in flows if r["source_rank"] is not None)
    assert sorted(set(ranks)) == list(range(1, 11))  # the 10 largest sources, one by one
    assert "The 10 largest out-of-state sources are shown" in report.read_text(encoding="utf-8")
    matrix, _ = _atf_matrix(shared_data, year)
    out_of_state = sum(
        n
        for source, recovered in matrix.items()
        for label, n in recovered.items()
        if label in STATE_LABELS.values() and label != source
    )
    assert sum(sankey["link"]["value"]) == out_of_state
    names = {f"US-{s['postal_code']}": s["official_name"].upper() for s in _seed("us_states")}
    for (source, recovery), value in expected_links.items():
        if source != other:
            assert value == matrix[names[source]][STATE_LABELS[recovery]], (source, recovery)


def test_report_names_units_sources_and_vintages(published, report) -> None:
    warehouse, _ = published
    text = report.read_text(encoding="utf-8")
    for section in re.findall(r'<section class="chart".*?</section>', text, re.S):
        assert "<b>Units:</b>" in section
        assert re.search(r"\(vintage \d{4}-\d{2}-\d{2}\)", section), section[:200]
    for file_name, vintage in _marts(
        warehouse,
        "select distinct file_name, strftime(vintage, '%Y-%m-%d') from marts.dim_source_release "
        "where source in ('cbp_drug_seizures', 'sesnsp')",
    ):
        if file_name.endswith((".csv.gz", "apr.csv")):
            assert f"{file_name.rsplit('/', 1)[-1]} (vintage {vintage})" in text


def test_report_renders_in_headless_chromium(report, tmp_path) -> None:
    dom = browse(report.as_uri(), tmp_path, "report")
    assert (tmp_path / "report.png").stat().st_size > 10_000
    # Plotly drew every chart: one plot container with its SVG per chart
    assert dom.count('class="plot js-plotly-plot"') == 5
    assert dom.count('class="main-svg"') >= 5
    assert "sankey" in dom


# --------------------------------------------------------------------------- dbt docs


def test_docs_site_describes_the_analysis_marts_exposures_and_sources(cli_published) -> None:
    from orchestration.catalog.registry import CATALOG

    page = (cli_published.data_dir / "serve" / "docs" / "index.html").read_text(encoding="utf-8")
    for mart in ANALYSIS_MARTS:
        assert f"model.ironriver.{mart}" in page, mart
    for exposure in ("ironriver_report", "using_the_warehouse_readme", "analysts_bi_tools"):
        assert f"exposure.ironriver.{exposure}" in page, exposure
    manifest = json.loads((REPO / "target" / "manifest.json").read_text())
    for source in CATALOG:
        metas = [
            node["source_meta"]
            for node in manifest["sources"].values()
            if node["source_name"] == source.name
        ]
        assert metas, source.name
        assert all(m.get("publisher_url") == source.landing_page for m in metas), source.name
        assert source.landing_page in page, source.name
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["path"].startswith("marts/analysis/"):
            for column in node["columns"].values():
                assert column["description"].strip(), (node["name"], column["name"])
