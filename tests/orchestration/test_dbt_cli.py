"""The dbt CLI resource: same dbt, invoked without dagster-dbt's unused in-process work."""

from __future__ import annotations

import re
import subprocess

from packaging.version import Version

from orchestration.dbt_project import dbt_resource, ironriver_dbt_project, venv_dbt


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
