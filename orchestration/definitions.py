"""The Dagster code location: every asset, check, job and resource of ironriver.

``defs`` is loaded lazily (``@definitions``): Dagster's tools call it when they load the
code location, so importing this module stays cheap (no dbt, no ``dbt parse``).
"""

from __future__ import annotations

from collections.abc import Sequence

from dagster import (
    AssetsDefinition,
    AssetSelection,
    Definitions,
    apply_freshness_policy,
    define_asset_job,
    definitions,
    in_process_executor,
)

from orchestration.automation.schedules import (
    build_release_sensors,
    build_schedules,
    build_source_jobs,
)
from orchestration.catalog.registry import CATALOG, Source
from orchestration.ingest.assets import (
    RELEASES_TABLE,
    build_ingest_assets,
    landing_key,
    raw_key,
)
from orchestration.publish.asset import SERVED_KEY, build_publish_asset
from orchestration.publish.swap import SERVED_SCHEMAS
from orchestration.quality.asset_checks import build_quality_checks
from orchestration.quality.freshness import (
    build_publisher_freshness_check,
    pipeline_freshness_policy,
)
from orchestration.resources import (
    WarehouseConfig,
    default_data_dir,
    default_keep_published,
    default_mirror,
)

RAW_JOB = "ingest_raw"
BUILD_JOB = "build_and_publish"


def default_warehouse() -> WarehouseConfig:
    return WarehouseConfig(
        data_dir=default_data_dir(),
        mirror=default_mirror(),
        keep_published=default_keep_published(),
    )


def with_freshness_policies(
    assets: Sequence[AssetsDefinition], catalog: Sequence[Source]
) -> list[AssetsDefinition]:
    """Attach each source's pipeline freshness policy to its raw and landing assets."""
    policies = {
        key: pipeline_freshness_policy(source)
        for source in catalog
        for key in (raw_key(source), *(landing_key(t) for t in source.tables))
    }
    return [
        asset.map_asset_specs(
            lambda spec: (
                apply_freshness_policy(spec, policies[spec.key]) if spec.key in policies else spec
            )
        )
        for asset in assets
    ]


def build_definitions(
    catalog: Sequence[Source] = CATALOG, warehouse: WarehouseConfig | None = None
) -> Definitions:
    # dbt and dagster-dbt cost seconds to import: only when definitions are built
    from orchestration.transform.assets import build_dbt_assets
    from orchestration.transform.project import dbt_resource, ensure_manifest, ironriver_dbt_project

    project = ironriver_dbt_project()
    ensure_manifest(project)
    dbt = build_dbt_assets(project)
    served_keys = sorted((k for k in dbt.keys if k.path[0] in SERVED_SCHEMAS), key=str)
    landing_keys = [(source, landing_key(t)) for source in catalog for t in source.tables]
    raw_keys = [(source, raw_key(source)) for source in catalog]
    publish = build_publish_asset(catalog, served_keys)
    raw_selection = AssetSelection.assets(*(key for _, key in raw_keys))
    return Definitions(
        assets=[
            *with_freshness_policies(build_ingest_assets(catalog), catalog),
            dbt,
            publish,
        ],
        asset_checks=[
            *build_quality_checks(
                raw_keys, landing_keys, landing_key(RELEASES_TABLE), served_keys, SERVED_KEY
            ),
            *(build_publisher_freshness_check(source, key) for source, key in raw_keys),
        ],
        jobs=[
            define_asset_job(RAW_JOB, selection=raw_selection),
            define_asset_job(BUILD_JOB, selection=AssetSelection.all() - raw_selection),
            *build_source_jobs(catalog),
        ],
        schedules=build_schedules(catalog),
        sensors=build_release_sensors(catalog),
        resources={
            "warehouse": warehouse or default_warehouse(),
            "dbt": dbt_resource(project),
        },
        executor=in_process_executor,
    )


@definitions
def defs() -> Definitions:
    """The code location ``dagster dev`` loads (pyproject ``[tool.dagster]``)."""
    return build_definitions()
