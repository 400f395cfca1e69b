"""End to end, BTS border crossings: the published marts say what the export says.

Expected figures are computed here straight from the CSV with DuckDB, independently of
the ingest and the models. The pipeline run is the session's shared one.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.resources import WarehouseConfig

BTS_CSV = "bts_border_crossing/Border_Crossing_Entry_Data.csv"
PVP = "Personal Vehicle Passengers"


def _marts(warehouse: WarehouseConfig, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _csv(shared_data: Path, sql: str, params: list | None = None) -> list[tuple]:
    """``sql`` over the CSV as view ``bts`` (all text, Value as bigint)."""
    with duckdb.connect() as con:
        path = str(shared_data / BTS_CSV).replace("'", "''")
        con.execute(
            'create view bts as select * replace (cast("Value" as bigint) as "Value") '
            f"from read_csv('{path}', all_varchar = true)"
        )
        return con.execute(sql, params or []).fetchall()


def test_crossing_marts_are_published(published) -> None:
    _, outcome = published
    for table in ("dim_port", "dim_crossing_measure", "fct_border_crossings"):
        assert outcome.tables[f"marts.{table}"] > 0, table


@pytest.mark.parametrize("year", [2019, 2024])
def test_us_mexico_personal_vehicle_passengers_for_a_year(
    published, shared_data: Path, year: int
) -> None:
    """2019 holds exact repeats (Del Rio, Roma, Santa Teresa in June): counted once."""
    warehouse, _ = published
    [(expected, raw_sum)] = _csv(
        shared_data,
        'select (select sum("Value") from (select distinct * from bts) '
        'where "Border" = \'US-Mexico Border\' and "Measure" = ? and "Date" like ?), '
        '(select sum("Value") from bts '
        'where "Border" = \'US-Mexico Border\' and "Measure" = ? and "Date" like ?)',
        [PVP, f"% {year}", PVP, f"% {year}"],
    )
    [(got,)] = _marts(
        warehouse,
        "select sum(f.crossings) from marts.fct_border_crossings as f "
        "join marts.dim_port as p using (port_code) "
        "join marts.dim_month as m using (month_start) "
        "where p.is_us_mexico_border and f.measure = ? and m.calendar_year = ?",
        [PVP, year],
    )
    assert got == expected > 0
    if year == 2019:
        assert raw_sum - expected == 238_721 + 104_640 + 110_576  # the three repeats


def test_every_port_measure_and_month_is_there_zeros_filled(published, shared_data: Path) -> None:
    warehouse, _ = published
    [(ports, measures, months, cells)] = _csv(
        shared_data,
        'select count(distinct "Port Code"), count(distinct "Measure"), '
        'count(distinct "Date"), count(distinct ("Port Code", "Date", "Measure")) '
        "from bts",
    )
    [(rows, published_cells, filled_nonzero)] = _marts(
        warehouse,
        "select count(*), count(*) filter (where is_published), "
        "count(*) filter (where not is_published and crossings <> 0) "
        "from marts.fct_border_crossings",
    )
    assert rows == ports * measures * months == 117 * 12 * 350
    assert published_cells == cells == 399_406 - 11
    assert filled_nonzero == 0


def test_conflicting_pair_keeps_the_pinned_value(published, shared_data: Path) -> None:
    warehouse, _ = published
    published_values = _csv(
        shared_data,
        'select "Value" from bts where "Port Code" = \'2606\' and "Date" = \'Feb 2021\' '
        "and \"Measure\" = 'Bus Passengers' order by 1",
    )
    assert published_values == [(0,), (2175,)]
    [(kept,)] = _marts(
        warehouse,
        "select crossings from marts.fct_border_crossings where port_code = '2606' "
        "and month_start = '2021-02-01' and measure = 'Bus Passengers'",
    )
    assert kept == 2175


def test_ports_match_the_export(published, shared_data: Path) -> None:
    warehouse, _ = published
    expected = _csv(
        shared_data,
        'select distinct "Port Code", "Port Name", "State", "Border", '
        'cast("Latitude" as double), cast("Longitude" as double) from bts order by 1',
    )
    got = _marts(
        warehouse,
        "select p.port_code, p.port_name, g.official_name, p.border, p.latitude, p.longitude "
        "from marts.dim_port as p join marts.dim_geography as g using (geography_id) "
        "order by 1",
    )
    assert got == expected
    mexico = _marts(
        warehouse,
        "select count(*), list(distinct state_code order by state_code) from marts.dim_port "
        "where is_us_mexico_border",
    )
    assert mexico == [(28, ["AZ", "CA", "NM", "TX"])]  # PROVENANCE.md section 7


def test_people_and_vehicles_are_different_measure_kinds(published) -> None:
    warehouse, _ = published
    kinds = dict(_marts(warehouse, "select measure, measure_kind from marts.dim_crossing_measure"))
    assert {m for m, k in kinds.items() if k == "people"} == {
        "Pedestrians",
        PVP,
        "Bus Passengers",
        "Train Passengers",
    }
    assert len(kinds) == 12
