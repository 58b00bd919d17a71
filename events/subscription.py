"""Catch-up subscriptions over the global log: read what is there, then wait for more.

Waiting uses the cheapest signal available: an in-process append wakes the subscriber at once;
on PostgreSQL a LISTEN connection wakes it on other processes' commits; otherwise it polls.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from sqlalchemy.engine import make_url

from events.base import RecordedEvent
from events.store import NOTIFY_CHANNEL, SqlEventStore


class Subscription:
    """Yields every event after `after`, in order, forever (until `stop()`)."""

    def __init__(
        self, store: SqlEventStore, after: int = 0, *, batch_size: int = 500, poll_interval: float = 0.5
    ) -> None:
        self.store = store
        self.position = after
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self._stopped = threading.Event()
        self._listener = _PgListener(store) if store.is_postgres else None

    def next_batch(self, timeout: float | None = None) -> list[RecordedEvent]:
        """Events after the current position; waits up to `timeout` (default poll_interval)."""
        batch = self.store.read_all(self.position, self.batch_size)
        if not batch:
            self.wait(self.poll_interval if timeout is None else timeout)
            batch = self.store.read_all(self.position, self.batch_size)
        if batch:
            self.position = batch[-1].position
        return batch

    def wait(self, timeout: float) -> None:
        if self._listener is not None:
            self._listener.wait(timeout)
        else:
            self.store.wait_for_append(self.position, timeout)

    def __iter__(self) -> Iterator[RecordedEvent]:
        while not self._stopped.is_set():
            yield from self.next_batch()

    def stop(self) -> None:
        self._stopped.set()
        if self._listener is not None:
            self._listener.close()


class _PgListener:
    """A dedicated autocommit psycopg connection LISTENing on the store's channel."""

    def __init__(self, store: SqlEventStore) -> None:
        import psycopg

        url = make_url(store.engine.url.render_as_string(hide_password=False))
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._conn = psycopg.connect(conninfo, autocommit=True)
        self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")

    def wait(self, timeout: float) -> None:
        for _ in self._conn.notifies(timeout=timeout, stop_after=1):
            break

    def close(self) -> None:
        self._conn.close()
