"""Engines for the event store and read models: SQLite (embedded default) or PostgreSQL.

SQLite runs in WAL mode; write transactions start with BEGIN IMMEDIATE so writers queue
instead of failing half-way, and deleted pages are zeroed (secure_delete) so that shredded keys
do not linger in the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)
WRITE = {"reelworld_write": True}


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for `url` (sqlite:///path or postgresql+psycopg://...)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    if parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, echo=echo, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, echo=echo, connect_args={"check_same_thread": False, "timeout": 60}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            "secure_delete=ON",
            "busy_timeout=60000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        immediate = conn.get_execution_options().get("reelworld_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def writer(engine: Engine) -> Engine:
    """The same engine, with transactions that take the write lock up front on SQLite."""
    return engine.execution_options(**WRITE)


def remove_old_copies(engine: Engine, table: str) -> bool:
    """Remove the old row versions of `table` that the database still keeps after an update
    (what a shred or a rewrite of personal data must not leave behind): on SQLite the
    write-ahead log's frames, by a checkpoint that truncates it (it holds writers back while
    it waits for readers, so it waits at most 0.25 s); on PostgreSQL the dead row versions, by
    VACUUM of the table. Returns False, having logged why, when it could not be done now (a
    reader in the way, an error); the next call, or SQLite's own checkpoints, take it further."""
    try:
        if is_postgres(engine):
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql(f"VACUUM {table}")
            return True
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA busy_timeout = 250")
            try:
                busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()[0]
            finally:
                conn.exec_driver_sql("PRAGMA busy_timeout = 60000")
        if busy:
            log.warning("the write-ahead log still holds old copies from %s: a reader kept it from being truncated",
                        table)
        return not busy
    except Exception as error:  # noqa: BLE001 - the live rows are right either way
        log.warning("the old copies of %s's rows could not be removed now: %s", table, error)
        return False
