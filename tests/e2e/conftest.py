"""One warehouse published by the ``ironriver run`` CLI from the mirror, shared by the
end-to-end modules that only read it (a publish costs tens of seconds).

Tests that change data must work on a copy (``shutil.copytree(published.data_dir, ...)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestration.cli import app
from orchestration.publishing import read_record
from orchestration.resources import WarehouseConfig
from orchestration.runner import RunOutcome


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
        return WarehouseConfig(data_dir=str(self.data_dir), mirror=str(self.mirror))

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
    data_dir = tmp_path_factory.mktemp("published") / "data"
    published = CliPublished(data_dir, shared_data, "")
    result = published.cli("run")
    assert result.exit_code == 0, result.output
    assert "published" in result.output
    return CliPublished(data_dir, shared_data, result.output)
