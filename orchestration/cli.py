"""``ironriver`` command line: run the pipeline, list sources, query the served warehouse.

Typer gives typed options, ``--help`` for free and rich error output; errors are one
line plus a hint, and ``--verbose`` shows the traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from orchestration.resources import WAREHOUSE_FILE, default_data_dir

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


def _fail(message: str, hint: str, verbose: bool, exc: BaseException | None = None) -> None:
    if verbose and exc is not None:
        raise exc
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    typer.echo(f"hint: {hint}", err=True)
    raise typer.Exit(code=1)


@app.command()
def run(
    force: Annotated[
        bool, typer.Option(help="Rebuild and publish even if nothing changed.")
    ] = False,
    verbose: Verbose = False,
) -> None:
    """Fetch every source, build the warehouse and publish data/serve/warehouse.duckdb."""
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    from orchestration.definitions import CATALOG, build_definitions, default_warehouse
    from orchestration.runner import RunFailedError, RunLockedError, run_pipeline

    warehouse = default_warehouse()
    typer.echo(f"data dir: {warehouse.root}")
    typer.echo(f"fetching from: {warehouse.mirror or 'official publisher URLs'}")
    try:
        outcome = run_pipeline(
            build_definitions(CATALOG, warehouse), warehouse, CATALOG, force=force
        )
    except RunLockedError as exc:
        _fail(str(exc), "only one run per data directory at a time", verbose, exc)
        return
    except RunFailedError as exc:
        _fail(
            str(exc),
            f"the served warehouse {warehouse.serve_db} was left unchanged; "
            f"rejected files are under {warehouse.quarantine_dir}",
            verbose,
            exc,
        )
        return
    if outcome.status == "up_to_date":
        typer.echo(f"up to date: nothing changed upstream ({warehouse.serve_db})")
    else:
        typer.echo(f"published {warehouse.serve_db}")
    for table, rows in sorted(outcome.tables.items()):
        if table.startswith("marts."):
            typer.echo(f"  {table:<40} {rows:>10,} rows")


@app.command()
def dev(
    port: Annotated[int, typer.Option(help="Port of the Dagster UI.")] = 3000,
) -> None:
    """Start the Dagster UI on 127.0.0.1, showing the runs `ironriver run` recorded."""
    from orchestration.runner import dagster_home

    env = {
        **os.environ,
        **_OFFLINE_ENV,
        "DAGSTER_HOME": str(dagster_home(Path(default_data_dir()).resolve())),
    }
    dagster = Path(sys.executable).with_name("dagster")
    os.execve(dagster, [str(dagster), "dev", "-h", "127.0.0.1", "-p", str(port)], env)


@app.command()
def rollback(verbose: Verbose = False) -> None:
    """Serve the previous published build again (atomically); repeat to go further back."""
    from orchestration.publishing import RollbackError, read_record
    from orchestration.publishing import rollback as restore

    serve_db = Path(default_data_dir()).resolve() / "serve" / WAREHOUSE_FILE
    try:
        restored = restore(serve_db)
    except RollbackError as exc:
        _fail(str(exc), "a rollback needs at least one earlier `ironriver run` publish", verbose)
        return
    record = read_record(serve_db)
    when = record.published_at if record else "unknown time"
    typer.echo(f"rolled back {serve_db} to the build published at {when} ({restored.name})")
    typer.echo("the next `ironriver run` rebuilds and publishes the current sources again")


@app.command()
def sources() -> None:
    """List the source catalog with official URLs."""
    from orchestration.sources import CATALOG

    for source in CATALOG:
        typer.secho(f"{source.name}: {source.title}", bold=True)
        typer.echo(f"  publisher: {source.publisher} ({source.cadence})")
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

    path = database or Path(default_data_dir()) / "serve" / WAREHOUSE_FILE
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
        _fail(str(exc).splitlines()[0], "the warehouse is opened read-only", verbose, exc)


if __name__ == "__main__":
    app()
