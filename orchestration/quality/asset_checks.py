"""Great Expectations suites and integrity checks as blocking Dagster asset checks.

* ``landing/<table>``: suite ``landing__<table>`` on the table's Parquet files.
* ``marts/<model>``: the newest-month suite ``marts__<model>`` of a dated mart (its only
  expectations: the newest month against the last publish and the publisher's lag). Every
  other rule on what the project computes is a dbt test or contract (models/**/*.yml).
* ``raw/<source>``: every stored file still has the checksum its manifest row records.
* ``serve/warehouse``: the served file opens read-only and holds what the publish recorded.

A check that fails with severity ERROR blocks everything downstream of its asset,
so nothing reaches the served warehouse; WARN results are recorded and shown.
"""

import hashlib
from collections.abc import Sequence
from datetime import date

import duckdb
from dagster import (
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from orchestration.catalog.registry import Source
from orchestration.ingest.raw import RawStore
from orchestration.landing.store import (
    already_validated,
    mark_validated,
    quarantine_unvalidated,
    read_index,
)
from orchestration.publish.swap import read_record
from orchestration.quality import suite_parameters
from orchestration.quality.chunked import DEFAULT_CHUNK_ROWS, validate_parquet_files
from orchestration.quality.frames import query_frame
from orchestration.quality.gx_suites import (
    SuiteOutcome,
    expectation_columns,
    read_suite_json,
    suite_parameter_names,
    suite_path,
    validate_frame,
)
from orchestration.quality.landing_suites import suite_digest
from orchestration.resources import PROJECT_DIR, WarehouseConfig
from orchestration.sql import qualified, quote_ident

EXPECTATIONS_DIR = PROJECT_DIR / "expectations"


def suite_name(key: AssetKey) -> str:
    return "__".join(key.path)


def _result(outcome: SuiteOutcome, **metadata: MetadataValue) -> AssetCheckResult:
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
            **metadata,
        },
    )


def validate_landing(
    warehouse: WarehouseConfig, table: str, max_chunk_rows: int = DEFAULT_CHUNK_ROWS
) -> SuiteOutcome | None:
    """Suite ``landing__<table>`` on every landed row, in chunks of whole files (see
    :mod:`orchestration.quality.chunked`); None when nothing is landed."""
    files = sorted(warehouse.landing_table_dir(table).glob("*.parquet"))
    if not files:
        return None
    return validate_parquet_files(
        files,
        f"landing__{table}",
        context_root=EXPECTATIONS_DIR,
        results_dir=warehouse.quality_dir,
        max_chunk_rows=max_chunk_rows,
    )


def landing_suite_sha(table_key: AssetKey) -> str:
    """The generated suite's digest: landed files are validated once per version of the
    table's declaration."""
    return suite_digest(suite_name(table_key))


def build_landing_suite_check(source: Source, table_key: AssetKey) -> AssetChecksDefinition:
    name = suite_name(table_key)
    table = table_key.path[-1]

    @asset_check(
        asset=table_key,
        name="gx_suite",
        blocking=True,
        description=f"Great Expectations suite {name} on every landed row. On failure the "
        "files landed since the suite last passed are quarantined.",
    )
    def _check(warehouse: WarehouseConfig) -> AssetCheckResult:
        table_dir = warehouse.landing_table_dir(table)
        suite_sha = landing_suite_sha(table_key)
        if already_validated(table_dir, suite_sha):
            return AssetCheckResult(
                passed=True,
                description="unchanged since it last passed this suite",
                metadata={"suite": name, "revalidated": False},
            )
        outcome = validate_landing(warehouse, table)
        if outcome is None:
            return AssetCheckResult(
                passed=False,
                description=f"{table}: no landed files (see {warehouse.quarantine_dir})",
            )
        if outcome.success:
            mark_validated(table_dir, suite_sha)
            return _result(outcome)
        moved = quarantine_unvalidated(
            RawStore(warehouse.root),
            source.name,
            table_dir,
            warehouse.quarantine_dir,
            "; ".join(outcome.errors),
        )
        result = _result(outcome)
        return AssetCheckResult(
            passed=False,
            severity=result.severity,
            description=(
                f"{table}: {'; '.join(outcome.errors)}"
                + (f" (quarantined: {', '.join(moved)})" if moved else "")
            )[:4000],
            metadata={**result.metadata, "quarantined": MetadataValue.json(moved)},
        )

    return _check


def build_shrink_check(key: AssetKey) -> AssetChecksDefinition:
    """Fail when a table has far fewer rows than in the served warehouse."""

    @asset_check(
        asset=key,
        name="rows_vs_last_publish",
        blocking=True,
        description="Row count compared with the last published build: a drop larger than "
        "the configured ratio (default 20 %) blocks the publish.",
    )
    def _check(warehouse: WarehouseConfig) -> AssetCheckResult:
        current = count_rows(warehouse, key)
        record = read_record(warehouse.serve_db)
        previous = None if record is None else record.row_counts().get(key.to_user_string())
        if previous is None or previous == 0:
            return AssetCheckResult(
                passed=True,
                description="nothing published to compare with",
                metadata={"rows": current},
            )
        drop = 1 - current / previous
        return AssetCheckResult(
            passed=drop <= warehouse.max_shrink_ratio,
            description=(
                f"{key.to_user_string()}: {current:,} rows, {previous:,} at the last publish "
                f"({drop:+.0%} change; more than {warehouse.max_shrink_ratio:.0%} fewer "
                "blocks the publish)"
                if drop > warehouse.max_shrink_ratio
                else None
            ),
            metadata={"rows": current, "rows_at_last_publish": previous},
        )

    return _check


def count_rows(warehouse: WarehouseConfig, key: AssetKey) -> int:
    """Rows of a landing table (from its index) or of a model in the build file."""
    if key.path[0] == "landing":
        return sum(e.rows for e in read_index(warehouse.landing_table_dir(key.path[-1])).values())
    schema, table = key.path[-2], key.path[-1]
    with duckdb.connect(str(warehouse.build_db), read_only=True) as con:
        return int(con.execute(f"select count(*) from {qualified(schema, table)}").fetchone()[0])


def validate_mart(
    warehouse: WarehouseConfig,
    model_key: AssetKey,
    catalog: Sequence[Source],
    today: date | None = None,
) -> SuiteOutcome:
    """Suite ``marts__<model>`` on the columns it names of the built table, its suite
    parameters (newest month at the last publish, newest month expected by the publisher's
    lag) computed now."""
    name = suite_name(model_key)
    schema, table = model_key.path[-2], model_key.path[-1]
    data = read_suite_json(EXPECTATIONS_DIR, name)
    columns = sorted(
        {c for e in data["expectations"] for c in expectation_columns(e.get("kwargs", {}))}
    )
    select = ", ".join(quote_ident(c) for c in columns) or "*"
    with duckdb.connect(str(warehouse.build_db), read_only=True) as con:
        frame = query_frame(con, f"select {select} from {qualified(schema, table)}")
    parameters = suite_parameters.resolve(
        suite_parameter_names(data),
        serve_db=warehouse.serve_db,
        schema=schema,
        table=table,
        catalog=catalog,
        today=today,
    )
    return validate_frame(
        frame,
        name,
        context_root=EXPECTATIONS_DIR,
        results_dir=warehouse.quality_dir,
        parameters=parameters,
    )


def has_mart_suite(model_key: AssetKey) -> bool:
    """A dated mart: it has a newest-month suite."""
    return suite_path(EXPECTATIONS_DIR, suite_name(model_key)).is_file()


def build_mart_suite_check(model_key: AssetKey, catalog: Sequence[Source]) -> AssetChecksDefinition:
    name = suite_name(model_key)

    @asset_check(
        asset=model_key,
        name="gx_suite",
        blocking=True,
        description=f"Great Expectations suite {name}: the newest month against the last "
        "publish (ERROR: it went backwards, blocks the publish) and against the publisher's "
        "lag (WARN: stale, recorded).",
    )
    def _check(warehouse: WarehouseConfig) -> AssetCheckResult:
        outcome = validate_mart(warehouse, model_key, catalog)
        return _result(outcome, read_from=MetadataValue.path(str(warehouse.build_db)))

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
            for name, expected in record.tables.items():
                schema, table = name.split(".", 1)
                got = con.execute(f"select count(*) from {qualified(schema, table)}").fetchone()[0]
                if got != expected:
                    mismatched.append(f"{name}: {got} rows, publish recorded {expected}")
        return AssetCheckResult(
            passed=not mismatched,
            description="; ".join(mismatched) or None,
            metadata={"tables": len(record.tables)},
        )

    return _check


def build_quality_checks(
    raw_keys: Sequence[tuple[Source, AssetKey]],
    landing_keys: Sequence[tuple[Source, AssetKey]],
    releases_key: AssetKey,
    mart_keys: Sequence[AssetKey],
    served_key: AssetKey,
) -> list[AssetChecksDefinition]:
    checks = [build_raw_integrity_check(source, key) for source, key in raw_keys]
    checks += [build_landing_suite_check(source, key) for source, key in landing_keys]
    checks += [build_shrink_check(key) for _, key in landing_keys]
    checks.append(build_releases_check(releases_key))
    catalog = [source for source, _ in raw_keys]
    checks += [build_mart_suite_check(key, catalog) for key in mart_keys if has_mart_suite(key)]
    checks += [build_shrink_check(key) for key in mart_keys]
    checks.append(build_served_check(served_key))
    return checks
