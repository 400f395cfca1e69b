"""Dagster's SQLite event log, with one SQLAlchemy engine per database file.

A cold build records ~2,600 events (every dbt test is an asset check: one "planned" event
when the run is created, one evaluation when dbt reports it; every model an output and a
materialisation). Dagster's ``SqliteEventLogStorage`` builds and disposes a new engine for
every statement, so each event pays for the engine, a fresh SQL compilation (the compiled
cache lives on the engine) and up to four connections: ~10-19 ms per check event on the
2-core machine. Keeping the engine per database file keeps the compiled statements; what is
stored, and when it is committed, is unchanged: each write is still its own transaction on
a new connection (``NullPool``), under the storage's lock.

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

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

EVENT_BATCH_SIZE = "1000"
"""``DAGSTER_EVENT_BATCH_SIZE`` for runs of this project: a cold build's planned events
(~870) are written as one batch."""


class ReusedEngineSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` that creates each shard's engine once, not per statement."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: dict[str, Engine] = {}  # before super(): its __init__ connects
        self._present: set[tuple[str, str]] = set()
        self._batch: dict[str, Connection] | None = None
        """While a batch is stored: the one open connection (and transaction) per shard."""
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
                    poolclass=NullPool,
                    connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
                )
                if shard not in self._initialized_dbs:
                    self._initdb(engine)
                    self._initialized_dbs.add(shard)
                self._engines[shard] = engine
            if self._batch is None:
                with engine.connect() as conn, conn.begin():
                    yield conn
                return
            conn = self._batch.get(shard)
            if conn is None:
                conn = engine.connect()
                conn.begin()
                self._batch[shard] = conn
            yield conn  # committed with the rest of the batch

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        """Store ``events`` as :meth:`store_event` does, in one transaction per shard."""
        self._batch = {}
        try:
            for event in events:
                self.store_event(event)
            for conn in self._batch.values():
                conn.commit()
        except BaseException:
            for conn in self._batch.values():
                conn.rollback()
            raise
        finally:
            for conn in self._batch.values():
                conn.close()
            self._batch = None

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
