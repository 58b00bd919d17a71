"""How far a read model has come, for the streams that push what changed in it
(`GET /v1/notifications/stream`).

One thread per process reads the projector's checkpoint (one small query) every `interval`
seconds, and only while a stream watches; each stream compares `position` with what it last
saw, on its own event loop, holding no thread while it waits. The read model is kept current
by the projectors (the projector actor under `reelworld up`, or a command's own catch-up), so a
stream tells what any process changed.
"""

from __future__ import annotations

import logging
import threading

from events import Projector

log = logging.getLogger(__name__)


class ReadModelWatch:
    """The checkpoint of one projector, read in the background while anyone watches."""

    def __init__(self, projector: Projector, *, interval: float = 0.5) -> None:
        self._projector, self.interval = projector, interval
        self.position = 0
        """The read model's position at the last look (the log's position it has applied)."""
        self._watchers = 0
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None

    def __enter__(self) -> ReadModelWatch:
        with self._lock:
            self._watchers += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"watch-{self._projector.projection.name}",
                                                daemon=True)
                self._thread.start()
            self._wake.notify()
        self._look()  # the first look is the stream's own: it never starts from a stale position
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._watchers -= 1

    @property
    def watchers(self) -> int:
        return self._watchers

    def _look(self) -> None:
        try:
            self.position = max(self.position, self._projector.checkpoint())
        except Exception:  # the database restarting: the next look tries again
            log.warning("reading the checkpoint of %s failed", self._projector.projection.name, exc_info=True)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._wake.wait_for(lambda: self._watchers > 0)
            self._look()
            with self._lock:
                self._wake.wait(self.interval)
