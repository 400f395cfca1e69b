"""Parse the dbt project in the background while a build lands its sources.

``dbt build`` into a data dir whose dbt target folder holds no parse state parses the whole
project first (~4-5 s). The parse state of another data dir (or of the project's own
``target/``) cannot be reused: the DuckDB path is part of the profile, and dbt re-parses
everything when the profile changes. Landing and its checks come first in a build, take
longer than the parse, and keep one core busy; so the runner starts ``dbt parse`` for this
data dir's profile beside them, and the dbt step adopts its parse state and parses nothing
again.

The background parse holds an ``flock`` on ``<target>/.parse-ahead.lock`` for its whole life
(the kernel drops it when the process ends, even when killed), so the dbt step, in this
process or another, waits exactly as long as the parse still runs. A parse that fails leaves
nothing to adopt: ``dbt build`` then parses by itself and reports the error as it always does.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from orchestration.resources import PROJECT_DIR, WarehouseConfig
from orchestration.transform.project import PARTIAL_PARSE, venv_dbt

AHEAD_DIR = ".parse-ahead"
LOCK_FILE = ".parse-ahead.lock"


def _start(warehouse: WarehouseConfig, lock_fd: int) -> subprocess.Popen[bytes]:
    ahead = warehouse.dbt_target_dir / AHEAD_DIR
    shutil.rmtree(ahead, ignore_errors=True)
    command = [
        venv_dbt(),
        "parse",
        "--quiet",
        "--project-dir",
        str(PROJECT_DIR),
        "--profiles-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(ahead),
        "--log-path",
        str(ahead),
    ]
    return subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env={**os.environ, **warehouse.dbt_env()},
        pass_fds=(lock_fd,),  # the child shares the locked file: the lock lives as long as it
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@contextmanager
def parsing_ahead(warehouse: WarehouseConfig) -> Iterator[None]:
    """While the block runs, ``dbt parse`` runs beside it when the target has no parse state.

    A parse still running when the block ends (the build failed before its dbt step) is
    stopped.
    """
    target = warehouse.dbt_target_dir
    if (target / PARTIAL_PARSE).exists():
        yield
        return
    target.mkdir(parents=True, exist_ok=True)
    with (target / LOCK_FILE).open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a parse from an earlier run is still going: let it be
            process = None
        else:
            process = _start(warehouse, lock.fileno())
    # our descriptor is closed; the lock is the child's now
    try:
        yield
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()


def adopt_parse_ahead(target: Path, timeout_s: float = 300.0) -> bool:
    """Wait for a background parse into ``target`` to finish and take its parse state.

    True when the state was adopted (``dbt build`` will not parse again); False when there
    was none, it failed, or ``target`` already had its own.
    """
    lock_path = target / LOCK_FILE
    if not lock_path.exists():
        return False
    deadline = time.monotonic() + timeout_s
    with lock_path.open("a+") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return False  # dbt build parses by itself
                time.sleep(0.05)
        try:
            ahead = target / AHEAD_DIR
            parsed = ahead / PARTIAL_PARSE
            adopted = parsed.is_file() and not (target / PARTIAL_PARSE).exists()
            if adopted:
                os.replace(parsed, target / PARTIAL_PARSE)
            shutil.rmtree(ahead, ignore_errors=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return adopted
