"""dbt guards what the project computes: each model's ``column_guards`` test passes on the
built warehouse and fails on a broken copy of it, returning one row per broken rule that
names the column and counts its bad rows (kept by ``dbt test --store-failures``).

The faults are the ones the mart GX suites used to catch (docs/mart-suite-inventory.md).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.automation.runner import RunFailedError
from orchestration.sql import quote_literal
from tests.e2e.helpers import dbt_test, run_into, sha256

REPO = Path(__file__).resolve().parents[2]

# each guard, the change to one copy of the build that breaks it, and the rows it must return
SEIZURE_ROWS = "select rowid from marts.fct_drug_seizures order by all limit {n} offset {at}"

BREAKS: dict[str, tuple[list[str], set[tuple[str, str, int]]]] = {
    # NULLs and negatives in guarded columns: each column named, with its count of bad rows
    "column_guards_fct_drug_seizures": (
        [
            "update marts.fct_drug_seizures set region = null "
            f"where rowid in ({SEIZURE_ROWS.format(n=2, at=0)})",
            "update marts.fct_drug_seizures set quantity_kg = null "
            f"where rowid in ({SEIZURE_ROWS.format(n=1, at=10)})",
            "update marts.fct_drug_seizures set seizure_events = -1 "
            f"where rowid in ({SEIZURE_ROWS.format(n=3, at=20)})",
        ],
        {
            ("region", "not_null", 2),
            ("quantity_kg", "not_null", 1),
            ("seizure_events", "non_negative", 3),
        },
    ),
    "column_guards_fct_population": (
        [
            # a CONAPO projection year marked as an estimate; a sex split on a Census row
            "update marts.fct_population set is_projection = false where geography_id = "
            "(select min(geography_id) from marts.fct_population where source = 'CONAPO 2023') "
            "and source = 'CONAPO 2023' and calendar_year = 2025",
            "update marts.fct_population set population_male = 1 "
            "where geography_id = 'US-TX' and calendar_year = 2020",
        ],
        {
            (
                "is_projection_values_where_source_conapo_2023_and_calendar_year_at_least_2020",
                "row_rule",
                1,
            ),
            ("population_male_null_where_source_not_conapo_2023", "row_rule", 1),
        },
    ),
    "column_guards_national_flows_yearly": (
        # twelve 12-month-ending values added up: a year counted twelve times
        [
            "update marts.national_flows_yearly set overdose_deaths_all_drugs_cy = "
            "12 * overdose_deaths_all_drugs_cy where year = 2022",
        ],
        {("overdose_deaths_all_drugs_cy", "between 30000 and 200000", 1)},
    ),
}


def failing_rows(db_path: Path, test: str) -> set[tuple[str, str, int]]:
    """What the guard returned: (column, rule, bad rows) per broken rule."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            f"select column_name, rule, failing_rows from dbt_test__audit.{test}"
        ).fetchall()
    return {(column, rule, int(count)) for column, rule, count in rows}


def copy_of_build(cli_published, folder: Path) -> Path:
    """The build file holds the intermediate tables too; a copy keeps its name (dbt-duckdb
    qualifies relations with it)."""
    copy = folder / "warehouse.duckdb"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(cli_published.data_dir / "build" / "warehouse.duckdb", copy)
    return copy


@pytest.fixture(scope="module")
def broken_run(cli_published, tmp_path_factory):
    """The guards run once on a sound copy and once on a copy with every break applied."""
    root = tmp_path_factory.mktemp("guards")
    good = copy_of_build(cli_published, root / "good")
    broken = copy_of_build(cli_published, root / "broken")
    with duckdb.connect(str(broken)) as con:
        for statements, _ in BREAKS.values():
            for sql in statements:
                assert con.execute(sql).fetchone()[0] > 0, sql  # rows changed
    select = sorted(BREAKS)
    passed = dbt_test(
        cli_published.data_dir, good, root / "good", "--store-failures", "--select", *select
    )
    failed = dbt_test(
        cli_published.data_dir, broken, root / "broken", "--store-failures", "--select", *select
    )
    return good, passed, broken, failed


def test_guards_pass_on_the_build(broken_run) -> None:
    good, passed, _, _ = broken_run
    for test in BREAKS:
        assert f"PASS {test}" in passed, passed[-3000:]
        assert failing_rows(good, test) == set()


@pytest.mark.parametrize("test", sorted(BREAKS))
def test_a_broken_copy_fails_naming_each_column_and_its_bad_rows(broken_run, test) -> None:
    _, _, broken, failed = broken_run
    assert f"FAIL {len(BREAKS[test][1])} {test}" in failed, failed[-3000:]
    assert failing_rows(broken, test) == BREAKS[test][1]


# --------------------------------------------------------------------------- in ironriver run

LANDED_SEIZURES = "cbp_drug_seizures__nationwide"


def tamper_newest_landed_file(table_dir: Path, statements: list[str]) -> Path:
    """Apply ``statements`` (on table ``landed``) to the table's newest landed file, after
    it passed its landing suite: a fault only dbt's guards can see (the landing gate does
    not validate a file it already passed)."""
    with duckdb.connect() as con:
        files = sorted(table_dir.glob("*.parquet"))
        newest = max(
            files,
            key=lambda path: con.execute(
                "select max(_vintage) from read_parquet(?)", [str(path)]
            ).fetchone()[0],
        )
        con.execute("create table landed as select * from read_parquet(?)", [str(newest)])
        for sql in statements:
            con.execute(sql)
        rewritten = newest.with_name(newest.name + ".tmp")
        con.execute(f"copy landed to {quote_literal(str(rewritten))} (format parquet)")
    rewritten.replace(newest)
    return newest


def test_a_failed_guard_names_each_column_and_count_in_the_run_error(published_copy) -> None:
    """``ironriver run`` fails on a guard, and its error names each broken column with its
    rule and count of bad rows (the guard's stored result rows), not only the test."""
    table_dir = published_copy.landing_table_dir(LANDED_SEIZURES)
    rows = "select rowid from landed order by _source_row limit {n} offset {at}"
    month = "fiscal_month_abbr"
    tamper_newest_landed_file(
        table_dir,
        [
            f"update landed set event_count = -1 where rowid in ({rows.format(n=3, at=0)})",
            f"update landed set event_count = null where rowid in ({rows.format(n=1, at=5)})",
            f"update landed set {month} = null where rowid in ({rows.format(n=2, at=10)})",
        ],
    )
    before = sha256(published_copy.serve_db)
    with pytest.raises(RunFailedError) as failure:
        run_into(published_copy.root, Path(published_copy.mirror), force=True)
    text = str(failure.value)
    guard = "column_guards_stg_cbp_drug_seizures__nationwide"  # the first model that reads it
    broken = {
        "column calendar_month: rule not_null, 2 bad rows",
        "column month_start: rule not_null, 2 bad rows",
        "column seizure_events: rule not_null, 1 bad rows",
        "column seizure_events: rule non_negative, 3 bad rows",
    }
    # the guard's check names each broken column with its count, and is the first failure
    # listed (what the CLI's one-line error shows)
    check = f"check staging/stg_cbp_drug_seizures__nationwide:{guard} failed (ERROR): "
    first = text.splitlines()[1]
    assert first.startswith(check), text
    assert set(first.removeprefix(check).split("; ")) == broken, text
    # ... and so does the dbt step's failure
    [step] = [line for line in text.splitlines() if line.startswith("step warehouse_dbt failed")]
    [named] = re.findall(rf"dbt fail: {guard} \([^)]*\): ([^|]*)", step)
    assert set(named.strip().split("; ")) == broken, step
    assert sha256(published_copy.serve_db) == before  # nothing was published
