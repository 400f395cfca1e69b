"""Great Expectations suites of the analysis marts: one per mart, matching its contract,
every expectation able to fail. They run on the real marts in the e2e pipeline (blocking
checks), and here on a frame broken on purpose."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from orchestration.checks.gx_suites import read_suite_json, validate_frame

PROJECT = Path(__file__).parents[2]
CONTEXT_ROOT = PROJECT / "expectations"
MARTS = (
    "border_flows_yearly",
    "national_flows_yearly",
    "mx_state_violence_monthly",
    "flows_lagged",
)


def _contract(model: str) -> list[dict]:
    spec = yaml.safe_load((PROJECT / "models/marts/analysis" / f"{model}.yml").read_text())
    [entry] = [m for m in spec["models"] if m["name"] == model]
    assert entry["config"]["contract"]["enforced"] is True
    return entry["columns"]


@pytest.mark.parametrize("model", MARTS)
def test_suite_columns_match_the_contract(model: str) -> None:
    [column_set] = [
        item["kwargs"]["column_set"]
        for item in read_suite_json(CONTEXT_ROOT, f"marts__{model}")["expectations"]
        if item["type"] == "expect_table_columns_to_match_set"
    ]
    assert set(column_set) == {c["name"] for c in _contract(model)}


@pytest.mark.parametrize("model", MARTS)
def test_every_column_is_described_with_its_type(model: str) -> None:
    for column in _contract(model):
        assert column.get("data_type"), (model, column["name"])
        assert len(column.get("description", "")) > 20, (model, column["name"])


def _national_frame(years: range) -> pd.DataFrame:
    columns = [c["name"] for c in _contract("national_flows_yearly")]
    frame = pd.DataFrame({name: [None] * len(years) for name in columns})
    frame["year"] = pd.array(list(years), dtype="Int32")
    frame["overdose_deaths_all_drugs_cy"] = pd.array([90_000] * len(years), dtype="Int64")
    frame["overdose_source_releases"] = "cdc_vsrr/x.csv@2025-12-18"
    return frame


@pytest.mark.gx
def test_national_suite_passes_a_sound_frame_and_fails_a_sum_of_months() -> None:
    sound = _national_frame(range(2000, 2027))
    outcome = validate_frame(sound, "marts__national_flows_yearly", context_root=CONTEXT_ROOT)
    assert outcome.success, outcome.errors
    broken = sound.copy()
    # twelve 12-month-ending values added up: a year counted twelve times
    broken.loc[20, "overdose_deaths_all_drugs_cy"] = 12 * 90_000
    outcome = validate_frame(broken, "marts__national_flows_yearly", context_root=CONTEXT_ROOT)
    assert not outcome.success
    assert any("overdose_deaths_all_drugs_cy" in e for e in outcome.errors)
