"""The chain worker: follows the log and advances every generation that has not finished.

On start it finds the unfinished generations (requested or overturned on appeal, no terminal
event after), so work interrupted by a crash or a restart resumes from the log; then it waits
for new requests.
Several workers may run at once: each step is recorded once (see chain.py), and on PostgreSQL
each generation is run by one process at a time, wherever its steps run: ChainRunner.run holds
the generation's lease (leases.py: a session advisory lock, let go when its process dies, so a
killed process's generation is taken over by another at its next try) from its first step to
its last, in this process or, with Ray, in the Serve ingress (actors/chain.py), which refuses a
generation another process runs. A refused generation (GenerationLeased) stays pending and is
not counted as run, so a worker whose generations all run elsewhere waits before it asks again.
The worker itself holds no lease: with Serve, a hold here during the hand-over would make the
ingress, another process, refuse the generation it is handed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from events import SqlEventStore, Subscription
from events.base import UnknownEvent
from events.generation import (
    BlockOverturned,
    GenerationCancelled,
    GenerationFailed,
    GenerationRequested,
    OutputBlocked,
    PromptBlocked,
    VideoPublished,
)
from generation.jobs.chain import ChainRunner
from generation.jobs.leases import GenerationLeased
from generation.jobs.sweeper import Sweeper

log = logging.getLogger(__name__)

_STARTS = (GenerationRequested.__name__, BlockOverturned.__name__)
"""A request, or a block overturned on appeal: the generation has steps to run."""
_ENDS = tuple(t.__name__ for t in (PromptBlocked, OutputBlocked, GenerationFailed, GenerationCancelled,
                                   VideoPublished))


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

    def scan(self) -> None:
        """Read requests and endings recorded since the last scan into `pending`."""
        while batch := self.store.read_all(self.position, 1000, types=(*_STARTS, *_ENDS)):
            for recorded in batch:
                if isinstance(recorded.event, UnknownEvent):  # a newer release's shape: not ours to run
                    continue
                gid = recorded.event.generation_id
                if recorded.type in _STARTS:
                    self.pending[gid] = None
                else:
                    self.pending.pop(gid, None)
            self.position = batch[-1].position

    def work_once(self) -> int:
        """Scan, then run each pending generation that no other process runs now (the runner
        raises GenerationLeased for those: they stay pending, not counted) to its end (until `stopping` is set: then no further step
        starts); returns how many it ran. A generation whose step raises an unexpected error is
        logged and left pending (retried on the next pass) without holding up the others."""
        self.scan()
        done = 0
        for gid in list(self.pending):
            if self.stopping.is_set():  # a stop waits for the step in progress, not for the queue
                break
            try:
                state = self.runner.run(gid, stop=self.stopping)
            except GenerationLeased:  # another process runs it now; if that one dies, a later pass takes it
                continue
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
