"""The one build planner of ``ironriver run``, ``run --select``, the per-source jobs and
their schedules and sensors.

Given the catalog, the warehouse and what the served warehouse was built from, it
fingerprints what a build made now would be made of (the project code and every stored
raw file, see :mod:`orchestration.automation.fingerprint`) and decides: either "up to date" (the
served warehouse is that build) or the assets to build, with the reason.

What is built when something changed:

* everything, when nothing was published yet, when the run is forced, when the project
  code changed, or when the build file is gone or unreadable (a partial build needs the
  rest to be there);
* otherwise the landing tables of the sources whose raw bytes changed (or that a schedule
  or sensor is about to fetch anew), the dbt models whose own code changed (their SQL,
  YAML, tests or the macros they call; see :mod:`orchestration.automation.fingerprint`), and
  everything downstream of them, the publish last.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
from dagster import AssetKey, AssetSelection, Definitions

from orchestration.automation.fingerprint import BuildInputs
from orchestration.catalog.registry import Source
from orchestration.ingest.assets import landing_key, raw_key
from orchestration.publish.asset import current_inputs
from orchestration.publish.swap import PublishRecord, read_record
from orchestration.resources import WarehouseConfig

UP_TO_DATE = "up to date: nothing changed upstream"
"""The one reason a run, a schedule tick or a sensor tick gives for building nothing."""


class UnknownSourceError(ValueError):
    """A selected name is not in the catalog."""


def selected_sources(catalog: Sequence[Source], names: Sequence[str]) -> list[Source]:
    known = {source.name: source for source in catalog}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UnknownSourceError(
            f"unknown source(s) {', '.join(map(repr, unknown))}; known: {', '.join(known)}"
        )
    return [known[name] for name in dict.fromkeys(names)]


@dataclass(frozen=True)
class Plan:
    inputs: BuildInputs
    """What the build is made of; its fingerprint is what the publish records."""
    served: PublishRecord | None
    reason: str
    up_to_date: bool
    starts_at: tuple[AssetKey, ...] | None
    """Where a partial build starts (changed sources' landing tables, changed dbt nodes);
    everything downstream of them is built too. None: build everything."""

    def build_selection(self, catalog: Sequence[Source]) -> AssetSelection:
        """What the build job builds (checks included), the raw fetch excluded."""
        if self.up_to_date:
            return AssetSelection.assets()
        if self.starts_at is None:
            return AssetSelection.all() - AssetSelection.assets(*map(raw_key, catalog))
        return AssetSelection.assets(*self.starts_at).downstream()

    def build_keys(self, defs: Definitions, catalog: Sequence[Source]) -> list[AssetKey]:
        keys = self.build_selection(catalog).resolve(defs.resolve_asset_graph())
        return sorted(keys, key=AssetKey.to_user_string)


def _readable(warehouse: WarehouseConfig) -> bool:
    """The build file exists and DuckDB opens it (the dbt step discards one it cannot)."""
    if not warehouse.build_db.exists():
        return False
    try:
        duckdb.connect(str(warehouse.build_db)).close()  # as the dbt step opens it
    except duckdb.Error:
        return False
    return True


def plan_build(
    warehouse: WarehouseConfig,
    catalog: Sequence[Source],
    *,
    fetching: Iterable[str] = (),
    force: bool = False,
) -> Plan:
    """Plan a build from the raw store as it is now, against the served warehouse.

    ``fetching``: sources whose raw files the run is about to fetch anew (a schedule or
    sensor plans before its run downloads); they count as changed.
    """
    inputs = current_inputs(warehouse, catalog)
    served = read_record(warehouse.serve_db)
    fetching = sorted(set(fetching))

    def everything(reason: str) -> Plan:
        return Plan(inputs, served, reason, up_to_date=False, starts_at=None)

    if force:
        return everything("forced: build everything")
    if served is None:
        return everything("nothing published yet: build everything")
    if served.fingerprint == inputs.fingerprint and not fetching:
        return Plan(inputs, served, UP_TO_DATE, up_to_date=True, starts_at=())
    changes = inputs.changes(
        served.code_fingerprint,
        served.source_fingerprints,
        served.shared_code_fingerprint,
        served.node_fingerprints,
    )
    if changes is None:
        return everything("the project code changed: build everything")
    if not _readable(warehouse):
        return everything("the build file is missing or unreadable: build everything")
    changed = sorted({*changes.sources, *fetching})
    starts = [landing_key(t) for s in catalog if s.name in changed for t in s.tables]
    starts += [AssetKey.from_user_string(node) for node in changes.nodes]
    what = [f"new raw data from {', '.join(changed)}"] if changed else []
    what += [f"changed models {', '.join(changes.nodes)}"] if changes.nodes else []
    reason = f"{'; '.join(what)}: build what depends on it"
    return Plan(inputs, served, reason, up_to_date=False, starts_at=tuple(starts))
