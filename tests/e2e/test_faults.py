"""Fault injection: every bad input, crash and race leaves the served warehouse exactly
as it was (byte for byte), names the problem, and keeps the raw file.

Each test works on a private copy of the session's published data dir.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from orchestration.automation.runner import (
    RunFailedError,
    RunLockedError,
    dagster_instance,
    execute_job,
    run_lock,
)
from orchestration.catalog.registry import CATALOG, Source
from orchestration.definitions import BUILD_JOB, build_definitions
from orchestration.landing.store import read_index
from orchestration.publish.asset import SERVED_KEY, current_inputs
from orchestration.publish.swap import publish, read_record, rollback
from orchestration.resources import WarehouseConfig
from tests.e2e.helpers import (
    REPO,
    ironriver_process,
    mirror_of,
    run_into,
    sha256,
    wait_for,
    with_new_release,
)

HEADER = (
    "FY,Month (abbv),Component,Region,Land Filter,Area of Responsibility,Drug Type,"
    "Count of Event,Sum Qty (lbs)\n"
)
ROW = (
    "2026 (FYTD),MAY,U.S. Border Patrol,Southwest Border,Land Only,TUCSON SECTOR,Fentanyl,3,10.5\n"
)
NEW_FILE = "nationwide-drugs-fy24-fy27-may.csv"


CBP_ONLY = tuple(s for s in CATALOG if s.name == "cbp_drug_seizures")
"""The catalog of runs whose fault concerns CBP alone and stops it before dbt: the other
sources' raw and landing steps would add time and prove nothing more."""
REACHES_DBT = {"future-month"}
"""Faults caught by a dbt test: those runs use the whole catalog, as a real run does."""


def _future_fiscal_year() -> int:
    return dt.date.today().year + 3


FAULTS = {
    "truncated-csv": (
        (HEADER + ROW + "2026 (FYTD),MAY,U.S. Border Patrol,South").encode(),
        "cannot be read as CSV",
    ),
    "empty-file": (b"", "empty body"),
    "html-error-page": (
        b"<!DOCTYPE html><html><head><title>503</title></head><body>Busy</body></html>",
        "HTML",
    ),
    "renamed-column": (
        (HEADER.replace("Sum Qty (lbs)", "Sum Quantity") + ROW).encode(),
        "missing column(s) 'Sum Qty (lbs)'",
    ),
    "missing-column": (
        (HEADER.replace(",Sum Qty (lbs)", "") + ROW.rsplit(",", 1)[0] + "\n").encode(),
        "missing column(s) 'Sum Qty (lbs)'",
    ),
    "extra-column": (
        (HEADER.replace("\n", ",Port\n") + ROW.replace("\n", ",Nogales\n")).encode(),
        "unexpected column(s) 'Port'",
    ),
    "text-in-number": (
        (HEADER + ROW.replace(",3,", ",three,")).encode(),
        "row 1, column 'Count of Event': 'three' is not a valid integer",
    ),
    "wrong-encoding": (
        (HEADER + ROW.replace("TUCSON", "TUCSÓN")).encode("latin-1"),
        "cannot be read as CSV",
    ),
    "duplicate-keys": ((HEADER + ROW + ROW).encode(), "expect_compound_columns_to_be_unique"),
    "negative-count": ((HEADER + ROW.replace(",3,", ",-3,")).encode(), "event_count"),
    "future-month": (
        (HEADER + ROW.replace("2026 (FYTD),MAY", f"{_future_fiscal_year()},SEP")).encode(),
        "not_in_future",
    ),
}


def _next_cbp_release(shared_data: Path, mirror_dir: Path) -> tuple[Path, tuple[Source, ...]]:
    """A mirror where CBP has a new release: the newest CBP file's rows, a newer vintage.

    A run then rebuilds CBP and what depends on it (seconds), not the whole warehouse,
    and every figure stays what it was.
    """
    mirror = mirror_of(shared_data, mirror_dir)
    (cbp,) = [s for s in CATALOG if s.name == "cbp_drug_seizures"]
    newest = max(cbp.releases, key=lambda r: r.vintage)
    body = (shared_data / newest.file_name).read_bytes()
    return mirror, with_new_release(mirror, body, vintage="2026-06-30")


def _quarantine_reports(warehouse: WarehouseConfig) -> list[Path]:
    return sorted(warehouse.quarantine_dir.rglob("*.error.json"))


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_bad_release_is_refused_and_served_file_unchanged(
    fault, published_copy, shared_data, tmp_path
):
    body, message = FAULTS[fault]
    before = sha256(published_copy.serve_db)
    mirror = mirror_of(shared_data, tmp_path / "mirror")
    catalog = with_new_release(mirror, body, catalog=CATALOG if fault in REACHES_DBT else CBP_ONLY)
    with pytest.raises(RunFailedError) as failure:
        run_into(published_copy.root, mirror, catalog)
    text = str(failure.value)
    assert message in text
    assert NEW_FILE in text or "cbp_drug_seizures__nationwide" in text or "fct_" in text
    assert sha256(published_copy.serve_db) == before
    stored = list((published_copy.raw_dir / "cbp_drug_seizures").rglob(NEW_FILE))
    if fault in {"empty-file", "html-error-page"}:
        assert stored == []  # refused at download: never became a raw file
    else:
        assert len(stored) == 1  # the raw file is kept


@pytest.mark.parametrize(
    ("kind", "file_name", "message"),
    [
        ("gzip", "cbp_drug_seizures/nationwide-drugs-fy24-fy27-may.csv.gz", "gzip"),
        ("xlsx", "cbp_drug_seizures/nationwide-drugs-fy24-fy27-may.xlsx", "XLSX"),
    ],
)
def test_container_that_is_not_what_it_claims_is_refused(
    kind, file_name, message, published_copy, shared_data, tmp_path
):
    before = sha256(published_copy.serve_db)
    mirror = mirror_of(shared_data, tmp_path / "mirror")
    catalog = with_new_release(
        mirror, (HEADER + ROW).encode(), file_name=file_name, kind=kind, catalog=CBP_ONLY
    )
    with pytest.raises(RunFailedError) as failure:
        run_into(published_copy.root, mirror, catalog)
    assert message in str(failure.value)
    assert file_name in str(failure.value)
    assert sha256(published_copy.serve_db) == before


def test_quarantined_release_is_skipped_and_the_next_good_one_proceeds(
    published_copy, shared_data, tmp_path
):
    mirror = mirror_of(shared_data, tmp_path / "mirror")
    bad = with_new_release(mirror, (HEADER + ROW.replace(",3,", ",-3,")).encode())
    with pytest.raises(RunFailedError):
        run_into(published_copy.root, mirror, bad)
    (report,) = _quarantine_reports(published_copy)
    assert json.loads(report.read_text())["manifest_row"]["file_name"].endswith(NEW_FILE)
    assert (report.parent / NEW_FILE).exists()  # a copy sits beside its report
    index = read_index(published_copy.landing_table_dir("cbp_drug_seizures__nationwide"))
    assert not any(e.file_name.endswith(NEW_FILE) for e in index.values())
    # a later, good release of the same source lands and publishes
    # a later, good release of the same source lands and publishes; its name is hostile
    # but legal, and lands quoted, never interpolated into SQL
    good_name = "cbp_drug_seizures/jun'); drop table t; --.csv"
    good = with_new_release(
        mirror, (HEADER + ROW).encode(), file_name=good_name, vintage="2026-07-31", catalog=bad
    )
    _, outcome = run_into(published_copy.root, mirror, good)
    assert outcome.status == "published"
    with duckdb.connect(str(published_copy.serve_db), read_only=True) as con:
        files = {
            row[0]
            for row in con.execute("select file_name from marts.dim_source_release").fetchall()
        }
        # the analysis mart names the release whole ('; ' in a file name splits nothing):
        # FY2026 of the nationwide series now comes from this, the newest release holding it
        ((listed,),) = con.execute(
            "select seizures_source_releases from marts.national_flows_yearly where year = 2026"
        ).fetchall()
    assert good_name in files
    assert f"{good_name}@2026-07-31" in listed
    assert not any(key.startswith(("drop table", " drop table")) for key in listed)
    # only the changed source and what depends on it was rebuilt
    assert "landing/cbp_drug_seizures__nationwide" in outcome.rebuilt
    assert "marts/fct_drug_seizures" in outcome.rebuilt
    assert "landing/cdc_vsrr__overdose_deaths" not in outcome.rebuilt
    assert "marts/fct_overdose_deaths" not in outcome.rebuilt


def test_table_half_the_size_of_the_last_publish_blocks(published_copy, shared_data, tmp_path):
    before = sha256(published_copy.serve_db)
    record_path = published_copy.serve_db.parent / "publish.json"
    record = json.loads(record_path.read_text())
    # the last publish had twice the rows: today's landing table is about 50 % smaller
    record["landing_rows"]["cbp_drug_seizures__nationwide"] *= 2
    record_path.write_text(json.dumps(record))
    mirror = mirror_of(shared_data, tmp_path / "mirror")
    catalog = with_new_release(mirror, (HEADER + ROW).encode(), catalog=CBP_ONLY)
    with pytest.raises(RunFailedError) as failure:
        run_into(published_copy.root, mirror, catalog)
    assert "landing/cbp_drug_seizures__nationwide:rows_vs_last_publish" in str(failure.value)
    assert "fewer blocks the publish" in str(failure.value)
    assert sha256(published_copy.serve_db) == before


def test_code_changed_during_the_run_publishes_nothing(published_copy):
    """A run started with other code (a model or suite edited mid-run) must not publish:
    its record would call a build that mixes both versions up to date."""
    before = sha256(published_copy.serve_db)
    record_before = read_record(published_copy.serve_db)
    defs = build_definitions(CATALOG, published_copy)
    instance = dagster_instance(published_copy.root)
    with pytest.raises(RunFailedError) as failure:
        execute_job(defs, BUILD_JOB, instance, [SERVED_KEY], code_fingerprint="0" * 64)
    assert "step serve__warehouse failed" in str(failure.value)
    assert "code (models, suites or orchestration) changed while this run" in str(failure.value)
    assert sha256(published_copy.serve_db) == before
    assert read_record(published_copy.serve_db) == record_before
    # started with the code as it is, the same publish goes through
    current = current_inputs(published_copy, CATALOG).code
    execute_job(defs, BUILD_JOB, instance, [SERVED_KEY], code_fingerprint=current)
    assert read_record(published_copy.serve_db).code_fingerprint == current
    instance.dispose()


def test_rollback_restores_the_previous_build(published_copy):
    first = sha256(published_copy.serve_db)
    first_record = read_record(published_copy.serve_db)
    with duckdb.connect(str(published_copy.build_db)) as con:  # a build that differs
        con.execute("create table marts.rollback_marker as select 1 as x")
    publish(published_copy.build_db, published_copy.serve_db, fingerprint="second", keep=3)
    assert sha256(published_copy.serve_db) != first  # a new file was swapped in
    assert read_record(published_copy.serve_db).fingerprint == "second"
    restored = rollback(published_copy.serve_db)
    assert sha256(published_copy.serve_db) == first
    assert not restored.exists()
    assert read_record(published_copy.serve_db) == first_record


def test_second_concurrent_run_is_refused(published_copy, shared_data):
    before = sha256(published_copy.serve_db)
    with (
        run_lock(published_copy.root),
        pytest.raises(RunLockedError, match="another ironriver run"),
    ):
        run_into(published_copy.root, shared_data, force=True)
    assert sha256(published_copy.serve_db) == before


def test_sigkill_during_dbt_build_then_next_run_publishes(published_copy, shared_data, tmp_path):
    before = sha256(published_copy.serve_db)
    process = ironriver_process(published_copy.root, "run", "--force")
    assert wait_for(lambda: _dbt_running(process.pid)), process.stdout
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert sha256(published_copy.serve_db) == before
    # the next run (a new CBP release) builds on the killed build's file and publishes
    mirror, catalog = _next_cbp_release(shared_data, tmp_path / "mirror")
    _, outcome = run_into(published_copy.root, mirror, catalog)
    assert outcome.status == "published"
    assert "marts/fct_drug_seizures" in outcome.rebuilt
    assert sha256(published_copy.serve_db) != before
    assert not list(published_copy.serve_dir.glob(".*.tmp"))


def _dbt_running(pgid: int) -> bool:
    """True once the run's process group has a ``dbt build`` child."""
    result = subprocess.run(["ps", "-eo", "pgid=,args="], capture_output=True, text=True)
    for line in result.stdout.splitlines():
        group, _, args = line.strip().partition(" ")
        if group == str(pgid) and "dbt build" in args:
            return True
    return False


def test_sigkill_in_the_middle_of_publishing(published_copy, tmp_path):
    """Kill a publish after its temporary copy is written, before the atomic replace."""
    before = sha256(published_copy.serve_db)
    signal_file = tmp_path / "copied"
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        import orchestration.publish.swap as publishing

        def stall(serve_db, keep):
            Path({str(signal_file)!r}).write_text("copied")
            time.sleep(600)

        publishing._keep_history = stall
        publishing.publish(
            Path({str(published_copy.serve_db)!r}),
            Path({str(published_copy.serve_db)!r}),
            fingerprint="killed",
            keep=3,
        )
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    assert wait_for(signal_file.exists, timeout_s=60)
    leftovers = list(published_copy.serve_dir.glob(".warehouse.duckdb.*.tmp"))
    assert leftovers  # the killed publish had its copy on disk
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert sha256(published_copy.serve_db) == before
    with duckdb.connect(str(published_copy.serve_db), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_month").fetchone()[0] > 0
    # the next publish clears what the killed one left behind
    publish(published_copy.serve_db, published_copy.serve_db, fingerprint="next", keep=3)
    assert not list(published_copy.serve_dir.glob(".warehouse.duckdb.*.tmp"))


READER = """
import sys, time, duckdb
path, out, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
results = []
con = duckdb.connect(path, read_only=True)
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        row = con.execute("select count(*) from marts.fct_drug_seizures").fetchone()
        results.append(str(row[0]))
    except Exception as exc:
        results.append("ERROR " + repr(exc))
    time.sleep(0.02)
open(out, "w").write("\\n".join(results))
"""


def test_reader_keeps_working_during_build_and_publish(published_copy, shared_data, tmp_path):
    with duckdb.connect(str(published_copy.serve_db), read_only=True) as con:
        old = con.execute("select count(*) from marts.fct_drug_seizures").fetchone()[0]
    out = tmp_path / "reads.txt"
    mirror, catalog = _next_cbp_release(shared_data, tmp_path / "mirror")
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published_copy.serve_db), str(out), "25"]
    )
    _, outcome = run_into(published_copy.root, mirror, catalog)
    assert outcome.status == "published"
    assert "marts/fct_drug_seizures" in outcome.rebuilt  # a build and a publish happened
    assert reader.wait(timeout=120) == 0
    reads = out.read_text().splitlines()
    assert reads
    assert not [r for r in reads if r.startswith("ERROR")]
    assert set(reads) == {str(old)}  # the open connection keeps seeing one whole build
    with duckdb.connect(str(published_copy.serve_db), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_drug_seizures").fetchone()[0] == old


@pytest.mark.parametrize(
    "file_name",
    ["cbp_drug_seizures/../../../outside.csv", "../escape/nationwide.csv"],
)
def test_hostile_file_name_cannot_escape_the_data_dir(
    file_name, published_copy, shared_data, tmp_path
):
    mirror = mirror_of(shared_data, tmp_path / "mirror")
    (tmp_path / "outside.csv").write_text(HEADER + ROW)  # what the name points at
    catalog = with_new_release(
        mirror, (HEADER + ROW).encode(), file_name="cbp_drug_seizures/x.csv", catalog=CBP_ONLY
    )
    cbp = catalog[0]
    hostile = dataclasses.replace(cbp.releases[-1], file_name=file_name)
    catalog = (dataclasses.replace(cbp, releases=(*cbp.releases[:-1], hostile)), *catalog[1:])
    before = {p for p in tmp_path.rglob("*") if not p.is_relative_to(published_copy.root)}
    with pytest.raises(RunFailedError) as failure:
        run_into(published_copy.root, mirror, catalog)
    assert file_name in str(failure.value)
    after = {p for p in tmp_path.rglob("*") if not p.is_relative_to(published_copy.root)}
    assert after == before  # nothing written outside the data dir
    assert not list(published_copy.root.rglob("outside.csv"))
