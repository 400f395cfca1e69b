"""Great Expectations suites and integrity checks as blocking Dagster asset checks.

* ``landing/<table>``: suite ``landing__<table>`` on the table's Parquet files.
* ``marts/<model>``: suite ``marts__<model>`` on the model in the build DuckDB file.
* ``raw/<source>``: every stored file still has the checksum its manifest row records.
* ``serve/warehouse``: the served file opens read-only and holds what the publish recorded.

A check that fails with severity ERROR blocks everything downstream of its asset,
so nothing reaches the served warehouse; WARN results are recorded and shown.
"""

import hashlib
from collections.abc import Sequence

import duckdb
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from orchestration.checks.gx_suites import SuiteOutcome, validate_frame
from orchestration.ingest.raw import RawStore
from orchestration.publishing import read_record
from orchestration.resources import PROJECT_DIR, WarehouseConfig
from orchestration.sources import Source

EXPECTATIONS_DIR = PROJECT_DIR / "expectations"


def suite_name(key: AssetKey) -> str:
    return "__".join(key.path)


def _result(outcome: SuiteOutcome) -> AssetCheckResult:
    severity = AssetCheckSeverity.ERROR if outcome.errors else AssetCheckSeverity.WARN
    return AssetCheckResult(
        passed=outcome.success and not outcome.warnings,
        severity=severity,
        description="; ".join([*outcome.errors, *outcome.warnings])[:2000] or None,
        metadata={
            "suite": outcome.suite_name,
            "expectations_evaluated": outcome.evaluated,
            "errors": MetadataValue.json(outcome.errors),
            "warnings": MetadataValue.json(outcome.warnings),
        },
    )


def build_landing_suite_check(table_key: AssetKey) -> AssetChecksDefinition:
    name = suite_name(table_key)

    @asset_check(
        asset=table_key,
        name="gx_suite",
        blocking=True,
        description=f"Great Expectations suite {name} on every landed row.",
    )
    def _check(context: AssetCheckExecutionContext, warehouse: WarehouseConfig) -> AssetCheckResult:
        table_dir = warehouse.landing_table_dir(table_key.path[-1])
        pattern = str(table_dir / "*.parquet").replace("'", "''")
        with duckdb.connect() as con:
            frame = con.execute(f"select * from read_parquet('{pattern}')").df()
        outcome = validate_frame(
            frame, name, context_root=EXPECTATIONS_DIR, results_dir=warehouse.quality_dir
        )
        return _result(outcome)

    return _check


def build_mart_suite_check(model_key: AssetKey) -> AssetChecksDefinition:
    name = suite_name(model_key)
    schema, table = model_key.path[-2], model_key.path[-1]

    @asset_check(
        asset=model_key,
        name="gx_suite",
        blocking=True,
        description=f"Great Expectations suite {name} on the built table.",
    )
    def _check(context: AssetCheckExecutionContext, warehouse: WarehouseConfig) -> AssetCheckResult:
        with duckdb.connect(str(warehouse.build_db), read_only=True) as con:
            frame = con.execute(f'select * from "{schema}"."{table}"').df()
        outcome = validate_frame(
            frame, name, context_root=EXPECTATIONS_DIR, results_dir=warehouse.quality_dir
        )
        return _result(outcome)

    return _check


def build_raw_integrity_check(source: Source, raw_key: AssetKey) -> AssetChecksDefinition:
    @asset_check(
        asset=raw_key,
        name="checksums_match_manifest",
        blocking=True,
        description="Every stored raw file still has the sha256 its manifest row records.",
    )
    def _check(warehouse: WarehouseConfig) -> AssetCheckResult:
        store = RawStore(warehouse.root)
        problems: list[str] = []
        rows = store.rows(source.name)
        for row in rows:
            path = store.path_of(row)
            if not path.exists():
                problems.append(f"{path}: missing")
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest != row.sha256:
                problems.append(f"{path}: sha256 {digest} != manifest {row.sha256}")
        return AssetCheckResult(
            passed=not problems and bool(rows),
            description="; ".join(problems) or (None if rows else "no raw files stored"),
            metadata={"files": len(rows)},
        )

    return _check


def build_releases_check(releases_key: AssetKey) -> AssetChecksDefinition:
    @asset_check(
        asset=releases_key,
        name="every_release_landed",
        blocking=True,
        description="Every stored raw file has landed rows and a 64-hex sha256.",
    )
    def _check(warehouse: WarehouseConfig) -> AssetCheckResult:
        pattern = str(warehouse.landing_table_dir(releases_key.path[-1]) / "*.parquet")
        with duckdb.connect() as con:
            bad = con.execute(
                "select file_name from read_parquet(?) where rows_landed is null "
                "or rows_landed <= 0 or not regexp_full_match(sha256, '[0-9a-f]{64}')",
                [pattern],
            ).fetchall()
        return AssetCheckResult(
            passed=not bad,
            description="; ".join(f"{name}: not landed or bad checksum" for (name,) in bad) or None,
        )

    return _check


def build_served_check(served_key: AssetKey) -> AssetChecksDefinition:
    @asset_check(
        asset=served_key,
        name="opens_read_only_as_recorded",
        description="The served file opens read-only and every table has the rows the "
        "publish recorded.",
    )
    def _check(warehouse: WarehouseConfig) -> AssetCheckResult:
        record = read_record(warehouse.serve_db)
        if record is None:
            return AssetCheckResult(passed=False, description="nothing has been published")
        mismatched: list[str] = []
        with duckdb.connect(str(warehouse.serve_db), read_only=True) as con:
            for qualified, expected in record.tables.items():
                schema, table = qualified.split(".", 1)
                got = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
                if got != expected:
                    mismatched.append(f"{qualified}: {got} rows, publish recorded {expected}")
        return AssetCheckResult(
            passed=not mismatched,
            description="; ".join(mismatched) or None,
            metadata={"tables": len(record.tables)},
        )

    return _check


def build_quality_checks(
    raw_keys: Sequence[tuple[Source, AssetKey]],
    landing_keys: Sequence[AssetKey],
    releases_key: AssetKey,
    mart_keys: Sequence[AssetKey],
    served_key: AssetKey,
) -> list[AssetChecksDefinition]:
    checks = [build_raw_integrity_check(source, key) for source, key in raw_keys]
    checks += [build_landing_suite_check(key) for key in landing_keys]
    checks.append(build_releases_check(releases_key))
    checks += [build_mart_suite_check(key) for key in mart_keys]
    checks.append(build_served_check(served_key))
    return checks
