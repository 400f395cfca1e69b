"""Raw and landing assets, one set per source in the catalog.

``raw/<source>``      fetches every release into the immutable raw store.
``landing/<table>``   parses the stored raw files of one table into typed Parquet.
``landing/ironriver__source_releases`` lands the raw manifests themselves, so the
warehouse can say where every figure came from.
"""

import hashlib
from collections.abc import Sequence
from datetime import date, datetime

import pyarrow as pa
import pyarrow.parquet as pq
from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    asset,
)

from orchestration.atomic import atomic_path
from orchestration.catalog.registry import Source
from orchestration.ingest.raw import ManifestRow, RawStore
from orchestration.landing.store import is_quarantined, land_table, read_index
from orchestration.resources import WarehouseConfig

RELEASES_TABLE = "ironriver__source_releases"


def raw_key(source: Source) -> AssetKey:
    return AssetKey(["raw", source.name])


def landing_key(table: str) -> AssetKey:
    return AssetKey(["landing", table])


def fingerprint(rows: Sequence[ManifestRow]) -> str:
    """A stable hash of which raw bytes a table or source is made of."""
    digest = hashlib.sha256()
    for key in sorted(f"{r.file_name}@{r.vintage}:{r.sha256}" for r in rows):
        digest.update(key.encode())
    return digest.hexdigest()[:16]


def current_rows(store: RawStore, source: Source, table: str | None = None) -> list[ManifestRow]:
    """One manifest row per (file, vintage) of the source, optionally of one table."""
    latest: dict[tuple[str, str], ManifestRow] = {}
    for row in store.rows(source.name):
        if table is None or row.table == table:
            latest[(row.file_name, row.vintage)] = row
    return [latest[k] for k in sorted(latest)]


def build_raw_asset(source: Source) -> AssetsDefinition:
    @asset(
        key=raw_key(source),
        group_name=source.name,
        kinds={"file"},
        description=f"{source.title} ({source.publisher}): every release, as downloaded. "
        f"Landing page: {source.landing_page}",
        metadata={"landing_page": MetadataValue.url(source.landing_page)},
    )
    def _raw(context: AssetExecutionContext, warehouse: WarehouseConfig) -> MaterializeResult:
        store = RawStore(warehouse.root)
        config = warehouse.download_config()
        statuses: dict[str, str] = {}
        for release in source.releases:
            outcome = store.ingest(source, release, config)
            statuses[release.file_name] = outcome.status
            context.log.info(f"{release.file_name}: {outcome.status}")
        rows = current_rows(store, source)
        if not rows:
            raise RuntimeError(
                f"{source.name}: no release could be fetched from "
                f"{config.mirror or 'the official URLs'}"
            )
        return MaterializeResult(
            data_version=DataVersion(fingerprint(rows)),
            metadata={
                "files_stored": len(rows),
                "new": sum(s == "new" for s in statuses.values()),
                "unchanged": sum(s == "unchanged" for s in statuses.values()),
                "skipped": sum(s == "skipped" for s in statuses.values()),
                "bytes": sum(r.bytes for r in rows),
            },
        )

    return _raw


def build_landing_asset(source: Source, table: str) -> AssetsDefinition:
    """The landing step of ``table``."""

    @asset(
        key=landing_key(table),
        deps=[raw_key(source)],
        group_name=source.name,
        kinds={"parquet"},
        description=f"Typed landing table {table}: one Parquet file per raw release, "
        "with _source_file, _vintage and _source_row.",
    )
    def _landing(context: AssetExecutionContext, warehouse: WarehouseConfig) -> MaterializeResult:
        store = RawStore(warehouse.root)
        rows = current_rows(store, source, table)
        landed = land_table(
            store,
            rows,
            warehouse.landing_table_dir(table),
            warehouse.quarantine_dir,
        )
        context.log.info(f"{table}: parsed {landed.parsed}, reused {landed.reused} files")
        return MaterializeResult(
            data_version=DataVersion(fingerprint(rows)),
            metadata={
                "rows": landed.rows,
                "files": len(landed.entries),
                "parsed": landed.parsed,
                "reused": landed.reused,
                "path": MetadataValue.path(str(warehouse.landing_table_dir(table))),
            },
        )

    return _landing


def build_releases_asset(catalog: Sequence[Source]) -> AssetsDefinition:
    tables = [(source, table) for source in catalog for table in source.tables]

    @asset(
        key=landing_key(RELEASES_TABLE),
        deps=[landing_key(table) for _, table in tables],
        group_name="ironriver",
        kinds={"parquet"},
        description="The raw manifests of every source: one row per stored file, with the "
        "rows it landed.",
    )
    def _releases(warehouse: WarehouseConfig) -> MaterializeResult:
        store = RawStore(warehouse.root)
        records: list[dict[str, object]] = []
        for source, table in tables:
            landed = {
                (e.file_name, e.vintage): e.rows
                for e in read_index(warehouse.landing_table_dir(table)).values()
            }
            for row in current_rows(store, source, table):
                if is_quarantined(warehouse.quarantine_dir, row):
                    continue  # not in the warehouse: its report is under quarantine/
                records.append(
                    {
                        "source": row.source,
                        "file_name": row.file_name,
                        "table_name": row.table,
                        "vintage": date.fromisoformat(row.vintage),
                        "url": row.url,
                        "official_url": row.official_url,
                        "sha256": row.sha256,
                        "bytes": row.bytes,
                        "fetched_at": datetime.fromisoformat(row.fetched_at),
                        "rows_landed": landed.get((row.file_name, row.vintage)),
                        "layout": row.layout,
                    }
                )
        schema = pa.schema(
            [
                ("source", pa.string()),
                ("file_name", pa.string()),
                ("table_name", pa.string()),
                ("vintage", pa.date32()),
                ("url", pa.string()),
                ("official_url", pa.string()),
                ("sha256", pa.string()),
                ("bytes", pa.int64()),
                ("fetched_at", pa.timestamp("us", tz="UTC")),
                ("rows_landed", pa.int64()),
                ("layout", pa.string()),
            ]
        )
        out_dir = warehouse.landing_table_dir(RELEASES_TABLE)
        out_dir.mkdir(parents=True, exist_ok=True)
        with atomic_path(out_dir / "releases.parquet") as tmp:
            pq.write_table(pa.Table.from_pylist(records, schema=schema), tmp)
        return MaterializeResult(metadata={"files": len(records)})

    return _releases


def build_ingest_assets(catalog: Sequence[Source]) -> list[AssetsDefinition]:
    assets: list[AssetsDefinition] = []
    for source in catalog:
        assets.append(build_raw_asset(source))
        assets.extend(build_landing_asset(source, table) for table in source.tables)
    assets.append(build_releases_asset(catalog))
    return assets
