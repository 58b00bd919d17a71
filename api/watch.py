"""Which members' inboxes changed, for the streams that push their unread counts
(`GET /v1/notifications/stream`).

One thread per process, and only while a stream is open: every `interval` seconds it reads the
inbox projector's checkpoint (one small query); when the read model moved, two queries per 500
watched members read a signature of each one's inbox (how many notifications, the newest, how
far read, what muted), which is the member's `key` (with the sweeps below). A stream asks its
member's count again only when their key changed, on a worker thread, and holds no thread
while it waits. What a signature cannot see (a remix posted or taken down elsewhere, which
shows or hides a notification) is caught by a sweep: every `sweep` seconds in which the read
model moved, every key changes. The read model is kept current by the projectors (the
projector actor under `reelworld up`, or a command's own catch-up), so a stream tells what any
process changed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select

from events import Projector
from social.inbox import InboxSeen, Notification

log = logging.getLogger(__name__)

_CHUNK = 500


class InboxWatch:
    """The watched members' inbox signatures, read in the background while anyone watches."""

    def __init__(self, projector: Projector, *, interval: float = 0.5, sweep: float = 30.0) -> None:
        self._projector, self.interval, self.sweep = projector, interval, sweep
        self._engine = projector.store.engine
        self._watched: Counter[str] = Counter()
        self._signatures: dict[str, tuple] = {}
        self._swept = 0
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None
        self._closed = False

    @contextmanager
    def watching(self, user_id: str) -> Iterator[None]:
        """Watch the member's inbox for as long as the block runs (no database work here)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the inbox watch is closed")
            self._watched[user_id] += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="inbox-watch", daemon=True)
                self._thread.start()
            self._wake.notify()
        try:
            yield
        finally:
            with self._lock:
                self._watched[user_id] -= 1
                if self._watched[user_id] <= 0:
                    del self._watched[user_id]
                    self._signatures.pop(user_id, None)

    def key(self, user_id: str) -> tuple[tuple | None, int]:
        """Changes whenever the member's count may have: their inbox's signature, and the sweeps."""
        return self._signatures.get(user_id), self._swept

    @property
    def watchers(self) -> int:
        return sum(self._watched.values())

    def close(self) -> None:
        """Stop the thread (the runtime is closing)."""
        with self._lock:
            self._closed = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        position, swept_at, moved_since_sweep = -1, time.monotonic(), False
        while True:
            with self._lock:
                self._wake.wait_for(lambda: self._closed or bool(self._watched))
                if self._closed:
                    return
                users = sorted(self._watched)
            try:
                now_at = self._projector.checkpoint()
                if now_at != position:
                    position, moved_since_sweep = now_at, True
                    self._compare(users)
                if moved_since_sweep and time.monotonic() - swept_at >= self.sweep:
                    self._swept += 1
                    swept_at, moved_since_sweep = time.monotonic(), False
            except Exception:  # the database restarting: the next look tries again
                log.warning("reading the inboxes' signatures failed", exc_info=True)
            with self._lock:
                if self._closed:
                    return
                self._wake.wait(self.interval)

    def _compare(self, users: list[str]) -> None:
        signatures = self._read(users)
        with self._lock:
            for user in users:
                if user in self._watched:
                    self._signatures[user] = signatures.get(user, ())

    def _read(self, users: list[str]) -> dict[str, tuple]:
        found: dict[str, tuple] = {}
        with self._engine.connect() as conn:
            for k in range(0, len(users), _CHUNK):
                chunk = users[k:k + _CHUNK]
                rows = conn.execute(select(Notification.user_id, func.count(), func.max(Notification.position))
                                    .where(Notification.user_id.in_(chunk)).group_by(Notification.user_id))
                for user, count, newest in rows:
                    found[user] = (count, newest)
                for user, up_to, muted in conn.execute(select(InboxSeen.user_id, InboxSeen.up_to, InboxSeen.muted)
                                                       .where(InboxSeen.user_id.in_(chunk))):
                    found[user] = (*found.get(user, (0, None)), up_to, muted)
        return found
