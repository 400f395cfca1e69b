"""Per-source jobs, schedules and new-release sensors, planned as ``ironriver run`` plans.

* ``refresh_<source>`` job: the source's raw asset (the fetch) and every asset of the
  build (landing, the release table, the dbt models, the served warehouse) with their
  checks. A run of it requested by a schedule or a sensor selects what the planner
  (:func:`orchestration.automation.plan.plan_build`) says: the source's fetch, its landing
  tables and what depends on them, or everything when the code changed or nothing was published yet.
  dbt and publishing share the ``duckdb_writer`` pool, so two runs never write DuckDB at
  once.
* ``refresh_<source>_schedule``: the backstop at the publisher's cadence
  (``Source.refresh_cron``, else :data:`DEFAULT_CRON` for its cadence). A tick probes the
  source (no download); with nothing new and the served warehouse current it skips with the
  planner's "up to date" reason, as ``ironriver run`` does; otherwise it requests the run.
  A location that cannot be compared (``unknown``) is fetched: the schedule is the backstop.
* ``<source>_new_release`` sensor: probes every release's location cheaply
  (:mod:`orchestration.ingest.probe`: stat or HEAD, no download) and requests the planned
  run when one differs from the raw manifest; otherwise it skips with the reason.

Schedules and sensors start stopped, as Dagster's are by default; turn them on in the UI
(Automation) or start Dagster with ``IRONRIVER_AUTOMATION=on`` to have them running.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    define_asset_job,
    schedule,
    sensor,
)

from orchestration.automation.plan import Plan, plan_build
from orchestration.catalog.registry import Source
from orchestration.ingest.assets import raw_key
from orchestration.ingest.probe import Probe, Remembered, probe_release
from orchestration.ingest.raw import RawStore
from orchestration.publish.asset import CODE_FINGERPRINT_TAG
from orchestration.resources import WarehouseConfig

if TYPE_CHECKING:
    from orchestration._compat import AssetJob

DEFAULT_CRON: dict[str, str] = {
    # After the mid-month releases (CDC VSRR, CBP, BTS) and SESNSP's (around the 20th).
    "monthly": "0 6 21 * *",
    # Mid-January: after the autumn/December releases (ATF, INEGI, Census, CONAPO).
    "yearly": "0 6 15 1 *",
    "irregular": "0 6 * * 1",
}
TIMEZONE = "UTC"
SENSOR_INTERVAL_S: dict[str, int] = {"monthly": 6 * 3600, "yearly": 24 * 3600}
AUTOMATION_ENV = "IRONRIVER_AUTOMATION"
TRIGGER_TAG = "ironriver/trigger"
SOURCE_TAG = "ironriver/source"
PLAN_TAG = "ironriver/plan"
"""Run tag: why the planner requested the run (what it builds)."""


def refresh_cron(source: Source) -> str:
    return source.refresh_cron or DEFAULT_CRON.get(source.cadence, DEFAULT_CRON["irregular"])


def source_job_name(source: Source) -> str:
    return f"refresh_{source.name}"


def source_selection(source: Source, catalog: Sequence[Source]) -> AssetSelection:
    """The source's fetch and the whole build (checks included): a planned run selects
    the part of it that needs building."""
    others = [raw_key(other) for other in catalog if other.name != source.name]
    return AssetSelection.all() - AssetSelection.assets(*others)


def _automation_on() -> bool:
    return os.environ.get(AUTOMATION_ENV, "").lower() in {"on", "1", "true", "yes"}


def build_source_jobs(catalog: Sequence[Source]) -> list[AssetJob]:
    return [
        define_asset_job(
            source_job_name(source),
            selection=source_selection(source, catalog),
            description=f"Fetch {source.title} ({source.publisher}), build what the planner "
            "says (its landing tables and what depends on them, or everything when the code "
            "changed) and publish the warehouse.",
            tags={SOURCE_TAG: source.name},
        )
        for source in catalog
    ]


def build_schedule(source: Source, catalog: Sequence[Source]) -> ScheduleDefinition:
    status = DefaultScheduleStatus.RUNNING if _automation_on() else DefaultScheduleStatus.STOPPED

    @schedule(
        name=f"{source_job_name(source)}_schedule",
        job_name=source_job_name(source),
        cron_schedule=refresh_cron(source),
        execution_timezone=TIMEZONE,
        default_status=status,
        description=f"{source.publisher} publishes {source.cadence}: refresh {source.name} "
        "unless the warehouse is up to date.",
        tags={TRIGGER_TAG: "schedule", SOURCE_TAG: source.name},
    )
    def _schedule(
        context: ScheduleEvaluationContext, warehouse: WarehouseConfig
    ) -> RunRequest | SkipReason:
        plan = plan_build(warehouse, catalog)
        if not plan.up_to_date:  # the served warehouse is behind the raw store or the code
            return planned_run(source, catalog, plan, context, "schedule")
        probes = probe_source(source, warehouse)
        if not [p for p in probes if p.status in {"changed", "unknown"}]:
            return SkipReason(f"{source.name}: {plan.reason} ({_summary(probes)})")
        plan = plan_build(warehouse, catalog, fetching=[source.name])
        return planned_run(source, catalog, plan, context, "schedule")

    return _schedule


def build_schedules(catalog: Sequence[Source]) -> list[ScheduleDefinition]:
    return [build_schedule(source, catalog) for source in catalog]


def planned_run(
    source: Source,
    catalog: Sequence[Source],
    plan: Plan,
    context: ScheduleEvaluationContext | SensorEvaluationContext,
    trigger: str,
    run_key: str | None = None,
    tags: dict[str, str] | None = None,
) -> RunRequest:
    """A run of the source's job on the planned assets, tagged with the planner's reason;
    its publish refuses if the project code changes before it (the code fingerprint tag)."""
    selection = None  # everything: the job's own selection
    if plan.starts_at is not None:
        graph = context.repository_def.asset_graph
        build = plan.build_selection(catalog).resolve(graph)
        selection = sorted({raw_key(source), *build}, key=lambda k: k.to_user_string())
    return RunRequest(
        run_key=run_key,
        asset_selection=selection,
        tags={
            TRIGGER_TAG: trigger,
            SOURCE_TAG: source.name,
            CODE_FINGERPRINT_TAG: plan.inputs.code,
            PLAN_TAG: plan.reason[:500],
            **(tags or {}),
        },
    )


# --------------------------------------------------------------------------- sensors


def read_cursor(cursor: str | None) -> dict[str, Remembered]:
    if not cursor:
        return {}
    try:
        data = json.loads(cursor)
    except json.JSONDecodeError:
        return {}
    return {
        name: Remembered(seen.get("signature"), seen.get("sha256"))
        for name, seen in data.items()
        if isinstance(seen, dict)
    }


def write_cursor(probes: Sequence[Probe]) -> str:
    return json.dumps(
        {
            p.file_name: {"signature": p.signature, "sha256": p.sha256}
            for p in probes
            if p.signature is not None
        },
        sort_keys=True,
    )


def probe_source(
    source: Source, warehouse: WarehouseConfig, cursor: str | None = None
) -> list[Probe]:
    """Probe every release of ``source`` at the place the warehouse fetches from."""
    store = RawStore(warehouse.root)
    config = warehouse.download_config()
    remembered = read_cursor(cursor)
    return [
        probe_release(store, source, release, config, remembered.get(release.file_name))
        for release in source.releases
    ]


def _summary(probes: Sequence[Probe]) -> str:
    counts: dict[str, int] = {}
    for probe in probes:
        counts[probe.status] = counts.get(probe.status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no releases"


def evaluate_source(
    source: Source,
    probes: Sequence[Probe],
    warehouse: WarehouseConfig,
    catalog: Sequence[Source],
    context: SensorEvaluationContext,
) -> RunRequest | SkipReason:
    changed = [p for p in probes if p.status == "changed"]
    if not changed:
        return SkipReason(f"{source.name}: nothing new upstream ({_summary(probes)})")
    digest = hashlib.sha256()
    for probe in sorted(changed, key=lambda p: p.file_name):
        digest.update(f"{probe.file_name}={probe.signature}\n".encode())
    plan = plan_build(warehouse, catalog, fetching=[source.name])
    return planned_run(
        source,
        catalog,
        plan,
        context,
        "new_release",
        run_key=f"{source.name}:{digest.hexdigest()[:20]}",
        tags={"ironriver/changed": ", ".join(p.file_name for p in changed)[:500]},
    )


def build_release_sensor(
    source: Source, catalog: Sequence[Source] | None = None
) -> SensorDefinition:
    """The sensor of ``source``; ``catalog``: every source the warehouse is built from (the
    planner fingerprints them all), ``[source]`` when not given."""
    catalog = catalog or [source]
    status = DefaultSensorStatus.RUNNING if _automation_on() else DefaultSensorStatus.STOPPED

    @sensor(
        name=f"{source.name}_new_release",
        job_name=source_job_name(source),
        minimum_interval_seconds=SENSOR_INTERVAL_S.get(source.cadence, 24 * 3600),
        default_status=status,
        description=f"Requests {source_job_name(source)} when a release of {source.name} "
        "changed upstream (ETag / Last-Modified / size / sha256 vs the raw manifest).",
    )
    def _sensor(context: SensorEvaluationContext, warehouse: WarehouseConfig) -> SensorResult:
        probes = probe_source(source, warehouse, context.cursor)
        for probe in probes:
            if probe.status in {"changed", "unknown", "missing"}:
                context.log.info(f"{probe.file_name}: {probe.status} ({probe.reason})")
        outcome = evaluate_source(source, probes, warehouse, catalog, context)
        cursor = write_cursor(probes)
        if isinstance(outcome, SkipReason):
            return SensorResult(skip_reason=outcome, cursor=cursor)
        return SensorResult(run_requests=[outcome], cursor=cursor)

    return _sensor


def build_release_sensors(catalog: Sequence[Source]) -> list[SensorDefinition]:
    return [build_release_sensor(source, catalog) for source in catalog]
