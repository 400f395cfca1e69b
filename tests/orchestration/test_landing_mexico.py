"""Landing of the Mexican files (SESNSP, INEGI): every real release lands with the rows
PROVENANCE.md gives and with correct Unicode; damaged or unexpected files fail naming the
file, the row (or line) and the column.

Expected values are computed here independently of the readers, with the csv module or
DuckDB on the raw files.
"""

from __future__ import annotations

import csv
import gzip
import io
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.catalog.registry import INEGI_HOMICIDES as INEGI_SOURCE
from orchestration.catalog.registry import SESNSP
from orchestration.landing.layouts import (
    INEGI_HOMICIDES,
    SESNSP_ESTATAL_LATIN1,
    SESNSP_IDEFC_MOJIBAKE,
    SESNSP_VICTIMS_LONG,
    layout_for,
)
from orchestration.landing.mexico import state_name_key, state_name_variants
from orchestration.landing.parse import LandingError, land_file

PROVENANCE_ROWS = {
    "sesnsp_mexico/db_victimas_delitos_ent_long.csv.gz": 20_000,  # its head, see VICTIMS
    "sesnsp_mexico/IDEFC_NM_mar22.csv": 25_088,
    "sesnsp_mexico/estatal_n_2026.csv": 3_648,
    "sesnsp_mexico/db_incidencia_ent_nac_year_x100khab_mujeres.csv": 35_574,
    "inegi_mexico/mexico-state-month-homicide-rates-2000-2022.csv": 8_832,
}
RELEASES = {r.file_name: r for s in (SESNSP, INEGI_SOURCE) for r in s.releases}

# Written out here, not imported: the test must not share the code it checks.
MARKS = set("ÃÂÈÌÒÛ·˙\ufffd")
MONTHS = [
    "m01_enero",
    "m02_febrero",
    "m03_marzo",
    "m04_abril",
    "m05_mayo",
    "m06_junio",
    "m07_julio",
    "m08_agosto",
    "m09_septiembre",
    "m10_octubre",
    "m11_noviembre",
    "m12_diciembre",
]


VICTIMS = "sesnsp_mexico/db_victimas_delitos_ent_long.csv.gz"
VICTIMS_HEAD_ROWS = 20_000
"""The 930k-row victims file is landed whole by the e2e run (tests/e2e/test_mexico.py);
here its first rows, re-compressed, keep the parser test fast."""


@pytest.fixture(scope="module")
def landed(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every real Mexican release landed once: file name -> Parquet path."""
    root = tmp_path_factory.mktemp("landing_mexico")
    victims_head = root / Path(VICTIMS).name
    with gzip.open(shared_data / VICTIMS, "rt", encoding="utf-8", newline="") as fin:
        lines = [line for _, line in zip(range(VICTIMS_HEAD_ROWS + 1), fin, strict=False)]
    with gzip.open(victims_head, "wt", encoding="utf-8", newline="") as fout:
        fout.writelines(lines)
    paths = {}
    for file_name, expected_rows in PROVENANCE_ROWS.items():
        release = RELEASES[file_name]
        raw = victims_head if file_name == VICTIMS else shared_data / file_name
        dest = root / f"{Path(file_name).name}.parquet"
        result = land_file(
            raw,
            layout_for(release.table, release.layout),
            release_file=file_name,
            vintage=date.fromisoformat(release.vintage),
            dest=dest,
        )
        assert result.rows == expected_rows, file_name
        paths[file_name] = dest
    paths["victims_head_raw"] = victims_head
    return paths


def _query(sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect() as con:
        return con.execute(sql, params or []).fetchall()


def _raw_rows(path: Path, encoding: str, delimiter: str = ",") -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding=encoding, newline="") as fin:
        return list(csv.DictReader(fin, delimiter=delimiter))


# --------------------------------------------------------------------------- real files


@pytest.mark.parametrize("file_name", list(PROVENANCE_ROWS), ids=lambda f: Path(f).name)
def test_real_release_lands_every_row_with_clean_text(landed, file_name):
    path = str(landed[file_name])
    rows, files, first, last = _query(
        "select count(*), count(distinct _source_file), min(_source_row), max(_source_row) "
        "from read_parquet(?)",
        [path],
    )[0]
    assert (rows, files, first, last) == (PROVENANCE_ROWS[file_name], 1, 1, rows)
    text_columns = [
        name
        for name, kind in _query(
            f"select column_name, column_type from (describe select * from read_parquet('{path}'))"
        )
        if kind == "VARCHAR"
    ]
    for column in text_columns:
        values = {v for (v,) in _query(f'select distinct "{column}" from read_parquet(?)', [path])}
        damaged = {v for v in values if v is not None and MARKS & set(v)}
        assert not damaged, (file_name, column, sorted(damaged)[:5])


def test_idefc_mojibake_is_repaired_exactly(landed, shared_data):
    """The Mac Roman misreading is undone: compared with an independent repair of the raw
    bytes, and with the Latin-1 2026 file, whose official state names must be identical."""
    raw = (shared_data / "sesnsp_mexico/IDEFC_NM_mar22.csv").read_text(encoding="utf-8-sig")
    assert "MÈxico" in raw and "AÒo" in raw  # the damage is really there
    fixed = list(csv.DictReader(io.StringIO(raw.encode("mac_roman").decode("latin-1"))))
    path = str(landed["sesnsp_mexico/IDEFC_NM_mar22.csv"])
    landed_names = {n for (n,) in _query("select distinct state_name from read_parquet(?)", [path])}
    assert landed_names == {r["Entidad"] for r in fixed}
    assert {"Ciudad de México", "Michoacán de Ocampo", "Nuevo León", "México"} <= landed_names
    latin1 = _raw_rows(shared_data / "sesnsp_mexico/estatal_n_2026.csv", "latin-1")
    assert landed_names == {r["Entidad"] for r in latin1}
    # the values are untouched: the 2019 firearm homicides of the repaired file
    expected = sum(
        int(r["Enero"])
        + sum(int(r[m]) for m in ("Febrero", "Marzo", "Abril", "Mayo", "Junio"))
        + sum(int(r[m]) for m in ("Julio", "Agosto", "Septiembre", "Octubre", "Noviembre"))
        + int(r["Diciembre"])
        for r in fixed
        if r["Año"] == "2019"
        and r["Subtipo de delito"] == "Homicidio doloso"
        and r["Modalidad"] == "Con arma de fuego"
    )
    months = " + ".join(MONTHS)
    ((got,),) = _query(
        f"select sum({months}) from read_parquet(?) where year = 2019 "
        "and crime_subtype = 'Homicidio doloso' and modality = 'Con arma de fuego'",
        [path],
    )
    assert got == expected > 10_000


def test_unpublished_months_land_as_null_not_zero(landed):
    path = str(landed["sesnsp_mexico/estatal_n_2026.csv"])
    null_counts = _query(
        "select "
        + ", ".join(f"count(*) filter (where {m} is null)" for m in MONTHS)
        + ", count(*) filter (where m01_enero = 0) from read_parquet(?)",
        [path],
    )[0]
    assert null_counts[:3] == (0, 0, 0)  # January-March 2026 published
    assert null_counts[3:12] == (3_648,) * 9  # April-December blank, every row
    assert null_counts[12] > 0  # a published zero stays a zero
    idefc = str(landed["sesnsp_mexico/IDEFC_NM_mar22.csv"])
    ((blank_2022_april, blank_before_2022),) = _query(
        "select count(*) filter (where year = 2022 and m04_abril is null), "
        "count(*) filter (where year < 2022 and m12_diciembre is null) from read_parquet(?)",
        [idefc],
    )
    assert (blank_2022_april, blank_before_2022) == (3_136, 0)


def test_na_literal_is_null_and_rates_are_numbers(landed, shared_data):
    raw = _raw_rows(
        shared_data / "sesnsp_mexico/db_incidencia_ent_nac_year_x100khab_mujeres.csv", "utf-8"
    )
    expected_na = sum(r["n_delitos_x100kmujeres"] == "NA" for r in raw)
    path = str(landed["sesnsp_mexico/db_incidencia_ent_nac_year_x100khab_mujeres.csv"])
    ((nulls, feminicide_nulls, total),) = _query(
        "select count(*) filter (where rate_per_100k_women is null), "
        "count(*) filter (where rate_per_100k_women is null and crime_subtype = 'Feminicidio'), "
        "sum(crime_reports) from read_parquet(?)",
        [path],
    )
    assert nulls == expected_na > 30_000
    assert feminicide_nulls == 0
    assert total == sum(int(r["n_delitos"]) for r in raw)


def test_pipe_delimited_inegi_file(landed, shared_data):
    raw = _raw_rows(
        shared_data / "inegi_mexico/mexico-state-month-homicide-rates-2000-2022.csv", "utf-8", "|"
    )
    path = str(landed["inegi_mexico/mexico-state-month-homicide-rates-2000-2022.csv"])
    ((homicides_2020, states),) = _query(
        "select sum(homicides) filter (where year = 2020), count(distinct state_code) "
        "from read_parquet(?)",
        [path],
    )
    assert homicides_2020 == sum(int(r["homicides"]) for r in raw if r["year"] == "2020")
    assert states == 32


def test_victims_gz_lands_every_victim(landed):
    raw = _raw_rows(landed["victims_head_raw"], "utf-8")
    expected = sum(int(r["n_victimas"]) for r in raw)
    path = str(landed[VICTIMS])
    ((got, first_state),) = _query(
        "select sum(victims), min(state_code) from read_parquet(?)", [path]
    )
    assert got == expected > 1_000
    assert first_state == "01"  # zero-padded text kept as text


def test_every_name_variant_resolves_case_insensitively():
    variants = state_name_variants()
    assert variants[state_name_key("NUEVO LEÓN")] == "19"
    assert variants[state_name_key("  veracruz de ignacio de la llave ")] == "30"
    assert variants[state_name_key("Distrito Federal")] == variants["ciudad de méxico"] == "09"
    assert variants[state_name_key("Estado de México")] == variants["méxico"] == "15"
    assert variants[state_name_key("Nacional")] == "00"
    assert set(variants.values()) == {f"{i:02d}" for i in range(33)}
    # decomposed accents (NFD) compare equal to composed ones
    assert state_name_key("Michoaca\u0301n") == state_name_key("Michoacán")


# --------------------------------------------------------------------------- broken copies

VICTIMS_HEADER = (
    "date_year_month,n_year,n_month,cve_ent,nombre_estado,bien_juridico_afectado,"
    "tipo_de_delito,subtipo_de_delito,modalidad,genero,rango_de_edad,n_victimas\n"
)


def _victim(state_code: str, state: str, victims: str = "3") -> str:
    return (
        f"2019-01-15,2019,01,{state_code},{state},La vida y la Integridad corporal,Homicidio,"
        f"Homicidio doloso,Con arma de fuego,Hombre,Adultos (18 y más),{victims}\n"
    )


GOOD_VICTIMS = _victim("08", "Chihuahua") + _victim("09", "Ciudad de México")

WIDE_HEADER = (
    "Año,Clave_Ent,Entidad,Bien jurídico afectado,Tipo de delito,Subtipo de delito,Modalidad,"
    "Enero,Febrero,Marzo,Abril,Mayo,Junio,Julio,Agosto,Septiembre,Octubre,Noviembre,Diciembre\n"
)
WIDE_ROW = (
    "2026,09,Ciudad de México,La vida y la Integridad corporal,Homicidio,Homicidio doloso,"
    "Con arma de fuego,40,0,35,,,,,,,,,\n"
)


def _land(tmp_path: Path, layout, data: bytes, name: str = "broken.csv") -> Path:
    raw = tmp_path / name
    raw.write_bytes(data)
    dest = tmp_path / "out.parquet"
    land_file(
        raw, layout, release_file=f"sesnsp_mexico/{name}", vintage=date(2026, 1, 1), dest=dest
    )
    return dest


def _fails(tmp_path: Path, layout, data: bytes, name: str = "broken.csv") -> str:
    with pytest.raises(LandingError) as raised:
        _land(tmp_path, layout, data, name)
    message = str(raised.value)
    assert message.startswith(f"sesnsp_mexico/{name}: "), message
    return message


def test_small_good_victims_file_lands(tmp_path):
    dest = _land(tmp_path, SESNSP_VICTIMS_LONG, (VICTIMS_HEADER + GOOD_VICTIMS).encode())
    assert _query("select state_name, victims from read_parquet(?) order by 1", [str(dest)]) == [
        ("Chihuahua", 3),
        ("Ciudad de México", 3),
    ]


def test_upper_case_state_names_are_known(tmp_path):
    data = VICTIMS_HEADER + _victim("16", "MICHOACÁN DE OCAMPO") + _victim("05", "COAHUILA")
    dest = _land(tmp_path, SESNSP_VICTIMS_LONG, data.encode())
    assert _query("select count(*) from read_parquet(?)", [str(dest)]) == [(2,)]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            (
                VICTIMS_HEADER.replace("nombre_estado,", "")
                + GOOD_VICTIMS.replace("Chihuahua,", "").replace("Ciudad de México,", "")
            ).encode(),
            ["missing column(s) 'nombre_estado'"],
            id="missing-state-column",
        ),
        pytest.param(
            (VICTIMS_HEADER + GOOD_VICTIMS + _victim("26", "Sonora", "-1")).encode(),
            ["row 3, column 'n_victimas': '-1' is negative"],
            id="negative-count",
        ),
        pytest.param(
            (VICTIMS_HEADER + GOOD_VICTIMS).encode("latin-1"),
            ["cannot be read as utf-8 CSV", "not utf-8 encoded"],
            id="latin-1-file-declared-utf-8",
        ),
        pytest.param(
            (VICTIMS_HEADER + GOOD_VICTIMS.replace("México", "MÃ©xico")).encode(),
            ["row 2, column 'nombre_estado': 'Ciudad de MÃ©xico' looks mis-encoded"],
            id="utf-8-mojibake-value",
        ),
        pytest.param(
            (VICTIMS_HEADER + GOOD_VICTIMS + _victim("33", "Atlantis")).encode(),
            ["row 3, column 'nombre_estado': unknown Mexican state name 'Atlantis'"],
            id="unknown-state-name",
        ),
        pytest.param(
            (VICTIMS_HEADER + _victim("25", "Sonora") + GOOD_VICTIMS).encode(),
            ["row 1, column 'nombre_estado': 'Sonora' is state 26, but column 'cve_ent' says '25'"],
            id="name-contradicts-code",
        ),
    ],
)
def test_broken_victims_file_fails_naming_file_row_and_column(tmp_path, data, expected):
    message = _fails(tmp_path, SESNSP_VICTIMS_LONG, data)
    for part in expected:
        assert part in message, message


def test_utf8_file_declared_latin1_is_refused(tmp_path):
    # a UTF-8 file read as Latin-1 decodes "fine" into mojibake: it must not pass
    message = _fails(tmp_path, SESNSP_ESTATAL_LATIN1, (WIDE_HEADER + WIDE_ROW).encode("utf-8"))
    assert "is the file really latin-1?" in message
    assert "looks mis-encoded" in message


def test_latin1_wide_file_keeps_blank_months_null(tmp_path):
    dest = _land(tmp_path, SESNSP_ESTATAL_LATIN1, (WIDE_HEADER + WIDE_ROW).encode("latin-1"))
    assert _query(
        "select state_name, m01_enero, m02_febrero, m04_abril, m12_diciembre from read_parquet(?)",
        [str(dest)],
    ) == [("Ciudad de México", 40, 0, None, None)]


def _mac_roman_mojibake(text: str) -> bytes:
    """What the damaged IDEFC copy is: Latin-1 bytes decoded as Mac Roman, saved as UTF-8."""
    return b"\xef\xbb\xbf" + text.encode("latin-1").decode("mac_roman").encode("utf-8")


def test_mac_roman_mojibake_is_repaired(tmp_path):
    data = _mac_roman_mojibake(
        WIDE_HEADER + WIDE_ROW.replace("Ciudad de México", "Yucatán").replace("2026,09", "2026,31")
    )
    assert "Yucat·n".encode() in data
    dest = _land(tmp_path, SESNSP_IDEFC_MOJIBAKE, data)
    assert _query("select year, state_name, m03_marzo from read_parquet(?)", [str(dest)]) == [
        (2026, "Yucatán", 35)
    ]


def test_clean_utf8_file_in_the_mojibake_layout_is_not_damaged(tmp_path):
    dest = _land(tmp_path, SESNSP_IDEFC_MOJIBAKE, (WIDE_HEADER + WIDE_ROW).encode("utf-8"))
    assert _query("select state_name from read_parquet(?)", [str(dest)]) == [("Ciudad de México",)]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            (WIDE_HEADER + WIDE_ROW).encode("latin-1"),
            "line 1: byte b'\\xf1' at offset 1 is not UTF-8",
            id="raw-latin-1",
        ),
        pytest.param(
            # mojibake plus a character no Mac Roman misreading can produce
            _mac_roman_mojibake(WIDE_HEADER)
            + WIDE_ROW.replace("Homicidio,", "Homicidio 中,").encode("utf-8"),
            "line 2, character 69: '中' cannot come from Latin-1 text misread as Mac Roman",
            id="foreign-character",
        ),
        pytest.param(
            # mojibake mixed with an already-correct 'é': undoing would damage it
            _mac_roman_mojibake(WIDE_HEADER) + WIDE_ROW.encode("utf-8"),
            "line 2, character 20: still control character U+008E after undoing",
            id="half-repaired-file",
        ),
        pytest.param(
            _mac_roman_mojibake(WIDE_HEADER.replace("Entidad", "Estado") + WIDE_ROW),
            "missing column(s) 'Entidad'",
            id="missing-state-column",
        ),
    ],
)
def test_damaged_mojibake_file_fails_naming_the_place(tmp_path, data, expected):
    message = _fails(tmp_path, SESNSP_IDEFC_MOJIBAKE, data)
    assert expected in message, message


INEGI_HEADER = "cve_ent|year|month|homicides|pop_est|homicide_rate\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            INEGI_HEADER + "08|2020|1|-4|3700000.5|0\n",
            "row 1, column 'homicides': '-4' is negative",
        ),
        (
            INEGI_HEADER.replace("cve_ent|", "") + "2020|1|4|3700000.5|1.2\n",
            "missing column(s) 'cve_ent'",
        ),
        (
            INEGI_HEADER + "08|2020|1|4|3700000.5|1.2\n08|2020||4|3700000.5|1.2\n",
            "row 2, column 'month': is blank",
        ),
    ],
    ids=["negative-count", "missing-state-column", "blank-month"],
)
def test_broken_inegi_file_fails_naming_row_and_column(tmp_path, text, expected):
    message = _fails(tmp_path, INEGI_HOMICIDES, text.encode())
    assert expected in message, message


def test_malformed_row_far_past_the_sniffer_sample_is_refused(tmp_path):
    row = _victim("08", "Chihuahua")
    data = VICTIMS_HEADER + row * 30_000 + row.replace(",3\n", ",3,extra\n")
    message = _fails(tmp_path, SESNSP_VICTIMS_LONG, data.encode())
    assert "CSV Error on Line: 30002" in message, message


def test_a_large_file_lands_in_file_order(tmp_path):
    # enough rows for DuckDB to read and write in parallel (several row groups): the
    # landed file keeps the raw file's row order, row numbers and values together
    rows = [_victim("08", "Chihuahua", str(n)) for n in range(250_000)]
    dest = _land(tmp_path, SESNSP_VICTIMS_LONG, (VICTIMS_HEADER + "".join(rows)).encode())
    out_of_place = _query(
        "select count(*) from (select _source_row, victims, row_number() over () as position "
        "from read_parquet(?)) where _source_row != position or victims != position - 1",
        [str(dest)],
    )
    assert out_of_place == [(0,)]
    assert _query("select count(*) from read_parquet(?)", [str(dest)]) == [(250_000,)]
