"""Projections: read models built from the log, with their checkpoint in the same transaction.

A `Projection` names itself, lists the tables it owns and applies one event through a SQLModel
`Session` joined to the projector's transaction. The `Projector` reads a batch after the
checkpoint, applies it and moves the checkpoint in that one transaction, so a crash at any point
leaves either the whole batch applied with its checkpoint, or none of it: nothing is lost and
nothing applied twice. `rebuild` empties the tables and replays from position zero.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import Connection, Table, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from events.base import RecordedEvent
from events.database import writer
from events.schema import checkpoints_table
from events.store import SqlEventStore
from events.subscription import Subscription

log = logging.getLogger(__name__)


class Projection(Protocol):
    name: str
    """Unique, stable: the key of the checkpoint."""

    def tables(self) -> Sequence[Table]:
        """The read-model tables this projection owns (emptied on rebuild)."""
        ...

    def apply(self, session: Session, event: RecordedEvent) -> None:
        """Apply one event. Events of types it does not handle are ignored."""
        ...


class Projector:
    """Runs one projection against the store: catch up, run forever, rebuild."""

    def __init__(self, store: SqlEventStore, projection: Projection, *, batch_size: int = 500) -> None:
        self.store = store
        self.projection = projection
        self.batch_size = batch_size
        self._writer = writer(store.engine)

    def checkpoint(self) -> int:
        with self.store.engine.connect() as conn:
            return _read_checkpoint(conn, self.projection.name)

    def run_once(self) -> int:
        """Apply the next batch after the checkpoint; returns how many events it applied."""
        with self._writer.begin() as conn:
            after = _lock_checkpoint(conn, self.projection.name)
            batch = self.store.read_all(after, self.batch_size, conn=conn)
            if not batch:
                return 0
            session = Session(bind=conn, join_transaction_mode="create_savepoint")
            try:
                for recorded in batch:
                    self.projection.apply(session, recorded)
                session.commit()  # releases the savepoint; the outer transaction commits below
            finally:
                session.close()
            conn.execute(
                update(checkpoints_table)
                .where(checkpoints_table.c.name == self.projection.name)
                .values(position=batch[-1].position)
            )
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
            for table in reversed(list(self.projection.tables())):
                conn.execute(delete(table))
            conn.execute(
                update(checkpoints_table)
                .where(checkpoints_table.c.name == self.projection.name)
                .values(position=0)
            )

    def run_forever(self, stop: threading.Event, *, poll_interval: float = 0.5) -> None:
        """Keep the read model current until `stop` is set. A failing batch is retried."""
        subscription = Subscription(self.store, self.checkpoint(), poll_interval=poll_interval)
        try:
            while not stop.is_set():
                try:
                    if not self.run_once():
                        subscription.position = self.checkpoint()
                        subscription.wait(poll_interval)
                except Exception:
                    log.exception("projection %s failed; retrying", self.projection.name)
                    stop.wait(poll_interval)
        finally:
            subscription.stop()


def _read_checkpoint(conn: Connection, name: str) -> int:
    query = select(checkpoints_table.c.position).where(checkpoints_table.c.name == name)
    return conn.execute(query).scalar_one_or_none() or 0


def _lock_checkpoint(conn: Connection, name: str) -> int:
    """Make sure the checkpoint row exists and lock it for this transaction; return it."""
    dialect = conn.dialect.name
    insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
    conn.execute(insert_fn(checkpoints_table).values(name=name, position=0).on_conflict_do_nothing())
    query = select(checkpoints_table.c.position).where(checkpoints_table.c.name == name)
    if dialect == "postgresql":
        query = query.with_for_update()
    return conn.execute(query).scalar_one()
