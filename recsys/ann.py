"""The approximate-nearest-neighbour (ANN) index of the feed's LanceDB table: when the table
carries one, how it is built and kept current, and the lock that lets one builder at a time
(across processes) do so.

Below `AnnPolicy.min_rows` the table has no vector index and LanceDB searches it exactly
(flat). From there on it carries an IVF_FLAT index on `vector` with the dot metric (the
vectors are unit-norm: dot is the cosine). Measured (bench/feed_index.py --ann-rows, 2 busy
cores, 100 000 MiniLM caption vectors, limit 100), against flat's 187 ms unfiltered:
IVF_FLAT builds in 1.9 s and answers in 11 ms at recall 1.000; IVF_HNSW_SQ builds in 100 s
and answers in 4 ms at recall 0.986 (9 ms and 1.000 with refine_factor 2); on clustered
vectors IVF_SQ and IVF_PQ lost more recall (0.99, 0.57 to 0.94) for no speed. IVF_FLAT keeps
the full vectors, so the distances it ranks by are exact (no refine step), and it builds in
seconds, which delete() needs: an index file keeps a deleted row's vector, so the purge
builds the index anew. The feed's filtered queries spend most of their time on the filter
(about 40 of 55 ms at 100 000 rows), so HNSW's faster graph would save little there.

Partitions of 8192 rows (LanceDB's default) probed 20 at a time: at 100 000 rows that is
every partition, recall 1.000 for every query kind and 4 to 11 times faster than flat, the
speed coming from the index's layout rather than from skipping rows. Smaller partitions pay
little and lose recall under a filter, which LanceDB applies within the probed partitions
(2048 rows: 0.86 for the typical filtered query; 512: 0.52). Past 164 000 rows (20 x 8192)
the probes start to skip partitions: measure again there (the bench takes --ann-rows).

Rows written after a build are not in the index; LanceDB searches them flat beside it (never
with fast_search), so they are found at once but slow each query as they accumulate: at
100 000 rows the feed's query took 54 ms with none, 55 ms with 5 %, 59 ms with 9 %, 68 ms
with 17 %. `plan` folds them in past 5 % (refresh: LanceDB's optimize(), which compacts and
indexes them as a delta segment, 0.5 s there) and trains the index anew after
`max_segments` deltas (rebuild: 3.2 s at 120 000 rows), the partitions having been trained
on the rows of the first build.

Must not import api/ or actors/.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import lancedb
from lancedb.index import IvfFlat
from lancedb.table import IndexStatistics

log = logging.getLogger(__name__)
INDEX_NAME = "vector_idx"
INDEX_TYPE = "IVF_FLAT"
METRIC = "dot"


@dataclass(frozen=True)
class AnnPolicy:
    """When the feed table carries an ANN index and how it is searched.

    min_rows: from this many rows the table is indexed; below it, searched exactly.
    refresh_fraction: rows written since the last build or refresh, as a fraction of all, past
        which they are folded into the index (each one costs a flat comparison per query).
    max_segments: delta segments (one per refresh) past which a refresh trains the index anew.
    partition_rows: rows per IVF partition the build aims at (LanceDB's target_partition_size).
    nprobes, max_nprobes: IVF partitions searched at least and at most. Between the two
        LanceDB decides by the query: more where the centroids lie about as near as each other,
        and where a filter leaves too few rows in the first ones to fill the limit.
    background: upserts start the due upkeep on a thread of their own (False: only upkeep(),
        replace_all() and delete() do it).
    """

    min_rows: int = 50_000
    refresh_fraction: float = 0.05
    max_segments: int = 4
    partition_rows: int = 8192
    nprobes: int = 20
    max_nprobes: int = 20
    background: bool = True

    def __post_init__(self) -> None:
        if self.min_rows < 1:
            raise ValueError(f"AnnPolicy.min_rows must be at least 1, got {self.min_rows}")
        if not 0 < self.refresh_fraction <= 1:
            raise ValueError(f"AnnPolicy.refresh_fraction must be in (0, 1], got {self.refresh_fraction}")
        if self.max_segments < 1:
            raise ValueError(f"AnnPolicy.max_segments must be at least 1, got {self.max_segments}")
        if self.partition_rows < 1:
            raise ValueError(f"AnnPolicy.partition_rows must be at least 1, got {self.partition_rows}")
        if not 1 <= self.nprobes <= self.max_nprobes:
            raise ValueError(f"AnnPolicy wants 1 <= nprobes <= max_nprobes, got {self.nprobes} and {self.max_nprobes}")


class Action(Enum):
    NONE = "none"
    BUILD = "built"  # no index: train one on every row
    REFRESH = "refreshed"  # fold the unindexed rows in (optimize)
    REBUILD = "rebuilt"  # train it anew, replacing it
    DROP = "dropped"  # below min_rows: search flat again
    BUSY = "busy"  # another builder holds the lock


@dataclass(frozen=True)
class AnnState:
    """The table's vector index as it stands: `kind` None where there is none (flat search)."""

    rows: int
    kind: str | None = None
    indexed: int = 0
    unindexed: int = 0
    segments: int = 0


@dataclass(frozen=True)
class Upkeep:
    """What one upkeep step did to the index, and the state it left."""

    action: Action
    state: AnnState
    seconds: float = 0.0

    def describe(self, policy: AnnPolicy) -> str:
        """One line for an operator, e.g. "ANN index IVF_FLAT built over 100000 rows in 3.7 s"."""
        if self.state.kind is None:
            dropped = "ANN index dropped; " if self.action is Action.DROP else ""
            return f"{dropped}no ANN index: searched exactly (under {policy.min_rows} rows)"
        if self.action in (Action.BUILD, Action.REBUILD, Action.REFRESH):
            return (f"ANN index {self.state.kind} {self.action.value} over {self.state.rows} rows "
                    f"in {self.seconds:.1f} s")
        return f"ANN index {self.state.kind} over {self.state.indexed} of {self.state.rows} rows, kept as it was"


def state(table: lancedb.table.Table) -> AnnState:
    """The index of `table` now (two reads of its metadata, well under a millisecond)."""
    rows = table.count_rows()
    stats: IndexStatistics | None = table.index_stats(INDEX_NAME)
    if stats is None:
        return AnnState(rows=rows)
    return AnnState(rows=rows, kind=stats.index_type, indexed=stats.num_indexed_rows,
                    unindexed=stats.num_unindexed_rows, segments=stats.num_indices or 1)


def plan(now: AnnState, policy: AnnPolicy, *, kind: str = INDEX_TYPE) -> Action:
    """The step the index needs: built once the table reaches min_rows, dropped under it,
    trained anew where it is of another kind, refreshed once the unindexed rows pass
    refresh_fraction of all (rebuilt instead after max_segments refreshes)."""
    if now.kind is None:
        return Action.BUILD if now.rows >= policy.min_rows else Action.NONE
    if now.rows < policy.min_rows:
        return Action.DROP
    if now.kind != kind:
        return Action.REBUILD
    if now.unindexed > policy.refresh_fraction * now.rows:
        return Action.REBUILD if now.segments >= policy.max_segments else Action.REFRESH
    return Action.NONE


def apply(table: lancedb.table.Table, action: Action, policy: AnnPolicy) -> Action:
    """Carry `action` out on `table` (caller holds the upkeep lock); the action taken. A
    refresh whose compaction loses to a concurrent write (LanceDB's "retryable commit
    conflict", which upserts under way cause often) is done as a rebuild instead: a build
    commits beside them. A build that crashes leaves only files no version refers to: the
    table answers as before (flat where it had no index) and the next build starts afresh
    (LanceDB writes the index files, then commits the version that names them)."""
    if action is Action.REFRESH:
        try:
            table.optimize()  # compacts, then indexes the new rows as a delta; older versions kept (7 days)
            return action
        except Exception as conflict:
            if "commit conflict" not in str(conflict).lower():
                raise
            log.info("refreshing the feed's ANN index conflicted with a write; building it anew instead")
            action = Action.REBUILD
    if action in (Action.BUILD, Action.REBUILD):
        config = IvfFlat(distance_type=METRIC, target_partition_size=policy.partition_rows)
        table.create_index("vector", config=config, name=INDEX_NAME, replace=True)
    elif action is Action.DROP:
        table.drop_index(INDEX_NAME)
    return action


def upkeep(table: lancedb.table.Table, policy: AnnPolicy) -> Upkeep:
    """Plan and apply the step the index of `table` needs; what was done, and how long it
    took (caller holds the upkeep lock)."""
    start = time.perf_counter()
    action = apply(table, plan(state(table), policy), policy)
    return Upkeep(action=action, state=state(table), seconds=time.perf_counter() - start)


@contextmanager
def upkeep_lock(path: Path, *, wait: bool) -> Iterator[bool]:
    """An exclusive lock on the file `path` (created if missing), shared by every process
    and thread that builds, refreshes or purges the index: yields True once held, or False at
    once where another holds it and not `wait`. The kernel releases it if the holder dies."""
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Background:
    """Runs `step` (an upkeep that does not wait for the lock) on a daemon thread of its own,
    one at a time, until it finds nothing to do, another builder busy, or three steps done
    (writes made meanwhile may make another step due); `done` hears of each step taken."""

    def __init__(self, step: Callable[[], Upkeep], name: str, done: Callable[[Upkeep], None]) -> None:
        self._step, self._name, self._done = step, name, done
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def start(self) -> None:
        """Start the thread, unless it runs already."""
        with self._starting:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the thread to end; whether none runs now."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def _run(self) -> None:
        for _ in range(3):
            try:
                done = self._step()
            except Exception:  # queries stay correct: rows the index lacks are compared flat
                log.exception("the feed's ANN index could not be updated; the next write tries again")
                return
            if done.action in (Action.NONE, Action.BUSY):
                return
            self._done(done)
