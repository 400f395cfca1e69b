"""End to end, the analyst marts: figures equal what the BTS and CBP files say.

Expected values are computed here straight from the CSVs with DuckDB (crossings) and the
csv module (seizures), independently of the models. The pipeline run is the session's.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from orchestration.resources import WarehouseConfig

BTS_CSV = "bts_border_crossing/Border_Crossing_Entry_Data.csv"
PEOPLE = ("Pedestrians", "Personal Vehicle Passengers", "Bus Passengers", "Train Passengers")


def _marts(warehouse: WarehouseConfig, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _bts(shared_data: Path, sql: str, params: list | None = None) -> list[tuple]:
    """``sql`` over the distinct rows of the BTS CSV as view ``bts`` (month as a date)."""
    path = str(shared_data / BTS_CSV).replace("'", "''")
    with duckdb.connect() as con:
        con.execute(
            'create view bts as select distinct "Port Code" as port, "Measure" as measure, '
            "cast(strptime(\"Date\", '%b %Y') as date) as month, "
            'cast("Value" as bigint) as value '
            f"from read_csv('{path}', all_varchar = true)"
        )
        return con.execute(sql, params or []).fetchall()


def test_analysis_marts_are_published(published) -> None:
    _, outcome = published
    assert outcome.tables["marts.crossings_by_port_year"] == 117 * 12 * 30
    assert outcome.tables["marts.seizures_per_million_crossings_southwest"] > 0


def test_laredo_passengers_year_over_year(published, shared_data: Path) -> None:
    warehouse, _ = published
    expected = dict(
        _bts(
            shared_data,
            "select year(month), sum(value) from bts where port = '2304' "
            "and measure = 'Personal Vehicle Passengers' and year(month) in (2022, 2023) "
            "group by 1",
        )
    )
    rows = _marts(
        warehouse,
        "select calendar_year, crossings, crossings_previous_year, yoy_change, "
        "yoy_change_ratio, is_complete_year from marts.crossings_by_port_year "
        "where port_code = '2304' and measure = 'Personal Vehicle Passengers' "
        "and calendar_year in (2023, 2025) order by 1",
    )
    (y2023, y2025) = rows
    assert y2023[:4] == (2023, expected[2023], expected[2022], expected[2023] - expected[2022])
    assert y2023[4] == pytest.approx((expected[2023] - expected[2022]) / expected[2022])
    assert y2023[5] is True
    # 2025 holds January and February only: no change against a whole year
    assert y2025[2:6] == (None, None, None, False)


def _fentanyl_ofo_land_events(shared_data: Path, area: str, fiscal_year: str) -> int:
    path = shared_data / "cbp_drug_seizures" / "nationwide-drugs-fy23-fy26-apr.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return sum(
            int(r["Count of Event"])
            for r in csv.DictReader(f)
            if r["FY"] == fiscal_year
            and r["Component"] == "Office of Field Operations"
            and r["Land Filter"] == "Land Only"
            and r["Area of Responsibility"].strip().upper() == area
            and r["Drug Type"] == "Fentanyl"
        )


@pytest.mark.parametrize(
    ("area", "district"), [("LAREDO FIELD OFFICE", "23"), ("SAN DIEGO FIELD OFFICE", "25")]
)
def test_fentanyl_seizures_per_million_people_fy2024(
    published, shared_data: Path, area: str, district: str
) -> None:
    warehouse, _ = published
    events = _fentanyl_ofo_land_events(shared_data, area, "2024")
    [(people,)] = _bts(
        shared_data,
        "select sum(value) from bts where port like ? and list_contains(?, measure) "
        "and month between date '2023-10-01' and date '2024-09-01'",
        [f"{district}%", list(PEOPLE)],
    )
    [(got_events, got_people, months, rate)] = _marts(
        warehouse,
        "select seizure_events, inbound_people, crossing_months, "
        "seizure_events_per_million_people from marts.seizures_per_million_crossings_southwest "
        "where fiscal_year = 2024 and area_of_responsibility = ? "
        "and drug_category = 'fentanyl_synthetic_opioids'",
        [area],
    )
    assert (got_events, got_people, months) == (events, people, 12)
    assert rate == pytest.approx(events * 1_000_000 / people)
    assert events > 0 and people > 1_000_000


def test_partial_fiscal_years_have_no_rate(published) -> None:
    warehouse, _ = published
    rows = _marts(
        warehouse,
        "select fiscal_year, min(crossing_months), max(crossing_months), "
        "count(seizure_events_per_million_people) from "
        "marts.seizures_per_million_crossings_southwest where fiscal_year >= 2025 "
        "group by 1 order by 1",
    )
    # FY2025: crossings only Oct 2024-Feb 2025; FY2026: no crossings, seizures to date
    assert rows == [(2025, 5, 5, 0), (2026, 0, 0, 0)]
