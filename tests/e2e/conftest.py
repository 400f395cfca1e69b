"""One published warehouse per test session, built from the local mirror."""

from __future__ import annotations

import shutil

import pytest

from orchestration.resources import WarehouseConfig
from orchestration.runner import RunOutcome
from tests.e2e.helpers import run_into


@pytest.fixture(scope="session")
def published(tmp_path_factory, shared_data) -> tuple[WarehouseConfig, RunOutcome]:
    """The whole pipeline, run once from the mirror into a session temp dir."""
    data_dir = tmp_path_factory.mktemp("published") / "data"
    warehouse, outcome = run_into(data_dir, shared_data)
    assert outcome.status == "published"
    return warehouse, outcome


@pytest.fixture
def published_copy(published, tmp_path) -> WarehouseConfig:
    """A private copy of the published data dir, for tests that change or break it."""
    warehouse, _ = published
    data_dir = tmp_path / "data"
    shutil.copytree(warehouse.root, data_dir, symlinks=True)
    return WarehouseConfig(data_dir=str(data_dir), mirror=warehouse.mirror, download_attempts=1)
