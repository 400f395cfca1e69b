"""The dbt parse made beside landing: adopted by the build, which then parses nothing."""

from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path

from orchestration.resources import PROJECT_DIR, WarehouseConfig
from orchestration.transform.parse_ahead import AHEAD_DIR, adopt_parse_ahead, parsing_ahead
from orchestration.transform.project import PARTIAL_PARSE, venv_dbt


def _dbt_parse_log(warehouse: WarehouseConfig, log_dir: Path) -> str:
    """What a ``dbt parse`` into the data dir's target says about partial parsing."""
    done = subprocess.run(
        [
            venv_dbt(),
            "parse",
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(warehouse.dbt_target_dir),
            "--log-path",
            str(log_dir),
            "--log-level",
            "debug",
        ],
        cwd=PROJECT_DIR,
        env={**os.environ, **warehouse.dbt_env()},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_the_parse_made_beside_is_adopted_and_dbt_does_not_parse_again(tmp_path: Path) -> None:
    warehouse = WarehouseConfig(data_dir=str(tmp_path / "data"))
    target = warehouse.dbt_target_dir
    with parsing_ahead(warehouse):
        assert (target / ".parse-ahead.lock").exists()
        assert adopt_parse_ahead(target)  # waits for the background parse
    assert (target / PARTIAL_PARSE).is_file()
    assert not (target / AHEAD_DIR).exists()

    log = _dbt_parse_log(warehouse, tmp_path / "logs")
    assert "Unable to do partial parsing" not in log
    assert "Partial parsing enabled" in log


def test_a_target_with_its_own_parse_state_starts_nothing(tmp_path: Path) -> None:
    warehouse = WarehouseConfig(data_dir=str(tmp_path / "data"))
    target = warehouse.dbt_target_dir
    target.mkdir(parents=True)
    (target / PARTIAL_PARSE).write_bytes(b"state of an earlier build")
    with parsing_ahead(warehouse):
        assert not (target / ".parse-ahead.lock").exists()
    assert not adopt_parse_ahead(target)
    assert (target / PARTIAL_PARSE).read_bytes() == b"state of an earlier build"


def test_a_build_that_ends_before_dbt_stops_the_parse(tmp_path: Path) -> None:
    warehouse = WarehouseConfig(data_dir=str(tmp_path / "data"))
    target = warehouse.dbt_target_dir
    with parsing_ahead(warehouse):
        pass  # e.g. landing failed: the parse is stopped, not left running
    # the lock is free at once (the parse is gone) and nothing half-made is adopted
    with (target / ".parse-ahead.lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while a parse holds it
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert not adopt_parse_ahead(target, timeout_s=0)
    assert not (target / PARTIAL_PARSE).exists()
