"""The dbt project as Dagster sees it, and keeping its manifest current."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.resources import PROJECT_DIR

if TYPE_CHECKING:  # dagster-dbt imports dbt: seconds, so only where it is used
    from dagster_dbt import DbtCliResource, DbtProject

TARGET = "target"
PARTIAL_PARSE = "partial_parse.msgpack"
"""dbt's saved parse state in a target directory; reused only while the profile (so the
DuckDB path), the vars and the project's env vars are unchanged."""

# Everything dbt reads when it parses: a change in any of these makes the manifest stale.
_DBT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "seeds", "macros", "tests/dbt")


def venv_dbt() -> str:
    """The dbt installed beside this Python: no reliance on an activated venv or PATH."""
    return str(Path(sys.executable).with_name("dbt"))


def dbt_resource(project: DbtProject) -> DbtCliResource:
    from orchestration._compat import subprocess_only_dbt_cli

    return subprocess_only_dbt_cli()(project_dir=project, dbt_executable=venv_dbt())


def manifest_path(project_dir: Path = PROJECT_DIR) -> Path:
    """The project's dbt manifest (``target/manifest.json``, see :func:`ensure_manifest`)."""
    return project_dir / TARGET / "manifest.json"


def ironriver_dbt_project(project_dir: Path = PROJECT_DIR) -> DbtProject:
    from dagster_dbt import DbtProject

    return DbtProject(project_dir=project_dir, profiles_dir=project_dir, target_path=TARGET)


def _newest_input_mtime(project_dir: Path) -> float:
    newest = 0.0
    for name in _DBT_INPUTS:
        path = project_dir / name
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
        elif path.is_dir():
            for child in path.rglob("*"):
                if child.is_file():
                    newest = max(newest, child.stat().st_mtime)
    return newest


def manifest_is_stale(project: DbtProject) -> bool:
    manifest = project.manifest_path
    if not manifest.exists():
        return True
    return manifest.stat().st_mtime < _newest_input_mtime(project.project_dir)


def ensure_manifest(project: DbtProject) -> Path:
    """Run ``dbt parse`` when the manifest is missing or older than the project files.

    ``DbtProject.prepare_if_dev`` only prepares under ``dagster dev``; ``make run``, the
    CLI and the tests load Definitions directly, so they need this.
    """
    if manifest_is_stale(project):
        dbt_resource(project).cli(
            ["parse", "--quiet"], target_path=project.target_path, raise_on_error=True
        ).wait()
    return project.manifest_path
