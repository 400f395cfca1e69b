"""Freshness of the newest month: the suite parameters of the mart suites.

Each dated mart suite has two ``expect_column_max_to_be_between`` expectations whose lower
bound is a GX suite parameter computed when the check runs: the newest month of the
previous published build (ERROR: never go backwards) and the newest month the publisher
should have released by now (WARN: stale, recorded and shown, never blocking).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from orchestration.catalog.registry import CATALOG
from orchestration.quality import suite_parameters
from orchestration.quality.gx_suites import (
    SuiteError,
    read_suite_json,
    suite_parameter_names,
    validate_frame,
)

CONTEXT_ROOT = Path(__file__).parents[2] / "expectations"
SOURCES = {source.name: source for source in CATALOG}
DATED_MARTS = {
    "fct_border_crossings": ("month_start", "expected_newest_month__bts_border_crossing"),
    "fct_drug_seizures": ("month_start", "expected_newest_month__cbp_drug_seizures"),
    "fct_overdose_deaths": ("month_start", "expected_newest_month__cdc_vsrr"),
    "fct_mx_crime_victims": ("month_start", "expected_newest_month__sesnsp"),
    "fct_mx_crime_incidents": ("month_start", "expected_newest_month__sesnsp"),
    "fct_mx_homicides_registered": ("month_start", "expected_newest_month__inegi"),
    "fct_firearm_traces": ("year_start_month", "expected_newest_year__atf_firearms_trace"),
    "mx_state_violence_monthly": ("month_start", "expected_newest_month__sesnsp"),
    "fct_nonfatal_overdose_ed_rates": ("month_start", "expected_newest_month__cdc_dose"),
    "fct_usbp_seizures_yearly": (
        "fiscal_year_start_month",
        "expected_newest_year__usbp_seizure_stats",
    ),
}


@pytest.mark.parametrize("model", sorted(DATED_MARTS))
def test_dated_mart_suites_check_the_newest_month_both_ways(model: str) -> None:
    column, expected_name = DATED_MARTS[model]
    data = read_suite_json(CONTEXT_ROOT, f"marts__{model}")
    assert suite_parameter_names(data) == sorted([f"published_max__{column}", expected_name])
    bounds = {
        item["kwargs"]["min_value"]["$PARAMETER"]: item["meta"]["severity"]
        for item in data["expectations"]
        if item["type"] == "expect_column_max_to_be_between"
        and isinstance(item["kwargs"].get("min_value"), dict)
        and item["kwargs"]["column"] == column
    }
    assert bounds == {f"published_max__{column}": "error", expected_name: "warn"}
    # every parameter resolves against the real catalog
    values = suite_parameters.resolve(
        suite_parameter_names(data),
        serve_db=Path("/nonexistent/warehouse.duckdb"),
        schema="marts",
        table=model,
        catalog=CATALOG,
        today=date(2026, 11, 23),
    )
    assert values[f"published_max__{column}"] == suite_parameters.NOTHING_PUBLISHED


def test_expected_newest_month_follows_lag_and_cadence() -> None:
    # CBP: monthly, 45 days lag. 2026-11-23 - 45 days = 2026-10-09, minus one monthly
    # interval (31 days) = 2026-09-08: September 2026 should be out.
    cbp = SOURCES["cbp_drug_seizures"]
    assert (cbp.cadence, cbp.expected_lag_days) == ("monthly", 45)
    assert suite_parameters.expected_newest_month(cbp, date(2026, 11, 23)) == datetime(2026, 9, 1)
    # CDC VSRR: 150 days lag. 2026-11-23 - 150 - 31 = 2026-05-26: May 2026.
    vsrr = SOURCES["cdc_vsrr"]
    assert vsrr.expected_lag_days == 150
    assert suite_parameters.expected_newest_month(vsrr, date(2026, 11, 23)) == datetime(2026, 5, 1)
    # ATF: yearly, 120 days lag. 2026-11-23 - 120 - 366 = 2025-07-26: CY2025 should be out.
    atf = SOURCES["atf_firearms_trace"]
    assert (atf.cadence, atf.expected_lag_days) == ("yearly", 120)
    assert suite_parameters.expected_newest_year(atf, date(2026, 11, 23)) == datetime(2025, 1, 1)
    # ... but not yet on 2026-03-01 (2026-03-01 - 486 days = 2024-11-01: CY2024)
    assert suite_parameters.expected_newest_year(atf, date(2026, 3, 1)) == datetime(2024, 1, 1)


def test_published_max_reads_the_served_file(tmp_path: Path) -> None:
    served = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(served)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct_x as select * from (values (date '2024-01-01'), "
            "(date '2025-07-01'), (null)) t(month_start)"
        )
    got = suite_parameters.published_max(served, "marts", "fct_x", "month_start")
    assert got == datetime(2025, 7, 1)
    missing_table = suite_parameters.published_max(served, "marts", "fct_y", "month_start")
    assert missing_table == suite_parameters.NOTHING_PUBLISHED
    nothing_served = suite_parameters.published_max(
        tmp_path / "none.duckdb", "marts", "fct_x", "month_start"
    )
    assert nothing_served == suite_parameters.NOTHING_PUBLISHED


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("expected_newest_month__no_such_source", "names no source in the catalog"),
        ("newest_something", "unknown suite parameter 'newest_something'"),
    ],
)
def test_unknown_parameter_is_refused(name: str, message: str) -> None:
    with pytest.raises(SuiteError, match=message):
        suite_parameters.resolve(
            [name], serve_db=Path("/nonexistent"), schema="marts", table="t", catalog=CATALOG
        )


def _freshness_suite(tmp_path: Path) -> Path:
    """The two freshness expectations of the real VSRR mart suite, alone in a suite."""
    data = read_suite_json(CONTEXT_ROOT, "marts__fct_overdose_deaths")
    data["expectations"] = [
        item for item in data["expectations"] if isinstance(item["kwargs"].get("min_value"), dict)
    ]
    assert len(data["expectations"]) == 2
    (tmp_path / "expectations").mkdir()
    (tmp_path / "expectations" / "marts__fct_overdose_deaths.json").write_text(json.dumps(data))
    return tmp_path


FRAME = pd.DataFrame({"month_start": pd.to_datetime(["2025-11-01", "2026-01-01", "2025-12-01"])})
PUBLISHED = "published_max__month_start"
EXPECTED = "expected_newest_month__cdc_vsrr"


def test_missing_parameter_value_is_refused_naming_it(tmp_path: Path) -> None:
    root = _freshness_suite(tmp_path)
    with pytest.raises(SuiteError, match=f"'{EXPECTED}'"):
        validate_frame(
            FRAME,
            "marts__fct_overdose_deaths",
            context_root=root,
            parameters={PUBLISHED: datetime(2025, 1, 1)},
        )


def test_newest_month_going_backwards_is_an_error(tmp_path: Path) -> None:
    root = _freshness_suite(tmp_path)
    outcome = validate_frame(
        FRAME,
        "marts__fct_overdose_deaths",
        context_root=root,
        # the last publish held February 2026; this build's newest month is January 2026
        parameters={PUBLISHED: datetime(2026, 2, 1), EXPECTED: datetime(2025, 6, 1)},
    )
    assert not outcome.success
    [error] = outcome.errors
    assert error.startswith("expect_column_max_to_be_between(month_start)")
    assert "min_value='2026-02-01'" in error
    assert "observed '2026-01-01'" in error
    assert outcome.warnings == []


def test_same_newest_month_as_the_last_publish_passes(tmp_path: Path) -> None:
    root = _freshness_suite(tmp_path)
    outcome = validate_frame(
        FRAME,
        "marts__fct_overdose_deaths",
        context_root=root,
        parameters={PUBLISHED: datetime(2026, 1, 1), EXPECTED: datetime(2026, 1, 1)},
    )
    assert outcome.success
    assert outcome.errors == outcome.warnings == []


def test_month_older_than_the_publisher_lag_is_a_warning_only(tmp_path: Path) -> None:
    root = _freshness_suite(tmp_path)
    results = tmp_path / "results"
    outcome = validate_frame(
        FRAME,
        "marts__fct_overdose_deaths",
        context_root=root,
        results_dir=results,
        parameters={PUBLISHED: datetime(2025, 12, 1), EXPECTED: datetime(2026, 5, 1)},
    )
    assert outcome.success  # WARN never blocks
    [warning] = outcome.warnings
    assert "min_value='2026-05-01'" in warning
    assert "observed '2026-01-01'" in warning
    # the kept result JSON (what the Data Docs are rendered from) records the failed WARN
    written = json.loads((results / "marts__fct_overdose_deaths.json").read_text())
    failed = [r for r in written["results"] if not r["success"]]
    assert [r["expectation_config"]["meta"]["severity"] for r in failed] == ["warn"]
    assert failed[0]["expectation_config"]["kwargs"]["min_value"].startswith("2026-05-01")


def test_every_mart_with_a_month_checks_its_newest_month() -> None:
    """A new dated mart cannot be added without its freshness expectations."""
    dated = set()
    for spec in sorted((CONTEXT_ROOT.parent / "models" / "marts").rglob("*.yml")):
        for model in yaml.safe_load(spec.read_text()).get("models", []):
            columns = {c["name"] for c in model.get("columns", [])}
            if {"month_start", "year_start_month", "fiscal_year_start_month"} & columns:
                dated.add(model["name"])
    assert dated - {"dim_month"} == set(DATED_MARTS)  # dim_month: the calendar, no source
    suites = {
        p.stem.removeprefix("marts__")
        for p in (CONTEXT_ROOT / "expectations").glob("marts__*.json")
    }
    assert suites == set(DATED_MARTS)
