"""The dbt project as Dagster assets: each model, seed and snapshot is its own asset."""

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
from dagster import (
    AssetCheckResult,
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
    DbtCliInvocation,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from orchestration import progress
from orchestration.resources import WarehouseConfig
from orchestration.sql import qualified
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


class DbtBuildFailedError(RuntimeError):
    """dbt build failed; the message names each failed node, and for a failed
    ``column_guards`` test each broken column with its rule and count of bad rows."""


GUARD_TEST = "column_guards"
"""The model-level test whose failure rows are kept (``store_failures``, see
tests/dbt/generic/column_guards.sql) and named in the run's error."""


def failure_summary(
    build_db: Path, run_results: Mapping[str, Any], manifest: Mapping[str, Any]
) -> str:
    """What failed in a dbt build, on one line: each failed or errored node (separated by
    `` | ``), and for a failed ``column_guards`` test its stored result rows
    (``column X: rule R, N bad rows``, separated by ``; ``)."""
    failed: list[tuple[str, str]] = []
    guards: dict[str, str] = {}
    for result in run_results.get("results", []):
        if result.get("status") not in {"fail", "error"}:
            continue
        node = manifest.get("nodes", {}).get(result["unique_id"], {})
        name = node.get("name") or result["unique_id"]
        message = " ".join((result.get("message") or "").split())
        failed.append(
            (name, f"dbt {result['status']}: {name}" + (f" ({message})" if message else ""))
        )
        if (
            result["status"] == "fail"
            and (node.get("test_metadata") or {}).get("name") == GUARD_TEST
        ):
            guards[name] = node.get("relation_name") or qualified(node["schema"], node["alias"])
    rows = _guard_failures(build_db, guards) if guards else {}
    parts = [
        text + (": " + "; ".join(rows[name]) if rows.get(name) else "") for name, text in failed
    ]
    return "dbt build failed: " + (" | ".join(parts) or "see the dbt log")


def build_failed(invocation: DbtCliInvocation, build_db: Path) -> DbtBuildFailedError:
    """The error of a failed ``dbt build`` invocation: its one-line summary (see
    :func:`failure_summary`), then dagster-dbt's own message."""
    original = str(invocation.get_error() or "")
    try:
        run_results = invocation.get_artifact("run_results.json")
        manifest = invocation.get_artifact("manifest.json")
    except (OSError, ValueError):  # dbt stopped before it ran a node (e.g. a parse error)
        return DbtBuildFailedError(original or "dbt build failed")
    return DbtBuildFailedError(
        "\n".join(filter(None, [failure_summary(build_db, run_results, manifest), original]))
    )


def _is_failed_guard(result: AssetCheckResult) -> bool:
    return not result.passed and (result.check_name or "").startswith(GUARD_TEST)


def _named_guard_failures(
    held: list[AssetCheckResult], invocation: DbtCliInvocation, build_db: Path
) -> Iterator[AssetCheckResult]:
    """The failed guards' check results, their description the guard's stored rows."""
    try:
        nodes = invocation.get_artifact("manifest.json").get("nodes", {})
    except (OSError, ValueError):
        nodes = {}
    relations = {
        node["name"]: node.get("relation_name") or qualified(node["schema"], node["alias"])
        for node in nodes.values()
        if (node.get("test_metadata") or {}).get("name") == GUARD_TEST
    }
    wanted = {r.check_name: relations[r.check_name] for r in held if r.check_name in relations}
    rows = _guard_failures(build_db, wanted) if wanted else {}
    for result in held:
        named = "; ".join(rows.get(result.check_name or "", []))
        yield AssetCheckResult(
            passed=result.passed,
            asset_key=result.asset_key,
            check_name=result.check_name,
            metadata=result.metadata,
            severity=result.severity,
            description=named or result.description,
        )


def _guard_failures(build_db: Path, guards: Mapping[str, str]) -> dict[str, list[str]]:
    """Each failed guard's stored rows, read from the build file after dbt exited."""
    found: dict[str, list[str]] = {}
    with duckdb.connect(str(build_db), read_only=True) as con:
        for name, relation in sorted(guards.items()):
            try:
                rows = con.execute(
                    f"select column_name, rule, failing_rows from {relation} "
                    "order by column_name, rule"
                ).fetchall()
            except duckdb.Error as exc:
                found[name] = [f"its failure rows could not be read ({exc})"]
                continue
            found[name] = [
                f"column {column}: rule {rule}, {int(count):,} bad rows"
                for column, rule, count in rows
            ]
    return found


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
        invocation = dbt.cli(
            ["build"], context=context, target_path=warehouse.dbt_target_dir, raise_on_error=False
        )
        held: list[AssetCheckResult] = []  # failed guards: named once dbt has exited
        for event in _reporting_progress(invocation.stream(), len(context.selected_asset_keys)):
            if isinstance(event, AssetCheckResult) and _is_failed_guard(event):
                held.append(event)
            else:
                yield event
        if held:
            yield from _named_guard_failures(held, invocation, warehouse.build_db)
        if not invocation.is_successful():
            raise build_failed(invocation, warehouse.build_db)

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
