"""The dbt CLI resource: same dbt, invoked without dagster-dbt's unused in-process work."""

from __future__ import annotations

import os
import re
import subprocess

from packaging.version import Version

from orchestration.resources import PROJECT_DIR
from orchestration.transform.project import dbt_resource, ironriver_dbt_project, venv_dbt


def test_the_version_it_assumes_is_the_executables() -> None:
    resource = dbt_resource(ironriver_dbt_project())
    printed = subprocess.run(
        [venv_dbt(), "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+\.\d+\.\d+)", printed)
    assert match is not None, printed
    assert resource._cli_version == Version(match.group(1))


def test_it_runs_dbt_without_building_an_in_process_adapter(tmp_path) -> None:
    resource = dbt_resource(ironriver_dbt_project())
    invocation = resource.cli(["parse", "--quiet"], target_path=tmp_path, raise_on_error=True)
    invocation.wait()
    assert invocation.is_successful()
    assert invocation.adapter is None
    assert (tmp_path / "manifest.json").is_file()


def test_the_dbt_build_has_a_bounded_duckdb_memory(tmp_path) -> None:
    """DuckDB's default (80 % of the machine's RAM per process) let a 100x build take
    ~19 GiB; the profile caps it (IRONRIVER_DUCKDB_MEMORY_LIMIT, default 4GB)."""
    env = {
        **os.environ,
        "IRONRIVER_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "IRONRIVER_DATA_DIR": str(tmp_path),
    }
    env.pop("IRONRIVER_DUCKDB_MEMORY_LIMIT", None)
    shown = subprocess.run(
        [
            venv_dbt(),
            "show",
            "--inline",
            "select current_setting('memory_limit') as memory_limit",
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path),
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "3.7 GiB" in shown, shown  # 4GB as DuckDB prints it
