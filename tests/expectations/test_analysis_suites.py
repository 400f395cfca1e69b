"""The analysis marts' contracts: every column typed and described. (Their rules are dbt
tests in the model YAML, proven to fail on a broken copy in tests/e2e/test_dbt_guards.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).parents[2]
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
def test_every_column_is_described_with_its_type(model: str) -> None:
    for column in _contract(model):
        assert column.get("data_type"), (model, column["name"])
        assert len(column.get("description", "")) > 20, (model, column["name"])
