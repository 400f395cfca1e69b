"""The BTS landing suite: it matches the landing layout, passes on the real export, and
fails — naming the column and the value — on the faults it exists for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.catalog.registry import BTS_BORDER_CROSSING
from orchestration.landing.layouts import layout_for
from orchestration.landing.parse import land_file
from orchestration.quality.gx_suites import SuiteOutcome, read_suite_json, validate_frame

PROJECT = Path(__file__).parents[2]
CONTEXT_ROOT = PROJECT / "expectations"
TABLE = "bts_border_crossing__port_month_measure"
SUITE = f"landing__{TABLE}"
META_COLUMNS = {"_source_file", "_vintage", "_source_row"}

gx = pytest.mark.gx


def test_landing_suite_columns_match_the_layout() -> None:
    [columns] = [
        i["kwargs"]["column_set"]
        for i in read_suite_json(CONTEXT_ROOT, SUITE)["expectations"]
        if i["type"] == "expect_table_columns_to_match_set"
    ]
    layouts = {r.layout for r in BTS_BORDER_CROSSING.releases}
    assert layouts == {"official"}
    assert set(columns) == {c.name for c in layout_for(TABLE, "official").columns} | META_COLUMNS


@pytest.fixture(scope="module")
def landed(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    release = BTS_BORDER_CROSSING.releases[0]
    dest = tmp_path_factory.mktemp("bts") / "bts.parquet"
    land_file(
        shared_data / release.file_name,
        layout_for(TABLE, release.layout),
        release_file=release.file_name,
        vintage=date.fromisoformat(release.vintage),
        dest=dest,
    )
    with duckdb.connect() as con:
        return con.execute("select * from read_parquet(?)", [str(dest)]).df()


def _validate(df: pd.DataFrame) -> SuiteOutcome:
    return validate_frame(df, SUITE, context_root=CONTEXT_ROOT)


@gx
def test_landing_suite_passes_on_the_real_export(landed: pd.DataFrame) -> None:
    outcome = _validate(landed)
    assert outcome.success, outcome.errors
    assert outcome.warnings == []
    assert outcome.evaluated == len(read_suite_json(CONTEXT_ROOT, SUITE)["expectations"])


def _negative_value(df: pd.DataFrame) -> None:
    df.loc[df.index[7], "value"] = -40


def _short_port_code(df: pd.DataFrame) -> None:
    df.loc[df.index[3], "port_code"] = "104"  # leading zero lost


def _unknown_border(df: pd.DataFrame) -> None:
    df.loc[df.index[5], "border"] = "US-Cuba Border"


def _port_in_the_ocean(df: pd.DataFrame) -> None:
    df.loc[df.index[9], "latitude"] = 0.0


@gx
@pytest.mark.parametrize(
    ("fault", "expectation", "detail"),
    [
        (_negative_value, "expect_column_values_to_be_between(value)", "-40"),
        (_short_port_code, "expect_column_values_to_match_regex(port_code)", "'104'"),
        (_unknown_border, "expect_column_values_to_be_in_set(border)", "'US-Cuba Border'"),
        (_port_in_the_ocean, "expect_column_values_to_be_between(latitude)", "0.0"),
    ],
    ids=lambda v: v.__name__.lstrip("_") if callable(v) else None,
)
def test_fault_fails_naming_column_and_value(
    landed: pd.DataFrame, fault, expectation: str, detail: str
) -> None:
    df = landed.copy()
    fault(df)
    outcome = _validate(df)
    assert not outcome.success
    matching = [m for m in outcome.errors if m.startswith(expectation)]
    assert matching, outcome.errors
    assert detail in matching[0], matching[0]


@gx
def test_new_measure_is_a_warning_here(landed: pd.DataFrame) -> None:
    """The landing suite records a new measure; the dbt build refuses it, naming it."""
    df = landed.copy()
    df.loc[df.index[11], "measure"] = "Hovercraft Passengers"
    outcome = _validate(df)
    assert outcome.success
    [warning] = outcome.warnings
    assert "expect_column_values_to_be_in_set(measure)" in warning
    assert "'Hovercraft Passengers'" in warning
