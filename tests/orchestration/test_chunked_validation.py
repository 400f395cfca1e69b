"""A landing suite validated in chunks of whole Parquet files says what one frame of the
whole table says: same success, messages, counts; table-level expectations (row count,
distinct values) judged on the whole table, never per chunk.

Each case runs the same suite twice on the same files: with chunks far larger than the
table (the single-frame path) and with chunks of a few files; the expected counts are
computed independently with DuckDB from the Parquet files.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from orchestration.catalog import TABLES
from orchestration.catalog.registry import CATALOG
from orchestration.landing.layouts import layout_for
from orchestration.landing.parse import land_file
from orchestration.publish.docs_sites import render_gx_pages
from orchestration.quality.asset_checks import EXPECTATIONS_DIR, validate_landing
from orchestration.quality.chunked import check_chunkable, plan_chunks, validate_parquet_files
from orchestration.quality.gx_suites import SuiteError, SuiteOutcome, list_suites
from orchestration.resources import WarehouseConfig

SUITE = "landing__demo"
ROWS_PER_FILE = 30
FILES = 3
CHUNK_ROWS = 2 * ROWS_PER_FILE  # chunks: files 1+2, file 3
WHOLE = 10**9


def _expectation(kind: str, severity: str = "error", **kwargs: Any) -> dict[str, Any]:
    return {"type": kind, "kwargs": kwargs, "meta": {"severity": severity}}


def _suite(root: Path, expectations: list[dict[str, Any]], name: str = SUITE) -> Path:
    (root / "expectations").mkdir(parents=True, exist_ok=True)
    payload = {"name": name, "expectations": expectations}
    (root / "expectations" / f"{name}.json").write_text(json.dumps(payload))
    return root


def _demo_suite(root: Path, *, max_rows: int = 1000) -> Path:
    return _suite(
        root,
        [
            _expectation(
                "expect_table_columns_to_match_set",
                column_set=["_source_file", "_source_row", "state", "kind", "n", "m", "_vintage"],
                exact_match=True,
            ),
            _expectation("expect_table_row_count_to_be_between", min_value=1, max_value=max_rows),
            _expectation(
                "expect_compound_columns_to_be_unique", column_list=["_source_file", "_source_row"]
            ),
            _expectation(
                "expect_compound_columns_to_be_unique",
                column_list=["_source_file", "_vintage", "state", "kind"],
            ),
            # only the nullable dtype: n has its NULL in the last file alone
            _expectation(
                "expect_column_values_to_be_in_type_list", column="n", type_list=["Int64Dtype"]
            ),
            _expectation(
                "expect_column_values_to_be_of_type", column="_vintage", type_="datetime64"
            ),
            _expectation("expect_column_values_to_not_be_null", column="state"),
            _expectation("expect_column_values_to_not_be_null", column="n", mostly=0.9),
            _expectation(
                "expect_column_values_to_be_between", column="n", min_value=0, max_value=1000
            ),
            _expectation(
                "expect_column_values_to_be_in_set", column="kind", value_set=["a", "b", "c"]
            ),
            _expectation(
                "expect_column_values_to_match_regex",
                "warn",
                column="state",
                regex="^S[0-9]+$",
                row_condition={
                    "type": "comparison",
                    "column": {"name": "kind"},
                    "operator": "==",
                    "parameter": "a",
                },
            ),
            _expectation(
                "expect_column_pair_values_a_to_be_greater_than_b",
                column_A="m",
                column_B="n",
                ignore_row_if="either_value_is_missing",
            ),
            _expectation(
                "expect_column_distinct_values_to_contain_set",
                column="kind",
                value_set=["a", "b", "c"],
            ),
            _expectation(
                "expect_column_unique_value_count_to_be_between",
                "warn",
                column="state",
                min_value=1,
                max_value=FILES * ROWS_PER_FILE,
            ),
        ],
    )


def _write_files(directory: Path, rows: list[list[dict[str, Any]]]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    with duckdb.connect() as con:
        for number, file_rows in enumerate(rows, start=1):
            path = directory / f"release_{number:02d}.parquet"
            values = ", ".join(
                "({}, {}, {}, {}, {}, {}, date '2026-01-0{}')".format(
                    _sql(f"release_{number:02d}.csv"),
                    r["_source_row"],
                    _sql(r["state"]),
                    _sql(r["kind"]),
                    _sql(r["n"]),
                    _sql(r["m"]),
                    number,
                )
                for r in file_rows
            )
            con.execute(
                f"copy (select * from (values {values}) t(_source_file, _source_row, state, "
                f"kind, n, m, _vintage)) to '{path}' (format parquet)"
            )
            paths.append(path)
    return paths


def _sql(value: Any) -> str:
    if value is None:
        return "null::bigint"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(int(value))


def _clean_rows() -> list[list[dict[str, Any]]]:
    files = []
    for number in range(FILES):
        files.append(
            [
                {
                    "_source_row": row,
                    "state": f"S{number * ROWS_PER_FILE + row}",
                    # 'c' only in the last file: the distinct set is complete only across chunks
                    "kind": "c" if number == FILES - 1 and row == 0 else "ab"[row % 2],
                    "n": row,
                    "m": row + 1,
                }
                for row in range(ROWS_PER_FILE)
            ]
        )
    files[-1][5]["n"] = None  # n nullable in the whole table only because of the last file
    files[-1][5]["m"] = 7
    return files


def _both(paths: list[Path], root: Path) -> tuple[SuiteOutcome, SuiteOutcome]:
    single = validate_parquet_files(paths, SUITE, context_root=root, max_chunk_rows=WHOLE)
    chunked = validate_parquet_files(paths, SUITE, context_root=root, max_chunk_rows=CHUNK_ROWS)
    assert "ironriver_chunked" not in single.result_json["meta"]
    assert chunked.result_json["meta"]["ironriver_chunked"] == {
        "chunks": 2,
        "files": FILES,
        "rows": FILES * ROWS_PER_FILE,
    }
    return single, chunked


def _by_expectation(outcome: SuiteOutcome) -> dict[str, dict[str, Any]]:
    found = {}
    for item in outcome.result_json["results"]:
        config = item["expectation_config"]
        kwargs = {k: v for k, v in config["kwargs"].items() if k != "batch_id"}
        key = json.dumps([config["type"], kwargs], sort_keys=True)
        assert key not in found
        found[key] = item
    return found


def _assert_same(single: SuiteOutcome, chunked: SuiteOutcome) -> None:
    assert chunked.success == single.success
    assert chunked.errors == single.errors
    assert chunked.warnings == single.warnings
    assert chunked.evaluated == single.evaluated
    assert chunked.result_json["statistics"] == single.result_json["statistics"]
    assert chunked.result_json["success"] == single.result_json["success"]
    one, many = _by_expectation(single), _by_expectation(chunked)
    assert one.keys() == many.keys()
    for key, item in one.items():
        assert many[key]["success"] == item["success"], key
        assert many[key]["result"] == item["result"], key
    # the merged result keeps GX's shape: GX itself renders it
    assert [i["expectation_config"]["type"] for i in chunked.result_json["results"]] == [
        i["expectation_config"]["type"] for i in single.result_json["results"]
    ]


def _count(paths: list[Path], where: str) -> int:
    listed = ", ".join(f"'{p}'" for p in paths)
    with duckdb.connect() as con:
        return con.execute(
            f"select count(*) from read_parquet([{listed}]) where {where}"
        ).fetchone()[0]


def test_chunks_are_whole_files_sorted_by_name(tmp_path: Path) -> None:
    paths = _write_files(tmp_path / "t", _clean_rows())
    chunks = plan_chunks(list(reversed(paths)), CHUNK_ROWS)
    assert [c.files for c in chunks] == [tuple(paths[:2]), (paths[2],)]
    assert [c.rows for c in chunks] == [2 * ROWS_PER_FILE, ROWS_PER_FILE]
    # a file bigger than a chunk is a chunk of its own, never split
    assert [c.files for c in plan_chunks(paths, 1)] == [(p,) for p in paths]


def test_clean_table_same_outcome(tmp_path: Path) -> None:
    root = _demo_suite(tmp_path / "ctx")
    paths = _write_files(tmp_path / "t", _clean_rows())
    single, chunked = _both(paths, root)
    assert single.success and not single.errors and not single.warnings, single.errors
    _assert_same(single, chunked)
    site = tmp_path / "site"
    render_gx_pages([chunked.result_json], site)
    pages = list((site / "validations" / SUITE).rglob("*.html"))
    assert pages  # rendered by GX from the merged JSON
    assert "kind" in pages[0].read_text(encoding="utf-8")


def test_bad_values_in_second_chunk(tmp_path: Path) -> None:
    root = _demo_suite(tmp_path / "ctx")
    rows = _clean_rows()
    for row in rows[-1][10:]:  # 20 bad rows in the last file, besides 5 in the first
        row["kind"] = "zz"
    for row in rows[0][:5]:
        row["kind"] = "yy"
    paths = _write_files(tmp_path / "t", rows)
    single, chunked = _both(paths, root)
    _assert_same(single, chunked)
    bad = _count(paths, "kind not in ('a', 'b', 'c')")
    assert bad == 25
    (message,) = [e for e in chunked.errors if e.startswith("expect_column_values_to_be_in_set")]
    assert "(kind)" in message and "'zz'" in message and "'yy'" in message
    assert f"{bad} of {FILES * ROWS_PER_FILE} rows unexpected" in message
    item = next(
        i
        for i in chunked.result_json["results"]
        if i["expectation_config"]["type"] == "expect_column_values_to_be_in_set"
    )
    assert item["result"]["unexpected_count"] == bad
    assert len(item["result"]["partial_unexpected_list"]) == 20  # capped as GX caps
    assert item["result"]["partial_unexpected_index_list"][5] == 2 * ROWS_PER_FILE + 10


def test_duplicate_key_inside_one_file(tmp_path: Path) -> None:
    root = _demo_suite(tmp_path / "ctx")
    rows = _clean_rows()
    rows[2][3]["state"], rows[2][3]["kind"] = rows[2][4]["state"], rows[2][4]["kind"]
    paths = _write_files(tmp_path / "t", rows)
    single, chunked = _both(paths, root)
    _assert_same(single, chunked)
    duplicated = _count(
        paths,
        "(_source_file, state, kind) in (select (_source_file, state, kind) from "
        f"read_parquet([{', '.join(repr(str(p)) for p in paths)}]) "
        "group by all having count(*) > 1)",
    )
    assert duplicated == 2
    (message,) = [e for e in chunked.errors if "(_source_file, _vintage, state, kind)" in e]
    assert f"{duplicated} of {FILES * ROWS_PER_FILE} rows unexpected" in message
    assert "('release_03.csv', '2026-01-03', 'S64', 'a') x2" in message


def test_row_count_out_of_bounds_only_summed(tmp_path: Path) -> None:
    total = FILES * ROWS_PER_FILE
    root = _demo_suite(tmp_path / "ctx", max_rows=CHUNK_ROWS)  # every chunk fits, the table not
    paths = _write_files(tmp_path / "t", _clean_rows())
    assert _count(paths, "true") == total > CHUNK_ROWS
    single, chunked = _both(paths, root)
    _assert_same(single, chunked)
    (message,) = chunked.errors
    assert message.startswith("expect_table_row_count_to_be_between")
    assert message.endswith(f"observed {total}")


def test_distinct_values_complete_only_across_chunks(tmp_path: Path) -> None:
    root = _demo_suite(tmp_path / "ctx")
    paths = _write_files(tmp_path / "t", _clean_rows())
    assert _count(paths[:2], "kind = 'c'") == 0 < _count(paths[2:], "kind = 'c'")
    single, chunked = _both(paths, root)
    assert single.success
    _assert_same(single, chunked)
    # and a value seen nowhere is reported the same way
    rows = _clean_rows()
    rows[-1][0]["kind"] = "a"
    paths = _write_files(tmp_path / "u", rows)
    single, chunked = _both(paths, root)
    _assert_same(single, chunked)
    assert any("values never seen: ['c']" in e for e in chunked.errors)


@pytest.mark.parametrize(
    ("expectation", "named"),
    [
        (_expectation("expect_column_values_to_be_unique", column="state"), "be_unique"),
        (
            _expectation("expect_compound_columns_to_be_unique", column_list=["state", "kind"]),
            "_source_file",
        ),
        (
            _expectation(
                "expect_table_row_count_to_be_between",
                min_value=1,
                row_condition={
                    "type": "comparison",
                    "column": {"name": "kind"},
                    "operator": "==",
                    "parameter": "a",
                },
            ),
            "row_condition",
        ),
    ],
)
def test_expectation_not_chunk_safe_raises(
    tmp_path: Path, expectation: dict[str, Any], named: str
) -> None:
    root = _suite(tmp_path / "ctx", [expectation])
    paths = _write_files(tmp_path / "t", _clean_rows())
    with pytest.raises(SuiteError) as raised:
        validate_parquet_files(paths, SUITE, context_root=root, max_chunk_rows=CHUNK_ROWS)
    message = str(raised.value)
    assert SUITE in message and expectation["type"] in message and named in message
    # one chunk: the single-frame path, as before
    outcome = validate_parquet_files(paths, SUITE, context_root=root, max_chunk_rows=WHOLE)
    assert outcome.evaluated == 1


def test_every_landing_suite_is_chunk_safe() -> None:
    suites = [name for name in list_suites(EXPECTATIONS_DIR) if name.startswith("landing__")]
    assert len(suites) == len(TABLES)
    for suite in suites:
        check_chunkable(EXPECTATIONS_DIR, suite)


def test_real_table_same_outcome(tmp_path: Path, shared_data: Path) -> None:
    """The four CBP nationwide releases landed as the pipeline lands them, validated by
    the landing check's own entry point as one frame and as one chunk per file."""
    table = "cbp_drug_seizures__nationwide"
    warehouse = WarehouseConfig(data_dir=str(tmp_path / "data"))
    releases = [r for s in CATALOG for r in s.releases if r.table == table]
    assert len(releases) >= 2
    table_dir = warehouse.landing_table_dir(table)
    table_dir.mkdir(parents=True)
    for number, release in enumerate(releases):
        land_file(
            shared_data / release.file_name,
            layout_for(release.table, release.layout),
            release_file=release.file_name,
            vintage=date.fromisoformat(release.vintage),
            dest=table_dir / f"{number:02d}.parquet",
        )
    paths = sorted(table_dir.glob("*.parquet"))
    single = validate_landing(warehouse, table, max_chunk_rows=WHOLE)
    assert single is not None
    chunked = validate_landing(warehouse, table, max_chunk_rows=1)
    assert chunked is not None
    assert chunked.result_json["meta"]["ironriver_chunked"] == {
        "chunks": len(paths),
        "files": len(paths),
        "rows": _count(paths, "true"),
    }
    _assert_same(single, chunked)
    (rows,) = [
        i["result"]["observed_value"]
        for i in chunked.result_json["results"]
        if i["expectation_config"]["type"] == "expect_table_row_count_to_be_between"
    ]
    assert rows == _count(paths, "true")
    kept = json.loads((warehouse.quality_dir / f"landing__{table}.json").read_text())
    assert kept == chunked.result_json
    render_gx_pages([kept], tmp_path / "site")
    assert list((tmp_path / "site" / "validations" / f"landing__{table}").rglob("*.html"))
