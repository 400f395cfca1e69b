"""Values of the GX suite parameters the mart suites use, computed when a check runs.

A suite names a parameter instead of a fixed bound where the bound depends on the world
outside the table (``{"$PARAMETER": "<name>"}`` in an expectation's kwargs):

* ``published_max__<column>`` -- the largest ``<column>`` of the same table in the served
  warehouse (the previous published build). ``expect_column_max_to_be_between`` with it as
  ``min_value`` and severity ERROR: the newest month never goes backwards.
* ``expected_newest_month__<source>`` -- the newest month the source should hold by now,
  given its publisher's lag: the first day of the month of *today minus the source's
  ``expected_lag_days`` minus one release interval*. As ``min_value`` with severity WARN:
  a stale source is recorded and shown (the mirror holds pinned old releases: correctly
  stale, never blocking).
* ``expected_newest_year__<source>`` -- the same for a yearly table: 1 January of the year
  of that date (compared with the column holding each year's first month).

Dates are passed as ``datetime`` (pandas holds DuckDB dates as ``datetime64``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from orchestration.catalog.registry import Source
from orchestration.quality.freshness import cadence_interval
from orchestration.quality.gx_suites import SuiteError
from orchestration.sql import qualified, quote_ident

PUBLISHED_MAX = "published_max__"
EXPECTED_NEWEST_MONTH = "expected_newest_month__"
EXPECTED_NEWEST_YEAR = "expected_newest_year__"
NOTHING_PUBLISHED = datetime(1900, 1, 1)
"""The bound when the previous build has no such table: any month passes."""


def published_max(serve_db: Path, schema: str, table: str, column: str) -> datetime:
    """``max(column)`` of ``schema.table`` in the served file, read-only."""
    if not serve_db.exists():
        return NOTHING_PUBLISHED
    with duckdb.connect(str(serve_db), read_only=True) as con:
        found = con.execute(
            "select count(*) from information_schema.columns "
            "where table_schema = ? and table_name = ? and column_name = ?",
            [schema, table, column],
        ).fetchone()[0]
        if not found:
            return NOTHING_PUBLISHED
        (value,) = con.execute(
            f"select max({quote_ident(column)}) from {qualified(schema, table)}"
        ).fetchone()
    if value is None:
        return NOTHING_PUBLISHED
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, datetime.min.time())


def _due(source: Source, today: date) -> date:
    """A day in the newest period ``source`` should have released by ``today``."""
    return today - timedelta(days=source.expected_lag_days) - cadence_interval(source)


def expected_newest_month(source: Source, today: date) -> datetime:
    """First day of the newest month ``source`` should hold by ``today``."""
    due = _due(source, today)
    return datetime(due.year, due.month, 1)


def expected_newest_year(source: Source, today: date) -> datetime:
    """1 January of the newest year ``source`` should hold by ``today``."""
    return datetime(_due(source, today).year, 1, 1)


def resolve(
    names: Iterable[str],
    *,
    serve_db: Path,
    schema: str,
    table: str,
    catalog: Sequence[Source],
    today: date | None = None,
) -> dict[str, datetime]:
    """A value for every parameter name; raise :class:`SuiteError` on an unknown one."""
    today = today or datetime.now(UTC).date()
    sources = {source.name: source for source in catalog}
    values: dict[str, datetime] = {}
    for name in names:
        if name.startswith(PUBLISHED_MAX):
            column = name.removeprefix(PUBLISHED_MAX)
            values[name] = published_max(serve_db, schema, table, column)
        elif name.startswith((EXPECTED_NEWEST_MONTH, EXPECTED_NEWEST_YEAR)):
            prefix, expected = (
                (EXPECTED_NEWEST_MONTH, expected_newest_month)
                if name.startswith(EXPECTED_NEWEST_MONTH)
                else (EXPECTED_NEWEST_YEAR, expected_newest_year)
            )
            source = sources.get(name.removeprefix(prefix))
            if source is None:
                raise SuiteError(f"suite parameter {name!r} names no source in the catalog")
            values[name] = expected(source, today)
        else:
            raise SuiteError(
                f"unknown suite parameter {name!r} (expected {PUBLISHED_MAX}<column>, "
                f"{EXPECTED_NEWEST_MONTH}<source> or {EXPECTED_NEWEST_YEAR}<source>)"
            )
    return values
