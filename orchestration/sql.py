"""Quoting for the SQL text DuckDB cannot take as a query parameter.

Values go to DuckDB as parameters (``con.execute(sql, [value, ...])``). What cannot be a
parameter -- identifiers (schema, table and column names) and the few statements DuckDB
refuses to prepare (``COPY ... TO``, ``CREATE VIEW``) -- is quoted here, and only here.
"""

from __future__ import annotations


def quote_ident(name: str) -> str:
    """An SQL identifier, quoted (a name that came from a file or a catalog is never trusted)."""
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, table: str) -> str:
    """``"schema"."table"``, each part quoted."""
    return f"{quote_ident(schema)}.{quote_ident(table)}"


def quote_literal(value: str) -> str:
    """A string literal, for a statement DuckDB cannot prepare (else pass a parameter)."""
    return "'" + value.replace("'", "''") + "'"
