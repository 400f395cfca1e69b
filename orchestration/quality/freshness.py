"""Freshness: is each source as current as its publisher's cadence says it should be?

Two signals, both shown in the Dagster UI and by ``ironriver status``:

* **Pipeline freshness** (a Dagster :class:`~dagster.FreshnessPolicy` on every raw and
  landing asset of a source): based on the *last update* of the asset, i.e. when ironriver
  last fetched and landed the source. The per-source schedule refreshes it once per
  cadence interval, so the policy warns after one interval and fails after one interval
  plus a grace period. Dagster's daemon (``make dev`` runs it) evaluates it.
* **Publisher freshness** (the non-blocking asset check ``raw/<source>:publisher_freshness``):
  based on the *newest release* ironriver holds, i.e. the newest vintage in the raw
  manifest (a release's date; for a live file its Last-Modified date). A publisher that
  releases every cadence interval is overdue when no release newer than one interval plus
  grace exists. The newest *data period* that release covers is estimated as its vintage
  minus ``Source.expected_lag_days`` (how long the publisher takes to release a period),
  and reported alongside (``data_through_estimate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dagster import (
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    FreshnessPolicy,
    asset_check,
)

from orchestration.catalog.registry import Source
from orchestration.ingest.raw import ManifestRow, RawStore
from orchestration.resources import WarehouseConfig

CADENCE_DAYS: dict[str, int] = {"monthly": 31, "yearly": 366, "irregular": 92}
"""How often a publisher of each cadence puts out a release, at most."""
GRACE_DAYS: dict[str, int] = {"monthly": 7, "yearly": 31, "irregular": 14}
"""How late a release may be before it counts as overdue."""
CHECK_NAME = "publisher_freshness"


def cadence_interval(source: Source) -> timedelta:
    return timedelta(days=CADENCE_DAYS.get(source.cadence, CADENCE_DAYS["irregular"]))


def grace(source: Source) -> timedelta:
    return timedelta(days=GRACE_DAYS.get(source.cadence, GRACE_DAYS["irregular"]))


def pipeline_freshness_policy(source: Source) -> FreshnessPolicy:
    """Warn when the source was not refreshed for one cadence interval, fail after grace."""
    interval = cadence_interval(source)
    return FreshnessPolicy.time_window(fail_window=interval + grace(source), warn_window=interval)


@dataclass(frozen=True)
class PublisherFreshness:
    source: str
    newest_vintage: date | None
    """Release date of the newest file held (None: nothing stored yet)."""
    due_by: date | None
    """When the release after it is due, grace included."""
    data_through_estimate: date | None
    """End of the newest data period, estimated as newest vintage minus the expected lag."""
    today: date

    @property
    def fresh(self) -> bool:
        return self.due_by is not None and self.today <= self.due_by

    @property
    def overdue_days(self) -> int:
        if self.due_by is None or self.fresh:
            return 0
        return (self.today - self.due_by).days

    def describe(self) -> str:
        if self.newest_vintage is None:
            return "no release stored yet"
        text = f"newest release {self.newest_vintage.isoformat()}"
        if self.fresh:
            return f"{text}; next due by {self.due_by.isoformat()}"  # type: ignore[union-attr]
        return f"{text}; a newer one was due by {self.due_by}: overdue {self.overdue_days} days"


def _vintage_date(row: ManifestRow) -> date | None:
    try:
        return date.fromisoformat(row.vintage)
    except ValueError:
        return None


def publisher_freshness(
    source: Source, rows: Sequence[ManifestRow], today: date | None = None
) -> PublisherFreshness:
    today = today or datetime.now(UTC).date()
    vintages = [d for d in map(_vintage_date, rows) if d is not None]
    if not vintages:
        return PublisherFreshness(source.name, None, None, None, today)
    newest = max(vintages)
    return PublisherFreshness(
        source=source.name,
        newest_vintage=newest,
        due_by=newest + cadence_interval(source) + grace(source),
        data_through_estimate=newest - timedelta(days=source.expected_lag_days),
        today=today,
    )


def build_publisher_freshness_check(source: Source, raw_key: AssetKey) -> AssetChecksDefinition:
    interval = cadence_interval(source).days

    @asset_check(
        asset=raw_key,
        name=CHECK_NAME,
        blocking=False,
        description=f"{source.publisher} releases {source.cadence} (about every {interval} "
        f"days, {source.expected_lag_days} days after a period ends): warns when the newest "
        "stored release is older than that plus grace.",
    )
    def _check(warehouse: WarehouseConfig) -> AssetCheckResult:
        report = publisher_freshness(source, RawStore(warehouse.root).rows(source.name))
        metadata: dict[str, str | int] = {
            "cadence": source.cadence,
            "expected_lag_days": source.expected_lag_days,
            "overdue_days": report.overdue_days,
        }
        for name in ("newest_vintage", "due_by", "data_through_estimate"):
            value = getattr(report, name)
            if value is not None:
                metadata[name] = value.isoformat()
        return AssetCheckResult(
            passed=report.fresh,
            severity=AssetCheckSeverity.WARN,
            description=report.describe(),
            metadata=metadata,
        )

    return _check
