"""The publish asset: the served warehouse, replaced atomically after every check passed."""

import shutil
from collections.abc import Sequence

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    MaterializeResult,
    MetadataValue,
    asset,
)

from orchestration.automation.fingerprint import BuildInputs, build_inputs
from orchestration.catalog.registry import Source
from orchestration.ingest.raw import RawStore
from orchestration.landing.store import read_index
from orchestration.publish.docs_sites import build_sites, install_sites
from orchestration.publish.report import REPORT_FILE
from orchestration.publish.swap import DOCS_SITE, QUALITY_SITE, REPORT_SITE, publish
from orchestration.resources import PROJECT_DIR, WarehouseConfig
from orchestration.transform.project import manifest_path

SERVED_KEY = AssetKey(["serve", "warehouse"])
CODE_FINGERPRINT_TAG = "ironriver/code_fingerprint"
"""Run tag: the project code fingerprint the run started with (``ironriver run`` sets it)."""


class CodeChangedError(RuntimeError):
    """The project's code changed between the start of the run and its publish."""


def current_inputs(warehouse: WarehouseConfig, catalog: Sequence[Source]) -> BuildInputs:
    """What a build made now would be made of: the project code and every stored raw file."""
    store = RawStore(warehouse.root)
    rows = {source.name: store.rows(source.name) for source in catalog}
    return build_inputs(rows, PROJECT_DIR, manifest_path(PROJECT_DIR))


def build_publish_asset(
    catalog: Sequence[Source], upstream: Sequence[AssetKey]
) -> AssetsDefinition:
    @asset(
        key=SERVED_KEY,
        deps=list(upstream),
        group_name="serve",
        kinds={"duckdb"},
        pool="duckdb_writer",
        description="data/serve/warehouse.duckdb: the file readers and BI tools open. "
        "Replaced atomically, only after every model, dbt test and blocking check passed; "
        "with it serve/docs (dbt docs), serve/quality (GX Data Docs) and serve/report "
        "(the charts of the analysis marts).",
    )
    def served_warehouse(
        context: AssetExecutionContext, warehouse: WarehouseConfig
    ) -> MaterializeResult:
        inputs = current_inputs(warehouse, catalog)
        started_with = context.run.tags.get(CODE_FINGERPRINT_TAG)
        if started_with is not None and started_with != inputs.code:
            # what was built may mix both versions: publishing it as either would let the
            # next run call a stale warehouse up to date
            raise CodeChangedError(
                "the project's code (models, suites or orchestration) changed while this run "
                "was going; nothing was published: run again"
            )
        landing_rows = {
            table: sum(e.rows for e in read_index(warehouse.landing_table_dir(table)).values())
            for source in catalog
            for table in source.tables
        }
        # Docs are built before the swap: a docs failure fails the publish and changes nothing.
        sites = build_sites(warehouse)
        try:
            record = publish(
                warehouse.build_db,
                warehouse.serve_db,
                fingerprint=inputs.fingerprint,
                keep=warehouse.keep_published,
                landing_rows=landing_rows,
                code_fingerprint=inputs.code,
                source_fingerprints=inputs.sources,
                shared_code_fingerprint=inputs.shared,
                node_fingerprints=inputs.nodes,
            )
        except BaseException:
            shutil.rmtree(sites, ignore_errors=True)
            raise
        install_sites(sites, warehouse.serve_dir)
        context.log.info(f"published {warehouse.serve_db} ({len(record.tables)} tables)")
        return MaterializeResult(
            metadata={
                "path": MetadataValue.path(str(warehouse.serve_db)),
                "fingerprint": inputs.fingerprint,
                "tables": MetadataValue.json(record.tables),
                "dbt_docs": MetadataValue.path(str(warehouse.site_dir(DOCS_SITE) / "index.html")),
                "quality_docs": MetadataValue.path(
                    str(warehouse.site_dir(QUALITY_SITE) / "index.html")
                ),
                "report": MetadataValue.path(str(warehouse.site_dir(REPORT_SITE) / REPORT_FILE)),
            }
        )

    return served_warehouse
