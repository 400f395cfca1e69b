"""The population GX suites: they match the landing layouts and the mart contract, pass on
the real landed files, and fail — naming the column — on the faults they exist for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.catalog.registry import CATALOG
from orchestration.landing.layouts import layout_for
from orchestration.landing.parse import land_file
from orchestration.quality.gx_suites import SuiteOutcome, read_suite_json, validate_frame

PROJECT = Path(__file__).parents[2]
CONTEXT_ROOT = PROJECT / "expectations"
CENSUS = "census_pep__county_population"
CONAPO = "conapo__state_population"
META_COLUMNS = {"_source_file", "_vintage", "_source_row"}

gx = pytest.mark.gx


def _column_set(suite: str) -> set[str]:
    [columns] = [
        i["kwargs"]["column_set"]
        for i in read_suite_json(CONTEXT_ROOT, suite)["expectations"]
        if i["type"] == "expect_table_columns_to_match_set"
    ]
    return set(columns)


@pytest.mark.parametrize("table", [CENSUS, CONAPO])
def test_landing_suite_columns_match_every_layout_of_the_table(table: str) -> None:
    layouts = {r.layout for s in CATALOG for r in s.releases if r.table == table}
    assert layouts
    for name in layouts:
        columns = {c.name for c in layout_for(table, name).columns}
        assert _column_set(f"landing__{table}") == columns | META_COLUMNS, name


@pytest.fixture(scope="module")
def landed(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """Both population landing tables from the real files, as the pipeline validates them."""
    root = tmp_path_factory.mktemp("landing")
    paths: dict[str, list[str]] = {CENSUS: [], CONAPO: []}
    for source in CATALOG:
        for release in source.releases:
            if release.table not in paths:
                continue
            dest = root / release.table / f"{release.vintage}__{release.base_name}.parquet"
            land_file(
                shared_data / release.file_name,
                layout_for(release.table, release.layout),
                release_file=release.file_name,
                vintage=date.fromisoformat(release.vintage),
                dest=dest,
            )
            paths[release.table].append(str(dest))
    with duckdb.connect() as con:
        return {
            table: con.execute("select * from read_parquet(?, union_by_name = true)", [files]).df()
            for table, files in paths.items()
        }


@gx
@pytest.mark.parametrize("table", [CENSUS, CONAPO])
def test_landing_suite_passes_on_real_data(landed: dict[str, pd.DataFrame], table: str) -> None:
    suite = f"landing__{table}"
    outcome = validate_frame(landed[table], suite, context_root=CONTEXT_ROOT)
    assert outcome.success, outcome.errors
    assert outcome.warnings == []
    assert outcome.evaluated == len(read_suite_json(CONTEXT_ROOT, suite)["expectations"])


def _mojibake_county(df: pd.DataFrame) -> None:
    row = df.index[df["ctyname"] == "Doña Ana County"][0]
    df.loc[row, "ctyname"] = "DoÃ±a Ana County"  # UTF-8 read as Latin-1


def _county_on_state_row(df: pd.DataFrame) -> None:
    row = df.index[df["sumlev"] == "040"][0]
    df.loc[row, "county"] = "001"


def _duplicate_county(df: pd.DataFrame) -> None:
    df.loc[df.index[11], ["state", "county"]] = df.loc[df.index[10], ["state", "county"]].values


def _implausible_state(df: pd.DataFrame) -> None:
    df.loc[df.index[0], "popestimate2024"] = 90_000_000  # warn: plausibility only


def _unknown_entity(df: pd.DataFrame) -> None:
    df.loc[df.index[5], "cve_ent"] = "33"


def _year_2071(df: pd.DataFrame) -> None:
    df.loc[df.index[5], "n_year"] = 2071


def _state_before_1970(df: pd.DataFrame) -> None:
    row = df.index[df["cve_ent"] == "08"][0]
    df.loc[row, "n_year"] = 1960


def _unknown_sex(df: pd.DataFrame) -> None:
    df.loc[df.index[5], "genero"] = "Ambos sexos"


def _negative_mid_year(df: pd.DataFrame) -> None:
    df.loc[df.index[5], "pob_mid_year"] = -1


# (table, fault, expectation that must fail, text its message must hold, severity)
FAULTS = [
    (
        CENSUS,
        _mojibake_county,
        "expect_column_values_to_not_match_regex(ctyname)",
        "DoÃ±a",
        "error",
    ),
    (CENSUS, _county_on_state_row, "expect_column_values_to_be_in_set(county)", "'001'", "error"),
    (
        CENSUS,
        _duplicate_county,
        "expect_compound_columns_to_be_unique(_source_file, state, county)",
        "rows unexpected",
        "error",
    ),
    (
        CENSUS,
        _implausible_state,
        "expect_column_values_to_be_between(popestimate2024) [max_value",
        "90000000",
        "warn",
    ),
    (CONAPO, _unknown_entity, "expect_column_values_to_be_in_set(cve_ent)", "'33'", "error"),
    (CONAPO, _year_2071, "expect_column_values_to_be_between(n_year)", "2071", "error"),
    (CONAPO, _state_before_1970, "expect_column_values_to_be_between(n_year)", "1960", "error"),
    (CONAPO, _unknown_sex, "expect_column_values_to_be_in_set(genero)", "'Ambos sexos'", "error"),
    (CONAPO, _negative_mid_year, "expect_column_values_to_be_between(pob_mid_year)", "-1", "error"),
]


@pytest.fixture(scope="module")
def faulty(landed: dict[str, pd.DataFrame]) -> dict[str, SuiteOutcome]:
    """Each table validated once with all its faults in (GX costs ~1-2 s per validation)."""
    outcomes = {}
    for table, frame in landed.items():
        df = frame.copy()
        for fault_table, fault, *_ in FAULTS:
            if fault_table == table:
                fault(df)
        outcomes[table] = validate_frame(df, f"landing__{table}", context_root=CONTEXT_ROOT)
    return outcomes


@gx
@pytest.mark.parametrize(
    ("table", "expectation", "detail", "severity"),
    [(t, e, d, s) for t, _, e, d, s in FAULTS],
    ids=[f.__name__.lstrip("_") for _, f, *_ in FAULTS],
)
def test_fault_fails_naming_the_column(
    faulty: dict[str, SuiteOutcome], table: str, expectation: str, detail: str, severity: str
) -> None:
    outcome = faulty[table]
    assert not outcome.success
    messages = outcome.errors if severity == "error" else outcome.warnings
    matching = [m for m in messages if m.startswith(expectation) and detail in m]
    assert matching, messages


@gx
@pytest.mark.parametrize("table", [CENSUS, CONAPO])
def test_far_too_few_rows_fail(landed: dict[str, pd.DataFrame], table: str) -> None:
    outcome = validate_frame(
        landed[table].head(300), f"landing__{table}", context_root=CONTEXT_ROOT
    )
    assert any(
        m.startswith("expect_table_row_count_to_be_between") and "observed 300" in m
        for m in outcome.errors
    )
