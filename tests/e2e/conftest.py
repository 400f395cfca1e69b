"""One end-to-end pipeline run from the local mirror, shared by every e2e test module.

The run takes about a minute; modules that check figures in the published warehouse
(test_pipeline, test_mexico ...) read the same run instead of each building their own.
Tests that need to change the data directory copy it first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.definitions import build_definitions
from orchestration.resources import WarehouseConfig
from orchestration.runner import RunOutcome, run_pipeline
from orchestration.sources import CATALOG


@pytest.fixture(scope="session")
def published(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> tuple[WarehouseConfig, RunOutcome]:
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    warehouse = WarehouseConfig(
        data_dir=str(data_dir), mirror=str(shared_data), download_attempts=1
    )
    outcome = run_pipeline(build_definitions(CATALOG, warehouse), warehouse, CATALOG)
    assert outcome.status == "published"
    return warehouse, outcome
