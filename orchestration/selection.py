"""``ironriver run --select SOURCE``: refresh some sources, rebuild everything, publish.

The same two steps as :func:`orchestration.runner.run_pipeline`, on a subset: the
``ingest_raw`` job for the selected sources' raw assets only, then ``build_and_publish``
for their landing tables plus everything that is not another source's raw or landing
asset (the release table, every dbt model, the publish). The other sources' landing
Parquet is used as it is, so they must have been landed by an earlier run.
"""

from __future__ import annotations

from collections.abc import Sequence

from dagster import AssetKey, Definitions

from orchestration.assets.ingest import landing_key, raw_key
from orchestration.assets.publish import current_inputs
from orchestration.concurrency import release_slots_of_dead_runs
from orchestration.definitions import RAW_JOB
from orchestration.publishing import read_record
from orchestration.resources import WarehouseConfig
from orchestration.runner import (
    RunFailedError,
    RunOutcome,
    dagster_instance,
    execute_build,
    execute_job,
    run_lock,
)
from orchestration.sources import Source


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


def selection_keys(
    defs: Definitions, catalog: Sequence[Source], chosen: Sequence[Source]
) -> tuple[list[AssetKey], list[AssetKey]]:
    """(raw keys to fetch, keys to build and publish) for the chosen sources."""
    names = {source.name for source in chosen}
    all_raw = {raw_key(source) for source in catalog}
    others = [source for source in catalog if source.name not in names]
    others_landing = {landing_key(table) for source in others for table in source.tables}
    graph = defs.resolve_asset_graph()
    build = sorted(
        (k for k in graph.materializable_asset_keys if k not in all_raw | others_landing),
        key=lambda k: k.to_user_string(),
    )
    return [raw_key(source) for source in chosen], build


def run_selected(
    defs: Definitions,
    warehouse: WarehouseConfig,
    catalog: Sequence[Source],
    names: Sequence[str],
    *,
    force: bool = False,
) -> RunOutcome:
    chosen = selected_sources(catalog, names)
    raw_keys, build_keys = selection_keys(defs, catalog, chosen)
    with run_lock(warehouse.root):
        instance = dagster_instance(warehouse.root)
        release_slots_of_dead_runs(instance)
        execute_job(defs, RAW_JOB, instance, raw_keys)
        inputs = current_inputs(warehouse, catalog)
        fingerprint = inputs.fingerprint
        served = read_record(warehouse.serve_db)
        if not force and served is not None and served.fingerprint == fingerprint:
            return RunOutcome("up_to_date", fingerprint, served.tables)
        execute_build(defs, warehouse, instance, build_keys, inputs.code)
        record = read_record(warehouse.serve_db)
        if record is None or record.fingerprint != fingerprint:
            raise RunFailedError("the build finished but the served warehouse was not replaced")
        return RunOutcome("published", fingerprint, record.tables)
