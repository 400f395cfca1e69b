"""End to end, Mexico: the Mexican marts of the shared pipeline run (tests/e2e/conftest.py)
hold the figures the raw files give, computed here independently (DuckDB or the csv
module straight on the files in shared/data), and no mis-encoded text reaches the marts.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest
from ftfy.badness import badness

from orchestration.resources import WarehouseConfig

VICTIMS_GZ = "sesnsp_mexico/db_victimas_delitos_ent_long.csv.gz"
IDEFC = "sesnsp_mexico/IDEFC_NM_mar22.csv"
ESTATAL_2026 = "sesnsp_mexico/estatal_n_2026.csv"
YEARLY = "sesnsp_mexico/db_incidencia_ent_nac_year_x100khab_mujeres.csv"
INEGI = "inegi_mexico/mexico-state-month-homicide-rates-2000-2022.csv"
MONTHS = ("Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto")
MONTHS += ("Septiembre", "Octubre", "Noviembre", "Diciembre")


def _marts(warehouse: WarehouseConfig, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def victims_by_year(shared_data: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """(year, cve_ent) -> (intentional-homicide victims, of whom with a firearm), from the
    raw gzip, read by DuckDB's own CSV reader (not the project's landing code)."""
    rows = duckdb.sql(
        "select n_year, cve_ent, sum(cast(n_victimas as bigint)), "
        "sum(cast(n_victimas as bigint)) filter (where modalidad = 'Con arma de fuego') "
        "from read_csv(?, all_varchar = true) where subtipo_de_delito = 'Homicidio doloso' "
        "group by all".replace("?", f"'{shared_data / VICTIMS_GZ}'")
    ).fetchall()
    return {(year, state): (int(total), int(firearm)) for year, state, total, firearm in rows}


def _national(victims_by_year, year: str) -> tuple[int, int]:
    pairs = [v for (y, _), v in victims_by_year.items() if y == year]
    return sum(t for t, _ in pairs), sum(f for _, f in pairs)


def test_mexican_marts_are_published(published):
    _, outcome = published
    for table in (
        "fct_mx_crime_victims",
        "fct_mx_crime_incidents",
        "fct_mx_crime_incidents_yearly_derived",
        "fct_mx_homicides_registered",
    ):
        assert outcome.tables[f"marts.{table}"] > 0, table
    assert outcome.tables["marts.fct_mx_crime_victims"] == 927_360  # PROVENANCE: every row


def test_intentional_homicide_victims_2019(published, victims_by_year):
    warehouse, _ = published
    expected, _ = _national(victims_by_year, "2019")
    ((got,),) = _marts(
        warehouse,
        "select sum(victims) from marts.fct_mx_crime_victims "
        "where crime_subtype = 'Homicidio doloso' and year(month_start) = 2019",
    )
    assert got == expected == 34_723  # PROVENANCE §5


def test_firearm_homicide_victims_2018_and_their_share(published, victims_by_year):
    warehouse, _ = published
    total, firearm = _national(victims_by_year, "2018")
    ((got_firearm, got_total, got_share, flagged),) = _marts(
        warehouse,
        "select sum(victims) filter (where modality = 'Con arma de fuego'), sum(victims), "
        "sum(victims) filter (where modality = 'Con arma de fuego') / sum(victims), "
        "sum(victims) filter (where is_firearm) "
        "from marts.fct_mx_crime_victims "
        "where crime_subtype = 'Homicidio doloso' and year(month_start) = 2018",
    )
    assert got_firearm == firearm == 23_936  # PROVENANCE §5
    assert got_total == total
    assert got_share == pytest.approx(firearm / total, abs=1e-12)
    assert 0.6 < got_share < 0.8  # about seven in ten intentional-homicide victims
    assert flagged == got_firearm


def test_every_state_resolves_to_its_own_geography(published, victims_by_year):
    """Per state, the firearm homicide victims of 2019 in the mart (by geography) are the
    raw file's (by cve_ent): names like 'Coahuila' or 'Estado de México' resolved right."""
    warehouse, _ = published
    got = dict(
        _marts(
            warehouse,
            "select g.inegi_code, sum(f.victims) from marts.fct_mx_crime_victims f "
            "join marts.dim_geography g using (geography_id) "
            "where f.crime_subtype = 'Homicidio doloso' and f.is_firearm "
            "and year(f.month_start) = 2019 group by 1",
        )
    )
    expected = {
        state: firearm for (year, state), (_, firearm) in victims_by_year.items() if year == "2019"
    }
    assert got == expected
    assert len(got) == 32


def test_inegi_registered_homicides_2020(published, shared_data):
    warehouse, _ = published
    with (shared_data / INEGI).open(encoding="utf-8", newline="") as fin:
        expected = sum(
            int(r["homicides"]) for r in csv.DictReader(fin, delimiter="|") if r["year"] == "2020"
        )
    ((got, months, states),) = _marts(
        warehouse,
        "select sum(homicides), count(distinct month_start), count(distinct geography_id) "
        "from marts.fct_mx_homicides_registered where year(month_start) = 2020",
    )
    assert got == expected == 35_787  # PROVENANCE §6
    assert (months, states) == (12, 32)


def _wide_rows(shared_data: Path) -> dict[str, list[dict[str, str]]]:
    """The two wide incidence files, decoded independently: IDEFC by undoing the Mac Roman
    misreading, the 2026 file as Latin-1."""
    idefc = (shared_data / IDEFC).read_text(encoding="utf-8-sig")
    idefc = idefc.encode("mac_roman").decode("latin-1")
    estatal = (shared_data / ESTATAL_2026).read_text(encoding="latin-1")
    return {
        IDEFC: list(csv.DictReader(io.StringIO(idefc))),
        ESTATAL_2026: list(csv.DictReader(io.StringIO(estatal))),
    }


def test_crime_reports_match_the_wide_files_and_blank_months_are_absent(published, shared_data):
    warehouse, _ = published
    expected: dict[str, int] = defaultdict(int)
    for rows in _wide_rows(shared_data).values():
        for row in rows:
            if row["Subtipo de delito"] == "Homicidio doloso" and row["Modalidad"] == (
                "Con arma de fuego"
            ):
                for number, month in enumerate(MONTHS, start=1):
                    if row[month].strip():  # blank = not published: no row, not zero
                        expected[f"{row['Año']}-{number:02d}"] += int(row[month])
    got = dict(
        _marts(
            warehouse,
            "select strftime(month_start, '%Y-%m'), sum(crime_reports) "
            "from marts.fct_mx_crime_incidents "
            "where crime_subtype = 'Homicidio doloso' and modality = 'Con arma de fuego' "
            "group by 1",
        )
    )
    assert got == dict(expected)
    assert max(got) == "2026-03"  # April-December 2026 blank in the file: absent
    assert "2022-03" in got and "2022-04" not in got
    catalogues = dict(
        _marts(
            warehouse,
            "select crime_catalogue, count(distinct year(month_start)) "
            "from marts.fct_mx_crime_incidents group by 1",
        )
    )
    assert catalogues == {"SESNSP 2015-2025": 8, "SESNSP 2026 (_n)": 1}


def test_yearly_derived_mart_keeps_states_only(published, shared_data):
    warehouse, _ = published
    with (shared_data / YEARLY).open(encoding="utf-8", newline="") as fin:
        raw = [r for r in csv.DictReader(fin) if r["n_year"] == "2024"]
    states = sum(int(r["n_delitos"]) for r in raw if r["cve_ent"] != "00")
    national = sum(int(r["n_delitos"]) for r in raw if r["cve_ent"] == "00")
    ((got, geographies),) = _marts(
        warehouse,
        "select sum(crime_reports), count(distinct geography_id) "
        "from marts.fct_mx_crime_incidents_yearly_derived where calendar_year = 2024",
    )
    assert got == states == national  # 'Nacional' rows dropped, nothing lost
    assert geographies == 32
    partial = _marts(
        warehouse,
        "select distinct calendar_year from marts.fct_mx_crime_incidents_yearly_derived "
        "where is_partial_year",
    )
    assert partial == [(2025,)]  # the file's 2025 holds January-June


# --------------------------------------------------------------------------- encoding

# Not Spanish: what Spanish letters become when UTF-8 is read as Latin-1 ('Ã', 'Â') or
# Latin-1 as Mac Roman ('È' é, 'Ì' í, 'Ò' ñ, 'Û' ó, '·' á, '˙' ú), and U+FFFD.
MARKS = frozenset("ÃÂÈÌÒÛ·˙\ufffd")


def _damaged(value: str) -> str | None:
    if MARKS & set(value):
        return "mojibake mark " + ", ".join(sorted(MARKS & set(value)))
    if any("\x80" <= c <= "\x9f" for c in value):
        return "C1 control character"
    if badness(value) > 0:
        return f"ftfy badness {badness(value)}"
    if unicodedata.normalize("NFC", value) != value:
        return "not NFC"
    return None


def _scan_text(con: duckdb.DuckDBPyConnection, schema: str) -> tuple[int, list[str]]:
    """Check every distinct value of every varchar column of every table in ``schema``."""
    columns = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = ? and data_type = 'VARCHAR' order by all",
        [schema],
    ).fetchall()
    problems = []
    for table, column in columns:
        values = con.execute(
            f'select distinct "{column}" from "{schema}"."{table}" where "{column}" is not null'
        ).fetchall()
        for (value,) in values:
            why = _damaged(value)
            if why:
                problems.append(f"{schema}.{table}.{column}: {value!r} ({why})")
    return len(columns), problems


def test_no_mojibake_in_any_text_of_any_mart(published):
    warehouse, _ = published
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        scanned, problems = _scan_text(con, "marts")
        names = {
            n for (n,) in con.execute("select display_name from marts.dim_geography").fetchall()
        }
        labels = {
            v
            for (v,) in con.execute(
                "select distinct modality from marts.fct_mx_crime_victims union "
                "select distinct crime_subtype from marts.fct_mx_crime_incidents"
            ).fetchall()
        }
    assert scanned > 30  # every varchar column of every mart was looked at
    assert problems == []
    assert {"México", "Michoacán", "Nuevo León"} <= names
    assert {"Con arma de fuego", "Homicidio doloso", "Tráfico de menores"} <= labels


def test_the_scan_would_catch_the_idefc_damage(shared_data):
    """Control: the same scan, on the IDEFC file taken as it is stored (no repair), flags
    its headers and values — so a removed repair could not pass unnoticed."""
    with duckdb.connect() as con:
        con.execute("create schema unrepaired")
        con.execute(
            "create table unrepaired.idefc as select * from read_csv(?, all_varchar = true)",
            [str(shared_data / IDEFC)],
        )
        headers = [
            c
            for (c,) in con.execute(
                "select column_name from information_schema.columns where table_name = 'idefc'"
            ).fetchall()
        ]
        scanned, problems = _scan_text(con, "unrepaired")
    assert any(_damaged(h) for h in headers)  # 'AÒo', 'Bien jurÌdico afectado'
    assert scanned == 19
    assert any("'Ciudad de MÈxico'" in p for p in problems)
    assert any("'Michoac·n de Ocampo'" in p for p in problems)
