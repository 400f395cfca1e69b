"""The floor: DuckDB alone reading every mirrored source file once, in one process."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import duckdb

from orchestration.catalog.registry import Source
from orchestration.sql import quote_literal


def _scan(con: duckdb.DuckDBPyConnection, path: Path, kind: str) -> str:
    """Read the whole file once; returns how (CSV parse, JSON parse, or raw bytes)."""
    literal = quote_literal(str(path))
    if kind in {"csv", "gzip"}:
        for encoding in ("utf-8", "latin-1"):
            try:
                con.execute(
                    f"select count(*) from read_csv({literal}, all_varchar = true, "
                    f"encoding = '{encoding}', strict_mode = false, null_padding = true)"
                ).fetchall()
                return "csv"
            except duckdb.Error:
                continue
    elif kind == "json":
        con.execute(f"select count(*) from read_json({literal})").fetchall()
        return "json"
    # spreadsheets (no excel extension offline) and CSV DuckDB cannot decode: the bytes
    con.execute(f"select sum(octet_length(content)) from read_blob({literal})").fetchall()
    return "bytes"


def scan_floor(mirror: Path, catalog: Sequence[Source]) -> dict[str, float]:
    """Seconds DuckDB takes to read every catalog release in ``mirror`` once."""
    files = [
        (mirror / r.file_name, r.kind)
        for s in catalog
        for r in s.releases
        if (mirror / r.file_name).exists()
    ]
    start = time.perf_counter()
    methods: dict[str, int] = {}
    with duckdb.connect() as con:
        for path, kind in files:
            method = _scan(con, path.resolve(), kind)
            methods[method] = methods.get(method, 0) + 1
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "files": len(files),
        "bytes": sum(path.stat().st_size for path, _ in files),
        **{f"read_as_{m}": n for m, n in sorted(methods.items())},
    }
