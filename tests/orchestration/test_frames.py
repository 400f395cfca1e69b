"""The frames GX validates: built through Arrow, they equal what DuckDB's ``.df()`` gives
(dtypes included, since suites check them)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from orchestration.quality.frames import query_frame

QUERIES = {
    "text, integers and doubles, no nulls": (
        "select * from (values ('a', 1, 2::integer, 1.5), ('b', 2, 3::integer, 2.5)) "
        "t(name, n, small, x)"
    ),
    "nulls in integers, booleans and text": (
        "select * from (values ('a', 1, true, 1::smallint), (null, null, null, null)) "
        "t(name, n, flag, tiny)"
    ),
    "dates and timestamps": (
        "select date '2024-01-31' as d, timestamp '2024-01-31 10:00:00' as ts, "
        "timestamptz '2024-01-31 10:00:00+00' as tstz, null::date as nd"
    ),
    "types left to .df()": "select 12345678901234567890::hugeint as big, 1.25::decimal(5, 2) as m",
    "no rows": "select 'a' as name, 1 as n where false",
}


@pytest.mark.parametrize("query", QUERIES.values(), ids=list(QUERIES))
def test_query_frame_equals_duckdb_df(query: str) -> None:
    with duckdb.connect() as con:
        expected = con.execute(query).df()
        got = query_frame(con, query)
    pd.testing.assert_frame_equal(got, expected)
