"""Landing of the BTS Border Crossing/Entry Data export.

Expected figures come straight from the CSV (Python's csv module), independently of the
landing code. Broken inputs are small copies of real rows, written by the test.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.catalog.registry import BTS_BORDER_CROSSING
from orchestration.landing.layouts import layout_for
from orchestration.landing.parse import LandingError, land_file

TABLE = "bts_border_crossing__port_month_measure"
LAYOUT = layout_for(TABLE, "official")
RELEASE = BTS_BORDER_CROSSING.releases[0]
BROKEN = "bts_border_crossing/broken_copy.csv"


def _land(raw: Path, tmp_path: Path, release_file: str = BROKEN) -> Path:
    dest = tmp_path / "out.parquet"
    land_file(raw, LAYOUT, release_file=release_file, vintage=date(2026, 2, 25), dest=dest)
    return dest


def _query(dest: Path, sql: str) -> list[tuple]:
    with duckdb.connect() as con:
        return con.execute(sql.replace("{t}", f"read_parquet('{dest}')")).fetchall()


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def real_rows(shared_data: Path) -> list[dict[str, str]]:
    return _csv_rows(shared_data / RELEASE.file_name)


@pytest.fixture(scope="module")
def landed(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _land(shared_data / RELEASE.file_name, tmp_path_factory.mktemp("bts"), RELEASE.file_name)


def _write_copy(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_catalog_pins_the_provenance_checksum(shared_data: Path) -> None:
    provenance = (shared_data / "PROVENANCE.md").read_text(encoding="utf-8")
    assert RELEASE.sha256 is not None and f"`{RELEASE.sha256}`" in provenance


def test_real_export_lands_every_row_typed(landed: Path, real_rows: list[dict[str, str]]) -> None:
    [(rows, total, ports, months, first, last)] = _query(
        landed,
        "select count(*), sum(value), count(distinct port_code), count(distinct month_start), "
        "min(month_start), max(month_start) from {t}",
    )
    assert rows == len(real_rows) == 399_406  # PROVENANCE.md section 7
    assert total == sum(int(r["Value"]) for r in real_rows)
    assert ports == len({r["Port Code"] for r in real_rows})
    assert months == len({r["Date"] for r in real_rows})
    assert (first, last) == (date(1996, 1, 1), date(2025, 2, 1))


def test_port_codes_keep_their_leading_zeros_and_dates_their_month(
    landed: Path, real_rows: list[dict[str, str]]
) -> None:
    first = real_rows[0]  # 'Jackman', port '0104', 'Jan 2024', Trucks
    [(code, month, measure, value, source_row)] = _query(
        landed,
        "select port_code, month_start, measure, value, _source_row from {t} where _source_row = 1",
    )
    assert code == first["Port Code"] and code.startswith("0")
    assert month.strftime("%b %Y") == first["Date"]
    assert (measure, value, source_row) == (first["Measure"], int(first["Value"]), 1)


def test_us_mexico_personal_vehicle_passengers_for_2024(
    landed: Path, real_rows: list[dict[str, str]]
) -> None:
    expected = sum(
        int(r["Value"])
        for r in real_rows
        if r["Border"] == "US-Mexico Border"
        and r["Measure"] == "Personal Vehicle Passengers"
        and r["Date"].endswith(" 2024")
    )
    [(got,)] = _query(
        landed,
        "select sum(value) from {t} where border = 'US-Mexico Border' "
        "and measure = 'Personal Vehicle Passengers' and year(month_start) = 2024",
    )
    assert got == expected > 0


def test_repeated_rows_are_landed_as_published(
    landed: Path, real_rows: list[dict[str, str]]
) -> None:
    """Landing filters nothing: the file's repeated cells are all there (dbt dedupes)."""
    per_cell = Counter((r["Port Code"], r["Date"], r["Measure"]) for r in real_rows)
    repeats = sum(n - 1 for n in per_cell.values() if n > 1)
    [(landed_repeats,)] = _query(
        landed,
        "select count(*) - count(distinct (port_code, month_start, measure)) from {t}",
    )
    assert landed_repeats == repeats == 11  # PROVENANCE.md: 11 duplicate rows


def _broken(real_rows: list[dict[str, str]], tmp_path: Path, **change: str) -> Path:
    rows = [dict(r) for r in real_rows[:50]]
    rows[29].update(change)  # data row 30
    return _write_copy(tmp_path / "broken.csv", list(real_rows[0]), rows)


def test_negative_value_is_refused_naming_file_row_and_column(
    real_rows: list[dict[str, str]], tmp_path: Path
) -> None:
    raw = _broken(real_rows, tmp_path, Value="-12")
    with pytest.raises(LandingError) as raised:
        _land(raw, tmp_path)
    assert f"{BROKEN}: row 30, column 'Value': '-12' is negative" in str(raised.value)
    assert not (tmp_path / "out.parquet").exists()


def test_unreadable_month_is_refused_naming_it(
    real_rows: list[dict[str, str]], tmp_path: Path
) -> None:
    raw = _broken(real_rows, tmp_path, Date="2024-13")
    with pytest.raises(LandingError, match=r"row 30, column 'Date': '2024-13' is not a valid"):
        _land(raw, tmp_path)


def test_blank_port_code_is_refused(real_rows: list[dict[str, str]], tmp_path: Path) -> None:
    raw = _broken(real_rows, tmp_path, **{"Port Code": " "})
    with pytest.raises(LandingError, match=r"row 30, column 'Port Code': is blank"):
        _land(raw, tmp_path)


def test_a_new_column_is_refused(real_rows: list[dict[str, str]], tmp_path: Path) -> None:
    rows = [{**r, "Direction": "Inbound"} for r in real_rows[:5]]
    raw = _write_copy(tmp_path / "wider.csv", [*real_rows[0], "Direction"], rows)
    with pytest.raises(LandingError, match=r"unexpected column\(s\) 'Direction'"):
        _land(raw, tmp_path)
