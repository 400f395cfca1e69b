"""Every use of Dagster's, dagster-dbt's or dbt's private internals, and nowhere else.

ruff bans ``dagster._*`` imports everywhere but here (TID251 in pyproject.toml). The two
speed pieces below are kept because they pay (measured 2026-12-02 on the shared 2-core
machine, load average 9-16), the packages they touch are pinned to the tested minor version
in pyproject.toml, and ``tests/orchestration/test_compat.py`` fails by name when the
internals they rely on change.

* :class:`ReusedEngineSqliteEventLogStorage`: Dagster's SQLite event log with one open
  connection per database file (``dagster==1.13.*``). ``make bench`` cold build at 1x:
  513 s with it, 699 s with Dagster's stock storage; a run's 2,622 events (870 checks):
  7.1 s of CPU instead of 36.4 s.
* :func:`subprocess_only_dbt_cli`: dagster-dbt's ``DbtCliResource`` without the work this
  project does not use (``dagster-dbt==0.29.*``): ~4 s of CPU less per dbt invocation
  (median of 3, 5.2 s instead of 9.2 s; a cold build invokes dbt once). The bench's wall
  clock at that load could not resolve it (cold build 402 s without, 513 s with).
* :data:`CheckExecutionStatus`: the state of a recorded asset-check execution, for
  ``ironriver status`` (no public equivalent).
* ``AssetJob``: the type ``define_asset_job`` returns (type checking only).

The SQLite event log
--------------------
A cold build records ~2,600 events (every dbt test is an asset check: one "planned" event
when the run is created, one evaluation when dbt reports it; every model an output and a
materialisation). Dagster's ``SqliteEventLogStorage`` builds and disposes a new engine for
every statement, so each event pays for the engine, a fresh SQL compilation (the compiled
cache lives on the engine), up to four new connections, and up to three commits in SQLite's
default rollback-journal mode (create, fsync and delete a journal file each): ~10-19 ms per
check event on the 2-core machine, in the same process that streams dbt's results.

Here each database file keeps one engine with one open connection (used under the storage's
lock, so by one thread at a time), in write-ahead-log mode with ``synchronous = normal``:
a commit appends to the log without waiting for the disk (~4x less time per event). SQLite
documents that WAL with ``synchronous = normal`` never corrupts the database; after a
power cut (not a killed process) the last transactions may be missing from the run history.
WAL also lets ``make dev`` read the history while a run writes it. Each transaction is
still committed when Dagster's write is done. Only the few most recently used files keep
their connection (:data:`OPEN_FILES`): a long-lived ``dagster dev`` writes a new file per run.

Dagster also asks the schema, per event, whether a table, an asset-key column or a data
migration exists (``has_table`` even builds a fresh engine for it): ~4 PRAGMA round trips per
check event. A present table, column or completed migration stays present for the life of the
storage (only ``wipe`` drops them), so a "yes" is remembered; a "no" is asked again.

When a run is created, Dagster records one "planned" event per asset and asset check it
will execute (~870 for a cold build) before the first step starts. Dagster hands these
over as one batch (``store_event_batch``) when ``DAGSTER_EVENT_BATCH_SIZE`` is set (see
:data:`EVENT_BATCH_SIZE`); this storage then writes the whole batch in one transaction per
database file instead of ~3 commits per event. A batch that fails is rolled back whole, and
Dagster then stores its events one by one.
"""

from __future__ import annotations

import functools
import importlib.metadata
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias

from dagster import EventLogEntry
from dagster._core.storage.asset_check_execution_record import (
    AssetCheckExecutionRecordStatus as CheckExecutionStatus,
)
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:
    from dagster._core.definitions.unresolved_asset_job_definition import (
        UnresolvedAssetJobDefinition,
    )
    from dagster_dbt import DbtCliResource

__all__ = [
    "EVENT_BATCH_SIZE",
    "OPEN_FILES",
    "AssetJob",
    "CheckExecutionStatus",
    "ReusedEngineSqliteEventLogStorage",
    "subprocess_only_dbt_cli",
]

AssetJob: TypeAlias = "UnresolvedAssetJobDefinition"
"""What ``define_asset_job`` returns (no public name)."""

OPEN_FILES = 8
"""Database files (the index and recent runs) that keep an open connection."""

EVENT_BATCH_SIZE = "1000"
"""``DAGSTER_EVENT_BATCH_SIZE`` for runs of this project: a cold build's planned events
(~870) are written as one batch."""


class ReusedEngineSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` that keeps an engine and connection per file, not per
    statement."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()  # before super(): it connects
        self._present: set[tuple[str, str]] = set()
        self._batch: dict[str, Connection] | None = None
        """While a batch is stored: the one open connection (and transaction) per shard."""
        self._batch_thread: int | None = None
        """The thread storing the batch: writes from any other thread stay their own."""
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(  # type: ignore[override]
        cls, inst_data: ConfigurableClassData | None, config_value: Any
    ) -> ReusedEngineSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engines.get(shard)
            if engine is None:
                engine = create_engine(
                    self.conn_string_for_shard(shard),
                    poolclass=StaticPool,
                    connect_args={
                        "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                        "check_same_thread": False,
                    },
                )
                event.listen(engine, "connect", _write_ahead_log)
                if shard not in self._initialized_dbs:
                    self._initdb(engine)
                    self._initialized_dbs.add(shard)
                self._engines[shard] = engine
            self._engines.move_to_end(shard)
            batch = self._batch if self._batch_thread == threading.get_ident() else None
            while self._batch is None and len(self._engines) > OPEN_FILES:
                self._forget_engine(next(iter(self._engines)))  # least recently used
            if batch is None:
                with engine.connect() as conn, conn.begin():
                    yield conn
                return
            conn = batch.get(shard)
            if conn is None:
                conn = engine.connect()
                conn.begin()
                batch[shard] = conn
            yield conn  # committed with the rest of the batch

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        """Store ``events`` as :meth:`store_event` does, in one transaction per shard."""
        batch: dict[str, Connection] = {}
        self._batch, self._batch_thread = batch, threading.get_ident()
        try:
            for entry in events:
                self.store_event(entry)
            for conn in batch.values():
                conn.commit()
        except BaseException:
            for conn in batch.values():
                conn.rollback()
            raise
        finally:
            for conn in batch.values():
                conn.close()
            self._batch, self._batch_thread = None, None

    def _remembered(self, kind: str, name: str, ask: Callable[[], bool]) -> bool:
        if (kind, name) in self._present:
            return True
        present = ask()
        if present:
            self._present.add((kind, name))
        return present

    def has_table(self, table_name: str) -> bool:
        return self._remembered(
            "table", table_name, lambda: SqliteEventLogStorage.has_table(self, table_name)
        )

    def has_asset_key_col(self, column_name: str) -> bool:
        if ("asset_key_column", column_name) in self._present:
            return True  # without opening a connection to ask
        return super().has_asset_key_col(column_name)

    def _has_asset_key_col_on_connection(self, conn: Connection, column_name: str) -> bool:
        return self._remembered(
            "asset_key_column",
            column_name,
            lambda: SqliteEventLogStorage._has_asset_key_col_on_connection(self, conn, column_name),
        )

    def has_secondary_index(self, name: str) -> bool:
        return self._remembered(
            "migration", name, lambda: SqliteEventLogStorage.has_secondary_index(self, name)
        )

    def wipe(self) -> None:
        self._present.clear()
        for shard in list(self._engines):
            self._forget_engine(shard)
        super().wipe()

    def dispose(self) -> None:
        for shard in list(self._engines):
            self._forget_engine(shard)
        super().dispose()

    def _forget_engine(self, shard: str) -> None:
        engine = self._engines.pop(shard, None)
        if engine is not None:
            engine.dispose()


def _write_ahead_log(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("pragma journal_mode = wal")
    cursor.execute("pragma synchronous = normal")
    cursor.close()


@functools.cache
def subprocess_only_dbt_cli() -> type[DbtCliResource]:
    """dagster-dbt's ``DbtCliResource``, without two things it does before every invocation
    that this project does not use (~2.5 s of every build on the 2-core machine):

    * it asks the executable for its version (a ``dbt --version`` subprocess): the executable
      is the venv's own (``orchestration.transform.project.venv_dbt``), so its version is the
      installed dbt-core package's;
    * it builds an in-process dbt adapter (loading the project, profile and parse state) that
      only fetching row counts or column metadata uses, which this project does not.

    A function, so that dagster-dbt (which imports dbt: seconds) loads only when used.
    """
    from dagster_dbt import DbtCliResource
    from packaging.version import Version

    class SubprocessOnlyDbtCli(DbtCliResource):
        @functools.cached_property
        def _cli_version(self) -> Version:
            return Version(importlib.metadata.version("dbt-core"))

        def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
            return None

    return SubprocessOnlyDbtCli
