"""A landing table's Great Expectations suite, generated from its declaration.

Nothing is written by hand: the suite ``landing__<table>`` follows from the table's
:class:`~orchestration.catalog.model.Table` (see :mod:`orchestration.catalog`):

* the exact column set (declared columns + ``_source_file``, ``_vintage``, ``_source_row``)
  and the row-count bounds;
* ``not_null`` columns, unique keys (every file row once, plus the declared keys);
* the pandas dtype of every typed column, ``non_negative`` columns at least 0;
* every further rule of a column or of the table, with its severity and note;
* every ``_source_file`` matches the table's file pattern, ``_source_row`` from 1.

:func:`suite_json` gives the suite as the JSON a suite file would hold, and
:func:`suite_digest` the digest of its canonical form (landed files are validated once
per version of it).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from orchestration.catalog import declared_table
from orchestration.catalog.model import META_COLUMNS, Rule, Severity, Table

PREFIX = "landing__"
_GX_SEVERITY: dict[str, str] = {"error": "critical", "warn": "warning"}
_INTEGER_DTYPES = ["int32", "int64", "Int32Dtype", "Int64Dtype"]
_FLOAT_DTYPES = ["float64", "Float64Dtype"]
_DTYPES: dict[str, list[str]] = {
    "integer": _INTEGER_DTYPES,
    "leading_year": _INTEGER_DTYPES,
    "month_name": _INTEGER_DTYPES,
    "double": _FLOAT_DTYPES,
}


def _expectation(
    kind: str, kwargs: dict[str, Any], severity: Severity = "error", note: str | None = None
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": kind,
        "kwargs": kwargs,
        "meta": {"severity": severity},
        "severity": _GX_SEVERITY[severity],
    }
    if note:
        item["notes"] = note
    return item


def _rule(rule: Rule, column: str | None = None) -> dict[str, Any]:
    kwargs = {"column": column, **rule.kwargs} if column is not None else dict(rule.kwargs)
    return _expectation(rule.expectation, kwargs, rule.severity, rule.note)


def expectations(table: Table) -> list[dict[str, Any]]:
    """Every expectation the declaration of ``table`` implies, in a stable order."""
    items = [
        _expectation(
            "expect_table_columns_to_match_set",
            {"column_set": [*table.column_names, *META_COLUMNS]},
        ),
        _expectation(
            "expect_table_row_count_to_be_between",
            {"min_value": table.rows[0], "max_value": table.rows[1]},
            note=table.rows_note,
        ),
    ]
    not_null = [c.name for c in table.columns if c.not_null]
    items += [
        _expectation("expect_column_values_to_not_be_null", {"column": name})
        for name in (*not_null, *META_COLUMNS)
    ]
    items.append(
        _expectation(
            "expect_compound_columns_to_be_unique",
            {"column_list": ["_source_file", "_source_row"]},
            note="One landed row per data row of a release file.",
        )
    )
    items += [
        _expectation(
            "expect_compound_columns_to_be_unique",
            {"column_list": list(key.columns)},
            note=key.note,
        )
        for key in table.keys
    ]
    for column in table.columns:
        if column.type in _DTYPES:
            items.append(
                _expectation(
                    "expect_column_values_to_be_in_type_list",
                    {"column": column.name, "type_list": _DTYPES[column.type]},
                )
            )
        elif column.type == "month_year":
            items.append(
                _expectation(
                    "expect_column_values_to_be_of_type",
                    {"column": column.name, "type_": "datetime64"},
                )
            )
    items += [
        _expectation(
            "expect_column_values_to_be_in_type_list",
            {"column": "_source_row", "type_list": _INTEGER_DTYPES},
        ),
        _expectation(
            "expect_column_values_to_be_of_type", {"column": "_vintage", "type_": "datetime64"}
        ),
    ]
    items += [
        _expectation("expect_column_values_to_be_between", {"column": c.name, "min_value": 0})
        for c in table.columns
        if c.non_negative
    ]
    items += [_rule(rule, column.name) for column in table.columns for rule in column.rules]
    items += [_rule(rule) for rule in table.rules]
    items += [
        _expectation(
            "expect_column_values_to_be_between", {"column": "_source_row", "min_value": 1}
        ),
        _expectation(
            "expect_column_values_to_match_regex", {"column": "_source_file", "regex": table.files}
        ),
    ]
    return items


def suite_json(suite_name: str) -> dict[str, Any] | None:
    """Suite ``landing__<table>`` as JSON, from the table's declaration; None when
    ``suite_name`` names no declared landing table."""
    table = (
        declared_table(suite_name.removeprefix(PREFIX)) if suite_name.startswith(PREFIX) else None
    )
    if table is None:
        return None
    note = table.suite_note or f"Landing table {table.name}: {table.description}"
    return {
        "name": suite_name,
        "expectations": expectations(table),
        "meta": {"notes": note, "generated_from": f"orchestration.catalog ({table.name})"},
        "notes": None,
    }


def canonical(data: dict[str, Any]) -> str:
    """The suite's canonical JSON text (sorted keys, no whitespace)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def suite_digest(suite_name: str) -> str:
    """sha256 of the generated suite's canonical JSON: changes with the declaration."""
    data = suite_json(suite_name)
    if data is None:
        raise KeyError(f"{suite_name!r} names no declared landing table")
    return hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()
