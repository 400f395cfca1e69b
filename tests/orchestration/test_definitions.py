"""The code location loads, and every asset is guarded by at least one check."""

from __future__ import annotations

from dagster import AssetKey

from orchestration.definitions import BUILD_JOB, RAW_JOB, build_definitions
from orchestration.resources import WarehouseConfig


def test_definitions_load_and_every_asset_has_a_check(tmp_path):
    defs = build_definitions(warehouse=WarehouseConfig(data_dir=str(tmp_path)))
    graph = defs.resolve_asset_graph()
    asset_keys = set(graph.get_all_asset_keys())
    checked = {check.asset_key for check in graph.asset_check_keys}
    unchecked = sorted(key.to_user_string() for key in asset_keys - checked)
    assert unchecked == []
    # the slice's landing tables and marts are all there
    for key in (
        AssetKey(["raw", "cbp_drug_seizures"]),
        AssetKey(["landing", "cdc_vsrr__overdose_deaths"]),
        AssetKey(["marts", "fct_drug_seizures"]),
        AssetKey(["marts", "fct_overdose_deaths"]),
        AssetKey(["marts", "dim_month"]),
        AssetKey(["serve", "warehouse"]),
    ):
        assert key in asset_keys, key
    assert defs.resolve_job_def(RAW_JOB) is not None
    assert defs.resolve_job_def(BUILD_JOB) is not None


def test_gx_checks_are_blocking(tmp_path):
    defs = build_definitions(warehouse=WarehouseConfig(data_dir=str(tmp_path)))
    graph = defs.resolve_asset_graph()
    gx = [key for key in graph.asset_check_keys if key.name == "gx_suite"]
    assert len(gx) >= 2 + 7  # two landing tables, seven marts
    for key in gx:
        assert graph.get_check_spec(key).blocking, key
