"""The chain worker: follows the log and advances every generation that has not finished.

On start it finds the unfinished generations (requested, no terminal event yet), so work
interrupted by a crash or a restart resumes from the log; then it waits for new requests.
Several workers may run at once: each step is recorded once (see chain.py), and on PostgreSQL
each generation is run by one worker at a time (GenerationLeases: a session advisory lock, let go
when its process dies, so a killed worker's generation is picked up by another at once) instead
of by every worker in step. The lease covers the steps a worker runs itself: a worker that hands
its generations to the Serve chain (ServeChain) holds it only while it hands one over, so two
processes on one Serve chain may both hand the same generation to it (each step is still
recorded once; the work may be done twice).
"""

from __future__ import annotations

import logging
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

from events import SqlEventStore, Subscription
from events.base import UnknownEvent
from events.generation import (
    GenerationCancelled,
    GenerationFailed,
    GenerationRequested,
    OutputBlocked,
    PromptBlocked,
    VideoPublished,
)
from generation.jobs.chain import ChainRunner
from generation.jobs.sweeper import Sweeper

log = logging.getLogger(__name__)

_START = GenerationRequested.__name__
_ENDS = tuple(t.__name__ for t in (PromptBlocked, OutputBlocked, GenerationFailed, GenerationCancelled,
                                   VideoPublished))


_LEASE_SPACE = 0x52454547  # "REEG": the first key of the two-key advisory locks that lease generations


class GenerationLeases:
    """Which worker runs a generation now, across processes sharing one PostgreSQL database: a
    session advisory lock per generation, held while a worker runs it (the server lets go of it
    when the holder's connection ends, a killed process's too). On SQLite every lease is granted:
    the steps' appends at the version read still record each step once."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self._pg = engine, engine.dialect.name == "postgresql"

    @contextmanager
    def hold(self, generation_id: str) -> Iterator[bool]:
        """Whether this worker got `generation_id` (False: another holds it now); held until exit."""
        if not self._pg:
            yield True
            return
        key = {"space": _LEASE_SPACE, "id": zlib.crc32(generation_id.encode()) - 2**31}
        with self.engine.connect() as conn:
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:space, :id)"), key).scalar())
            conn.commit()  # a session lock: not held in an open transaction meanwhile
            try:
                yield got
            finally:
                if got:
                    _let_go(conn, key, generation_id)


def _let_go(conn, key: dict[str, int], generation_id: str) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    """Release a lease; where the connection is gone, the server released it with the session,
    and what the run itself raised (or returned) stands."""
    try:
        conn.execute(text("SELECT pg_advisory_unlock(:space, :id)"), key)
        conn.commit()
    except Exception as error:  # noqa: BLE001 - the lease ended with its session either way
        log.warning("generation %s: its lease ended with its database session (%s)", generation_id, error)


class ChainWorker:
    """Advances unfinished generations, oldest first, until stopped."""

    def __init__(
        self, store: SqlEventStore, runner: ChainRunner, *, poll_interval: float = 0.5,
        on_progress: Callable[[], None] | None = None, sweeper: Sweeper | None = None,
        sweep_interval: float = 60.0,
    ) -> None:
        """`on_progress` runs after each generation's steps (the API's read models catch up);
        `sweeper` (quota of ended generations, stuck ones, deleted accounts' media) runs every
        `sweep_interval` seconds, on its own thread while `run_forever` runs."""
        self.store, self.runner, self.poll_interval = store, runner, poll_interval
        self.on_progress = on_progress
        self.sweeper, self.sweep_interval = sweeper, sweep_interval
        self._last_sweep: float | None = None
        self.position = 0
        self.stopping = threading.Event()
        """Set (by `run_forever`'s stop) when the process is on its way out: no step starts after it."""
        self.pending: dict[str, None] = {}
        """Unfinished generation ids in request order (a dict keeps the order)."""
        self.leases = GenerationLeases(store.engine)

    def scan(self) -> None:
        """Read requests and endings recorded since the last scan into `pending`."""
        while batch := self.store.read_all(self.position, 1000, types=(_START, *_ENDS)):
            for recorded in batch:
                if isinstance(recorded.event, UnknownEvent):  # a newer release's shape: not ours to run
                    continue
                gid = recorded.event.generation_id
                if recorded.type == _START:
                    self.pending[gid] = None
                else:
                    self.pending.pop(gid, None)
            self.position = batch[-1].position

    def work_once(self) -> int:
        """Scan, then run each pending generation that no other worker holds (GenerationLeases;
        those are not counted) to its end (until `stopping` is set: then no further step
        starts); returns how many it ran. A generation whose step raises an unexpected error is
        logged and left pending (retried on the next pass) without holding up the others."""
        self.scan()
        done = 0
        for gid in list(self.pending):
            if self.stopping.is_set():  # a stop waits for the step in progress, not for the queue
                break
            try:
                with self.leases.hold(gid) as mine:
                    if not mine:  # another worker runs it now; if that one dies, a later pass takes it
                        continue
                    state = self.runner.run(gid, stop=self.stopping)
            except Exception:
                log.exception("generation %s: a step failed unexpectedly; it stays pending", gid)
                continue
            if state is None or state.finished:
                self.pending.pop(gid, None)
            if self.on_progress is not None:
                self.on_progress()
            done += 1
        return done

    def sweep_if_due(self) -> None:
        """Run the sweeper when `sweep_interval` has passed since its last run (or never ran)."""
        now = time.monotonic()
        if self.sweeper is None or (self._last_sweep is not None and now - self._last_sweep < self.sweep_interval):
            return
        self._last_sweep = now
        report = self.sweeper.sweep()
        if report.released or report.stuck or report.erased or report.expired or report.partials:
            log.info("sweeper: %d quota slots released, %d stuck generations ended, %d erased, "
                     "%d unpublished generations' media erased after their retention, "
                     "%d unfinished media writes removed",
                     report.released, report.stuck, report.erased, report.expired, report.partials)
            if self.on_progress is not None:
                self.on_progress()

    def run_forever(self, stop: threading.Event) -> None:
        """Work until `stop` is set; a failing step is logged and retried after a pause. The
        sweeper runs on a thread of its own, so a step that hangs (an ffmpeg that never
        returns, a media store on a hung mount) cannot keep it from ending that generation as
        stuck."""
        self.stopping = stop
        sweeping = threading.Thread(target=self._sweep_until, args=(stop,), name="generation-sweeper",
                                    daemon=True)
        if self.sweeper is not None:
            sweeping.start()
        subscription = Subscription(self.store, poll_interval=self.poll_interval)
        try:
            while not stop.is_set():
                try:
                    if not self.work_once():
                        subscription.position = self.store.last_position()
                        # Only stuck generations left: retry them less often (a new request
                        # still wakes the worker at once).
                        subscription.wait(self.poll_interval * (10 if self.pending else 1))
                except Exception:
                    log.exception("the generation chain failed; retrying")
                    stop.wait(self.poll_interval * 4)
        finally:
            subscription.stop()
            if sweeping.is_alive():
                sweeping.join(timeout=30)

    def _sweep_until(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.sweep_if_due()
            except Exception:
                log.exception("the sweeper failed; retrying")
            stop.wait(min(self.sweep_interval, 5.0))


def start_worker(worker: ChainWorker) -> tuple[threading.Thread, threading.Event]:
    """Run `worker` on a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(stop,), name="generation-chain", daemon=True)
    thread.start()
    return thread, stop
