"""Helpers for end-to-end tests: run the pipeline into a data dir, build test mirrors, look
at a page in headless Chromium."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from orchestration.automation.runner import RunOutcome, run_pipeline
from orchestration.catalog.registry import CATALOG, Release, Source
from orchestration.definitions import build_definitions
from orchestration.resources import WarehouseConfig

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1600,1000",
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


REPO = Path(__file__).resolve().parents[2]


def ironriver_process(
    data_dir: Path, *args: str, mirror: Path | None = None
) -> subprocess.Popen[str]:
    """``ironriver <args>`` as a real process in its own process group (so a test can
    SIGKILL the whole group), output merged into ``stdout``."""
    env = {**os.environ, "IRONRIVER_DATA_DIR": str(data_dir)}
    if mirror is not None:
        env["IRONRIVER_MIRROR"] = str(mirror)
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def wait_for(
    predicate: Callable[[], bool], timeout_s: float = 120.0, interval_s: float = 0.05
) -> bool:
    """Poll ``predicate`` until it holds (True) or ``timeout_s`` passes (False)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval_s)
    return False


def run_into(
    data_dir: Path,
    mirror: Path,
    catalog: Sequence[Source] = CATALOG,
    *,
    force: bool = False,
) -> tuple[WarehouseConfig, RunOutcome]:
    warehouse = WarehouseConfig(data_dir=str(data_dir), mirror=str(mirror), download_attempts=1)
    defs = build_definitions(tuple(catalog), warehouse)
    return warehouse, run_pipeline(defs, warehouse, tuple(catalog), force=force)


def mirror_of(shared_data: Path, dest: Path, catalog: Sequence[Source] = CATALOG) -> Path:
    """A mirror directory of symlinks to every catalog release present in shared/data."""
    for source in catalog:
        for release in source.releases:
            src = shared_data / release.file_name
            if src.exists():
                link = dest / release.file_name
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(src)
    return dest


def with_new_release(
    mirror: Path,
    body: bytes,
    *,
    source: str = "cbp_drug_seizures",
    file_name: str = "cbp_drug_seizures/nationwide-drugs-fy24-fy27-may.csv",
    vintage: str = "2026-06-30",
    kind: str = "csv",
    catalog: Sequence[Source] = CATALOG,
) -> tuple[Source, ...]:
    """Write ``body`` into the mirror as a new release of ``source``; return the catalog."""
    (mirror / file_name).parent.mkdir(parents=True, exist_ok=True)
    (mirror / file_name).write_bytes(body)
    extended = []
    for entry in catalog:
        if entry.name == source:
            table = entry.releases[0].table
            layout = entry.releases[0].layout
            release = Release(
                file_name=file_name,
                table=table,
                vintage=vintage,
                kind=kind,  # type: ignore[arg-type]
                official_url=None,
                layout=layout,
            )
            entry = dataclasses.replace(entry, releases=(*entry.releases, release))
        extended.append(entry)
    return tuple(extended)


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.fail("chromium is not installed: `make test` installs it (apt-get install chromium)")
    return found


def browse(url: str, tmp_path: Path, name: str) -> str:
    """The page's DOM after its scripts ran; its screenshot goes to ``tmp_path/<name>.png``."""
    png = tmp_path / f"{name}.png"
    dom = subprocess.run(
        [
            _chromium(),
            *CHROMIUM_FLAGS,
            "--virtual-time-budget=15000",
            f"--user-data-dir={tmp_path / f'profile-{name}'}",
            f"--screenshot={png}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert png.stat().st_size > 10_000, f"{png} looks empty"
    return dom


def dbt_test(data_dir: Path, db_path: Path, work: Path, *args: str) -> str:
    """``dbt test ARGS`` of the repo's project on the DuckDB file ``db_path`` (landing
    Parquet under ``data_dir``), with dbt's target and logs under ``work``: its output."""
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "test",
            *args,
            "--project-dir",
            str(REPO),
            "--profiles-dir",
            str(REPO),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        cwd=REPO,
        env={
            **os.environ,
            "IRONRIVER_DATA_DIR": str(data_dir),
            "IRONRIVER_DUCKDB_PATH": str(db_path),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.stdout + done.stderr
