"""The private internals orchestration/_compat.py relies on are still there, as it expects.

Each test names what changed, so that an upgrade of dagster or dagster-dbt past the pinned
minor version fails here, clearly, before a build or the UI does.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable

import pytest
from dagster import AssetSelection, define_asset_job

from orchestration import _compat

INTERNALS = "dagster internals used by orchestration/_compat.py changed"


def _params(function: Callable[..., object]) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_event_log_overrides_match_sqlite_event_log_storage(tmp_path) -> None:
    base = _compat.SqliteEventLogStorage
    expected: dict[str, list[str]] = {
        "__init__": ["self", "base_dir", "inst_data"],
        "_connect": ["self", "shard"],
        "_initdb": ["self", "engine", "for_index_shard"],
        "conn_string_for_shard": ["self", "shard_name"],
        "has_table": ["self", "table_name"],
        "has_asset_key_col": ["self", "column_name"],
        "_has_asset_key_col_on_connection": ["self", "conn", "column_name"],
        "has_secondary_index": ["self", "name"],
        "store_event": ["self", "event"],
        "store_event_batch": ["self", "events"],
        "wipe": ["self"],
        "dispose": ["self"],
    }
    for name, params in expected.items():
        assert hasattr(base, name), f"{INTERNALS}: SqliteEventLogStorage.{name} is gone"
        assert _params(getattr(base, name)) == params, (
            f"{INTERNALS}: SqliteEventLogStorage.{name}{inspect.signature(getattr(base, name))}"
            f" no longer takes {params}"
        )
    assert _params(base.from_config_value) == ["inst_data", "config_value"], INTERNALS
    # _connect is a context manager that holds the storage's lock and initialises each file
    # once: the state the override shares with the base class
    storage = base(str(tmp_path))
    assert isinstance(storage._initialized_dbs, set), f"{INTERNALS}: _initialized_dbs"
    assert isinstance(storage._db_lock, type(threading.Lock())), f"{INTERNALS}: _db_lock"
    storage.dispose()
    assert isinstance(_compat.SQLITE_BUSY_TIMEOUT_SECONDS, int | float), INTERNALS


def test_the_event_log_subclass_is_what_the_instance_loads(tmp_path) -> None:
    from orchestration.automation.runner import dagster_instance

    instance = dagster_instance(tmp_path)
    assert type(instance.event_log_storage) is _compat.ReusedEngineSqliteEventLogStorage
    instance.dispose()


def test_check_execution_states_are_the_ones_status_reads() -> None:
    names = {member.name for member in _compat.CheckExecutionStatus}
    assert {"PLANNED", "SUCCEEDED", "FAILED"} <= names, (
        f"{INTERNALS}: AssetCheckExecutionRecordStatus is now {sorted(names)}"
    )


def test_define_asset_job_returns_the_type_the_schedules_name() -> None:
    job = define_asset_job("a_job", selection=AssetSelection.all())
    where = f"{type(job).__module__}.{type(job).__qualname__}"
    assert where == (
        "dagster._core.definitions.unresolved_asset_job_definition.UnresolvedAssetJobDefinition"
    ), f"{INTERNALS}: define_asset_job returns {where} (orchestration._compat.AssetJob)"


def test_the_dbt_cli_overrides_match_dagster_dbt() -> None:
    from dagster_dbt import DbtCliResource

    version = inspect.getattr_static(DbtCliResource, "_cli_version", None)
    assert version is not None, "dagster-dbt changed: DbtCliResource._cli_version is gone"
    assert isinstance(version, property | functools.cached_property), (
        f"dagster-dbt changed: DbtCliResource._cli_version is a {type(version).__name__}"
    )
    initialize = getattr(DbtCliResource, "_initialize_dbt_core_adapter", None)
    assert initialize is not None, (
        "dagster-dbt changed: DbtCliResource._initialize_dbt_core_adapter is gone"
    )
    assert _params(initialize) == ["self", "args"], (
        f"dagster-dbt changed: _initialize_dbt_core_adapter{inspect.signature(initialize)}"
    )
    # the two are what DbtCliResource.cli calls before it starts dbt
    source = inspect.getsource(DbtCliResource.cli)
    for name in ("self._cli_version", "self._initialize_dbt_core_adapter(args)"):
        assert name in source, f"dagster-dbt changed: DbtCliResource.cli no longer uses {name}"


@pytest.mark.parametrize("package", ["dagster", "dagster-dbt"])
def test_the_installed_version_is_the_pinned_one(package: str) -> None:
    import importlib.metadata
    import tomllib

    from packaging.requirements import Requirement

    from orchestration.resources import PROJECT_DIR

    pyproject = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())
    [requirement] = [
        Requirement(r)
        for r in pyproject["project"]["dependencies"]
        if Requirement(r).name == package
    ]
    installed = importlib.metadata.version(package)
    assert installed in requirement.specifier, (
        f"{package} {installed} is installed; orchestration/_compat.py was tested with "
        f"{requirement}: run `make install` (or test _compat against {installed} and move the pin)"
    )


@pytest.mark.parametrize(
    ("path", "banned"),
    [
        ("orchestration/anywhere.py", True),
        ("tests/test_x.py", True),
        ("orchestration/_compat.py", False),
    ],
)
def test_ruff_bans_private_imports_outside_compat(path: str, banned: bool) -> None:
    import subprocess
    import sys
    from pathlib import Path

    from orchestration.resources import PROJECT_DIR

    source = (
        "from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS\n"
        "from dbt.contracts.graph.manifest import Manifest\n\n"
        "print(SQLITE_BUSY_TIMEOUT_SECONDS, Manifest)\n"
    )
    ruff = Path(sys.executable).with_name("ruff")
    checked = subprocess.run(
        [
            str(ruff),
            "check",
            "--select=TID251",
            "--output-format=concise",
            f"--stdin-filename={path}",
            "-",
        ],
        input=source,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    flagged = [line for line in checked.stdout.splitlines() if "TID251" in line]
    assert len(flagged) == (2 if banned else 0), checked.stdout + checked.stderr
