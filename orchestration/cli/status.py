"""What ``ironriver status`` reports, per source, from what is on disk.

* raw manifests (``raw/<source>/manifest.jsonl``): newest vintage, files stored, last fetch;
* landing indexes (``landing/<table>/_landed.json``): rows landed;
* the publish record (``serve/publish.json``): when the served file was published;
* the Dagster instance (``<data_dir>/dagster``): when the source was last refreshed and the
  latest result of every check on its raw and landing assets;
* freshness (:mod:`orchestration.quality.freshness`): publisher and pipeline freshness.

Nothing here writes: a data dir without a Dagster instance is reported as never run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from orchestration.catalog.registry import Source
from orchestration.ingest.assets import current_rows, landing_key, raw_key
from orchestration.ingest.raw import RawStore
from orchestration.landing.store import read_index
from orchestration.publish.swap import PublishRecord, read_record
from orchestration.quality.freshness import (
    PublisherFreshness,
    cadence_interval,
    grace,
    publisher_freshness,
)
from orchestration.resources import WarehouseConfig


@dataclass(frozen=True)
class CheckResult:
    name: str
    """``<asset>:<check>``."""
    passed: bool
    severity: str
    description: str | None = None


@dataclass
class SourceStatus:
    name: str
    cadence: str
    files: int = 0
    last_vintage: str | None = None
    last_fetched_at: str | None = None
    rows_landed: int = 0
    last_refreshed: datetime | None = None
    """When the source's raw asset last materialized (from the Dagster instance)."""
    checks: list[CheckResult] = field(default_factory=list)
    publisher: PublisherFreshness | None = None
    refresh_warn_days: int = 0
    refresh_fail_days: int = 0

    @property
    def checks_summary(self) -> str:
        if not self.checks:
            return "never run"
        failed = [c for c in self.checks if not c.passed]
        if not failed:
            return f"{len(self.checks)} passed"
        names = ", ".join(f"{c.name} ({c.severity})" for c in failed)
        return f"{len(self.checks) - len(failed)} passed, {len(failed)} failed: {names}"

    @property
    def pipeline_freshness(self) -> str:
        """Last update of the source's assets against its freshness policy window."""
        if self.last_refreshed is None:
            return "never refreshed"
        age = (datetime.now(UTC) - self.last_refreshed).days
        if age >= self.refresh_fail_days:
            state = "FAIL"
        elif age >= self.refresh_warn_days:
            state = "WARN"
        else:
            state = "PASS"
        return f"{state}: refreshed {age} days ago"


@dataclass
class WarehouseStatus:
    data_dir: Path
    sources: list[SourceStatus]
    publish: PublishRecord | None


def _dagster_instance(data_dir: Path):  # -> DagsterInstance | None
    if not (WarehouseConfig(data_dir=str(data_dir)).dagster_dir / "dagster.yaml").is_file():
        return None
    from orchestration.automation.runner import (
        dagster_instance,  # its config names the dir: a moved one
    )

    return dagster_instance(data_dir)


def _check_results(instance, source: Source) -> list[CheckResult]:
    from dagster import AssetCheckKey

    from orchestration._compat import CheckExecutionStatus

    assets = [raw_key(source), *(landing_key(table) for table in source.tables)]
    keys = [
        AssetCheckKey(asset, name)
        for asset in assets
        for name in ("checksums_match_manifest", "publisher_freshness", "gx_suite")
    ]
    latest = instance.event_log_storage.get_latest_asset_check_execution_by_key(keys)
    results = []
    for key in keys:
        record = latest.get(key)
        if record is None or record.status == CheckExecutionStatus.PLANNED:
            continue
        evaluation = record.event.dagster_event.event_specific_data if record.event else None
        severity = getattr(getattr(evaluation, "severity", None), "value", "ERROR")
        results.append(
            CheckResult(
                name=f"{key.asset_key.to_user_string()}:{key.name}",
                passed=record.status == CheckExecutionStatus.SUCCEEDED,
                severity=severity,
                description=getattr(evaluation, "description", None),
            )
        )
    return results


def collect_status(
    warehouse: WarehouseConfig, catalog: Sequence[Source], today: date | None = None
) -> WarehouseStatus:
    store = RawStore(warehouse.root)
    instance = _dagster_instance(warehouse.root)
    statuses = []
    try:
        for source in catalog:
            rows = current_rows(store, source)
            status = SourceStatus(
                name=source.name,
                cadence=source.cadence,
                files=len(rows),
                last_vintage=max((r.vintage for r in rows), default=None),
                last_fetched_at=max((r.fetched_at for r in rows), default=None),
                publisher=publisher_freshness(source, rows, today),
                refresh_warn_days=cadence_interval(source).days,
                refresh_fail_days=(cadence_interval(source) + grace(source)).days,
            )
            for table in source.tables:
                entries = read_index(warehouse.landing_table_dir(table)).values()
                status.rows_landed += sum(entry.rows for entry in entries)
            if instance is not None:
                event = instance.get_latest_materialization_event(raw_key(source))
                if event is not None:
                    status.last_refreshed = datetime.fromtimestamp(event.timestamp, UTC)
                status.checks = _check_results(instance, source)
            statuses.append(status)
    finally:
        if instance is not None:
            instance.dispose()
    return WarehouseStatus(warehouse.root, statuses, read_record(warehouse.serve_db))
