"""``ironriver`` command line: run the pipeline, show its status, list sources, query the
served warehouse, start the Dagster UI.

Typer gives typed options, ``--help`` for free and rich error output; errors are one
line plus a hint, and ``--verbose`` shows the traceback. Long work shows rich progress
(:mod:`orchestration.cli.rich_progress`); the Dagster/dbt log of a run goes to
``<data_dir>/logs/run-<UTC time>.log`` unless ``--verbose``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from orchestration.resources import PROJECT_DIR, WarehouseConfig, default_data_dir

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Build, inspect and query the ironriver US-Mexico border warehouse.",
)

Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Show the traceback of errors.")]

_OFFLINE_ENV = {
    "DAGSTER_DISABLE_TELEMETRY": "true",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "GX_ANALYTICS_ENABLED": "false",
}


def _one_line(message: str) -> str:
    """A multi-line failure report as one line: the headline and its first detail."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if len(lines) <= 1:
        return lines[0] if lines else "unknown error"
    more = f" (and {len(lines) - 2} more, see the log)" if len(lines) > 2 else ""
    return f"{lines[0].rstrip(':')}: {lines[1]}{more}"


def _fail(message: str, hint: str, verbose: bool, exc: BaseException | None = None) -> None:
    if verbose and exc is not None:
        raise exc
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    typer.echo(f"hint: {hint}", err=True)
    raise typer.Exit(code=1)


KEEP_LOGS = 20


def _run_log(logs: Path) -> Path:
    """A new log file for this run under ``<data_dir>/logs``; the oldest are removed."""
    from datetime import UTC, datetime

    logs.mkdir(parents=True, exist_ok=True)
    for stale in sorted(logs.glob("run-*.log"))[: -KEEP_LOGS + 1]:
        stale.unlink(missing_ok=True)
    return logs / f"run-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}.log"


@contextlib.contextmanager
def _quiet_run(log_file: Path, verbose: bool) -> Iterator[None]:
    """Send the Dagster/dbt log of a run to ``log_file`` (all of it shows with --verbose)."""
    if verbose:
        yield
        return
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with (
        log_file.open("w", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
        contextlib.redirect_stderr(log),
    ):
        yield


@app.command()
def run(
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            "-s",
            help="Only fetch these sources (repeatable); what changed is rebuilt, as without.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Rebuild and publish even if nothing changed.")
    ] = False,
    verbose: Verbose = False,
) -> None:
    """Fetch every source (or --select ones), build the warehouse and publish
    data/serve/warehouse.duckdb with its docs."""
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    from rich.console import Console

    from orchestration import progress
    from orchestration.automation.plan import UnknownSourceError, selected_sources
    from orchestration.automation.runner import RunFailedError, RunLockedError, run_pipeline
    from orchestration.cli.rich_progress import RichReporter
    from orchestration.definitions import CATALOG, build_definitions, default_warehouse

    warehouse = default_warehouse()
    if select:
        try:
            selected_sources(CATALOG, select)
        except UnknownSourceError as exc:
            _fail(str(exc), "`ironriver sources` lists the catalog", verbose, exc)
    typer.echo(f"data dir: {warehouse.root}")
    typer.echo(f"fetching from: {warehouse.mirror or 'official publisher URLs'}")
    if select:
        typer.echo(f"sources: {', '.join(select)}")
    log_file = _run_log(warehouse.logs_dir)
    console = Console(file=sys.stderr, highlight=False)
    try:
        with (
            RichReporter(console) as reporter,
            progress.reporting(reporter),
            _quiet_run(log_file, verbose),
        ):
            defs = build_definitions(CATALOG, warehouse)
            outcome = run_pipeline(defs, warehouse, CATALOG, select=select, force=force)
    except RunLockedError as exc:
        _fail(str(exc), "only one run per data directory at a time", verbose, exc)
        return
    except RunFailedError as exc:
        _fail(
            _one_line(str(exc)),
            f"the served warehouse {warehouse.serve_db} was left unchanged; "
            f"rejected files are under {warehouse.quarantine_dir}; full log: {log_file}",
            verbose,
            exc,
        )
        return
    except Exception as exc:
        _fail(
            f"{type(exc).__name__}: {exc}".splitlines()[0],
            f"full log: {log_file}; run again with --verbose for the traceback",
            verbose,
            exc,
        )
        return
    if not verbose:
        typer.echo(f"log: {log_file}")
    if outcome.status == "up_to_date":
        typer.echo(f"{outcome.reason} ({warehouse.serve_db})")
    else:
        typer.echo(f"{outcome.reason}: {len(outcome.rebuilt)} assets rebuilt")
        typer.echo(f"published {warehouse.serve_db}")
    for table, rows in sorted(outcome.tables.items()):
        if table.startswith("marts."):
            typer.echo(f"  {table:<40} {rows:>10,} rows")


@app.command()
def dev(
    port: Annotated[int, typer.Option(help="Port of the Dagster UI.")] = 3000,
) -> None:
    """Start the Dagster UI on 127.0.0.1, showing the runs `ironriver run` recorded.

    SIGTERM or SIGINT (Ctrl-C) stops it and every process it started within 10 s."""
    from orchestration.automation.runner import dagster_home
    from orchestration.cli.dev_server import serve

    data_dir = Path(default_data_dir()).resolve()
    env = {
        **os.environ,
        **_OFFLINE_ENV,
        "IRONRIVER_DATA_DIR": str(data_dir),
        "DAGSTER_HOME": str(dagster_home(data_dir)),
    }
    dagster = Path(sys.executable).with_name("dagster")
    command = [str(dagster), "dev", "-h", "127.0.0.1", "-p", str(port)]
    # cwd: pyproject.toml [tool.dagster] names the "ironriver" code location
    code = serve(command, env, cwd=PROJECT_DIR)
    # Everything it started has ended. Tearing down the Dagster modules imported above
    # takes seconds on a busy machine, and a stop must take less than 10 s: leave now.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@app.command()
def rollback(verbose: Verbose = False) -> None:
    """Serve the previous published build again (atomically); repeat to go further back."""
    from orchestration.automation.locking import RunLockedError, run_lock
    from orchestration.publish.swap import RollbackError, read_record
    from orchestration.publish.swap import rollback as restore

    warehouse = WarehouseConfig(data_dir=default_data_dir())
    serve_db = warehouse.serve_db
    try:
        with run_lock(warehouse.root):  # never swap files under a run that is publishing
            restored = restore(serve_db)
    except RunLockedError as exc:
        _fail(str(exc), "roll back when the run has finished", verbose, exc)
        return
    except RollbackError as exc:
        _fail(str(exc), "a rollback needs at least one earlier `ironriver run` publish", verbose)
        return
    record = read_record(serve_db)
    when = record.published_at if record else "unknown time"
    typer.echo(
        f"rolled back {serve_db} to the build published at {when} ({restored.name}), "
        "with the sites served with it (docs, quality, report)"
    )
    typer.echo("the next `ironriver run` rebuilds and publishes the current sources again")


@app.command()
def sources() -> None:
    """List the source catalog with official URLs."""
    from orchestration.automation.schedules import refresh_cron
    from orchestration.catalog.registry import CATALOG

    for source in CATALOG:
        typer.secho(f"{source.name}: {source.title}", bold=True)
        typer.echo(f"  publisher: {source.publisher} ({source.cadence})")
        typer.echo(
            f"  refresh: cron '{refresh_cron(source)}' (UTC); "
            f"expected lag {source.expected_lag_days} days"
        )
        typer.echo(f"  landing page: {source.landing_page}")
        for release in source.releases:
            where = release.official_url or "mirror only (no official URL serves these exact bytes)"
            typer.echo(f"  - {release.file_name} [{release.vintage}] {where}")


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run against the served warehouse.")],
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
    database: Annotated[
        Path | None, typer.Option(help="Warehouse file (default: the served file).")
    ] = None,
    verbose: Verbose = False,
) -> None:
    """Run read-only SQL against data/serve/warehouse.duckdb."""
    import duckdb

    path = database or WarehouseConfig(data_dir=default_data_dir()).serve_db
    if not path.exists():
        _fail(f"{path} does not exist", "build it first with `make run`", verbose)
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            relation = con.sql(sql)
            if relation is None:
                return
            if csv:
                relation.df().to_csv(sys.stdout, index=False)
            else:
                relation.show(max_rows=200, max_width=200)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        if "read-only" in first:
            _fail(
                f"refused: ironriver query is read-only ({first})",
                "the served warehouse is never written by readers; to build tables of your "
                "own, open another DuckDB file and ATTACH this one with (READ_ONLY)",
                verbose,
                exc,
            )
        _fail(
            first,
            'check the SQL; `ironriver query "show all tables"` lists the relations',
            verbose,
            exc,
        )


@app.command()
def status(
    verbose: Verbose = False,
) -> None:
    """Per source: newest vintage, files and rows landed, last check results, freshness."""
    from rich.console import Console
    from rich.table import Table

    from orchestration.catalog.registry import CATALOG
    from orchestration.cli.status import collect_status
    from orchestration.resources import default_mirror

    warehouse = WarehouseConfig(data_dir=default_data_dir(), mirror=default_mirror())
    try:
        report = collect_status(warehouse, CATALOG)
    except Exception as exc:
        _fail(
            f"could not read the state of {warehouse.root}: {exc}".splitlines()[0],
            "run again with --verbose for the traceback",
            verbose,
            exc,
        )
        return
    console = Console(highlight=False, width=max(Console().width, 160))
    console.print(f"data dir: {report.data_dir}")
    if report.publish is None:
        console.print("served warehouse: none published yet (run `ironriver run`)")
    else:
        marts = sum(1 for t in report.publish.tables if t.startswith("marts."))
        console.print(
            f"served warehouse: {warehouse.serve_db} published {report.publish.published_at} "
            f"({marts} marts, fingerprint {report.publish.fingerprint[:12]})"
        )
    table = Table("source", "last vintage", "files", "rows landed", "last checks", "freshness")
    for source in report.sources:
        publisher = source.publisher.describe() if source.publisher else "-"
        table.add_row(
            f"{source.name}\n({source.cadence})",
            source.last_vintage or "-",
            str(source.files),
            f"{source.rows_landed:,}",
            source.checks_summary,
            f"publisher: {publisher}\npipeline: {source.pipeline_freshness}",
        )
    console.print(table)


if __name__ == "__main__":
    app()
