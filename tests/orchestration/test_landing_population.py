"""Landing parsers of the population sources (Census PEP, CONAPO): the real files land
with PROVENANCE.md's row counts and their text decoded right; broken copies of them fail
naming the file, row and column — or, for values that parse but make no sense, the
landing suite fails on them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.catalog.registry import CATALOG, Release
from orchestration.landing.layouts import CENSUS_PEP_V2025, CONAPO_POB_ENT_GENDER, layout_for
from orchestration.landing.parse import LandingError, land_file
from orchestration.quality.gx_suites import validate_frame

CONTEXT_ROOT = Path(__file__).resolve().parents[2] / "expectations"

# Data rows per file, as PROVENANCE.md section 8 states them.
PROVENANCE_ROWS = {
    "population/co-est2020-alldata.csv": 3_194,
    "population/co-est2025-alldata.csv": 3_195,
    "population/conapo_pob_ent_gender_1950_2070.csv": 10_059,
}
RELEASES = {r.file_name: r for s in CATALOG for r in s.releases if r.file_name in PROVENANCE_ROWS}
V2020, V2025, CONAPO = PROVENANCE_ROWS


def _land(raw: Path, release: Release, dest: Path) -> Path:
    landed = land_file(
        raw,
        layout_for(release.table, release.layout),
        release_file=release.file_name,
        vintage=date.fromisoformat(release.vintage),
        dest=dest,
    )
    assert landed.rows == landed_rows(dest)
    return dest


def landed_rows(dest: Path) -> int:
    with duckdb.connect() as con:
        return con.execute("select count(*) from read_parquet(?)", [str(dest)]).fetchone()[0]


@pytest.fixture(scope="module")
def landed(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each real population release landed once for the module."""
    root = tmp_path_factory.mktemp("population")
    return {
        name: _land(shared_data / name, release, root / f"{release.base_name}.parquet")
        for name, release in RELEASES.items()
    }


def test_every_population_release_is_in_the_catalog():
    assert set(RELEASES) == set(PROVENANCE_ROWS)


@pytest.mark.parametrize("name", list(PROVENANCE_ROWS), ids=lambda n: n.split("/")[-1])
def test_real_release_lands_every_row(landed, name):
    with duckdb.connect() as con:
        rows, files, vintage, first, last = con.execute(
            "select count(*), count(distinct _source_file), min(_vintage), min(_source_row), "
            "max(_source_row) from read_parquet(?)",
            [str(landed[name])],
        ).fetchone()
    assert rows == PROVENANCE_ROWS[name]
    assert files == 1
    assert vintage == date.fromisoformat(RELEASES[name].vintage)
    assert (first, last) == (1, PROVENANCE_ROWS[name])


@pytest.mark.parametrize("name", [V2020, V2025], ids=["utf-8 copy", "latin-1"])
def test_dona_ana_county_reads_correctly(landed, name):
    with duckdb.connect() as con:
        names = con.execute(
            "select ctyname from read_parquet(?) where ctyname like 'Do%Ana County'",
            [str(landed[name])],
        ).fetchall()
    assert names == [("Doña Ana County",)]


def test_census_codes_stay_text_as_published(landed):
    """The Vintage 2025 file zero-pads its codes; the mirror's Vintage 2020 copy lost the
    zeros. Landing keeps both as published (staging pads them)."""
    query = (
        "select sumlev, state, county, popestimate2010 is null, popestimate2025 is null "
        "from read_parquet(?) where stname = 'Alabama' and ctyname = 'Alabama'"
    )
    with duckdb.connect() as con:
        new = con.execute(query, [str(landed[V2025])]).fetchall()
        old = con.execute(query, [str(landed[V2020])]).fetchall()
    assert new == [("040", "01", "000", True, False)]
    assert old == [("40", "1", "0", False, True)]


def test_census_state_rows_match_the_file(landed, shared_data):
    """Texas 2024 as typed in landing equals the text in the raw file's state row."""
    raw = (shared_data / V2025).read_bytes().decode("latin-1").splitlines()
    header = raw[0].split(",")
    (texas,) = [
        line.split(",") for line in raw[1:] if line.startswith("040,") and ",Texas," in line
    ]
    expected = int(texas[header.index("POPESTIMATE2024")])
    with duckdb.connect() as con:
        got = con.execute(
            "select popestimate2024 from read_parquet(?) where sumlev = '040' and stname = 'Texas'",
            [str(landed[V2025])],
        ).fetchone()[0]
    assert got == expected


# --------------------------------------------------------------------------- broken copies


def _head(shared_data: Path, name: str, lines: int = 4) -> list[str]:
    """The header and first data rows of a real file, as text."""
    encoding = "latin-1" if name == V2025 else "utf-8"
    with (shared_data / name).open(encoding=encoding, newline="") as f:
        return [next(f).rstrip("\r\n") for _ in range(lines)]


def _write_and_land(tmp_path: Path, data: bytes, layout=CENSUS_PEP_V2025) -> Path:
    raw = tmp_path / "broken.csv"
    raw.write_bytes(data)
    dest = tmp_path / "out.parquet"
    land_file(
        raw, layout, release_file="population/broken.csv", vintage=date(2026, 1, 1), dest=dest
    )
    return dest


def _drop_column(lines: list[str], column: str) -> list[str]:
    index = lines[0].split(",").index(column)
    return [",".join(c for i, c in enumerate(line.split(",")) if i != index) for line in lines]


def _with_dona_ana(shared_data: Path) -> list[str]:
    """Header, Alabama's state row and New Mexico's Doña Ana County row of Vintage 2025."""
    text = (shared_data / V2025).read_bytes().decode("latin-1").splitlines()
    return [text[0], text[1], next(line for line in text if "Ana County" in line)]


def test_missing_popestimate_column_is_named(shared_data, tmp_path):
    lines = _drop_column(_head(shared_data, V2025), "POPESTIMATE2024")
    with pytest.raises(LandingError) as failure:
        _write_and_land(tmp_path, "\n".join(lines).encode("latin-1"))
    message = str(failure.value)
    assert message.startswith("population/broken.csv")
    assert "missing column(s) 'POPESTIMATE2024'" in message
    assert not (tmp_path / "out.parquet").exists()


def test_dropped_column_the_layout_does_not_land_is_still_caught(shared_data, tmp_path):
    """98 instead of 99 columns: the header count, not a list of every column, catches it."""
    lines = _drop_column(_head(shared_data, V2025), "RDEATH2023")
    with pytest.raises(LandingError, match=r"has 98 columns, layout 'vintage_2025' .* expects 99"):
        _write_and_land(tmp_path, "\n".join(lines).encode("latin-1"))


def test_unexpected_column_is_named(shared_data, tmp_path):
    """A renamed column keeps the count but not the pattern (e.g. a new vintage's year)."""
    lines = _head(shared_data, V2025)
    lines[0] = lines[0].replace("RDEATH2023", "RDEATH2026")
    with pytest.raises(LandingError, match=r"unexpected column\(s\) 'RDEATH2026'"):
        _write_and_land(tmp_path, "\n".join(lines).encode("latin-1"))


def test_utf8_bytes_in_the_latin1_layout_fail_instead_of_mojibake(shared_data, tmp_path):
    lines = _with_dona_ana(shared_data)
    with pytest.raises(LandingError) as failure:
        _write_and_land(tmp_path, "\n".join(lines).encode("utf-8"))
    message = str(failure.value)
    assert message.startswith("population/broken.csv: row 2:")
    assert "'Doña Ana County'" in message
    assert "wrong encoding" in message


def test_latin1_bytes_in_the_utf8_layout_fail(shared_data, tmp_path):
    """The Vintage 2020 layout reads UTF-8 (the mirror's copy): Census's own Latin-1 fails."""
    release = RELEASES[V2020]
    lines = _head(shared_data, V2020, 3)
    lines[2] = lines[2].replace("Autauga County", "Doña Ana County")
    with pytest.raises(LandingError) as failure:
        _write_and_land(
            tmp_path, "\n".join(lines).encode("latin-1"), layout_for(release.table, release.layout)
        )
    assert str(failure.value).startswith("population/broken.csv: cannot be read as CSV")


def test_text_in_a_population_cell_names_row_and_column(shared_data, tmp_path):
    lines = _head(shared_data, V2025)
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("POPESTIMATE2022")] = "n/a"
    lines[2] = ",".join(cells)
    with pytest.raises(LandingError, match="row 2, column 'POPESTIMATE2022': 'n/a' is not a valid"):
        _write_and_land(tmp_path, "\n".join(lines).encode("latin-1"))


def test_conapo_blank_population_names_row_and_column(shared_data, tmp_path):
    lines = _head(shared_data, CONAPO)
    lines[3] = lines[3].rsplit(",", 1)[0] + ","
    with pytest.raises(LandingError, match="row 3, column 'pob_mid_year': is blank"):
        _write_and_land(tmp_path, "\n".join(lines).encode("utf-8"), CONAPO_POB_ENT_GENDER)


@pytest.mark.gx
def test_negative_population_is_refused_by_parser_and_landing_suite(shared_data, tmp_path):
    """Populations are declared non-negative: the parser refuses -5 naming the row and the
    column, and the blocking landing suite (the same declaration) refuses it too, naming
    the column and the value, before anything is built from it."""
    lines = _head(shared_data, V2025)
    header = lines[0].split(",")
    cells = lines[3].split(",")
    good = cells[header.index("POPESTIMATE2023")]
    cells[header.index("POPESTIMATE2023")] = "-5"
    lines[3] = ",".join(cells)
    with pytest.raises(LandingError, match="row 3, column 'POPESTIMATE2023': '-5' is negative"):
        _write_and_land(tmp_path, "\n".join(lines).encode("latin-1"))
    cells[header.index("POPESTIMATE2023")] = good
    lines[3] = ",".join(cells)
    dest = _write_and_land(tmp_path, "\n".join(lines).encode("latin-1"))
    with duckdb.connect() as con:
        frame = con.execute("select * from read_parquet(?)", [str(dest)]).df()
    frame.loc[2, "popestimate2023"] = -5
    assert frame["popestimate2023"].min() == -5
    outcome = validate_frame(
        frame, "landing__census_pep__county_population", context_root=CONTEXT_ROOT
    )
    assert not outcome.success
    [message] = [
        m
        for m in outcome.errors
        if m.startswith("expect_column_values_to_be_between(popestimate2023)")
    ]
    assert "-5" in message
