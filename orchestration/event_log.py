"""Dagster's SQLite event log, with one SQLAlchemy engine per database file.

A cold build records ~2,600 events (every dbt test is an asset check: one "planned" event
when the run is created, one evaluation when dbt reports it; every model an output and a
materialisation). Dagster's ``SqliteEventLogStorage`` builds and disposes a new engine for
every statement, so each event pays for the engine, a fresh SQL compilation (the compiled
cache lives on the engine) and up to four connections: ~10-19 ms per check event on the
2-core machine. Keeping the engine per database file keeps the compiled statements; what is
stored, and when it is committed, is unchanged: each write is still its own transaction on
a new connection (``NullPool``), under the storage's lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool


class ReusedEngineSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` that creates each shard's engine once, not per statement."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: dict[str, Engine] = {}  # before super(): its __init__ connects
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
            with engine.connect() as conn, conn.begin():
                yield conn

    def wipe(self) -> None:
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
