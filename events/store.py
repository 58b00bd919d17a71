"""The event store: one append-only `events` table on SQLite or PostgreSQL.

Guarantees:
- `append` checks the expected stream version (optimistic concurrency); several streams can be
  appended atomically (`append_many`), which is how cross-stream invariants such as "a handle is
  claimed once" and "an invite is redeemed once" are kept.
- Positions are dense and assigned in commit order (appenders take a write lock: an advisory
  transaction lock on PostgreSQL, BEGIN IMMEDIATE on SQLite), so `read_all(after=N)` never skips
  an event that a concurrent transaction commits late.
- Subscribers wake on in-process appends at once, on PostgreSQL NOTIFY from other processes, and
  otherwise poll.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import msgspec
from sqlalchemy import Connection, Engine, func, insert, select, text

from events.base import (
    Event,
    Metadata,
    RecordedEvent,
    decode_event,
    decode_metadata,
    encode_event,
    encode_metadata,
)
from events.clock import Clock, utc_now
from events.database import is_postgres, make_engine, writer
from events.errors import ConcurrencyError
from events.schema import events_table

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
        new_id: Callable[[], uuid.UUID] = uuid.uuid4,
    ) -> None:
        self.engine = engine
        self._writer = writer(engine)
        self._clock = clock
        self._new_id = new_id
        self._appended = threading.Condition()
        self._local_last = 0

    @classmethod
    def from_url(cls, url: str, **kwargs) -> SqlEventStore:  # noqa: ANN003
        return cls(make_engine(url), **kwargs)

    @property
    def is_postgres(self) -> bool:
        return is_postgres(self.engine)

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
        with self._writer.begin() as conn:
            recorded = self.append_in(conn, writes, context=context)
        self._signal(recorded[-1].position)
        return recorded

    def append_in(
        self, conn: Connection, writes: Sequence[StreamWrite], *, context: Context | None = None
    ) -> list[RecordedEvent]:
        """Append inside the caller's write transaction (a projector reacting to events)."""
        if is_postgres(self.engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        position = conn.execute(select(func.coalesce(func.max(events_table.c.position), 0))).scalar_one()
        context = context or Context()
        now = self._clock()
        rows: list[dict] = []
        recorded: list[RecordedEvent] = []
        for write in writes:
            version = self._check_version(conn, write)
            for event in write.events:
                position, version = position + 1, version + 1
                meta = self._metadata(context, recorded)
                rows.append(self._row(position, write.stream_id, version, event, meta, now))
                recorded.append(RecordedEvent(
                    position=position, stream_id=write.stream_id, version=version,
                    event=event, metadata=meta, recorded_at=now,
                ))
        conn.execute(insert(events_table), rows)
        if is_postgres(self.engine):
            conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": NOTIFY_CHANNEL, "p": str(position)})
        return recorded

    def _check_version(self, conn: Connection, write: StreamWrite) -> int:
        current = self._version_in(conn, write.stream_id)
        if write.expected_version is not None and write.expected_version != current:
            raise ConcurrencyError(write.stream_id, write.expected_version, current)
        return current

    def _metadata(self, context: Context, so_far: list[RecordedEvent]) -> Metadata:
        event_id = self._new_id()
        correlation = context.correlation_id or (so_far[0].metadata.event_id if so_far else event_id)
        return Metadata(
            event_id=event_id,
            correlation_id=correlation,
            causation_id=context.causation_id,
            actor=context.actor,
            request_id=context.request_id,
        )

    @staticmethod
    def _row(position: int, stream_id: str, version: int, event: Event, meta: Metadata, now: datetime) -> dict:
        return {
            "position": position,
            "event_id": str(meta.event_id),
            "stream_id": stream_id,
            "version": version,
            "type": type(event).__name__,
            "type_version": type(event).schema_version,
            "data": encode_event(event),
            "meta": encode_metadata(meta),
            "recorded_at": now,
        }

    def _signal(self, position: int) -> None:
        with self._appended:
            self._local_last = max(self._local_last, position)
            self._appended.notify_all()

    # -- reading ---------------------------------------------------------------------------

    def stream_version(self, stream_id: str) -> int:
        """The version of the stream's last event; 0 when the stream does not exist."""
        with self.engine.connect() as conn:
            return self._version_in(conn, stream_id)

    @staticmethod
    def _version_in(conn: Connection, stream_id: str) -> int:
        query = select(func.coalesce(func.max(events_table.c.version), 0)).where(
            events_table.c.stream_id == stream_id
        )
        return conn.execute(query).scalar_one()

    def read_stream(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events after `after_version`, in order ([] for an unknown stream)."""
        query = (
            select(events_table)
            .where(events_table.c.stream_id == stream_id, events_table.c.version > after_version)
            .order_by(events_table.c.version)
        )
        with self.engine.connect() as conn:
            return [_to_recorded(row) for row in conn.execute(query)]

    def read_all(
        self, after: int = 0, limit: int = 1000, *, conn: Connection | None = None,
        types: Sequence[str] | None = None,
    ) -> list[RecordedEvent]:
        """Up to `limit` events with position > `after`, in position order."""
        query = select(events_table).where(events_table.c.position > after)
        if types:
            query = query.where(events_table.c.type.in_(list(types)))
        query = query.order_by(events_table.c.position).limit(limit)
        if conn is not None:
            return [_to_recorded(row) for row in conn.execute(query)]
        with self.engine.connect() as own:
            return [_to_recorded(row) for row in own.execute(query)]

    def last_position(self) -> int:
        with self.engine.connect() as conn:
            query = select(func.coalesce(func.max(events_table.c.position), 0))
            return conn.execute(query).scalar_one()

    def wait_for_append(self, after: int, timeout: float) -> bool:
        """Block until this process appends past `after`, or `timeout` seconds pass."""
        with self._appended:
            return self._appended.wait_for(lambda: self._local_last > after, timeout=timeout)


def _to_recorded(row) -> RecordedEvent:  # noqa: ANN001
    recorded_at = row.recorded_at
    if recorded_at.tzinfo is None:
        recorded_at = recorded_at.replace(tzinfo=UTC)
    return RecordedEvent(
        position=row.position,
        stream_id=row.stream_id,
        version=row.version,
        event=decode_event(row.type, row.type_version, row.data),
        metadata=decode_metadata(row.meta),
        recorded_at=recorded_at,
    )
