"""Landing: turn one raw file into one typed Parquet file of its landing table.

Every landing file holds the layout's columns plus ``_source_file`` (the release's
mirror path), ``_vintage`` (release date) and ``_source_row`` (1-based data row in the
file). Values are trimmed and cast; nothing is filtered, summed or deduplicated.

A value that cannot be cast, a missing header or a missing required value raises
:class:`LandingError` naming the file, the row and the column; so do a header the layout
does not expect (where it pins a wide file's header by pattern and count) and UTF-8 bytes
in a file whose layout says Latin-1 (which would otherwise turn into mojibake).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from orchestration.atomic import atomic_path
from orchestration.landing.errors import LandingError
from orchestration.landing.layouts import OPTIONAL_HEADERS, Column, Layout
from orchestration.landing.readers import read_with
from orchestration.sql import quote_ident, quote_literal

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]

_SINGLE_BYTE = frozenset({"latin-1", "latin1", "iso-8859-1", "cp1252", "windows-1252"})

LANDING_SUFFIX = ".parquet"
MAX_REPORTED_ERRORS = 5


@dataclass(frozen=True)
class LandedFile:
    path: Path
    rows: int


def _typed_expr(column: Column, raw: str) -> str:
    cleaned = f"nullif(trim({raw}), '')"
    match column.type:
        case "text":
            return cleaned
        case "integer":
            return f"try_cast(replace({cleaned}, ',', '') as bigint)"
        case "double":
            return f"try_cast(replace({cleaned}, ',', '') as double)"
        case "month_year":
            # "Feb 2025" (English month abbreviation, 4-digit year) -> date 2025-02-01
            return f"cast(try_strptime({cleaned}, '%b %Y') as date)"
        case "leading_year":
            return f"try_cast(regexp_extract({cleaned}, '^([0-9]{{4}})', 1) as integer)"
        case "month_name":
            names = "[" + ", ".join(quote_literal(m) for m in _MONTHS) + "]"
            abbrs = "[" + ", ".join(quote_literal(m[:3]) for m in _MONTHS) + "]"
            as_int = f"try_cast({cleaned} as integer)"
            return (
                f"coalesce(nullif(list_position({names}, lower({cleaned})), 0), "
                f"nullif(list_position({abbrs}, lower({cleaned})), 0), "
                f"case when {as_int} between 1 and 12 then {as_int} end)"
            )
    raise ValueError(f"unknown column type {column.type!r}")


def _open_raw(con: duckdb.DuckDBPyConnection, raw_path: Path, layout: Layout, label: str) -> None:
    """Expose the raw file as temp table ``raw_input`` (all text) with a ``__row`` number.

    Plain delimited files are read by DuckDB; anything else (JSON trees, spreadsheets,
    damaged encodings) by the layout's reader from :mod:`orchestration.landing.readers`.
    """
    parameters: list[str] = []
    if layout.reader == "csv":
        _check_not_utf8(raw_path, layout, label)
        source = (
            "read_csv(?, header = true, all_varchar = true, delim = ?, encoding = ?, "
            "auto_detect = true, strict_mode = true, null_padding = false, sample_size = -1)"
        )
        parameters = [str(raw_path), layout.delimiter, layout.encoding]
    else:
        con.register("raw_text_arrow", read_with(layout.reader, raw_path, label))
        source = "raw_text_arrow"
    # one pass: the rows as text, numbered in file order
    con.execute(
        "create or replace temp table raw_input as "
        f"select row_number() over () as __row, * from {source}",
        parameters,
    )


def _check_headers(con: duckdb.DuckDBPyConnection, layout: Layout, label: str) -> set[str]:
    headers = [
        row[0] for row in con.execute("select name from pragma_table_info('raw_input')").fetchall()
    ]
    present = {h.strip() for h in headers if h != "__row"}
    missing = [h for h in layout.required_headers if h not in present and h not in OPTIONAL_HEADERS]
    if missing:
        raise LandingError(
            f"{label}: missing column(s) {', '.join(repr(m) for m in missing)} "
            f"(layout {layout.name!r} of {layout.table}); the file has columns: "
            f"{', '.join(repr(h) for h in sorted(present))}"
        )
    _check_unlanded_headers(headers, present, layout, label)
    return present


def _check_unlanded_headers(
    headers: list[str], present: set[str], layout: Layout, label: str
) -> None:
    """Columns the layout does not land fail the load, unless a wide file's layout pins
    them by pattern (``other_headers``) and count: a publisher that adds a column has
    changed the layout, and someone should look."""
    landed = set(layout.required_headers) | OPTIONAL_HEADERS
    pattern = re.compile(layout.other_headers) if layout.other_headers is not None else None
    unexpected = sorted(h for h in present - landed if pattern is None or not pattern.fullmatch(h))
    if unexpected:
        allowed = (
            f"allows only its own columns and those matching {layout.other_headers!r}"
            if pattern is not None
            else "allows only its own columns"
        )
        raise LandingError(
            f"{label}: unexpected column(s) {', '.join(repr(h) for h in unexpected)} "
            f"(layout {layout.name!r} of {layout.table} {allowed}); "
            "the publisher changed the layout"
        )
    count = len(headers) - 1  # without __row
    if layout.header_count is not None and count != layout.header_count:
        raise LandingError(
            f"{label}: has {count} columns, layout {layout.name!r} of {layout.table} "
            f"expects {layout.header_count}"
        )


def _check_not_utf8(raw_path: Path, layout: Layout, label: str) -> None:
    """Refuse UTF-8 bytes in a file whose layout says a single-byte encoding.

    Read as Latin-1, UTF-8 text does not fail: it turns into mojibake ("DoÃ±a Ana").
    Genuine Latin-1 text with accents is practically never valid UTF-8, so a file that
    has non-ASCII bytes and decodes as UTF-8 is in the wrong encoding.
    """
    if layout.reader != "csv" or layout.encoding.lower().replace("_", "-") not in _SINGLE_BYTE:
        return
    data = raw_path.read_bytes()
    if data.isascii():
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    line_number, line = next(
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if not line.isascii()
    )
    sample = next(word for word in line.split(layout.delimiter) if not word.isascii())
    where = f"row {line_number - 1}" if line_number > 1 else "header"
    raise LandingError(
        f"{label}: {where}: the file is UTF-8 (e.g. {sample.strip()!r}) but "
        f"layout {layout.name!r} of {layout.table} says {layout.encoding}: wrong encoding"
    )


def _select_list(layout: Layout, present: set[str], release_file: str, vintage: date) -> str:
    items = []
    constants = dict(layout.constants)
    for column in layout.columns:
        if column.name in constants:
            raw = quote_literal(constants[column.name])
        elif column.source is None or column.source not in present:
            raw = "null::varchar"
        else:
            raw = quote_ident(column.source)
        items.append(f"{_typed_expr(column, raw)} as {quote_ident(column.name)}")
    items += [
        f"{quote_literal(release_file)} as _source_file",
        f"date {quote_literal(vintage.isoformat())} as _vintage",
        "__row as _source_row",
    ]
    return ",\n  ".join(items)


def _value_errors(
    con: duckdb.DuckDBPyConnection, layout: Layout, present: set[str], label: str
) -> list[str]:
    """Rows whose text could not be typed, or whose required value is blank.

    One scan counts the bad values of every column; only a column that has some is
    scanned again for the rows to report.
    """
    errors: list[str] = []
    constants = dict(layout.constants)
    checked: list[tuple[Column, str, str, list[str]]] = []
    for column in layout.columns:
        if column.name in constants or column.source is None or column.source not in present:
            continue
        raw = quote_ident(column.source)
        typed = _typed_expr(column, raw)
        conditions = []
        if column.type != "text":
            conditions.append(f"(nullif(trim({raw}), '') is not null and {typed} is null)")
        if column.not_null:
            conditions.append(f"(nullif(trim({raw}), '') is null)")
        if column.non_negative:
            conditions.append(f"({typed} < 0)")
        if conditions:
            checked.append((column, raw, typed, conditions))
    if not checked:
        return errors
    counts = con.execute(
        "select "
        + ", ".join(f"count(*) filter (where {' or '.join(c)})" for *_, c in checked)
        + " from raw_input"
    ).fetchone()
    assert counts is not None
    for (column, raw, typed, conditions), count in zip(checked, counts, strict=True):
        if not count:
            continue
        bad = con.execute(
            f"select __row, {raw}, {typed} is null from raw_input "
            f"where {' or '.join(conditions)} order by __row limit {MAX_REPORTED_ERRORS}"
        ).fetchall()
        for row_number, value, untyped in bad:
            if value is None or not str(value).strip():
                what = "is blank"
            elif untyped:
                what = f"{value!r} is not a valid {column.type.replace('_', ' ')}"
            else:
                what = f"{value!r} is negative ({column.name} is declared non-negative)"
            errors.append(f"{label}: row {row_number}, column {column.source!r}: {what}")
    return errors


def land_file(
    raw_path: Path,
    layout: Layout,
    *,
    release_file: str,
    vintage: date,
    dest: Path,
) -> LandedFile:
    """Parse ``raw_path`` with ``layout`` and write ``dest`` atomically."""
    label = release_file
    dest.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        with atomic_path(dest) as tmp:
            try:
                _open_raw(con, raw_path, layout, label)
            except duckdb.Error as exc:
                first_line = str(exc).strip().splitlines()[0]
                raise LandingError(f"{label}: cannot be read as CSV: {first_line}") from exc
            present = _check_headers(con, layout, label)
            rows = con.execute("select count(*) from raw_input").fetchone()[0]
            if rows == 0:
                raise LandingError(f"{label}: has a header but no data rows")
            errors = _value_errors(con, layout, present, label)
            if errors:
                raise LandingError("\n".join(errors))
            select = _select_list(layout, present, release_file, vintage)
            con.execute(
                f"copy (select\n  {select}\nfrom raw_input) "
                f"to {quote_literal(str(tmp))} (format parquet, compression zstd)"
            )
        return LandedFile(path=dest, rows=int(rows))
    finally:
        con.close()
