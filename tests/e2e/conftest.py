"""One real pipeline run shared by every end-to-end figure test.

Running the whole pipeline costs ~25 s, so it runs once per session: test modules
that check figures in the published marts all use ``published``. Tests must not change
what it built; a test that needs to break a run copies the data directory first.
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
