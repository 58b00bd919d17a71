"""Catch-up subscriptions over the global log: read what is there, then wait for more.

Waiting uses the cheapest signal available: an in-process append wakes the subscriber at once;
on PostgreSQL a LISTEN connection wakes it on other processes' commits; otherwise it polls.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

from sqlalchemy.engine import make_url

from events.base import RecordedEvent
from events.store import NOTIFY_CHANNEL, SqlEventStore

log = logging.getLogger(__name__)


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
    """A dedicated autocommit psycopg connection LISTENing on the store's channel. While it
    cannot be opened (the database refuses connections) or after it drops, `wait` sleeps its
    timeout, so the subscriber polls, and opens it again on the next wait: a subscriber never
    dies of its listener."""

    def __init__(self, store: SqlEventStore) -> None:
        url = make_url(store.engine.url.render_as_string(hide_password=False))
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._conn = None
        self._failing = False
        self._closed = threading.Event()
        self._open()  # LISTEN before the subscriber's first read, where the database lets it

    def _open(self) -> bool:
        import psycopg

        conn = None
        try:
            conn = psycopg.connect(self._conninfo, autocommit=True)
            conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        except psycopg.Error as error:
            if conn is not None:
                conn.close()
            if not self._failing:
                log.warning("cannot listen for new events (%s); polling until it can", error)
            self._failing = True
            return False
        if self._failing:
            log.info("listening for new events again")
        self._conn, self._failing = conn, False
        return True

    def wait(self, timeout: float) -> None:
        import psycopg

        if self._conn is None and not self._open():
            self._closed.wait(timeout)
            return
        try:
            for _ in self._conn.notifies(timeout=timeout, stop_after=1):
                break
        except psycopg.Error as error:  # the connection dropped: poll, open it again next time
            if self._closed.is_set():
                return
            log.warning("the event listener's connection dropped (%s); polling until it is back", error)
            self._failing = True
            self._drop()
            self._closed.wait(timeout)

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def close(self) -> None:
        self._closed.set()
        self._drop()
