"""One published pipeline run shared by every end-to-end module (it takes about a minute)."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.definitions import build_definitions
from orchestration.resources import WarehouseConfig
from orchestration.runner import RunOutcome, run_pipeline
from orchestration.sources import CATALOG


@pytest.fixture(scope="session")
def published_pipeline(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> tuple[WarehouseConfig, RunOutcome]:
    """The whole Definitions run once into a temp data dir from the local mirror."""
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    warehouse = WarehouseConfig(
        data_dir=str(data_dir), mirror=str(shared_data), download_attempts=1
    )
    outcome = run_pipeline(build_definitions(CATALOG, warehouse), warehouse, CATALOG)
    assert outcome.status == "published"
    return warehouse, outcome
