"""Run the pipeline end to end: fetch, and rebuild and publish only what changed.

1. ``ingest_raw`` job: fetch every release (or those of the ``--select``-ed sources) into
   the raw store (unchanged files are not downloaded again).
2. Plan (:func:`orchestration.automation.plan.plan_build`, the planner the schedules and sensors use
   too): up to date, or the assets to build.
3. ``build_and_publish`` job on the planned assets: landing, GX checks, dbt build and
   tests, atomic publish.

Only one run per data directory at a time (an exclusive lock file).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from dagster import (
    AssetKey,
    DagsterEventType,
    DagsterInstance,
    Definitions,
    ExecuteInProcessResult,
)

from orchestration._compat import EVENT_BATCH_SIZE
from orchestration.atomic import atomic_write_text
from orchestration.automation.concurrency import release_slots_of_dead_runs
from orchestration.automation.locking import LOCK_FILE, RunLockedError, run_lock
from orchestration.automation.plan import plan_build, selected_sources
from orchestration.catalog.registry import Source
from orchestration.definitions import BUILD_JOB, RAW_JOB
from orchestration.ingest.assets import raw_key
from orchestration.publish.asset import CODE_FINGERPRINT_TAG
from orchestration.publish.swap import read_record
from orchestration.quality.gx_suites import import_in_background
from orchestration.resources import WarehouseConfig
from orchestration.transform.parse_ahead import parsing_ahead

__all__ = [
    "LOCK_FILE",
    "RunFailedError",
    "RunLockedError",
    "RunOutcome",
    "run_lock",
    "run_pipeline",
]

INSTANCE_CONFIG = """\
telemetry:
  enabled: false
concurrency:
  pools:
    default_limit: 1
event_log_storage:
  module: orchestration._compat
  class: ReusedEngineSqliteEventLogStorage
  config:
    base_dir: {runs_dir}
"""
"""Dagster's default SQLite storage layout (``history/runs``), with the event log writing
through one engine per database file (see orchestration/_compat.py)."""


class ErrorInfo(Protocol):
    """What :func:`root_cause` reads of the error Dagster records for a failed step."""

    @property
    def message(self) -> str: ...
    @property
    def cls_name(self) -> str | None: ...
    @property
    def cause(self) -> ErrorInfo | None: ...


class RunFailedError(RuntimeError):
    """A job failed; the message lists every failed step and check."""


@dataclass
class RunOutcome:
    status: str
    """``published`` or ``up_to_date``."""
    fingerprint: str
    tables: dict[str, int] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)
    """Assets the build job materialised (empty when up to date)."""
    reason: str = ""
    """Why the plan built what it built (or nothing)."""


def dagster_home(data_dir: Path) -> Path:
    """``<data_dir>/dagster``: where runs are recorded, and what ``make dev`` shows."""
    home = WarehouseConfig(data_dir=str(data_dir)).dagster_dir
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    wanted = INSTANCE_CONFIG.format(runs_dir=json.dumps(str(home / "history" / "runs")))
    if not config.exists() or config.read_text() != wanted:  # also a moved or older data dir
        atomic_write_text(config, wanted)
    return home


def dagster_instance(data_dir: Path) -> DagsterInstance:
    # planned events are handed to the event log as one batch (see orchestration/_compat.py)
    os.environ.setdefault("DAGSTER_EVENT_BATCH_SIZE", EVENT_BATCH_SIZE)
    return DagsterInstance.from_config(str(dagster_home(data_dir)))


def root_cause(error: ErrorInfo | None) -> str:
    """The first error below Dagster's wrappers: what went wrong, in our own words."""
    if error is None:
        return "unknown error"
    while error.cause is not None and (error.cls_name or "").startswith("Dagster"):
        error = error.cause
    return error.message.strip()


def failure_messages(result: ExecuteInProcessResult) -> list[str]:
    """Every failed step and check; what failed the run (steps, ERROR checks) first, the
    WARN checks after it."""
    errors: list[str] = []
    warnings: list[str] = []
    for event in result.all_events:
        if event.event_type == DagsterEventType.STEP_FAILURE and event.step_failure_data:
            errors.append(
                f"step {event.step_key} failed: {root_cause(event.step_failure_data.error)}"
            )
        elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed:
                key = evaluation.asset_check_key
                severity = evaluation.severity.value
                (warnings if severity == "WARN" else errors).append(
                    f"check {key.asset_key.to_user_string()}:{key.name} failed "
                    f"({severity}): {evaluation.description or ''}"
                )
    return [*errors, *warnings]


def execute_job(
    defs: Definitions,
    job: str,
    instance: DagsterInstance,
    selection: list[AssetKey] | None = None,
    *,
    code_fingerprint: str | None = None,
) -> ExecuteInProcessResult:
    """Run ``job`` in this process; ``code_fingerprint``: the project code the run starts
    with (the publish step refuses to publish if the code changes before it, see
    ``orchestration.publish.asset``)."""
    tags = {CODE_FINGERPRINT_TAG: code_fingerprint} if code_fingerprint else None
    result = defs.resolve_job_def(job).execute_in_process(
        instance=instance, raise_on_error=False, asset_selection=selection, tags=tags
    )
    if not result.success:
        details = "\n".join(failure_messages(result)) or "see the Dagster run log"
        raise RunFailedError(f"job {job} failed (run {result.run_id}):\n{details}")
    return result


def execute_build(
    defs: Definitions,
    warehouse: WarehouseConfig,
    instance: DagsterInstance,
    selection: list[AssetKey] | None,
    code_fingerprint: str,
) -> ExecuteInProcessResult:
    """The build job, with what its later steps need prepared beside landing."""
    import_in_background()  # Great Expectations
    with parsing_ahead(warehouse):  # dbt parses beside landing, not after it
        return execute_job(defs, BUILD_JOB, instance, selection, code_fingerprint=code_fingerprint)


def run_pipeline(
    defs: Definitions,
    warehouse: WarehouseConfig,
    catalog: Sequence[Source],
    *,
    select: Sequence[str] | None = None,
    force: bool = False,
) -> RunOutcome:
    """Fetch every source (or the ``select``-ed ones), then build what the plan says."""
    fetch = [raw_key(s) for s in selected_sources(catalog, select)] if select else None
    with run_lock(warehouse.root):
        instance = dagster_instance(warehouse.root)
        release_slots_of_dead_runs(instance)  # a killed run must not block the pool forever
        execute_job(defs, RAW_JOB, instance, fetch)
        plan = plan_build(warehouse, catalog, force=force)
        fingerprint = plan.inputs.fingerprint
        if plan.up_to_date:
            tables = plan.served.tables if plan.served else {}
            return RunOutcome("up_to_date", fingerprint, tables, reason=plan.reason)
        selection = None if plan.starts_at is None else plan.build_keys(defs, catalog)
        result = execute_build(defs, warehouse, instance, selection, plan.inputs.code)
        record = read_record(warehouse.serve_db)
        if record is None or record.fingerprint != fingerprint:
            raise RunFailedError("the build finished but the served warehouse was not replaced")
        rebuilt = sorted(
            {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
        )
        return RunOutcome("published", fingerprint, record.tables, rebuilt, plan.reason)
