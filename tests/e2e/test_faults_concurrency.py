"""Two ``ironriver run`` processes (what ``make run`` runs) at once on one data directory.

The first takes the data directory's lock and builds; the second, started while the first
is running, refuses at once with one clear line naming the holder, and changes nothing.
The first publishes normally: the served file opens read-only and holds exactly the rows
the publish record says, the record matches what the build was made of, no temporary
file or lock is left, and a third run finds everything up to date.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import duckdb

from orchestration.automation.locking import LOCK_FILE
from orchestration.catalog.registry import CATALOG
from orchestration.publish.asset import current_inputs
from orchestration.publish.swap import read_record
from tests.e2e.helpers import ironriver_process, sha256, wait_for


def _holds_lock(lock: Path, pid: int) -> bool:
    return lock.exists() and lock.read_text().strip() == str(pid)


def test_two_runs_at_once_second_refuses_and_nothing_is_corrupted(published_copy, shared_data):
    data_dir = published_copy.root
    serve_db = published_copy.serve_db
    before_record = read_record(serve_db)
    # the first: refetch one small source, rebuild every model, publish (minutes of work)
    first = ironriver_process(
        data_dir, "run", "--select", "mx_firearm_trace_figures", "--force", mirror=shared_data
    )
    try:
        assert wait_for(
            lambda: _holds_lock(data_dir / LOCK_FILE, first.pid), timeout_s=300.0, interval_s=0.1
        ), "no lock taken"
        second = ironriver_process(data_dir, "run", mirror=shared_data)
        second_output, _ = second.communicate(timeout=600)
        still_running = first.poll() is None
        first_output, _ = first.communicate(timeout=1800)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    # the premise: the second run tried while the first held the data directory
    assert still_running, f"the first run ended before the second tried:\n{first_output}"
    assert second.returncode == 1, second_output
    assert f"error: another ironriver run is using {data_dir} (pid {first.pid})" in second_output
    assert "hint: only one run per data directory at a time" in second_output
    assert "Traceback" not in second_output

    assert first.returncode == 0, first_output
    assert f"published {serve_db}" in first_output
    record = read_record(serve_db)
    assert record is not None and record.published_at >= before_record.published_at
    assert record.fingerprint == current_inputs(published_copy, CATALOG).fingerprint
    with duckdb.connect(str(serve_db), read_only=True) as con:  # valid, and as recorded
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE'"
        ).fetchall()
        counts = {
            f"{schema}.{name}": con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[
                0
            ]
            for schema, name in tables
        }
    assert counts == record.tables
    assert counts["marts.fct_drug_seizures"] == before_record.tables["marts.fct_drug_seizures"]
    assert not [p.name for p in published_copy.serve_dir.iterdir() if p.name.startswith(".")]
    assert (data_dir / LOCK_FILE).read_text() == ""  # released, holder cleared

    # nothing left behind blocks the next run, which finds everything up to date
    served = sha256(serve_db)
    third = ironriver_process(data_dir, "run", mirror=shared_data)
    third_output, _ = third.communicate(timeout=1800)
    assert third.returncode == 0, third_output
    assert "up to date" in third_output
    assert sha256(serve_db) == served
