"""Clips for the simulator-fed trainer (`train_stream`): producer processes that draw world
samples, and a thread in the trainer that collects them.

Samples are the dataset job's `_sample` (the same families, seeds and multi-shot share as
`reelworld world dataset`), drawn without sound; seeds stay below the held-out range.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time

from generation.model.conditioning import fit_frames, plan_appearance, style_index
from generation.world.dataset import HELD_OUT_SEED, DatasetConfig, _sample
from generation.world.generate import ScenarioError, generate
from generation.world.scenarios import all_families

QUEUE = 4096  # clips between the producers and the trainer


def produce(worker: int, workers: int, frames: int, size: int, fps: float, first: int,
            out: mp.Queue, stop) -> None:
    """Draw samples first+worker, first+worker+workers, ... into `out` until `stop` is set.

    Each row is (seed, frames fitted to `frames`, caption, style index, appearance code).
    """
    out.cancel_join_thread()  # at stop, exit without flushing clips no one will read
    names = list(all_families())
    cfg = DatasetConfig(n=HELD_OUT_SEED, out="", size=size, fps=fps)
    i = first + worker
    while not stop.is_set() and i < HELD_OUT_SEED:
        try:
            s = _sample(i, cfg, names, lambda *a, **k: generate(*a, audio_rate=0, **k))
        except ScenarioError:
            i += workers
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
    the producers make. Producers are forked, not spawned: a spawned one imported this module,
    PyTorch and diffusers first (several seconds each, 13 at once). Start a Feed before the
    trainer uses CUDA.
    """

    def __init__(self, workers: int, frames: int, size: int, fps: float, first_seed: int):
        ctx = mp.get_context("fork")
        self.rows: mp.Queue = ctx.Queue(maxsize=QUEUE)
        self.stop = ctx.Event()
        self.procs = [ctx.Process(target=produce, daemon=True,
                                  args=(w, workers, frames, size, fps, first_seed, self.rows, self.stop))
                      for w in range(workers)]
        for p in self.procs:
            p.start()
        self.ready: queue.Queue = queue.Queue(maxsize=QUEUE)
        self.reader = threading.Thread(target=self._read, name="feed-reader", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while not self.stop.is_set():
            try:
                row = self.rows.get(timeout=0.2)
            except queue.Empty:
                continue
            while not self.stop.is_set():
                try:
                    self.ready.put(row, timeout=0.2)
                    break
                except queue.Full:
                    continue

    def take(self, limit: int, wait: float = 0.0) -> list[tuple]:
        """Up to `limit` rows that have arrived, waiting up to `wait` seconds for the first."""
        got = []
        try:
            if wait > 0:
                got.append(self.ready.get(timeout=wait))
            while len(got) < limit:
                got.append(self.ready.get_nowait())
        except queue.Empty:
            pass
        return got

    def close(self, timeout: float = 5.0) -> None:
        """Stop the producers and the reader; a producer still running after `timeout` is killed."""
        self.stop.set()
        deadline = time.time() + timeout
        for p in self.procs:
            p.join(timeout=max(0.0, deadline - time.time()))
            if p.is_alive():
                p.terminate()
        self.reader.join(timeout=1.0)
