"""Great Expectations suites of the Mexican landing tables and marts: they match the
layouts and contracts, pass on the real (small) landed files, and fail on the faults that
matter here — mis-encoded Spanish, negative counts, unknown states.

The 930k-row victims table is validated on real data by the e2e pipeline run instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.catalog.registry import INEGI_HOMICIDES, SESNSP
from orchestration.landing.layouts import layout_for
from orchestration.landing.parse import land_file
from orchestration.quality.gx_suites import (
    SuiteOutcome,
    read_suite_json,
    suite_parameter_names,
    validate_frame,
)
from orchestration.quality.suite_parameters import NOTHING_PUBLISHED

PROJECT = Path(__file__).parents[2]
CONTEXT_ROOT = PROJECT / "expectations"
LANDING_META_COLUMNS = {"_source_file", "_vintage", "_source_row"}
LANDING_TABLES = (
    "sesnsp__victims_state_month",
    "sesnsp__incidence_state_month",
    "sesnsp__incidence_state_year_derived",
    "inegi__homicides_state_month",
)
SMALL_TABLES = LANDING_TABLES[1:]
RELEASES = [r for s in (SESNSP, INEGI_HOMICIDES) for r in s.releases]

gx = pytest.mark.gx


def _column_set(suite: str) -> set[str]:
    [columns] = [
        item["kwargs"]["column_set"]
        for item in read_suite_json(CONTEXT_ROOT, suite)["expectations"]
        if item["type"] == "expect_table_columns_to_match_set"
    ]
    return set(columns)


@pytest.mark.parametrize("table", LANDING_TABLES)
def test_landing_suite_columns_match_the_layouts(table: str) -> None:
    layouts = {r.layout for r in RELEASES if r.table == table}
    assert layouts
    for name in layouts:
        columns = {c.name for c in layout_for(table, name).columns}
        assert _column_set(f"landing__{table}") == columns | LANDING_META_COLUMNS


@pytest.mark.parametrize("suite", [f"landing__{t}" for t in LANDING_TABLES])
def test_suite_checks_the_spanish_text_for_mojibake(suite: str) -> None:
    if suite.endswith("homicides_state_month"):
        pytest.skip("INEGI's file has no text but codes")
    regexes = [
        item["kwargs"]["regex"]
        for item in read_suite_json(CONTEXT_ROOT, suite)["expectations"]
        if item["type"] == "expect_column_values_to_not_match_regex"
        and item["meta"]["severity"] == "error"
    ]
    assert regexes
    for mark in ("Ã", "È", "Ì", "Ò", "Û", "·", "\ufffd", "\x8e"):
        assert all(re.search(regex, f"M{mark}xico") for regex in regexes), mark


@pytest.fixture(scope="module")
def landed(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    root = tmp_path_factory.mktemp("landing_mexico_gx")
    files: dict[str, list[str]] = {table: [] for table in SMALL_TABLES}
    for release in RELEASES:
        if release.table not in files:
            continue
        dest = root / release.table / f"{release.vintage}__{release.base_name}.parquet"
        land_file(
            shared_data / release.file_name,
            layout_for(release.table, release.layout),
            release_file=release.file_name,
            vintage=date.fromisoformat(release.vintage),
            dest=dest,
        )
        files[release.table].append(str(dest))
    with duckdb.connect() as con:
        return {t: con.execute("select * from read_parquet(?)", [p]).df() for t, p in files.items()}


def _validate(df: pd.DataFrame, suite: str) -> SuiteOutcome:
    # freshness bounds out of the way: these tests are about the other expectations
    names = suite_parameter_names(read_suite_json(CONTEXT_ROOT, suite))
    parameters = dict.fromkeys(names, NOTHING_PUBLISHED)
    return validate_frame(df, suite, context_root=CONTEXT_ROOT, parameters=parameters)


@gx
@pytest.mark.parametrize("table", SMALL_TABLES)
def test_landing_suite_passes_on_real_data(landed: dict[str, pd.DataFrame], table: str) -> None:
    outcome = _validate(landed[table].copy(), f"landing__{table}")
    assert outcome.success, outcome.errors
    assert outcome.warnings == [], outcome.warnings


def _mojibake_state(df: pd.DataFrame) -> None:
    df.loc[df.index[7], "state_name"] = "Ciudad de MÈxico"


def _utf8_read_as_latin1(df: pd.DataFrame) -> None:
    df.loc[df.index[8], "crime_subtype"] = "Robo a transeÃºnte en vÃ\xada pÃºblica"


def _negative_month(df: pd.DataFrame) -> None:
    df.loc[df.index[9], "m02_febrero"] = -2


def _unknown_state_code(df: pd.DataFrame) -> None:
    df.loc[df.index[10], "state_code"] = "33"


def _negative_homicides(df: pd.DataFrame) -> None:
    df.loc[df.index[11], "homicides"] = -1


INCIDENCE = "sesnsp__incidence_state_month"
FAULTS = [
    (INCIDENCE, _mojibake_state, "expect_column_values_to_not_match_regex(state_name)", "MÈxico"),
    (
        INCIDENCE,
        _utf8_read_as_latin1,
        "expect_column_values_to_not_match_regex(crime_subtype)",
        "Ã",
    ),
    (INCIDENCE, _negative_month, "expect_column_values_to_be_between(m02_febrero)", "-2"),
    (INCIDENCE, _unknown_state_code, "expect_column_values_to_be_in_set(state_code)", "'33'"),
    (
        "inegi__homicides_state_month",
        _negative_homicides,
        "expect_column_values_to_be_between(homicides)",
        "-1",
    ),
]


@gx
@pytest.mark.parametrize(
    ("table", "fault", "expectation", "detail"),
    FAULTS,
    ids=[f.__name__.lstrip("_") for _, f, *_ in FAULTS],
)
def test_landing_fault_fails_naming_the_column(
    landed: dict[str, pd.DataFrame],
    table: str,
    fault: Callable[[pd.DataFrame], None],
    expectation: str,
    detail: str,
) -> None:
    df = landed[table].copy()
    fault(df)
    outcome = _validate(df, f"landing__{table}")
    assert not outcome.success
    matching = [m for m in outcome.errors if m.startswith(expectation)]
    assert matching, outcome.errors
    assert detail in matching[0], matching[0]
