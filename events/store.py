"""The event store: one append-only `events` table on SQLite or PostgreSQL.

Guarantees:
- `append` checks the expected stream version (optimistic concurrency); several streams can be
  appended atomically (`append_many`), which is how cross-stream invariants such as "a handle is
  claimed once" and "an invite is redeemed once" are kept. A write without events beside writes
  with events still checks its expected version (a call with no events at all does nothing); a
  stream written twice in one call continues its versions. SQLite and PostgreSQL agree on all of it.
- Positions are dense and assigned in commit order (appenders take a write lock: an advisory
  transaction lock on PostgreSQL, BEGIN IMMEDIATE on SQLite), so `read_all(after=N)` never skips
  an event that a concurrent transaction commits late.
- Subscribers wake on in-process appends at once, on PostgreSQL NOTIFY from other processes, and
  otherwise poll.
- An event's `personal` fields (a person's own words) are sealed under its subject's key as they
  are appended and opened as they are read (events.vault.FieldSealer): readers see plain values,
  and the erased ones once the key is shredded.
- An event this code cannot read (a newer release's type) reads as events.base.UnknownEvent,
  which cannot be appended (ValueError).
"""

from __future__ import annotations

import os
import random
import threading
import uuid
from collections.abc import Callable, Sequence

import msgspec
from sqlalchemy import Connection, Engine, func, select

from events.base import Event, Metadata, RecordedEvent, encode_metadata
from events import sql
from events.clock import Clock, utc_now
from events.database import is_postgres, make_engine, writer
from events.errors import ConcurrencyError
from events.schema import events_table
from events.vault import FieldSealer, KeyVault

ANY: int | None = None
"""Expected version meaning "do not check"."""
NO_STREAM = 0
"""Expected version meaning "the stream must not exist yet"."""

NOTIFY_CHANNEL = "reelworld_events"
_LOCK_KEY = 0x5245454C  # "REEL": the advisory lock that serialises appenders on PostgreSQL


class StreamWrite(msgspec.Struct, frozen=True):
    """Events for one stream, with the version the writer believes the stream is at."""

    stream_id: str
    events: Sequence[Event]
    expected_version: int | None = ANY


class Context(msgspec.Struct, frozen=True, kw_only=True):
    """What caused an append: copied into the metadata of each appended event."""

    correlation_id: uuid.UUID | None = None
    causation_id: uuid.UUID | None = None
    actor: str | None = None
    request_id: str | None = None

    def caused_by(self, recorded: RecordedEvent) -> Context:
        """The context for events that react to `recorded`: same correlation, caused by it."""
        return msgspec.structs.replace(
            self,
            correlation_id=recorded.metadata.correlation_id or recorded.metadata.event_id,
            causation_id=recorded.metadata.event_id,
        )


class SqlEventStore:
    """Event store on any SQLAlchemy engine made by `events.database.make_engine`."""

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock = utc_now,
        new_id: Callable[[], uuid.UUID] | None = None,
    ) -> None:
        self.engine = engine
        self._writer = writer(engine)
        self._clock = clock
        self._new_id = new_id or _RandomIds()
        self.sealer = FieldSealer(KeyVault(engine, clock=clock))
        self._appended = threading.Condition()
        self._local_last = 0
        self._pg = is_postgres(engine)
        # Reads need no transaction of their own: on PostgreSQL that saves BEGIN and ROLLBACK.
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT") if self._pg else engine
        style = engine.dialect.paramstyle
        self._sql_all = sql.select_events(style, where="position > {p}", limit=True)
        self._sql_stream = sql.select_events(style, where="stream_id = {p} AND version > {p}", limit=False)

    @classmethod
    def from_url(cls, url: str, **kwargs) -> SqlEventStore:  # noqa: ANN003
        return cls(make_engine(url), **kwargs)

    @property
    def is_postgres(self) -> bool:
        return self._pg

    # -- writing ---------------------------------------------------------------------------

    def append(
        self,
        stream_id: str,
        events: Sequence[Event],
        expected_version: int | None = ANY,
        *,
        context: Context | None = None,
    ) -> list[RecordedEvent]:
        """Append `events` to one stream. Raises ConcurrencyError on a stale expected version."""
        return self.append_many([StreamWrite(stream_id, events, expected_version)], context=context)

    def append_many(
        self, writes: Sequence[StreamWrite], *, context: Context | None = None
    ) -> list[RecordedEvent]:
        """Append to several streams in one transaction: all of it is recorded, or none."""
        if not any(w.events for w in writes):
            return []
        context = context or Context()
        data = [[self.sealer.encode(e) for e in w.events] for w in writes]  # keys first: outside the lock
        # The driver's connection, not a SQLAlchemy transaction: this is the hot path.
        raw = self.engine.raw_connection()
        cursor = raw.cursor()
        try:
            if self._pg:
                recorded = self._append_pg(cursor, writes, data, context)
            else:
                cursor.execute("BEGIN IMMEDIATE")
                recorded = self._append_sqlite(cursor, writes, data, context)
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
        finally:
            cursor.close()
            raw.close()
        self._signal(recorded[-1].position)
        return recorded

    def append_in(
        self, conn: Connection, writes: Sequence[StreamWrite], *, context: Context | None = None
    ) -> list[RecordedEvent]:
        """Append inside the caller's write transaction (a projector reacting to events)."""
        context = context or Context()
        data = [[self.sealer.encode(e, create=False) for e in w.events] for w in writes]
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            if self._pg:
                return self._append_pg(cursor, writes, data, context)
            return self._append_sqlite(cursor, writes, data, context)
        finally:
            cursor.close()

    def _append_sqlite(self, cursor, writes: Sequence[StreamWrite], data: list[list[bytes]],  # noqa: ANN001
                       context: Context) -> list[RecordedEvent]:
        position = cursor.execute(sql.SQLITE_HEAD).fetchone()[0]
        metas = iter(self._metadata(sum(len(w.events) for w in writes), context))
        rows: list[tuple] = []
        recorded: list[RecordedEvent] = []
        # The rows are inserted at the end: a stream written twice in one call continues from
        # the version its first write left, as on PostgreSQL, whose INSERTs see each other.
        versions: dict[str, int] = {}
        for write, encoded in zip(writes, data, strict=True):
            stream_id = write.stream_id
            version = versions.get(stream_id)
            if version is None:
                version = cursor.execute(sql.SQLITE_VERSION, (stream_id,)).fetchone()[0]
            if write.expected_version is not None and write.expected_version != version:
                raise ConcurrencyError(stream_id, write.expected_version, version)
            for event, stored in zip(write.events, encoded, strict=True):
                position, version, raw = position + 1, version + 1, next(metas)
                recorded.append(RecordedEvent(
                    position=position, stream_id=stream_id, version=version,
                    event=event, raw_metadata=msgspec.Raw(raw),
                ))
                cls = type(event)
                rows.append((position, stream_id, version, cls.__name__, cls.schema_version, stored, raw))
            versions[stream_id] = version
        cursor.executemany(sql.SQLITE_INSERT, rows)
        return recorded

    def _append_pg(self, cursor, writes: Sequence[StreamWrite], data: list[list[bytes]],  # noqa: ANN001
                   context: Context) -> list[RecordedEvent]:
        cursor.execute(sql.PG_LOCK, (_LOCK_KEY, NOTIFY_CHANNEL))
        all_metas = self._metadata(sum(len(w.events) for w in writes), context)
        recorded: list[RecordedEvent] = []
        for write, encoded in zip(writes, data, strict=True):
            if not write.events:  # nothing to insert, but the expected version is checked (as on SQLite)
                if write.expected_version is not None:
                    version = _pg_version(cursor, write.stream_id)
                    if version != write.expected_version:
                        raise ConcurrencyError(write.stream_id, write.expected_version, version)
                continue
            metas = all_metas[len(recorded):len(recorded) + len(write.events)]
            cursor.execute(sql.PG_INSERT, {
                "stream_id": write.stream_id, "expected": write.expected_version,
                "types": [type(e).__name__ for e in write.events],
                "type_versions": [type(e).schema_version for e in write.events],
                "data": encoded, "meta": metas,
            })
            rows = sorted(cursor.fetchall(), key=lambda row: row[1])
            if not rows:
                actual = _pg_version(cursor, write.stream_id)
                raise ConcurrencyError(write.stream_id, write.expected_version or 0, actual)
            recorded.extend(
                RecordedEvent(position=position, stream_id=write.stream_id, version=version,
                              event=event, raw_metadata=msgspec.Raw(raw))
                for (position, version), event, raw in zip(rows, write.events, metas, strict=True)
            )
        return recorded

    def _metadata(self, count: int, context: Context) -> list[bytes]:
        """Encoded metadata for `count` new events. Without a correlation id in the context,
        the append's first event is the correlation root."""
        now = self._clock()
        ids = [self._new_id() for _ in range(count)]
        correlation = context.correlation_id or ids[0]
        return [
            encode_metadata(Metadata(
                event_id=event_id, recorded_at=now, correlation_id=correlation,
                causation_id=context.causation_id, actor=context.actor, request_id=context.request_id,
            ))
            for event_id in ids
        ]

    def _signal(self, position: int) -> None:
        with self._appended:
            self._local_last = max(self._local_last, position)
            self._appended.notify_all()

    # -- reading ---------------------------------------------------------------------------

    def stream_version(self, stream_id: str) -> int:
        """The version of the stream's last event; 0 when the stream does not exist."""
        if "\x00" in stream_id:  # no stream has such an id (PostgreSQL would refuse the query)
            return 0
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.coalesce(func.max(events_table.c.version), 0)).where(
                    events_table.c.stream_id == stream_id
                )
            ).scalar_one()

    def read_stream(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events after `after_version`, in order ([] for an unknown stream, and
        for an id holding NUL, which no stream has: a path parameter, say, that PostgreSQL
        would refuse to compare)."""
        if "\x00" in stream_id:
            return []
        return self._select(self._sql_stream, (stream_id, after_version))

    def last_event(self, stream_id: str) -> RecordedEvent | None:
        """The stream's last event (None for an unknown stream): what a check of where it
        stands now reads, without the whole stream."""
        version = self.stream_version(stream_id)
        last = self.read_stream(stream_id, version - 1) if version else []
        return last[-1] if last else None

    def read_all(
        self, after: int = 0, limit: int = 1000, *, conn: Connection | None = None,
        types: Sequence[str] | None = None,
    ) -> list[RecordedEvent]:
        """Up to `limit` events with position > `after`, in position order.

        `types` keeps only events of those type names; `conn` reads inside the caller's
        transaction (a projector's).
        """
        if types:
            query = (
                select(events_table)
                .where(events_table.c.position > after, events_table.c.type.in_(list(types)))
                .order_by(events_table.c.position)
                .limit(limit)
            )
            with self.engine.connect() as own:
                return self._recorded([tuple(row) for row in own.execute(query)])
        return self._select(self._sql_all, (after, limit), conn=conn)

    def _select(self, statement: str, params: tuple, *, conn: Connection | None = None) -> list[RecordedEvent]:
        if conn is not None:
            return self._recorded(_fetch(conn, statement, params))
        with self._reader.connect() as own:
            rows = _fetch(own, statement, params)
        return self._recorded(rows)  # opening sealed fields may read keys: with the connection back

    def _recorded(self, rows: list[tuple]) -> list[RecordedEvent]:
        keys: dict[str, bytes | None] = {}  # each subject's key read once per read
        return [
            RecordedEvent(position=position, stream_id=stream_id, version=version,
                          event=self.sealer.decode(type_name, type_version, data, keys),
                          raw_metadata=msgspec.Raw(meta))
            for position, stream_id, version, type_name, type_version, data, meta in rows
        ]

    def last_position(self) -> int:
        with self.engine.connect() as conn:
            query = select(func.coalesce(func.max(events_table.c.position), 0))
            return conn.execute(query).scalar_one()

    def wait_for_append(self, after: int, timeout: float) -> bool:
        """Block until this process appends past `after`, or `timeout` seconds pass."""
        with self._appended:
            return self._appended.wait_for(lambda: self._local_last > after, timeout=timeout)


class _RandomIds:
    """Random (version 4) UUIDs, several times cheaper than uuid.uuid4's syscall per id.

    Event ids need to be unique, not secret. The generator is seeded from os.urandom and
    reseeded in a forked child, so two processes never share a sequence.
    """

    def __init__(self) -> None:
        self._reseed()
        os.register_at_fork(after_in_child=self._reseed)

    def _reseed(self) -> None:
        self._random = random.Random(os.urandom(32))

    def __call__(self) -> uuid.UUID:
        bits = self._random.getrandbits(128)
        bits = (bits & ~(0xC000 << 48) | (0x8000 << 48)) & ~(0xF000 << 64) | (4 << 76)
        return uuid.UUID(int=bits)


def _pg_version(cursor, stream_id: str) -> int:  # noqa: ANN001 - the driver's cursor
    """The stream's current version, read inside the appender's transaction."""
    cursor.execute(sql.PG_VERSION, (stream_id,))
    return cursor.fetchone()[0]


def _fetch(conn: Connection, statement: str, params: tuple) -> list[tuple]:
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(statement, params)
        return cursor.fetchall()
    finally:
        cursor.close()
