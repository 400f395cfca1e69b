"""The quality gate end to end: newest-month freshness (WARN recorded and shown, ERROR
blocks), cross-table reconciliations proven to fail on a broken copy, and rollback of the
warehouse together with the docs sites served with it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckKey, AssetKey, DagsterInstance
from typer.testing import CliRunner

from orchestration.automation.locking import run_lock
from orchestration.automation.runner import RunFailedError
from orchestration.catalog.registry import CATALOG
from orchestration.cli import app
from orchestration.publish.docs_sites import install_sites
from orchestration.publish.swap import SITES, history, publish, read_record
from orchestration.quality.suite_parameters import expected_newest_month
from tests.e2e.helpers import dbt_test, mirror_of, run_into, sha256, with_new_release

REPO = Path(__file__).resolve().parents[2]
SOURCES = {source.name: source for source in CATALOG}
HEADER = (
    "FY,Month (abbv),Component,Region,Land Filter,Area of Responsibility,Drug Type,"
    "Count of Event,Sum Qty (lbs)\n"
)
MAY_2026 = (
    "2026 (FYTD),MAY,U.S. Border Patrol,Southwest Border,Land Only,TUCSON SECTOR,Fentanyl,3,10.5\n"
)


# --------------------------------------------------------------------------- freshness


def test_stale_newest_month_is_a_warning_recorded_and_shown(cli_published):
    """The mirror's VSRR releases end in January 2026: older than CDC's lag says they
    should by now. The run still published; the WARN is in the kept GX result, the
    quality site, the GX Data Docs page and the Dagster check evaluation."""
    data_dir = cli_published.data_dir
    assert read_record(cli_published.serve_db) is not None  # published despite the WARN
    with duckdb.connect(str(cli_published.serve_db), read_only=True) as con:
        (newest,) = con.execute("select max(month_start) from marts.fct_overdose_deaths").fetchone()
    result = json.loads((data_dir / "quality" / "marts__fct_overdose_deaths.json").read_text())
    validated = datetime.strptime(
        result["meta"]["batch_markers"]["ge_load_time"], "%Y%m%dT%H%M%S.%fZ"
    )
    due = expected_newest_month(SOURCES["cdc_vsrr"], validated.replace(tzinfo=UTC).date())
    assert newest < due.date()  # the premise: the mirror's newest VSRR month is stale
    failed = [r for r in result["results"] if not r["success"]]
    assert [r["expectation_config"]["meta"]["severity"] for r in failed] == ["warn"]
    (warning,) = failed
    assert warning["expectation_config"]["type"] == "expect_column_max_to_be_between"
    assert warning["expectation_config"]["kwargs"]["min_value"].startswith(due.date().isoformat())
    assert str(warning["result"]["observed_value"]).startswith(newest.isoformat())

    # the quality site shows the suite as WARNINGS, naming the expectation
    index = (data_dir / "serve" / "quality" / "index.html").read_text()
    row = re.search(
        r'<tr class="(\w+)"><td><a href="([^"]+)">marts__fct_overdose_deaths</a>.*?</tr>', index
    )
    assert row is not None and row.group(1) == "warnings"
    assert "warn: expect_column_max_to_be_between(month_start)" in row.group(0)
    # ... and GX's own Data Docs page for the validation shows the failed expectation
    page = (data_dir / "serve" / "quality" / row.group(2)).read_text()
    assert "maximum value" in page
    assert due.date().isoformat() in page

    # the Dagster asset check: not passed, severity WARN, the message names the bound
    instance = DagsterInstance.from_config(str(data_dir / "dagster"))
    try:
        key = AssetCheckKey(AssetKey(["marts", "fct_overdose_deaths"]), "gx_suite")
        record = instance.event_log_storage.get_latest_asset_check_execution_by_key([key])[key]
        evaluation = record.event.dagster_event.event_specific_data
    finally:
        instance.dispose()
    assert evaluation.passed is False
    assert evaluation.severity.value == "WARN"
    assert f"min_value='{due.date().isoformat()}'" in evaluation.description
    assert f"observed '{newest.isoformat()}'" in evaluation.description


def test_newest_month_going_backwards_blocks_the_publish(published_copy, shared_data, tmp_path):
    """The last publish holds August 2026 for CBP; a new CBP release whose newest month is
    May 2026 builds fine but must not be published."""
    serve_db = published_copy.serve_db
    with duckdb.connect(str(serve_db)) as con:  # the previous build: one month further
        con.execute(
            "insert into marts.fct_drug_seizures select * replace (date '2026-08-01' as "
            "month_start) from marts.fct_drug_seizures where month_start = "
            "(select max(month_start) from marts.fct_drug_seizures) limit 1"
        )
    before = sha256(serve_db)
    mirror = mirror_of(shared_data, tmp_path / "mirror")
    catalog = with_new_release(mirror, (HEADER + MAY_2026).encode())
    with pytest.raises(RunFailedError) as failure:
        run_into(published_copy.root, mirror, catalog)
    text = str(failure.value)
    assert "check marts/fct_drug_seizures:gx_suite failed (ERROR)" in text
    assert "expect_column_max_to_be_between(month_start) [min_value='2026-08-01']" in text
    assert "observed '2026-05-01'" in text
    assert sha256(serve_db) == before


# --------------------------------------------------------------------------- reconciliations

# each reconciliation test, and a change to one number of the build that must break it
BREAKS = {
    "assert_vsrr_us_equals_sum_of_jurisdictions": (
        "update marts.fct_overdose_deaths set reported_deaths_12m = reported_deaths_12m + 1 "
        "where geography_id = 'US-TX' and reported_deaths_12m is not null"
    ),
    "assert_usbp_firearms_and_ammunition_regions_add_up": (
        "update marts.fct_usbp_seizures_yearly set quantity = quantity + 1 "
        "where item = 'firearms' and border_region = 'southwest border' and fiscal_year = 2019"
    ),
    "assert_population_nation_equals_sum_of_states": (
        "update marts.fct_population set population = population + 1 "
        "where geography_id = 'MX-CHH' and calendar_year = 2020"
    ),
    "assert_conapo_nacional_equals_sum_of_states": (
        "update intermediate.int_conapo__pivoted set population = population + 1 "
        "where geography_id = 'MX-CHH' and calendar_year = 2020"
    ),
    "assert_sesnsp_yearly_national_is_sum_of_states": (
        "update intermediate.int_sesnsp_incidence_yearly__latest_release "
        "set crime_reports = crime_reports + 1 where geography_id = 'MX-CHH' "
        "and calendar_year = 2019 and crime_subtype = 'Homicidio doloso' "
        "and modality = 'Con arma de fuego'"
    ),
    "assert_census_counties_add_up_to_states": (
        "update intermediate.int_census_pep__unpivoted set population = population + 1 "
        "where geography_level = 'county' and state_fips = '48' and county_fips = '001'"
    ),
}


def _outcomes(output: str) -> dict[str, str]:
    return {
        name: status
        for status, name in re.findall(r"\b(PASS|FAIL|ERROR)\s+(?:\d+\s+)?(assert_\w+)", output)
    }


def test_reconciliations_hold_and_fail_on_a_broken_copy(cli_published, tmp_path):
    # the build file holds the intermediate tables too; a copy keeps its name (dbt-duckdb
    # qualifies relations with it)
    good = tmp_path / "good" / "warehouse.duckdb"
    good.parent.mkdir()
    shutil.copyfile(cli_published.data_dir / "build" / "warehouse.duckdb", good)
    broken = tmp_path / "broken" / "warehouse.duckdb"
    broken.parent.mkdir()
    shutil.copyfile(good, broken)
    with duckdb.connect(str(good), read_only=True) as con:  # the VSRR check is not vacuous
        (checked,) = con.execute(
            "select count(*) from (select month_start, indicator, source_vintage "
            "from marts.fct_overdose_deaths where geography_id not in ('US', 'US-PR') "
            "and not is_suppressed and reported_deaths_12m is not null group by all "
            "having count(*) = 52)"
        ).fetchone()
    assert checked > 0
    with duckdb.connect(str(broken)) as con:
        for sql in BREAKS.values():
            assert con.execute(sql).fetchone()[0] > 0  # rows changed
    passed = dbt_test(cli_published.data_dir, good, tmp_path / "good", "--select", *BREAKS)
    assert _outcomes(passed) == dict.fromkeys(BREAKS, "PASS"), passed[-3000:]
    failed = dbt_test(cli_published.data_dir, broken, tmp_path / "broken", "--select", *BREAKS)
    assert _outcomes(failed) == dict.fromkeys(BREAKS, "FAIL"), failed[-3000:]


# --------------------------------------------------------------------------- rollback


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_rollback_restores_the_warehouse_its_record_and_its_sites(published_copy, tmp_path):
    serve = published_copy.serve_dir
    first_db, first_record = sha256(published_copy.serve_db), read_record(published_copy.serve_db)
    first_sites = {name: _tree(serve / name) for name in SITES}
    assert all(tree for tree in first_sites.values())  # every site was published
    kept_before = len(history(published_copy.serve_db))

    # a second publish, as the publish asset does it: the warehouse, then its sites
    with duckdb.connect(str(published_copy.build_db)) as con:
        con.execute("create table marts.rollback_marker as select 1 as x")
    publish(published_copy.build_db, published_copy.serve_db, fingerprint="second", keep=3)
    staging = serve / ".sites.test"
    for name in SITES:
        (staging / name).mkdir(parents=True)
        (staging / name / "index.html").write_text(f"<p>second build: {name}</p>")
    install_sites(staging, serve)
    assert sha256(published_copy.serve_db) != first_db
    assert all(_tree(serve / name) != first_sites[name] for name in SITES)

    env = {"IRONRIVER_DATA_DIR": str(published_copy.root)}
    with run_lock(published_copy.root):  # never under a running build
        refused = CliRunner().invoke(app, ["rollback"], env=env)
    assert refused.exit_code == 1
    assert "another ironriver run is using" in refused.output
    assert read_record(published_copy.serve_db).fingerprint == "second"

    done = CliRunner().invoke(app, ["rollback"], env=env)
    assert done.exit_code == 0, done.output
    assert "with the sites served with it (docs, quality, report)" in done.output
    assert sha256(published_copy.serve_db) == first_db
    assert read_record(published_copy.serve_db) == first_record
    assert {name: _tree(serve / name) for name in SITES} == first_sites
    assert len(history(published_copy.serve_db)) == kept_before
    leftovers = [p.name for p in serve.iterdir() if p.name.startswith(".")]
    assert leftovers == []
