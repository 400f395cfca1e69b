"""The dbt CLI resource: dagster-dbt's, minus the work this project does not use."""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Sequence

from dagster_dbt import DbtCliResource
from packaging.version import Version


class SubprocessOnlyDbtCli(DbtCliResource):
    """dbt as a subprocess, without two things dagster-dbt does before every invocation that
    this project does not use (~2.5 s of every build on the 2-core machine):

    * it asks the executable for its version (a ``dbt --version`` subprocess): the executable
      is the venv's own (``orchestration.dbt_project.venv_dbt``), so its version is the
      installed dbt-core package's;
    * it builds an in-process dbt adapter (loading the project, profile and parse state) that
      only fetching row counts or column metadata uses, which this project does not.
    """

    @functools.cached_property
    def _cli_version(self) -> Version:
        return Version(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None
