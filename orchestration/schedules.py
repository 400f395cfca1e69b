"""Per-source jobs, schedules and new-release sensors.

* ``refresh_<source>`` job: the source's raw and landing assets and everything downstream
  of them (the release table, the dbt models that read them, the served warehouse) with
  their checks. dbt and publishing share the ``duckdb_writer`` pool, so two runs never
  write DuckDB at once.
* ``refresh_<source>_schedule``: runs that job at the publisher's cadence
  (``Source.refresh_cron``, else :data:`DEFAULT_CRON` for its cadence), the backstop.
* ``<source>_new_release`` sensor: probes every release's location cheaply
  (:mod:`orchestration.ingest.probe`: stat or HEAD, no download) and requests a run of the
  job when one differs from the raw manifest; otherwise it skips with the reason.

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
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    define_asset_job,
    sensor,
)

from orchestration.assets.ingest import landing_key, raw_key
from orchestration.ingest.probe import Probe, Remembered, probe_release
from orchestration.ingest.raw import RawStore
from orchestration.resources import WarehouseConfig
from orchestration.sources import Source

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


def refresh_cron(source: Source) -> str:
    return source.refresh_cron or DEFAULT_CRON.get(source.cadence, DEFAULT_CRON["irregular"])


def source_job_name(source: Source) -> str:
    return f"refresh_{source.name}"


def source_selection(source: Source) -> AssetSelection:
    """The source's raw and landing assets and everything downstream, checks included."""
    keys = [raw_key(source), *(landing_key(table) for table in source.tables)]
    return AssetSelection.assets(*keys).downstream()


def _automation_on() -> bool:
    return os.environ.get(AUTOMATION_ENV, "").lower() in {"on", "1", "true", "yes"}


def build_source_jobs(catalog: Sequence[Source]) -> list[AssetJob]:
    return [
        define_asset_job(
            source_job_name(source),
            selection=source_selection(source),
            description=f"Fetch {source.title} ({source.publisher}), land it, rebuild what "
            "depends on it and publish the warehouse.",
            tags={SOURCE_TAG: source.name},
        )
        for source in catalog
    ]


def build_schedules(catalog: Sequence[Source]) -> list[ScheduleDefinition]:
    status = DefaultScheduleStatus.RUNNING if _automation_on() else DefaultScheduleStatus.STOPPED
    return [
        ScheduleDefinition(
            name=f"{source_job_name(source)}_schedule",
            job_name=source_job_name(source),
            cron_schedule=refresh_cron(source),
            execution_timezone=TIMEZONE,
            default_status=status,
            description=f"{source.publisher} publishes {source.cadence}: refresh {source.name}.",
            tags={TRIGGER_TAG: "schedule", SOURCE_TAG: source.name},
        )
        for source in catalog
    ]


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


def evaluate_source(source: Source, probes: Sequence[Probe]) -> RunRequest | SkipReason:
    changed = [p for p in probes if p.status == "changed"]
    if not changed:
        counts: dict[str, int] = {}
        for probe in probes:
            counts[probe.status] = counts.get(probe.status, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        return SkipReason(f"{source.name}: nothing new upstream ({summary or 'no releases'})")
    digest = hashlib.sha256()
    for probe in sorted(changed, key=lambda p: p.file_name):
        digest.update(f"{probe.file_name}={probe.signature}\n".encode())
    return RunRequest(
        run_key=f"{source.name}:{digest.hexdigest()[:20]}",
        tags={
            TRIGGER_TAG: "new_release",
            SOURCE_TAG: source.name,
            "ironriver/changed": ", ".join(p.file_name for p in changed)[:500],
        },
    )


def build_release_sensor(source: Source) -> SensorDefinition:
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
        outcome = evaluate_source(source, probes)
        cursor = write_cursor(probes)
        if isinstance(outcome, SkipReason):
            return SensorResult(skip_reason=outcome, cursor=cursor)
        return SensorResult(run_requests=[outcome], cursor=cursor)

    return _sensor


def build_release_sensors(catalog: Sequence[Source]) -> list[SensorDefinition]:
    return [build_release_sensor(source) for source in catalog]
