"""Dagster's SQLite event log, keeping its database engines instead of making one per statement.

Dagster's SqliteEventLogStorage creates a SQLAlchemy engine, opens a SQLite connection, runs one
statement and throws both away, every time: SQLAlchemy compiles each statement afresh (its
cache lives in the engine), and `has_table` is asked before every asset event. About 12 ms per
event here, and a daily build records ~80 (docs/benchmarks.md), twenty of them before its step
starts. This storage keeps one engine per database file it uses, remembers the tables it has
seen, and keeps the connection to the index database (where asset and check events are mirrored)
open between statements. A run's own database is still closed after each write: the UI follows
a live run by watching that file change, and SQLite writes the file (rather than its
write-ahead log) when the last connection closes.

Configured in the dagster.yaml that orchestration.settings writes; the files are Dagster's own,
in the same place, so existing run history reads as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from typing import Iterator

from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME, SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

# Run databases a long-lived process (the UI) keeps engines for; older ones are let go.
_KEPT_RUN_ENGINES = 16


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    def __init__(self, base_dir: str, inst_data=None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._engines_lock = threading.Lock()
        self._tables: set[str] = set()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _engine(self, shard: str) -> Engine:
        with self._engines_lock:
            engine = self._engines.pop(shard, None)
            if engine is None:
                # The index stays open (pool of one, reused by whichever thread holds _db_lock);
                # a run's database closes after each use (see the module docstring).
                pool = {"pool_size": 1, "max_overflow": 0} if shard == INDEX_SHARD_NAME else {"poolclass": NullPool}
                engine = create_engine(self.conn_string_for_shard(shard), **pool,
                                       connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False})
            self._engines[shard] = engine
            runs = [name for name in self._engines if name != INDEX_SHARD_NAME]
            for name in runs[:-_KEPT_RUN_ENGINES]:
                self._engines.pop(name).dispose()
            return engine

    def has_table(self, table_name: str) -> bool:
        # Asked before every asset event; a table, once there, stays.
        if table_name not in self._tables:
            if not super().has_table(table_name):
                return False
            self._tables.add(table_name)
        return True

    def _dispose_engines(self) -> None:
        with self._engines_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._dispose_engines()  # before the files go
        self._tables.clear()
        super().wipe()

    def upgrade(self) -> None:
        self._dispose_engines()
        self._tables.clear()
        super().upgrade()

    def dispose(self) -> None:
        self._dispose_engines()
        super().dispose()
