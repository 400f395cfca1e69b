"""A landing suite on a table's Parquet files in bounded memory: whole files per chunk.

One pandas frame of every landed row needs memory in proportion to the table (9.3M rows
of SESNSP victims at 10x the releases: 5.7 GiB). Here the table's files (sorted by name)
are grouped into chunks of at most ``max_chunk_rows`` rows -- a file is never split, a file
bigger than that is a chunk of its own -- and the suite runs on each chunk; the few
table-level expectations run once on exact aggregate frames:

* row counts on a frame with no columns and one index entry per landed row;
* distinct-value expectations on ``select distinct <column>`` over every file (what they
  test, the set of values, does not change when duplicates are dropped).

Everything else must be exact per chunk (column-map expectations, the column set, and
compound-key uniqueness whose key holds ``_source_file``); any other type raises
:class:`SuiteError` so that a later suite edit never gets chunk semantics silently.

The parts are merged into ONE :class:`SuiteOutcome` (same messages, same GX result JSON
shape, statistics recomputed). A table that fits in one chunk (every table at 1x) takes
the single-frame path unchanged.
"""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow.parquet as pq

from orchestration.quality.frames import query_frame
from orchestration.quality.gx_suites import (
    PARTIAL_UNEXPECTED,
    SuiteError,
    SuiteOutcome,
    describe_failure,
    exception_messages,
    expectation_columns,
    read_suite_json,
    suite_path,
    validate_frame,
    write_json,
)
from orchestration.sql import quote_ident, quote_literal

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_CHUNK_ROWS = 1_000_000
"""Rows per chunk (whole files; a bigger file is a chunk of its own)."""

ROW_COUNT_TYPES = frozenset(
    {"expect_table_row_count_to_be_between", "expect_table_row_count_to_equal"}
)
DISTINCT_TYPES = frozenset(
    {
        "expect_column_distinct_values_to_contain_set",
        "expect_column_distinct_values_to_be_in_set",
        "expect_column_distinct_values_to_equal_set",
        "expect_column_unique_value_count_to_be_between",
    }
)
PER_CHUNK_TYPES = frozenset(
    {
        # column maps: each row is judged on its own
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_null",
        "expect_column_values_to_be_between",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_not_be_in_set",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_not_match_regex",
        "expect_column_values_to_match_regex_list",
        "expect_column_values_to_not_match_regex_list",
        "expect_column_values_to_match_like_pattern",
        "expect_column_values_to_not_match_like_pattern",
        "expect_column_values_to_match_strftime_format",
        "expect_column_value_lengths_to_be_between",
        "expect_column_value_lengths_to_equal",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "expect_column_pair_values_to_be_equal",
        "expect_column_pair_values_to_be_in_set",
        "expect_multicolumn_sum_to_equal",
        "expect_select_column_values_to_be_unique_within_record",
        # dtypes: every chunk carries the whole table's dtypes (see _chunk_frame)
        "expect_column_values_to_be_in_type_list",
        "expect_column_values_to_be_of_type",
        # the columns: every chunk has the whole table's columns
        "expect_table_columns_to_match_set",
        "expect_table_columns_to_match_ordered_list",
        "expect_table_column_count_to_equal",
        "expect_table_column_count_to_be_between",
        "expect_column_to_exist",
    }
)
COMPOUND_UNIQUE = "expect_compound_columns_to_be_unique"
FILE_COLUMN = "_source_file"
"""A compound key holding the landed file's name never spans two files, so two chunks."""

_NULLABLE = {
    "int8": "Int8",
    "int16": "Int16",
    "int32": "Int32",
    "int64": "Int64",
    "uint8": "UInt8",
    "uint16": "UInt16",
    "uint32": "UInt32",
    "uint64": "UInt64",
    "bool": "boolean",
}
"""numpy dtype -> the pandas nullable dtype ``query_frame`` gives when a column has NULLs."""
_NULLABLE_SQL = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "BOOLEAN",
)


@dataclass(frozen=True)
class Chunk:
    files: tuple[Path, ...]
    rows: int


def plan_chunks(files: Sequence[Path], max_rows: int = DEFAULT_CHUNK_ROWS) -> list[Chunk]:
    """Whole files, sorted by name, in chunks of at most ``max_rows`` rows (Parquet metadata)."""
    chunks: list[Chunk] = []
    current: list[Path] = []
    rows = 0
    for path in sorted(files, key=lambda p: p.name):
        count = pq.ParquetFile(path).metadata.num_rows
        if current and rows + count > max_rows:
            chunks.append(Chunk(tuple(current), rows))
            current, rows = [], 0
        current.append(path)
        rows += count
    if current:
        chunks.append(Chunk(tuple(current), rows))
    return chunks


def route(kind: str, kwargs: dict[str, Any]) -> str:
    """Where an expectation is evaluated: ``chunks``, ``rows`` or ``distinct``; else ''."""
    if kind in ROW_COUNT_TYPES or kind in DISTINCT_TYPES:
        if kwargs.get("row_condition") is not None:
            return ""
        return "rows" if kind in ROW_COUNT_TYPES else "distinct"
    if kind in PER_CHUNK_TYPES:
        return "chunks"
    if kind == COMPOUND_UNIQUE and FILE_COLUMN in (kwargs.get("column_list") or []):
        return "chunks"
    return ""


def check_chunkable(context_root: Path, suite_name: str) -> None:
    """Raise :class:`SuiteError` for an expectation that is not exact when chunked."""
    data = read_suite_json(context_root, suite_name)
    for index, item in enumerate(data["expectations"]):
        kind = item["type"]
        kwargs = item.get("kwargs") or {}
        if not route(kind, kwargs):
            why = (
                f"its column_list has no {FILE_COLUMN!r}, so a duplicate can span two chunks"
                if kind == COMPOUND_UNIQUE
                else "it is not known to be exact on whole-file chunks"
            )
            if kind in ROW_COUNT_TYPES or kind in DISTINCT_TYPES:
                why = "a row_condition is not supported on its aggregate frame"
            raise SuiteError(
                f"{suite_path(context_root, suite_name)}: expectation #{index} ({kind}) cannot "
                f"validate a table in chunks: {why}"
            )
        if isinstance(kwargs.get("mostly"), dict):
            raise SuiteError(
                f"{suite_path(context_root, suite_name)}: expectation #{index} ({kind}): "
                "a suite parameter as 'mostly' cannot be merged over chunks"
            )


def validate_parquet_files(
    files: Sequence[Path],
    suite_name: str,
    *,
    context_root: Path,
    results_dir: Path | None = None,
    max_chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> SuiteOutcome:
    """Suite ``suite_name`` on the rows of ``files`` (read with ``union_by_name``)."""
    if not files:
        raise ValueError("no Parquet files to validate")
    chunks = plan_chunks(files, max_chunk_rows)
    if len(chunks) == 1:
        with duckdb.connect() as con:
            frame = query_frame(con, f"select * from {_scan(chunks[0].files)}")
        return validate_frame(frame, suite_name, context_root=context_root, results_dir=results_dir)
    check_chunkable(context_root, suite_name)
    every = tuple(path for chunk in chunks for path in chunk.files)
    with duckdb.connect() as con:
        schema = _schema(con, every)
        nullable = _columns_with_nulls(con, every, schema)
        chunk_parts: list[SuiteOutcome] = []
        offset = 0
        for chunk in chunks:
            frame = _chunk_frame(con, chunk, schema, nullable, offset)
            chunk_parts.append(_validate(frame, suite_name, context_root))
            del frame
            offset += chunk.rows
        total = offset
        rows_part = _validate(_row_count_frame(total), suite_name, context_root)
        distinct_parts: dict[str, SuiteOutcome] = {}
        for column in _distinct_columns(context_root, suite_name):
            if column in schema:
                frame = query_frame(
                    con, f"select distinct {quote_ident(column)} from {_scan(every)}"
                )
                distinct_parts[column] = _validate(frame, suite_name, context_root)
    outcome = merge(
        suite_name,
        chunk_parts,
        rows_part,
        distinct_parts,
        schema=schema,
        summary={"chunks": len(chunks), "files": len(every), "rows": total},
    )
    if results_dir is not None:
        write_json(Path(results_dir) / f"{suite_name}.json", outcome.result_json)
    return outcome


# --------------------------------------------------------------------------- frames


def _scan(files: Sequence[Path]) -> str:
    listed = ", ".join(quote_literal(str(path)) for path in files)
    return f"read_parquet([{listed}], union_by_name = true)"


def _schema(con: duckdb.DuckDBPyConnection, files: Sequence[Path]) -> dict[str, str]:
    """Column -> DuckDB type of the union of ``files``, in the order a single read gives."""
    rows = con.execute(f"describe select * from {_scan(files)}").fetchall()
    return {str(row[0]): str(row[1]) for row in rows}


def _columns_with_nulls(
    con: duckdb.DuckDBPyConnection, files: Sequence[Path], schema: dict[str, str]
) -> frozenset[str]:
    """Integer/boolean columns with a NULL anywhere in the table: one read of the whole
    table gives them pandas' nullable dtype, so every chunk must too."""
    candidates = [c for c, kind in schema.items() if kind in _NULLABLE_SQL]
    if not candidates:
        return frozenset()
    counts = ", ".join(f"count(*) - count({quote_ident(c)})" for c in candidates)
    nulls = con.execute(f"select {counts} from {_scan(files)}").fetchone() or ()
    return frozenset(c for c, n in zip(candidates, nulls, strict=True) if n)


def _chunk_frame(
    con: duckdb.DuckDBPyConnection,
    chunk: Chunk,
    schema: dict[str, str],
    nullable: frozenset[str],
    offset: int,
) -> pd.DataFrame:
    """The chunk's rows with the whole table's columns and dtypes, indexed by their row
    number in the whole table (so failure messages quote the same row index)."""
    import pandas as pd

    present = _schema(con, chunk.files)
    select = ", ".join(
        f"cast({quote_ident(c) if c in present else 'null'} as {kind}) as {quote_ident(c)}"
        for c, kind in schema.items()
    )
    frame = query_frame(con, f"select {select} from {_scan(chunk.files)}")
    for column in nullable:
        dtype = str(frame[column].dtype)
        if dtype in _NULLABLE:
            frame[column] = frame[column].astype(_NULLABLE[dtype])
    frame.index = pd.RangeIndex(offset, offset + len(frame))
    return frame


def _row_count_frame(rows: int) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(index=pd.RangeIndex(rows))


def _distinct_columns(context_root: Path, suite_name: str) -> list[str]:
    data = read_suite_json(context_root, suite_name)
    columns = [
        str(item["kwargs"]["column"])
        for item in data["expectations"]
        if item["type"] in DISTINCT_TYPES
    ]
    return list(dict.fromkeys(columns))


# --------------------------------------------------------------------------- merge


def _validate(frame: pd.DataFrame, suite_name: str, context_root: Path) -> SuiteOutcome:
    outcome = validate_frame(frame, suite_name, context_root=context_root)
    # GX's context and batch hold the frame in reference cycles: without a collection
    # here every chunk stays in memory until Python's occasional full collection.
    gc.collect()
    return outcome


def _severity(item: dict[str, Any]) -> str | None:
    return (item["expectation_config"].get("meta") or {}).get("severity")


def _key(item: dict[str, Any]) -> str:
    config = item["expectation_config"]
    kwargs = {k: v for k, v in (config.get("kwargs") or {}).items() if k != "batch_id"}
    return json.dumps([config["type"], kwargs], sort_keys=True, default=str)


_Judged = tuple[dict[str, Any], str | None]
"""A GX result item (JSON) and its failure message (None when it passed)."""


def _indexed(outcome: SuiteOutcome) -> dict[str, _Judged]:
    return {key: (item, message) for key, item, message in _items(outcome)}


def _items(outcome: SuiteOutcome) -> Iterator[tuple[str, dict[str, Any], str | None]]:
    """(key, result item, its failure message) in result order; a repeated expectation
    gets its occurrence number in the key."""
    errors = iter(outcome.errors)
    warnings = iter(outcome.warnings)
    seen: Counter[str] = Counter()
    for item in outcome.result_json["results"]:
        message = None
        if not item.get("success"):
            message = next(warnings if _severity(item) == "warn" else errors)
        key = _key(item)
        seen[key] += 1
        yield f"{key}#{seen[key]}", item, message


def merge(
    suite_name: str,
    chunk_parts: Sequence[SuiteOutcome],
    rows_part: SuiteOutcome,
    distinct_parts: dict[str, SuiteOutcome],
    *,
    schema: dict[str, str],
    summary: dict[str, int],
) -> SuiteOutcome:
    """One outcome from the parts: each expectation from the part(s) that evaluate it."""
    indexed = [_indexed(part) for part in chunk_parts]
    rows_items = _indexed(rows_part)
    distinct_items = {column: _indexed(part) for column, part in distinct_parts.items()}
    merged: list[_Judged] = []
    for key, (first, _) in indexed[0].items():
        config = first["expectation_config"]
        where = route(config["type"], config.get("kwargs") or {})
        column = str((config.get("kwargs") or {}).get("column"))
        if where == "rows":
            merged.append(rows_items[key])
        elif where == "distinct" and column in distinct_items:
            merged.append(distinct_items[column][key])
        elif where == "distinct":  # column missing: every chunk says so
            merged.append(indexed[0][key])
        else:
            merged.append(_merge_chunks([part[key] for part in indexed], schema))

    results = [item for item, _ in merged]
    errors = [m for item, m in merged if m is not None and _severity(item) != "warn"]
    warnings = [m for item, m in merged if m is not None and _severity(item) == "warn"]
    passed = sum(1 for item in results if item.get("success"))
    base = chunk_parts[0].result_json
    result_json = {
        **base,
        "success": passed == len(results),
        "results": results,
        "statistics": {
            "evaluated_expectations": len(results),
            "successful_expectations": passed,
            "unsuccessful_expectations": len(results) - passed,
            "success_percent": passed / len(results) * 100 if results else None,
        },
        "meta": {**(base.get("meta") or {}), "ironriver_chunked": summary},
    }
    return SuiteOutcome(
        suite_name=suite_name,
        success=not errors,
        errors=errors,
        warnings=warnings,
        evaluated=len(results),
        result_json=result_json,
    )


def _raised(item: dict[str, Any]) -> bool:
    return bool(exception_messages(item.get("exception_info") or {}))


def _merge_chunks(parts: list[_Judged], schema: dict[str, str]) -> _Judged:
    for item, message in parts:
        if _raised(item):
            return item, message
    if all("unexpected_count" in (item.get("result") or {}) for item, _ in parts):
        return _merge_map(parts, schema)
    for item, message in parts:  # dtype, column set: the first chunk that failed
        if not item.get("success"):
            return item, message
    return parts[0][0], None


def _merge_map(parts: list[_Judged], schema: dict[str, str]) -> _Judged:
    """Counts summed, percents and success recomputed as GX does (``_format_map_output``,
    ``_mostly_success``), partial lists concatenated in row order and capped."""
    results = [item["result"] for item, _ in parts]
    config = parts[0][0]["expectation_config"]
    element = sum(int(r.get("element_count") or 0) for r in results)
    counts = [r.get("unexpected_count") for r in results]
    unexpected = None if any(c is None for c in counts) else sum(int(c) for c in counts)
    has_missing = all("missing_count" in r for r in results)
    missing = sum(int(r.get("missing_count") or 0) for r in results) if has_missing else None
    nonnull = element - (missing or 0)

    mostly = (config.get("kwargs") or {}).get("mostly")
    mostly = 1.0 if mostly is None else float(mostly)
    if unexpected is None or element == 0 or nonnull == 0:
        success = True
    else:
        success = (float(nonnull) - float(unexpected)) / float(nonnull) >= mostly

    total_pct = missing_pct = nonmissing_pct = None
    if unexpected is not None and element > 0:
        total_pct = unexpected / element * 100
        if missing is not None:
            missing_pct = missing / element * 100
            nonmissing_pct = unexpected / nonnull * 100 if nonnull > 0 else None
        else:
            nonmissing_pct = total_pct

    result: dict[str, Any] = {
        "element_count": element,
        "unexpected_count": unexpected,
        "unexpected_percent": nonmissing_pct,
    }
    shown: dict[str, Any] = {}
    """What the failure message quotes: the values as GX held them (dates, tuples)."""
    if all("partial_unexpected_list" in r for r in results):
        values = [v for r in results for v in r["partial_unexpected_list"]][:PARTIAL_UNEXPECTED]
        result["partial_unexpected_list"] = values
        live = [_revive(v, expectation_columns(config.get("kwargs") or {}), schema) for v in values]
        shown["partial_unexpected_list"] = live
        tallied = _tally(live, values)
        if tallied is not None:
            shown["partial_unexpected_counts"] = [{"value": v, "count": n} for v, _, n in tallied]
            result["partial_unexpected_counts"] = [{"value": j, "count": n} for _, j, n in tallied]
    if missing is not None:
        result["missing_count"] = missing
        result["missing_percent"] = missing_pct
        result["unexpected_percent_total"] = total_pct
        result["unexpected_percent_nonmissing"] = nonmissing_pct
    if all("partial_unexpected_index_list" in r for r in results):
        # chunk frames are indexed by row number in the whole table (see _chunk_frame)
        indexes = [i for r in results for i in r["partial_unexpected_index_list"]]
        result["partial_unexpected_index_list"] = indexes[:PARTIAL_UNEXPECTED]
    for extra in ("unexpected_index_column_names",):
        if extra in results[0]:
            result[extra] = results[0][extra]

    item = {**parts[0][0], "success": success, "result": result}
    if success:
        return item, None
    failed = SimpleNamespace(
        expectation_config=SimpleNamespace(
            type=config["type"], kwargs=dict(config.get("kwargs") or {}), meta=config.get("meta")
        ),
        result={**result, **shown},
        exception_info=item.get("exception_info") or {},
    )
    return item, describe_failure(failed, frame_columns=frozenset(schema))  # type: ignore[arg-type]


def _is_datetime(sql_type: str | None) -> bool:
    return sql_type is not None and (sql_type == "DATE" or sql_type.startswith("TIMESTAMP"))


def _revive(value: Any, columns: list[str], schema: dict[str, str]) -> Any:
    """An unexpected value from GX's JSON as GX held it: a date/timestamp column's ISO
    text as a datetime (GX's message quotes 2026-01-01, its JSON 2026-01-01T00:00:00)."""

    def one(item: Any, column: str | None) -> Any:
        if isinstance(item, str) and _is_datetime(schema.get(column or "")):
            try:
                return datetime.fromisoformat(item)
            except ValueError:
                return item
        return item

    if isinstance(value, dict):
        return {k: one(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [one(v, c) for v, c in zip(value, columns, strict=False)]
    return one(value, columns[0] if len(columns) == 1 else None)


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(value.values())
    if isinstance(value, list):
        return tuple(value)
    return value


def _tally(live: list[Any], as_json: list[Any]) -> list[tuple[Any, Any, int]] | None:
    """GX's ``partial_unexpected_counts`` (value as GX held it, its JSON form, count):
    most common first, then by value; None where GX gives none (values that do not sort).
    """
    keys = [_hashable(v) for v in live]
    json_of = dict(zip(keys, (_hashable(v) for v in as_json), strict=True))
    try:
        common = Counter(keys).most_common(PARTIAL_UNEXPECTED)
        ordered = sorted(common, key=lambda x: (-x[1], x[0]))
    except TypeError:
        return None
    return [
        (key, list(json_of[key]) if isinstance(key, tuple) else json_of[key], count)
        for key, count in ordered
    ]
