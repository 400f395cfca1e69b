"""One published warehouse per test session, built from the local mirror by the
``ironriver run`` CLI (so the CLI end to end is part of it; a publish costs tens of seconds).

Tests that change or break data work on ``published_copy``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestration.automation.runner import RunOutcome
from orchestration.cli import app
from orchestration.publish.swap import read_record
from orchestration.resources import WarehouseConfig


@dataclass(frozen=True)
class CliPublished:
    data_dir: Path
    mirror: Path
    output: str
    """What ``ironriver run`` printed (stdout and stderr)."""

    @property
    def env(self) -> dict[str, str]:
        return {"IRONRIVER_DATA_DIR": str(self.data_dir), "IRONRIVER_MIRROR": str(self.mirror)}

    @property
    def warehouse(self) -> WarehouseConfig:
        return WarehouseConfig(
            data_dir=str(self.data_dir), mirror=str(self.mirror), download_attempts=1
        )

    @property
    def serve_db(self) -> Path:
        return self.warehouse.serve_db

    def outcome(self) -> RunOutcome:
        record = read_record(self.serve_db)
        assert record is not None
        return RunOutcome("published", record.fingerprint, record.tables)

    def cli(self, *args: str):
        return CliRunner().invoke(app, list(args), env=self.env)


@pytest.fixture(scope="session")
def cli_published(tmp_path_factory, shared_data) -> CliPublished:
    """``ironriver run`` of the whole catalog from the mirror into a session temp dir."""
    data_dir = tmp_path_factory.mktemp("published") / "data"
    result = CliPublished(data_dir, shared_data, "").cli("run")
    assert result.exit_code == 0, result.output
    assert f"published {data_dir.resolve() / 'serve' / 'warehouse.duckdb'}" in result.output
    return CliPublished(data_dir, shared_data, result.output)


@pytest.fixture(scope="session")
def published(cli_published) -> tuple[WarehouseConfig, RunOutcome]:
    """The whole pipeline, run once from the mirror into a session temp dir."""
    outcome = cli_published.outcome()
    assert outcome.status == "published"
    return cli_published.warehouse, outcome


@pytest.fixture
def published_copy(published, tmp_path) -> WarehouseConfig:
    """A private copy of the published data dir, for tests that change or break it."""
    warehouse, _ = published
    data_dir = tmp_path / "data"
    shutil.copytree(warehouse.root, data_dir, symlinks=True)
    return WarehouseConfig(data_dir=str(data_dir), mirror=warehouse.mirror, download_attempts=1)
