"""End to end: the whole Definitions, run into a temp data dir from the local mirror.

Figures in the marts are checked against what the source files say, computed here
independently with the csv module.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
from pathlib import Path

import duckdb
import pytest

from orchestration.definitions import build_definitions
from orchestration.resources import WarehouseConfig
from orchestration.runner import RunFailedError, run_pipeline
from orchestration.sources import CATALOG, Release, Source


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(data_dir: Path, mirror: Path, catalog: tuple[Source, ...] = CATALOG, **kwargs):
    warehouse = WarehouseConfig(data_dir=str(data_dir), mirror=str(mirror), download_attempts=1)
    defs = build_definitions(catalog, warehouse)
    return warehouse, run_pipeline(defs, warehouse, catalog, **kwargs)


@pytest.fixture(scope="module")
def published(cli_published):
    """The warehouse ``ironriver run`` published from the mirror (tests/e2e/conftest.py)."""
    return cli_published.warehouse, cli_published.outcome()


def _marts(warehouse: WarehouseConfig, sql: str, params: list | None = None):
    with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _cbp_rows(shared_data: Path, name: str) -> list[dict[str, str]]:
    with (shared_data / "cbp_drug_seizures" / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_every_mart_is_published_with_rows(published):
    warehouse, outcome = published
    for table in (
        "dim_month",
        "dim_geography",
        "dim_drug",
        "fct_drug_seizures",
        "fct_overdose_deaths",
    ):
        assert outcome.tables[f"marts.{table}"] > 0, table
    schemas = {row[0] for row in _marts(warehouse, "select schema_name from duckdb_schemas()")}
    assert "staging" not in schemas  # staging views read landing paths: not served


def test_fentanyl_pounds_fy2024_match_the_newest_cbp_file(published, shared_data):
    warehouse, _ = published
    expected = sum(
        float(r["Sum Qty (lbs)"])
        for r in _cbp_rows(shared_data, "nationwide-drugs-fy23-fy26-apr.csv")
        if r["FY"] == "2024" and r["Drug Type"] == "Fentanyl"
    )
    ((got,),) = _marts(
        warehouse,
        "select sum(f.quantity_lbs) from marts.fct_drug_seizures f "
        "join marts.dim_drug d using (drug_id) "
        "where f.fiscal_year = 2024 and d.source_label = 'Fentanyl'",
    )
    assert got == pytest.approx(expected, rel=1e-9)
    assert expected > 10_000  # a real figure, not an empty sum


def test_overlapping_fiscal_year_counted_once_from_newest_file(published, shared_data):
    warehouse, _ = published
    # FY2022 is in fy19-fy22 and fy20-fy23: the newer file must win, once.
    newer = _cbp_rows(shared_data, "nationwide-drugs-fy20-fy23.csv")
    expected_events = sum(int(r["Count of Event"]) for r in newer if r["FY"] == "2022")
    ((events, files),) = _marts(
        warehouse,
        "select sum(seizure_events), list(distinct source_file) "
        "from marts.fct_drug_seizures where fiscal_year = 2022",
    )
    assert events == expected_events
    assert files == ["cbp_drug_seizures/nationwide-drugs-fy20-fy23.csv"]


def test_fiscal_month_maps_to_calendar_month(published, shared_data):
    warehouse, _ = published
    rows = _cbp_rows(shared_data, "nationwide-drugs-fy23-fy26-apr.csv")
    expected = sum(
        int(r["Count of Event"])
        for r in rows
        if r["FY"] == "2026 (FYTD)" and r["Month (abbv)"] == "OCT"
    )
    ((events, fytd),) = _marts(
        warehouse,
        "select sum(seizure_events), bool_and(is_fiscal_year_to_date) "
        "from marts.fct_drug_seizures where month_start = date '2025-10-01'",
    )
    assert events == expected
    assert fytd is True


def test_us_overdose_deaths_december_2024(published, shared_data):
    warehouse, _ = published
    path = shared_data / "cdc_vsrr" / "vsrr_subset_december_rows_all_indicators_2015_2024.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        (expected,) = [
            float(r["Total Deaths"])
            for r in csv.DictReader(f)
            if r["Year"] == "2024"
            and r["State Name"] == "United States"
            and r["Indicator"] == "Number of Drug Overdose Deaths"
        ]
    ((got,),) = _marts(
        warehouse,
        "select reported_deaths_12m from marts.fct_overdose_deaths "
        "where geography_id = 'US' and month_start = date '2024-12-01' "
        "and indicator = 'Number of Drug Overdose Deaths'",
    )
    assert got == expected == 80_856


def test_suppressed_vsrr_values_stay_null(published):
    warehouse, _ = published
    ((suppressed, zero_flagged),) = _marts(
        warehouse,
        "select count(*) filter (where is_suppressed and reported_deaths_12m is null), "
        "count(*) filter (where is_suppressed and reported_deaths_12m is not null) "
        "from marts.fct_overdose_deaths",
    )
    assert suppressed > 0
    assert zero_flagged == 0


def test_rerun_with_unchanged_upstream_does_nothing(published, shared_data):
    warehouse, _ = published
    before = _sha(warehouse.serve_db)
    raw_files = sorted(p for p in warehouse.raw_dir.rglob("*") if p.is_file())
    mtimes = {p: p.stat().st_mtime_ns for p in raw_files}
    _, outcome = _run(warehouse.root, shared_data)
    assert outcome.status == "up_to_date"
    assert _sha(warehouse.serve_db) == before
    assert {p: p.stat().st_mtime_ns for p in raw_files} == mtimes


def _mirror_with_new_release(tmp_path: Path, shared_data: Path, text: str) -> tuple[Path, tuple]:
    """A mirror holding everything in shared/data plus one new (bad) CBP release."""
    mirror = tmp_path / "mirror"
    for source in CATALOG:
        for release in source.releases:
            src = shared_data / release.file_name
            if src.exists():
                dest = mirror / release.file_name
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.symlink_to(src)
    bad = Release(
        file_name="cbp_drug_seizures/nationwide-drugs-fy24-fy27-may.csv",
        table="cbp_drug_seizures__nationwide",
        vintage="2026-06-30",
        kind="csv",
        official_url=None,
    )
    (mirror / bad.file_name).write_text(text)
    cbp = dataclasses.replace(CATALOG[0], releases=(*CATALOG[0].releases, bad))
    return mirror, (cbp, *CATALOG[1:])


HEADER = "FY,Month (abbv),Component,Region,Land Filter,Area of Responsibility,Drug Type,"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            HEADER + "Count of Event,Sum Quantity\n2026 (FYTD),MAY,U.S. Border Patrol,"
            "Southwest Border,Land Only,TUCSON SECTOR,Fentanyl,3,10.5\n",
            "missing column(s) 'Sum Qty (lbs)'",
        ),
        (
            HEADER + "Count of Event,Sum Qty (lbs)\n2026 (FYTD),MAY,U.S. Border Patrol,"
            "Southwest Border,Land Only,TUCSON SECTOR,Fentanyl,three,10.5\n",
            "row 1, column 'Count of Event': 'three' is not a valid integer",
        ),
        (
            HEADER + "Count of Event,Sum Qty (lbs)\n2026 (FYTD),MAY,U.S. Border Patrol,"
            "Southwest Border,Land Only,TUCSON SECTOR,Fentanyl,-3,10.5\n",
            "event_count",
        ),
    ],
    ids=["renamed-column", "text-in-count", "negative-count"],
)
def test_bad_release_fails_the_run_and_leaves_the_served_file(
    published, shared_data, tmp_path, body, message
):
    warehouse, _ = published
    before = _sha(warehouse.serve_db)
    data_dir = tmp_path / "data"
    # start from a copy of the published state so the test does not disturb the others
    import shutil

    shutil.copytree(warehouse.root, data_dir, symlinks=True)
    served = data_dir / "serve" / "warehouse.duckdb"
    mirror, catalog = _mirror_with_new_release(tmp_path, shared_data, body)
    with pytest.raises(RunFailedError) as failure:
        _run(data_dir, mirror, catalog)
    text = str(failure.value)
    assert "nationwide-drugs-fy24-fy27-may.csv" in text or "cbp_drug_seizures__nationwide" in text
    assert message in text
    assert _sha(served) == before
    # the raw file is kept
    assert list((data_dir / "raw" / "cbp_drug_seizures" / "2026-06-30").glob("*may.csv"))
