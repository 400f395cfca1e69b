"""The dbt project as Dagster assets: each model, seed and snapshot is its own asset."""

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetMaterialization,
    AssetsDefinition,
    DagsterLogManager,
    Output,
)
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from orchestration import progress
from orchestration.resources import WarehouseConfig
from orchestration.transform.parse_ahead import adopt_parse_ahead

DUCKDB_POOL = "duckdb_writer"
"""Every step that writes the build DuckDB file shares this pool: DuckDB has one writer."""


class IronriverTranslator(DagsterDbtTranslator):
    """Models are keyed ``[schema, name]`` (``marts/fct_drug_seizures``); sources use the
    ``meta.dagster.asset_key`` of their YAML, i.e. the landing assets."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] in {"model", "seed", "snapshot"}:
            return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] in {"model", "seed", "snapshot"}:
            return str(dbt_resource_props["schema"])
        return super().get_group_name(dbt_resource_props)


def translator() -> IronriverTranslator:
    return IronriverTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def discard_unreadable_build(build_db: Path, log: DagsterLogManager) -> None:
    """A build killed half-way may leave a file DuckDB cannot open: start afresh then.

    (A readable file is reused: dbt replaces every model it builds, and a selection of
    one source's models must keep the others.)
    """
    if not build_db.exists():
        return
    try:
        duckdb.connect(str(build_db)).close()
    except duckdb.Error as exc:
        log.warning(f"discarding unreadable build file {build_db}: {exc}")
        build_db.unlink()
        build_db.with_name(build_db.name + ".wal").unlink(missing_ok=True)


def build_dbt_assets(project: DbtProject) -> AssetsDefinition:
    """The dbt build step."""

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=translator(),
        name="warehouse_dbt",
        pool=DUCKDB_POOL,
    )
    def warehouse_dbt(
        context: AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseConfig,
    ) -> Iterator[Any]:
        warehouse.build_dir.mkdir(parents=True, exist_ok=True)
        discard_unreadable_build(warehouse.build_db, context.log)
        if adopt_parse_ahead(warehouse.dbt_target_dir):
            context.log.info("dbt: adopted the parse made beside landing")
        # dbt reads its paths from the environment (profiles.yml, sources YAML); the dbt
        # CLI subprocess inherits this process's environment.
        os.environ.update(warehouse.dbt_env())
        invocation = dbt.cli(["build"], context=context, target_path=warehouse.dbt_target_dir)
        yield from _reporting_progress(invocation.stream(), len(context.selected_asset_keys))

    return warehouse_dbt


def _reporting_progress(events: Iterator[Any], total: int) -> Iterator[Any]:
    """Pass dbt's events through, telling the progress reporter each finished model."""
    reporter = progress.current()
    reporter.models_started(total)
    try:
        for event in events:
            if isinstance(event, Output | AssetMaterialization):
                key = event.asset_key if isinstance(event, AssetMaterialization) else None
                name = key.path[-1] if key is not None else event.output_name
                reporter.model_finished(name, ok=True)
            yield event
    finally:
        reporter.models_finished()
