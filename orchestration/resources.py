"""Dagster resources: where the data lives and where files come from.

Nothing here holds a connection or a path at import time: every path is derived from
the ``WarehouseConfig`` resource that Definitions are built with.
"""

from __future__ import annotations

import os
from pathlib import Path

from dagster import ConfigurableResource

from orchestration.ingest.download import DownloadConfig

PROJECT_DIR = Path(__file__).resolve().parent.parent
"""The repository root: dbt project, seeds and expectations live here (code, not data)."""

WAREHOUSE_FILE = "warehouse.duckdb"
"""Same basename in build/ and serve/: dbt-duckdb qualifies relations with it."""


def default_mirror() -> str | None:
    """``IRONRIVER_MIRROR`` if set (empty = official URLs), else ``../shared/data`` if present."""
    configured = os.environ.get("IRONRIVER_MIRROR")
    if configured is not None:
        return configured or None
    shared = PROJECT_DIR.parent / "shared" / "data"
    return str(shared) if shared.is_dir() else None


def default_data_dir() -> str:
    return os.environ.get("IRONRIVER_DATA_DIR") or str(PROJECT_DIR / "data")


KEEP_PUBLISHED_ENV = "IRONRIVER_KEEP_PUBLISHED"


def default_keep_published() -> int:
    """``IRONRIVER_KEEP_PUBLISHED`` (earlier builds kept for rollback), else 3."""
    configured = os.environ.get(KEEP_PUBLISHED_ENV, "").strip()
    if not configured:
        return 3
    if not configured.isdigit():
        raise ValueError(f"{KEEP_PUBLISHED_ENV}={configured!r}: expected a whole number >= 0")
    return int(configured)


class WarehouseConfig(ConfigurableResource):
    """Paths of every layer, and the place raw files are fetched from."""

    data_dir: str
    mirror: str | None = None
    download_timeout_s: float = 60.0
    download_attempts: int = 4
    keep_published: int = 3
    """How many earlier served files ``serve/history/`` keeps for ``ironriver rollback``."""
    max_shrink_ratio: float = 0.2
    """A table with this much fewer rows than at the last publish blocks the publish."""

    @property
    def root(self) -> Path:
        return Path(self.data_dir).resolve()

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def landing_dir(self) -> Path:
        return self.root / "landing"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def serve_dir(self) -> Path:
        return self.root / "serve"

    @property
    def quarantine_dir(self) -> Path:
        return self.root / "quarantine"

    @property
    def quality_dir(self) -> Path:
        return self.root / "quality"

    @property
    def logs_dir(self) -> Path:
        """The log of each ``ironriver run`` (``run-<UTC time>.log``)."""
        return self.root / "logs"

    @property
    def dagster_dir(self) -> Path:
        """``DAGSTER_HOME``: the Dagster instance (run history) for this data dir."""
        return self.root / "dagster"

    def site_dir(self, site: str) -> Path:
        """A static site served beside the warehouse (``docs``, ``quality``, ``report``)."""
        return self.serve_dir / site

    @property
    def build_db(self) -> Path:
        return self.build_dir / WAREHOUSE_FILE

    @property
    def dbt_target_dir(self) -> Path:
        """dbt's target folder for builds into this data dir: its ``partial_parse.msgpack``
        matches this dir's profile, so the next build parses only what changed, and the docs
        site reuses the build's compiled manifest."""
        return self.build_dir / "dbt_target"

    @property
    def serve_db(self) -> Path:
        return self.serve_dir / WAREHOUSE_FILE

    def landing_table_dir(self, table: str) -> Path:
        return self.landing_dir / table

    def download_config(self) -> DownloadConfig:
        return DownloadConfig(
            mirror=self.mirror,
            timeout_s=self.download_timeout_s,
            attempts=self.download_attempts,
        )

    def dbt_env(self) -> dict[str, str]:
        """Environment the dbt project reads (see profiles.yml and the sources YAML)."""
        return {
            "IRONRIVER_DATA_DIR": str(self.root),
            "IRONRIVER_DUCKDB_PATH": str(self.build_db),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            # dagster-dbt reads dbt's events as JSON on stdout; dbt.log (in the target
            # folder) stays plain text with every SQL statement: as JSON it is ~7x larger
            # (18 MB a build) and costs the build 2-3 s.
            "DBT_LOG_FORMAT_FILE": "text",
        }
