"""Great Expectations suites: they load strictly, pass on real landed data, fail on faults.

The landing frames are built from the real source files with the project's own landing
parser (the same code the pipeline runs), once per module. Tests marked ``gx`` import
Great Expectations (~3 s once) and validate frames; the file stays well under a minute.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.checks.gx_suites import (
    SEVERITIES,
    SuiteError,
    SuiteOutcome,
    known_expectation_types,
    list_suites,
    load_suite,
    read_suite_json,
    validate_frame,
)
from orchestration.ingest.landing import land_file
from orchestration.ingest.layouts import layout_for
from orchestration.sources import CATALOG

PROJECT = Path(__file__).parents[2]
CONTEXT_ROOT = PROJECT / "expectations"
SHARED_DATA = PROJECT.parent / "shared" / "data"

LANDING_TABLES = (
    "cbp_drug_seizures__nationwide",
    "cbp_drug_seizures__amo",
    "dea_nflis__drug_reports",
    "cdc_dose__dx_jurisdiction",
    "cdc_dose__sys_jurisdiction",
    "cdc_vsrr__overdose_deaths",
    "atf_firearms_trace__source_recovery",
    "usbp_seizure_stats__by_border_region",
    "mx_firearm_trace_figures__statements",
)
LANDING_META_COLUMNS = ("_source_file", "_vintage", "_source_row")
CBP = "landing__cbp_drug_seizures__nationwide"
AMO = "landing__cbp_drug_seizures__amo"
NFLIS = "landing__dea_nflis__drug_reports"
DOSE = "landing__cdc_dose__dx_jurisdiction"
DOSE_SYS = "landing__cdc_dose__sys_jurisdiction"
VSRR = "landing__cdc_vsrr__overdose_deaths"
ATF = "landing__atf_firearms_trace__source_recovery"
USBP = "landing__usbp_seizure_stats__by_border_region"
MXF = "landing__mx_firearm_trace_figures__statements"

gx = pytest.mark.gx


# --------------------------------------------------------------------------- fixtures


def _release_vintage(vintage: str) -> date | None:
    try:
        return date.fromisoformat(vintage)
    except ValueError:  # e.g. "live": not a pinned release
        return None


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """Every landing table as the pipeline would validate it (DuckDB ``.df()``)."""
    root = tmp_path_factory.mktemp("landing")
    files: dict[str, list[Path]] = {table: [] for table in LANDING_TABLES}
    for source in CATALOG:
        for release in source.releases:
            raw = SHARED_DATA / release.file_name
            vintage = _release_vintage(release.vintage)
            if release.table not in files or vintage is None or not raw.is_file():
                continue
            dest = root / release.table / f"{release.vintage}__{release.base_name}.parquet"
            land_file(
                raw,
                layout_for(release.table, release.layout),
                release_file=release.file_name,
                vintage=vintage,
                dest=dest,
            )
            files[release.table].append(dest)
    frames = {}
    with duckdb.connect() as con:
        for table, paths in files.items():
            if not paths:
                pytest.skip(f"no raw file of {table} under {SHARED_DATA}")
            frames[table] = con.execute(
                "select * from read_parquet(?)", [[str(p) for p in paths]]
            ).df()
    return frames


def _frame(landed: dict[str, pd.DataFrame], suite: str) -> pd.DataFrame:
    return landed[suite.removeprefix("landing__")].copy()


def _validate(df: pd.DataFrame, suite: str, **kwargs) -> SuiteOutcome:
    return validate_frame(df, suite, context_root=CONTEXT_ROOT, **kwargs)


# --------------------------------------------------------------------------- module hygiene


def test_importing_the_module_does_not_import_great_expectations() -> None:
    code = (
        "import sys, orchestration.checks.gx_suites\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'great_expectations'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_great_expectations_can_be_imported_beside_other_work() -> None:
    code = (
        "import sys\n"
        "from orchestration.checks.gx_suites import import_in_background, load_suite\n"
        "thread = import_in_background()\n"
        "suite = load_suite(sys.argv[1], sys.argv[2])  # waits for the import, once\n"
        "thread.join()\n"
        "print(thread.is_alive(), 'great_expectations' in sys.modules, len(suite.expectations))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(CONTEXT_ROOT), CBP],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    expected = len(read_suite_json(CONTEXT_ROOT, CBP)["expectations"])  # generated suite
    assert out.stdout.split() == ["False", "True", str(expected)], out.stdout + out.stderr


# --------------------------------------------------------------------------- suite files


def test_there_is_a_suite_per_landing_table() -> None:
    expected = {f"landing__{t}" for t in LANDING_TABLES}
    assert expected <= set(list_suites(CONTEXT_ROOT))


def test_landing_suites_are_generated_never_written_by_hand() -> None:
    """A landing table's rules live in its declaration only (orchestration/catalog/)."""
    suites_dir = CONTEXT_ROOT / "expectations"
    assert not sorted(p.name for p in suites_dir.glob("landing__*.json"))
    for table in LANDING_TABLES:
        data = read_suite_json(CONTEXT_ROOT, f"landing__{table}")
        assert data["meta"]["generated_from"] == f"orchestration.catalog ({table})"


def test_context_config_is_committed_and_only_suites_beside_it() -> None:
    assert (CONTEXT_ROOT / "great_expectations.yml").is_file()
    ignored = (CONTEXT_ROOT / ".gitignore").read_text()
    assert "uncommitted/" in ignored
    suites_dir = CONTEXT_ROOT / "expectations"
    assert all(p.suffix == ".json" for p in suites_dir.iterdir() if p.is_file())


@pytest.mark.parametrize("suite", list_suites(CONTEXT_ROOT))
def test_suite_file_is_well_formed(suite: str) -> None:
    data = read_suite_json(CONTEXT_ROOT, suite)
    for item in data["expectations"]:
        assert item["meta"]["severity"] in SEVERITIES
        kwargs = item["kwargs"]
        # every expectation must be able to fail: no open-ended ranges or empty sets
        if item["type"].endswith("_to_be_between"):
            assert kwargs.get("min_value") is not None or kwargs.get("max_value") is not None
        if "value_set" in kwargs:
            assert kwargs["value_set"], item
        assert kwargs.get("mostly", 1) > 0, item
    errors = [i for i in data["expectations"] if i["meta"]["severity"] == "error"]
    assert errors, f"{suite} has no ERROR-severity expectation"
    if suite.startswith("marts__"):
        return  # a dated mart's newest-month checks only (tests/expectations/test_newest_month.py)
    kinds = {i["type"] for i in data["expectations"]}
    assert "expect_table_columns_to_match_set" in kinds
    assert "expect_table_row_count_to_be_between" in kinds


@gx
@pytest.mark.parametrize("suite", list_suites(CONTEXT_ROOT))
def test_suite_loads_with_every_expectation_known(suite: str) -> None:
    data = read_suite_json(CONTEXT_ROOT, suite)
    known = known_expectation_types()
    assert {i["type"] for i in data["expectations"]} <= known
    loaded = load_suite(CONTEXT_ROOT, suite)
    assert len(loaded.expectations) == len(data["expectations"])


@pytest.mark.parametrize("table", LANDING_TABLES)
def test_landing_suite_columns_match_the_landing_layouts(table: str) -> None:
    data = read_suite_json(CONTEXT_ROOT, f"landing__{table}")
    [column_set] = [
        i["kwargs"]["column_set"]
        for i in data["expectations"]
        if i["type"] == "expect_table_columns_to_match_set"
    ]
    layouts = {r.layout for s in CATALOG for r in s.releases if r.table == table}
    for name in layouts:
        layout = layout_for(table, name)
        assert set(column_set) == {c.name for c in layout.columns} | set(LANDING_META_COLUMNS)


# --------------------------------------------------------------------------- strict loading


def _copy_suite(tmp_path: Path, suite: str, edit: Callable[[dict], None]) -> Path:
    data = read_suite_json(CONTEXT_ROOT, suite)
    edit(data)
    (tmp_path / "expectations").mkdir(parents=True, exist_ok=True)
    (tmp_path / "expectations" / f"{suite}.json").write_text(json.dumps(data))
    return tmp_path


@gx
def test_misspelled_expectation_type_is_refused_naming_it(tmp_path: Path) -> None:
    def misspell(data: dict) -> None:
        data["expectations"][3]["type"] = "expect_column_values_to_not_be_nul"

    root = _copy_suite(tmp_path, CBP, misspell)
    with pytest.raises(SuiteError) as raised:
        load_suite(root, CBP)
    message = str(raised.value)
    assert "expect_column_values_to_not_be_nul" in message
    assert f"{CBP}.json" in message
    assert "expect_column_values_to_not_be_null" in message  # the suggestion


@gx
def test_invalid_kwargs_are_refused(tmp_path: Path) -> None:
    def bad_kwarg(data: dict) -> None:
        item = next(i for i in data["expectations"] if "column" in i["kwargs"])
        item["kwargs"]["colum"] = item["kwargs"].pop("column")

    root = _copy_suite(tmp_path, CBP, bad_kwarg)
    with pytest.raises(SuiteError, match="colum"):
        load_suite(root, CBP)


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda d: d.update(expectations=[]), "no expectations"),
        (lambda d: d["expectations"][0]["meta"].pop("severity"), "meta.severity"),
        (lambda d: d["expectations"][0]["meta"].update(severity="fatal"), "meta.severity"),
        (lambda d: d["expectations"][0].update(severity="info"), "contradicts"),
        (lambda d: d.update(name="landing__other"), "'name'"),
    ],
)
def test_malformed_suite_is_refused(tmp_path: Path, edit: Callable, match: str) -> None:
    root = _copy_suite(tmp_path, CBP, edit)
    with pytest.raises(SuiteError, match=match):
        read_suite_json(root, CBP)


def test_missing_suite_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match="not found"):
        read_suite_json(tmp_path, "landing__nope")
    with pytest.raises(SuiteError, match="not a suite name"):
        read_suite_json(tmp_path, "../landing__nope")


# --------------------------------------------------------------------------- real data


@gx
@pytest.mark.parametrize("suite", [CBP, AMO, NFLIS, DOSE, DOSE_SYS, VSRR, ATF, USBP, MXF])
def test_landing_suite_passes_on_real_data(
    landed: dict[str, pd.DataFrame], suite: str, tmp_path: Path
) -> None:
    before = sorted(p.relative_to(CONTEXT_ROOT) for p in CONTEXT_ROOT.rglob("*"))
    outcome = _validate(_frame(landed, suite), suite, results_dir=tmp_path / "results")
    assert outcome.success, outcome.errors
    assert outcome.errors == []
    assert outcome.warnings == [], outcome.warnings
    expected_count = len(read_suite_json(CONTEXT_ROOT, suite)["expectations"])
    assert outcome.evaluated == expected_count
    written = json.loads((tmp_path / "results" / f"{suite}.json").read_text())
    assert written["success"] is True
    assert len(written["results"]) == expected_count
    assert json.dumps(outcome.result_json)  # serialisable
    # validating writes nothing into the repository's context
    assert sorted(p.relative_to(CONTEXT_ROOT) for p in CONTEXT_ROOT.rglob("*")) == before


# --------------------------------------------------------------------------- fault cases


def _negative_event_count(df: pd.DataFrame) -> None:
    df.loc[df.index[10], "event_count"] = -3


def _null_drug_type(df: pd.DataFrame) -> None:
    df.loc[df.index[20], "drug_type"] = None


def _unknown_region(df: pd.DataFrame) -> None:
    df.loc[df.index[30], "region"] = "Gulf Coast"


def _duplicate_source_row(df: pd.DataFrame) -> None:
    df.loc[df.index[41], "_source_row"] = df.loc[df.index[40], "_source_row"]
    df.loc[df.index[41], "_source_file"] = df.loc[df.index[40], "_source_file"]


def _bad_fiscal_month(df: pd.DataFrame) -> None:
    df.loc[df.index[50], "fiscal_month_abbr"] = "Oct"


def _implausible_fiscal_year(df: pd.DataFrame) -> None:
    df.loc[df.index[60], "fiscal_year"] = 1925


def _negative_deaths(df: pd.DataFrame) -> None:
    df.loc[df.index[10], "data_value"] = -1.0


def _month_13(df: pd.DataFrame) -> None:
    df.loc[df.index[10], "month"] = 13


def _null_indicator(df: pd.DataFrame) -> None:
    df.loc[df.index[10], "indicator"] = None


def _no_jurisdiction(df: pd.DataFrame) -> None:
    df.loc[df.index[10], ["state_abbr", "state_name", "state_fips"]] = None


def _monthly_period(df: pd.DataFrame) -> None:
    df.loc[df.index[10], "period"] = "Month-ending"


def _negative_firearms(df: pd.DataFrame) -> None:
    df.loc[df.index[10], "firearms"] = -1


def _duplicate_atf_cell(df: pd.DataFrame) -> None:
    df.loc[df.index[11], ["source_state", "recovery_state"]] = df.loc[
        df.index[10], ["source_state", "recovery_state"]
    ].to_numpy()


def _unknown_usbp_region(df: pd.DataFrame) -> None:
    df.loc[df.index[0], "sector"] = "gulf border"


def _unknown_source_kind(df: pd.DataFrame) -> None:
    df.loc[df.index[0], "source_kind"] = "blog"


def _percent_over_100(df: pd.DataFrame) -> None:
    df.loc[df["unit"] == "percent", "value"] = 170.0


FAULTS = [
    (CBP, _negative_event_count, "expect_column_values_to_be_between(event_count)", "-3"),
    (CBP, _null_drug_type, "expect_column_values_to_not_be_null(drug_type)", "1 of"),
    (CBP, _unknown_region, "expect_column_values_to_be_in_set(region)", "'Gulf Coast'"),
    (
        CBP,
        _duplicate_source_row,
        "expect_compound_columns_to_be_unique(_source_file, _source_row)",
        "2 of",
    ),
    (CBP, _bad_fiscal_month, "expect_column_values_to_be_in_set(fiscal_month_abbr)", "'Oct'"),
    (CBP, _implausible_fiscal_year, "expect_column_values_to_be_between(fiscal_year)", "1925"),
    (VSRR, _negative_deaths, "expect_column_values_to_be_between(data_value)", "-1.0"),
    (VSRR, _month_13, "expect_column_values_to_be_in_set(month)", "13"),
    (VSRR, _null_indicator, "expect_column_values_to_not_be_null(indicator)", "1 of"),
    (VSRR, _no_jurisdiction, "expect_column_values_to_not_be_null(state_fips)", "1 of"),
    (VSRR, _monthly_period, "expect_column_values_to_be_in_set(period)", "'Month-ending'"),
    (ATF, _negative_firearms, "expect_column_values_to_be_between(firearms)", "-1"),
    (
        ATF,
        _duplicate_atf_cell,
        "expect_compound_columns_to_be_unique(_source_file, source_state, recovery_state)",
        "2 of",
    ),
    (USBP, _unknown_usbp_region, "expect_column_values_to_be_in_set(sector)", "'gulf border'"),
    (MXF, _unknown_source_kind, "expect_column_values_to_be_in_set(source_kind)", "'blog'"),
    (MXF, _percent_over_100, "expect_column_values_to_be_between(value)", "170.0"),
]


@gx
@pytest.mark.parametrize(
    ("suite", "fault", "expectation", "detail"),
    FAULTS,
    ids=[f"{s.split('__')[1]}-{f.__name__.lstrip('_')}" for s, f, *_ in FAULTS],
)
def test_fault_fails_with_a_message_naming_the_column(
    landed: dict[str, pd.DataFrame],
    suite: str,
    fault: Callable[[pd.DataFrame], None],
    expectation: str,
    detail: str,
) -> None:
    df = _frame(landed, suite)
    fault(df)
    outcome = _validate(df, suite)
    assert not outcome.success
    matching = [m for m in outcome.errors if m.startswith(expectation)]
    assert matching, outcome.errors
    assert detail in matching[0], matching[0]
    assert "\n" not in matching[0]


def _plain_json(value: object) -> object:
    """A validation result as strict JSON compares it: NaN as None."""
    if isinstance(value, dict):
        return {k: _plain_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_json(v) for v in value]
    return None if isinstance(value, float) and value != value else value


def _one_summary_pass(df: pd.DataFrame, suite: str) -> list[dict]:
    """GX's own SUMMARY validation of ``suite``, in one pass: the reference."""
    import great_expectations as great_expectations

    context = great_expectations.get_context(mode="ephemeral")
    batch = (
        context.data_sources.add_pandas(name="reference")
        .add_dataframe_asset(name=suite)
        .add_batch_definition_whole_dataframe("whole")
        .get_batch(batch_parameters={"dataframe": df})
    )
    result = batch.validate(
        context.suites.add(load_suite(CONTEXT_ROOT, suite)),
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20},
    )
    return json.loads(json.dumps(result.to_json_dict(), default=str))["results"]


@gx
def test_the_result_is_the_one_a_single_summary_pass_gives(
    landed: dict[str, pd.DataFrame],
) -> None:
    """validate_frame runs SUMMARY only where a value was unexpected (the rest with BASIC):
    every expectation's result, passed or failed, must still be SUMMARY's."""
    df = _frame(landed, CBP)
    for fault in (_negative_event_count, _null_drug_type, _unknown_region, _duplicate_source_row):
        fault(df)
    outcome = _validate(df, CBP)
    got = outcome.result_json["results"]
    want = _one_summary_pass(df, CBP)
    assert len(got) == len(want) > 30
    assert sum(not item["success"] for item in got) == 4
    for mine, reference in zip(got, want, strict=True):
        assert mine["expectation_config"]["type"] == reference["expectation_config"]["type"]
        mine_kwargs, reference_kwargs = (
            {k: v for k, v in item["expectation_config"]["kwargs"].items() if k != "batch_id"}
            for item in (mine, reference)
        )
        assert mine_kwargs == reference_kwargs
        assert mine["expectation_config"]["meta"] == reference["expectation_config"]["meta"]
        assert mine["success"] == reference["success"]
        assert mine["result"] == _plain_json(reference["result"]), mine["expectation_config"]


@gx
@pytest.mark.parametrize("suite", [CBP, VSRR])
def test_far_too_few_rows_fail(landed: dict[str, pd.DataFrame], suite: str) -> None:
    outcome = _validate(_frame(landed, suite).head(500), suite)
    assert not outcome.success
    [message] = [m for m in outcome.errors if "expect_table_row_count_to_be_between" in m]
    assert "observed 500" in message


@gx
def test_missing_and_extra_columns_are_named(landed: dict[str, pd.DataFrame]) -> None:
    df = _frame(landed, CBP).drop(columns=["land_filter"]).assign(extra_col=1)
    outcome = _validate(df, CBP)
    assert not outcome.success
    [columns] = [m for m in outcome.errors if "expect_table_columns_to_match_set" in m]
    assert "'land_filter'" in columns and "'extra_col'" in columns
    assert any(
        m.startswith("expect_column_values_to_not_be_null(land_filter)") and "missing" in m
        for m in outcome.errors
    )


@gx
def test_result_json_is_strict_json(landed: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    df = _frame(landed, VSRR)
    df.loc[df.index[3], "indicator"] = None  # NaN in the unexpected values
    df.loc[df.index[4], "data_value"] = float("inf")
    outcome = _validate(df, VSRR, results_dir=tmp_path)

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    written = json.loads((tmp_path / f"{VSRR}.json").read_text(), parse_constant=refuse)
    assert written["success"] is False
    assert json.loads(json.dumps(outcome.result_json, allow_nan=False)) == written
    assert any("data_value" in w and "inf" in w for w in outcome.warnings), outcome.warnings


@gx
def test_warn_severity_is_recorded_without_failing(landed: dict[str, pd.DataFrame]) -> None:
    df = _frame(landed, CBP)
    df.loc[df.index[5], "drug_type"] = "Kratom"
    outcome = _validate(df, CBP)
    assert outcome.success, outcome.errors
    assert outcome.errors == []
    [warning] = outcome.warnings
    assert warning.startswith("expect_column_values_to_be_in_set(drug_type)")
    assert "'Kratom'" in warning
