"""Clips for the simulator-fed trainer (`train_stream`): producer processes that draw world
samples, and a thread in the trainer that collects them.

Samples are the dataset job's `_sample` (the same families, seeds and multi-shot share as
`reelworld world dataset`), drawn without sound; seeds stay below the held-out range.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import signal
import threading
import time
from collections.abc import Callable

from generation.model.conditioning import fit_frames, plan_appearance, shots_fit, style_index
from generation.world.dataset import HELD_OUT_SEED, DatasetConfig, _sample
from generation.world.generate import ScenarioError, generate
from generation.world.scenarios import all_families

QUEUE = 4096  # clips between the producers and the trainer


def produce(worker: int, workers: int, frames: int, size: int, fps: float, first: int,
            out: mp.Queue, stop) -> None:
    """Draw samples first+worker, first+worker+workers, ... into `out` until `stop` is set.

    Each row is (seed, frames fitted to `frames`, caption, style index, appearance code).
    Multi-shot cuts are drawn within `frames`; a sample whose later shots the fit would still
    cut off (4 shots of 6 frames never fit 16) is left out.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt is the trainer's to handle: it stops us
    out.cancel_join_thread()  # at stop, exit without flushing clips no one will read
    names = list(all_families())
    cfg = DatasetConfig(n=HELD_OUT_SEED, out="", size=size, fps=fps, shots_within=frames)
    i = first + worker
    while not stop.is_set() and i < HELD_OUT_SEED:
        try:
            s = _sample(i, cfg, names, lambda *a, **k: generate(*a, audio_rate=0, **k))
        except ScenarioError:
            i += workers
            continue
        if not shots_fit(s.meta.plan, fps, frames):  # left out as from the Ray Train rows: its
            i += workers  # caption would tell of shots the fitted frames cut off
            continue
        row = (i, fit_frames(s.frames, frames), s.meta.caption, style_index(s.meta.plan.style),
               plan_appearance(s.meta.plan))
        while not stop.is_set():
            try:
                out.put(row, timeout=0.5)
                break
            except queue.Full:
                continue
        i += workers


class Feed:
    """Producer processes and a thread in the trainer that keeps emptying their queue.

    A multiprocessing queue passes each clip (48 KB) through a pipe that holds about one, so
    reading it only between training steps took one or two clips per read: the H200 run made
    28 clips/s from 13 producers that could make 100 a second each. The thread reads as fast as
    the producers make, in groups of up to `group` rows, and can prepare each group (encode its
    captions, pin its arrays) so that the training loop only copies it in. Producers are forked
    from a fork server that imported this module (PyTorch and diffusers with it) once: spawned,
    each imported them itself (several seconds each, 13 at once); forked from the trainer, they
    would inherit its threads (Ray's, CUDA's, OpenMP's), which fork does not copy safely. Call
    `read` once the preparing is ready (the producers fill their queue meanwhile).
    """

    def __init__(self, workers: int, frames: int, size: int, fps: float, first_seed: int,
                 group: int = 256):
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        self.rows: mp.Queue = ctx.Queue(maxsize=QUEUE)
        self.stop = ctx.Event()
        self.procs = [ctx.Process(target=produce, daemon=True,
                                  args=(w, workers, frames, size, fps, first_seed, self.rows, self.stop))
                      for w in range(workers)]
        for p in self.procs:
            p.start()
        self.group = group
        self.ready: queue.Queue = queue.Queue(maxsize=max(2, QUEUE // group))
        self.reader: threading.Thread | None = None
        self.error: BaseException | None = None

    def read(self, prepare: Callable[[list[tuple]], object] | None = None) -> None:
        """Start the thread that groups rows and puts `prepare(group)` (or the group) in `ready`."""
        self.reader = threading.Thread(target=self._read, args=(prepare,), name="feed-reader", daemon=True)
        self.reader.start()

    def _read(self, prepare) -> None:
        try:
            while not self.stop.is_set():
                got = self._gather()
                if got:
                    self._put(prepare(got) if prepare else got)
        except BaseException as exc:  # handed to the trainer by take(): a dead feed must not look idle
            self.error = exc

    def _gather(self) -> list[tuple]:
        """Up to `group` rows: waits 0.2 s for the first, then takes what has arrived."""
        got: list[tuple] = []
        try:
            got.append(self.rows.get(timeout=0.2))
            while len(got) < self.group:
                got.append(self.rows.get_nowait())
        except queue.Empty:
            pass
        return got

    def _put(self, item) -> None:
        while not self.stop.is_set():
            try:
                self.ready.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def take(self, limit: int, wait: float = 0.0) -> list:
        """Up to `limit` groups (prepared) that have arrived, waiting up to `wait` seconds for
        the first. Raises whatever stopped the reading thread."""
        got = []
        try:
            if wait > 0:
                got.append(self.ready.get(timeout=wait))
            while len(got) < limit:
                got.append(self.ready.get_nowait())
        except queue.Empty:
            pass
        if not got and self.error is not None:
            raise RuntimeError(f"the feed stopped: {self.error!r}") from self.error
        return got

    def close(self, timeout: float = 5.0) -> None:
        """Stop the producers and the reader; a producer still running after `timeout` is killed."""
        self.stop.set()
        deadline = time.time() + timeout
        for p in self.procs:
            p.join(timeout=max(0.0, deadline - time.time()))
            if p.is_alive():
                p.terminate()
        if self.reader is not None:
            self.reader.join(timeout=2.0)
