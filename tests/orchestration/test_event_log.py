"""The run history's event log: one engine per SQLite file, same events recorded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dagster import (
    AssetCheckResult,
    AssetCheckSpec,
    AssetKey,
    DagsterEventType,
    DagsterInstance,
    MaterializeResult,
    asset,
    materialize,
)

from orchestration._compat import OPEN_FILES, ReusedEngineSqliteEventLogStorage
from orchestration.automation.runner import dagster_home, dagster_instance


@asset(check_specs=[AssetCheckSpec("positive", asset="numbers")])
def numbers() -> MaterializeResult:
    return MaterializeResult(check_results=[AssetCheckResult(passed=False)])


def test_every_event_of_a_run_is_recorded_and_survives_a_new_instance(tmp_path: Path) -> None:
    instance = dagster_instance(tmp_path)
    assert isinstance(instance.event_log_storage, ReusedEngineSqliteEventLogStorage)

    result = materialize([numbers], instance=instance, raise_on_error=False)
    kinds = [entry.dagster_event_type for entry in instance.all_logs(result.run_id)]
    instance.dispose()

    # A fresh instance (another process, `make dev`) reads the same files.
    reread = DagsterInstance.from_config(str(dagster_home(tmp_path)))
    assert [e.dagster_event_type for e in reread.all_logs(result.run_id)] == kinds
    assert kinds.count(DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED) == 1
    assert kinds.count(DagsterEventType.ASSET_CHECK_EVALUATION) == 1
    assert kinds.count(DagsterEventType.ASSET_MATERIALIZATION) == 1
    assert reread.get_latest_materialization_event(AssetKey("numbers")) is not None
    check = next(iter(numbers.check_keys))
    [execution] = reread.event_log_storage.get_asset_check_execution_history(check, limit=5)
    assert execution.run_id == result.run_id
    assert execution.evaluation is not None and execution.evaluation.passed is False
    reread.dispose()


def test_older_or_moved_instance_config_is_rewritten(tmp_path: Path) -> None:
    config = tmp_path / "dagster" / "dagster.yaml"
    config.parent.mkdir()
    config.write_text("telemetry:\n  enabled: false\n")  # a data dir from before this change
    home = dagster_home(tmp_path)
    text = config.read_text()
    assert "ReusedEngineSqliteEventLogStorage" in text
    assert str((home / "history" / "runs").resolve()) in text


def test_schema_answers_are_remembered_only_when_yes(tmp_path: Path) -> None:
    instance = dagster_instance(tmp_path)
    storage = instance.event_log_storage
    assert isinstance(storage, ReusedEngineSqliteEventLogStorage)
    assert storage.has_table("asset_check_executions")
    assert storage.has_asset_key_col("cached_status_data")
    assert not storage.has_table("no_such_table")
    remembered = set(storage._present)
    assert ("table", "asset_check_executions") in remembered
    assert ("asset_key_column", "cached_status_data") in remembered
    assert ("table", "no_such_table") not in remembered  # a "no" is asked again

    # Remembered answers are the database's, also after a wipe (which recreates the
    # tables): a fresh storage asks the files and agrees.
    storage.wipe()
    fresh = DagsterInstance.from_config(str(dagster_home(tmp_path)))
    for kind, name in remembered | storage._present:
        if kind == "table":
            assert fresh.event_log_storage.has_table(name), name
    fresh.dispose()
    instance.dispose()


CHECK_NAMES = [f"rule_{i}" for i in range(25)]


@asset(check_specs=[AssetCheckSpec(name, asset="many_rules") for name in CHECK_NAMES])
def many_rules() -> MaterializeResult:
    return MaterializeResult(
        check_results=[AssetCheckResult(check_name=name, passed=True) for name in CHECK_NAMES]
    )


def test_planned_events_are_stored_as_one_batch_and_all_kept(tmp_path: Path, monkeypatch) -> None:
    instance = dagster_instance(tmp_path)
    storage = instance.event_log_storage
    batches: list[int] = []
    store_batch = storage.store_event_batch

    def counting(events):
        batches.append(len(events))
        store_batch(events)

    monkeypatch.setattr(storage, "store_event_batch", counting)
    result = materialize([many_rules], instance=instance)
    # one batch at run creation: the materialisation and every check, planned
    assert batches == [1 + len(CHECK_NAMES)]
    logs = instance.all_logs(result.run_id)
    planned = [
        e for e in logs if e.dagster_event_type is DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED
    ]
    assert len(planned) == len(CHECK_NAMES)
    for check_key in many_rules.check_keys:
        [execution] = storage.get_asset_check_execution_history(check_key, limit=5)
        assert execution.run_id == result.run_id
        assert execution.evaluation is not None and execution.evaluation.passed
    instance.dispose()


def test_a_batch_that_fails_is_rolled_back_whole(tmp_path: Path, monkeypatch) -> None:
    instance = dagster_instance(tmp_path)
    storage = instance.event_log_storage
    result = materialize([many_rules], instance=instance)
    planned = [
        entry._replace(run_id="another-run")
        for entry in instance.all_logs(result.run_id)
        if entry.dagster_event_type is DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED
    ]
    store_event = storage.store_event
    stored: list[object] = []

    def failing_on_the_fifth(event):
        if len(stored) == 4:
            raise RuntimeError("disk full")
        store_event(event)
        stored.append(event)

    monkeypatch.setattr(storage, "store_event", failing_on_the_fifth)
    try:
        storage.store_event_batch(planned)
    except RuntimeError as exc:
        assert "disk full" in str(exc)
    else:
        raise AssertionError("the batch should have failed")
    assert len(stored) == 4  # four were written inside the batch's transaction ...
    monkeypatch.undo()
    assert instance.all_logs("another-run") == []  # ... and rolled back with it
    # the storage is usable afterwards: Dagster's fallback stores them one by one
    for entry in planned:
        storage.store_event(entry)
    assert len(instance.all_logs("another-run")) == len(planned)
    instance.dispose()


def test_files_are_written_ahead_and_few_stay_open(tmp_path: Path) -> None:
    instance = dagster_instance(tmp_path)
    storage = instance.event_log_storage
    run_ids = [
        materialize([numbers], instance=instance, raise_on_error=False).run_id for _ in range(10)
    ]
    assert len(storage._engines) <= OPEN_FILES  # one file per run: old ones are closed
    runs_dir = dagster_home(tmp_path) / "history" / "runs"
    for name in ("index", run_ids[0], run_ids[-1]):
        with sqlite3.connect(runs_dir / f"{name}.db") as con:
            assert con.execute("pragma journal_mode").fetchone() == ("wal",)
    # another process (make dev, ironriver status) reads every run while files are open
    reader = DagsterInstance.from_config(str(dagster_home(tmp_path)))
    for run_id in run_ids:
        kinds = [e.dagster_event_type for e in reader.all_logs(run_id)]
        assert DagsterEventType.ASSET_CHECK_EVALUATION in kinds
        assert DagsterEventType.RUN_SUCCESS in kinds or DagsterEventType.RUN_FAILURE in kinds
    reader.dispose()
    instance.dispose()
