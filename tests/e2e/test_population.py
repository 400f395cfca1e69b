"""End to end: population figures in the published fct_population against the raw files.

Expected figures are computed here independently, with the csv module, from the files in
the local mirror (the Census Vintage 2025 file is Latin-1, the Vintage 2020 copy UTF-8).
Uses the session's single pipeline run (``published`` in conftest.py).
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from orchestration.resources import WarehouseConfig

V2020 = "population/co-est2020-alldata.csv"
V2025 = "population/co-est2025-alldata.csv"
CONAPO = "population/conapo_pob_ent_gender_1950_2070.csv"


def _rows(shared_data: Path, name: str, encoding: str = "utf-8") -> list[dict[str, str]]:
    with (shared_data / name).open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def _census_state_rows(shared_data: Path, name: str, encoding: str) -> list[dict[str, str]]:
    # SUMLEV 040 = state; the mirror's Vintage 2020 copy writes it '40'
    return [r for r in _rows(shared_data, name, encoding) if int(r["SUMLEV"]) == 40]


def _population(warehouse: WarehouseConfig, geography_id: str, year: int) -> tuple:
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        rows = con.execute(
            "select population, source, is_projection, source_file "
            "from marts.fct_population where geography_id = ? and calendar_year = ?",
            [geography_id, year],
        ).fetchall()
    assert len(rows) == 1, (geography_id, year, rows)
    return rows[0]


def test_texas_2024_is_the_vintage_2025_state_row(published, shared_data):
    warehouse, _ = published
    (texas,) = [
        r for r in _census_state_rows(shared_data, V2025, "latin-1") if r["STNAME"] == "Texas"
    ]
    expected = int(texas["POPESTIMATE2024"])
    population, source, is_projection, source_file = _population(warehouse, "US-TX", 2024)
    assert population == expected
    assert expected > 30_000_000  # a real figure, not an empty cell
    assert (source, is_projection, source_file) == ("Census PEP Vintage 2025", False, V2025)


def test_us_2015_is_the_sum_of_the_51_vintage_2020_state_rows(published, shared_data):
    warehouse, _ = published
    states = _census_state_rows(shared_data, V2020, "utf-8")
    assert len(states) == 51  # 50 states + DC
    expected = sum(int(r["POPESTIMATE2015"]) for r in states)
    population, source, _, source_file = _population(warehouse, "US", 2015)
    assert population == expected
    assert (source, source_file) == ("Census PEP Vintage 2020", V2020)


def test_2020_comes_from_vintage_2025_not_vintage_2020(published, shared_data):
    warehouse, _ = published
    newer = sum(
        int(r["POPESTIMATE2020"]) for r in _census_state_rows(shared_data, V2025, "latin-1")
    )
    older = sum(int(r["POPESTIMATE2020"]) for r in _census_state_rows(shared_data, V2020, "utf-8"))
    population, source, _, _ = _population(warehouse, "US", 2020)
    assert newer != older  # the two vintages disagree on 2020 ...
    assert population == newer  # ... and the newer one is used
    assert source == "Census PEP Vintage 2025"


def test_chihuahua_2020_is_the_conapo_mid_year_total(published, shared_data):
    warehouse, _ = published
    (row,) = [
        r
        for r in _rows(shared_data, CONAPO)
        if r["cve_ent"] == "08" and r["n_year"] == "2020" and r["genero"] == "Total"
    ]
    assert row["nombre_estado"] == "Chihuahua"
    population, source, is_projection, _ = _population(warehouse, "MX-CHH", 2020)
    assert population == int(row["pob_mid_year"])
    assert population != int(row["pob_start_year"])  # 1 July, not 1 January
    assert (source, is_projection) == ("CONAPO 2023", True)


def test_mexico_is_conapo_nacional_and_its_32_states_add_up(published, shared_data):
    warehouse, _ = published
    rows = [
        r for r in _rows(shared_data, CONAPO) if r["n_year"] == "2019" and r["genero"] == "Total"
    ]
    (nacional,) = [int(r["pob_mid_year"]) for r in rows if r["cve_ent"] == "00"]
    states = [int(r["pob_mid_year"]) for r in rows if r["cve_ent"] != "00"]
    assert len(states) == 32
    population, _, is_projection, _ = _population(warehouse, "MX", 2019)
    assert population == nacional == sum(states)
    assert is_projection is False  # 2019 is CONAPO's reconciled series


def test_dona_ana_county_lands_with_its_tilde_from_both_encodings(published):
    warehouse, _ = published
    pattern = str(warehouse.landing_table_dir("census_pep__county_population") / "*.parquet")
    with duckdb.connect() as con:
        names = con.execute(
            "select _source_file, ctyname from read_parquet(?, union_by_name = true) "
            "where state in ('35', '035') and county in ('13', '013') order by 1",
            [pattern],
        ).fetchall()
    assert names == [(V2020, "Doña Ana County"), (V2025, "Doña Ana County")]


def test_rate_per_100k_pattern_from_the_yaml(published, shared_data):
    """The join fct_population's YAML documents gives the rate computed from the raw files."""
    warehouse, _ = published
    (deaths,) = [
        float(r["Total Deaths"])
        for r in _rows(
            shared_data,
            "cdc_vsrr/vsrr_subset_december_rows_all_indicators_2015_2024.csv",
            "utf-8-sig",
        )
        if r["Year"] == "2023"
        and r["State Name"] == "Texas"
        and r["Indicator"] == "Number of Drug Overdose Deaths"
    ]
    (texas,) = [
        r for r in _census_state_rows(shared_data, V2025, "latin-1") if r["STNAME"] == "Texas"
    ]
    expected = deaths * 100_000 / int(texas["POPESTIMATE2023"])
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        ((rate,),) = con.execute(
            "select f.reported_deaths_12m * 100000.0 / nullif(p.population, 0) "
            "from marts.fct_overdose_deaths f "
            "join marts.dim_month m on m.month_start = f.month_start "
            "join marts.fct_population p "
            "on p.geography_id = f.geography_id and p.calendar_year = m.calendar_year "
            "where f.geography_id = 'US-TX' and m.calendar_year = 2023 "
            "and m.calendar_month = 12 and f.drug_id = 'cdc:all_drugs'"
        ).fetchall()
    assert rate == pytest.approx(expected, rel=1e-12)
    assert 5 < rate < 50  # deaths per 100,000: a plausible magnitude
