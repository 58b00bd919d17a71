"""Projections: read models built from the log, with their checkpoint in the same transaction.

A `Projection` names itself, lists the tables it owns and applies one event through a SQLModel
`Session` joined to the projector's transaction. The `Projector` reads a batch after the
checkpoint, applies it and moves the checkpoint in that one transaction, so a crash at any point
leaves either the whole batch applied with its checkpoint, or none of it: nothing is lost and
nothing applied twice. `rebuild` empties the tables and replays from position zero.

A projection whose way of applying events changes bumps its `version`: the projector finds the
read model built by the older version (its checkpoint row keeps the version) and rebuilds it
from position zero, beginning in the transaction of its first batch. No one has to remember to
run `reelworld projections rebuild` after an upgrade. While it rebuilds, readers see the read
model part-built (as during `rebuild`): it is emptied with the first batch and refilled one
batch per commit.

A process of this code running an older version than the read model's (a rolling upgrade, or
a rollback) leaves it alone, and that read model stops following the log for it: it logs a
warning every `STALE_WARNING_S`, and `reelworld projections status` marks the row. After a
rollback, `reelworld projections rebuild NAME` rebuilds it at the older version.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import Connection, Table, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from events.base import RecordedEvent, UnknownEvent
from events.database import writer
from events.schema import checkpoints_table
from events.store import SqlEventStore
from events.subscription import Subscription

log = logging.getLogger(__name__)

STALE_WARNING_S = 600.0
"""How often a process too old for a read model says so while it leaves it alone."""


class Projection(Protocol):
    name: str
    """Unique, stable: the key of the checkpoint."""
    # Optional `version: int` (1 when absent): bump it when `apply` changes what it writes, and
    # read models built before are rebuilt. Optional `committed()`: called after each batch's
    # transaction commits (work that cannot be done inside it).

    def tables(self) -> Sequence[Table]:
        """The read-model tables this projection owns (emptied on rebuild)."""
        ...

    def apply(self, session: Session, event: RecordedEvent) -> None:
        """Apply one event. Events of types it does not handle are ignored; an UnknownEvent
        (a type this code cannot read) never reaches it."""
        ...


class Projector:
    """Runs one projection against the store: catch up, run forever, rebuild."""

    def __init__(self, store: SqlEventStore, projection: Projection, *, batch_size: int = 500) -> None:
        self.store = store
        self.projection = projection
        self.batch_size = batch_size
        self._writer = writer(store.engine)
        self.version = int(getattr(projection, "version", 1))
        self._warned_at: float | None = None

    def stored_version(self) -> int:
        """The version of the projection that built the read model (1 before its first batch)."""
        with self.store.engine.connect() as conn:
            return _read_checkpoint(conn, self.projection.name)[1]

    def checkpoint(self) -> int:
        """Where the next batch starts: 0 while the read model awaits its rebuild by this version."""
        with self.store.engine.connect() as conn:
            position, version = _read_checkpoint(conn, self.projection.name)
        return 0 if version < self.version else position

    def run_once(self) -> int:
        """Apply the next batch after the checkpoint; returns how many events it applied."""
        with self._writer.begin() as conn:
            after, version = _lock_checkpoint(conn, self.projection.name)
            if version > self.version:  # a newer process owns it (a rolling upgrade): leave it be
                now = time.monotonic()
                if self._warned_at is None or now - self._warned_at >= STALE_WARNING_S:
                    log.warning("projection %s: its read model is built by version %d, this process "
                                "runs version %d, so it leaves it to newer processes (after a "
                                "rollback: reelworld projections rebuild %s)",
                                self.projection.name, version, self.version, self.projection.name)
                    self._warned_at = now
                return 0
            if version < self.version:  # built by an older version of the projection
                log.info("projection %s: rebuilding its read model (version %d -> %d)",
                         self.projection.name, version, self.version)
                self._empty(conn)
                after = 0
            batch = self.store.read_all(after, self.batch_size, conn=conn)
            if not batch:
                return 0
            session = Session(bind=conn, join_transaction_mode="create_savepoint")
            try:
                for recorded in batch:
                    if not isinstance(recorded.event, UnknownEvent):  # a newer release's: not ours to read
                        self.projection.apply(session, recorded)
                session.commit()  # releases the savepoint; the outer transaction commits below
            finally:
                session.close()
            conn.execute(
                update(checkpoints_table)
                .where(checkpoints_table.c.name == self.projection.name)
                .values(position=batch[-1].position)
            )
        committed = getattr(self.projection, "committed", None)  # work that must wait for the commit
        if committed is not None:
            committed()
        return len(batch)

    def catch_up(self) -> int:
        """Apply everything recorded so far; returns how many events it applied."""
        total = 0
        while applied := self.run_once():
            total += applied
        return total

    def rebuild(self) -> int:
        """Empty the read model, reset the checkpoint to zero, and replay the whole log."""
        self.reset()
        return self.catch_up()

    def reset(self) -> None:
        """Empty the read model and set the checkpoint to zero (one transaction)."""
        with self._writer.begin() as conn:
            _lock_checkpoint(conn, self.projection.name)
            self._empty(conn)

    def _empty(self, conn: Connection) -> None:
        """Empty the tables; checkpoint at zero, with this projection's version (the row is locked)."""
        for table in reversed(list(self.projection.tables())):
            conn.execute(delete(table))
        conn.execute(
            update(checkpoints_table)
            .where(checkpoints_table.c.name == self.projection.name)
            .values(position=0, version=self.version)
        )

    def run_forever(self, stop: threading.Event, *, poll_interval: float = 0.5) -> None:
        """Keep the read model current until `stop` is set. A failing batch is retried."""
        subscription: Subscription | None = None
        try:
            while not stop.is_set():
                try:
                    # Made inside the retry: reading the checkpoint can fail as any batch can
                    # (the database restarting), and that must not end the thread for good.
                    if subscription is None:
                        subscription = Subscription(self.store, self.checkpoint(), poll_interval=poll_interval)
                    if not self.run_once():
                        subscription.position = self.checkpoint()
                        subscription.wait(poll_interval)
                except Exception:
                    log.exception("projection %s failed; retrying", self.projection.name)
                    stop.wait(poll_interval)
        finally:
            if subscription is not None:
                subscription.stop()


def _checkpoint_query(name: str):
    return select(checkpoints_table.c.position, checkpoints_table.c.version).where(checkpoints_table.c.name == name)


def _read_checkpoint(conn: Connection, name: str) -> tuple[int, int]:
    """(position, version) of the checkpoint; (0, 1) before its first batch."""
    row = conn.execute(_checkpoint_query(name)).one_or_none()
    return (row.position, row.version) if row is not None else (0, 1)


def _lock_checkpoint(conn: Connection, name: str) -> tuple[int, int]:
    """Make sure the checkpoint row exists and lock it for this transaction; return its
    (position, version). A new row has version 1 and position 0: nothing is built yet, so
    a projection of a later version empties nothing and starts at zero all the same."""
    dialect = conn.dialect.name
    insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
    conn.execute(insert_fn(checkpoints_table).values(name=name, position=0).on_conflict_do_nothing())
    query = _checkpoint_query(name)
    if dialect == "postgresql":
        query = query.with_for_update()
    position, version = conn.execute(query).one()
    return position, version
