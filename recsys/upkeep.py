"""The upkeep of the feed's LanceDB table (recsys.index.FeedIndex's): its indexes taken the
step recsys.ann.plan says, one process at a time (a lock file beside the table), on a
background thread after writes that make one due; the purge that leaves only the live rows on
disk; and the removal of the files a step that died left behind.

Lance keeps every table version, and its deletes only mark rows: a deleted row would stay on
disk, readable by checking out an older version, and crypto-shredding the caption would not
reach its vector. So deletes and overwrites end by purging: the live rows are rewritten and
every older version's files removed (see purge). An index file, too, keeps the vectors (and a
filter index the column values) of rows deleted after it was built: the purge of a delete
builds the indexes anew first. A step killed midway (an index build holds every vector) leaves
files that no version names, which LanceDB would keep 7 days: the next holder of the lock
removes them (clean_up).

Must not import api/ or actors/.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import lancedb
import pyarrow as pa

from recsys import ann
from recsys.ann import Action, AnnPolicy, AnnState, Upkeep
from recsys.rows import sql_string

log = logging.getLogger(__name__)
T = TypeVar("T")
_ATTEMPTS = 3  # tries of a call that a purge of another process can fail midway (again_if_purged)


@dataclass(frozen=True)
class Held:
    """The upkeep lock, held. `interrupted`: the holder before this one died (or failed) with
    its work under way, which may have left files on disk that no table version names (see
    clean_up)."""

    interrupted: bool


_UNDER_WAY = b"under way"  # in the lock file while a holder works; emptied when it is done


@contextmanager
def upkeep_lock(path: Path, *, wait: bool) -> Iterator[Held | None]:
    """An exclusive lock on the file `path` (created if missing), shared by every process
    and thread that builds, refreshes or purges the index: yields a Held once held, or None at
    once where another holds it and not `wait`. The kernel releases it if the holder dies;
    the file then still says its work was under way (emptied only when the block ends without
    an error), which the next holder hears as Held.interrupted."""
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield None
            return
        try:
            handle.seek(0)
            interrupted = handle.read() == _UNDER_WAY
            handle.truncate(0)
            handle.write(_UNDER_WAY)  # appended: at 0, the file being empty
            handle.flush()
            yield Held(interrupted=interrupted)
            handle.truncate(0)
            handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def writes_lock(path: Path, *, exclusive: bool) -> Iterator[None]:
    """A lock on the file `path` (created if missing): shared, held by each write to the table
    made outside the upkeep lock (upserts, deletes), so that several write at once; exclusive,
    held by clean_up, which must not run while any write is under way. Waits for it."""
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_up(table: lancedb.table.Table) -> None:
    """Remove from the disk every file that the latest version of `table` does not name: those
    of older versions, and those a step left that died before its commit (an index build's
    files hold every vector; LanceDB alone would keep them 7 days, taking them for a write
    still under way). LanceDB's optimize() with delete_unverified, which compacts and folds
    unindexed rows into the indexes, too. The caller holds the upkeep lock and writes_lock
    exclusive: a write under way would lose its files."""
    with warnings.catch_warnings():
        # Both warnings say what the docstring does: other processes' reads of older versions fail
        # (again_if_purged runs them again), and no write may be under way (the caller sees to it).
        warnings.filterwarnings("ignore", message=r"optimize\(cleanup_older_than=0\)", category=UserWarning)
        warnings.filterwarnings("ignore", message=r".*delete_unverified", category=UserWarning)
        table.optimize(cleanup_older_than=timedelta(0), delete_unverified=True)


def purge(table: lancedb.table.Table, *, rewrite: bool, reindex: Callable[[], object] | None = None) -> None:
    """Leave on disk only the latest version's live rows. With `rewrite`, first rewrite the data
    files without the rows deleted so far: Lance compacts a lone fragment only past 10 % deleted
    rows (a threshold lancedb does not expose) but always merges neighbouring fragments under its
    target size (1 048 576 rows), so updating one live row in place adds such a neighbour and
    optimize() rewrites every fragment of a table this size. Then remove every older version's
    files. A read or write that another process began on an older version fails; the calls
    here run again (again_if_purged). `reindex` runs between the two: an ANN index built
    anew there holds only live rows, and the older index files go with the older versions."""
    if rewrite:
        first = table.search().select(["video_id"]).limit(1).to_arrow().column("video_id").to_pylist()
        if first:
            table.update(where=f"video_id = {sql_string(first[0])}", values_sql={"energy": "energy"})
    if reindex is not None:
        reindex()
    with warnings.catch_warnings():
        # The warning says what the docstring does: cleanup at zero age ends other processes'
        # reads of older versions. Deleted personal data must not wait for an age to pass.
        warnings.filterwarnings("ignore", message=r"optimize\(cleanup_older_than=0\)", category=UserWarning)
        table.optimize(cleanup_older_than=timedelta(0))


def again_if_purged(call: Callable[[], T]) -> T:
    """call(), run again (up to _ATTEMPTS in all) where it failed with Lance's "Not found": a
    purge (in this process or another) removed the files of the version it began on, and the
    next try starts on the latest. Only for calls that may run twice: reads, upserts, deletes."""
    attempt = 1
    while True:
        try:
            return call()
        except RuntimeError as error:
            if "not found" not in str(error).lower() or attempt == _ATTEMPTS:
                raise
            attempt += 1


class TableUpkeep:
    """The upkeep of the table named `name` under `directory`, which `table` opens for writing
    (None where there is none; it raises for a table of an older schema), by `policy`."""

    def __init__(self, directory: Path, name: str, policy: AnnPolicy,
                 table: Callable[[], lancedb.table.Table | None]) -> None:
        self.policy = policy
        self._name = name
        self._table = table
        self._lock_path = directory / f".{name}.upkeep.lock"
        self._writes_path = directory / f".{name}.writes.lock"
        self._background = Background(lambda: self.step(wait=False), f"upkeep-{name}",
                                      lambda done: log.info("feed index %r: %s", name, done.describe(policy)))

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Held around each write made outside the upkeep lock (writes_lock, shared)."""
        with writes_lock(self._writes_path, exclusive=False):
            yield

    @contextmanager
    def locked(self, table: lancedb.table.Table, *, wait: bool) -> Iterator[Held | None]:
        """upkeep_lock; once held, where the last holder died with its work under way, the
        files it may have left (an index build's hold every vector) are removed first."""
        with upkeep_lock(self._lock_path, wait=wait) as held:
            if held is not None and held.interrupted:
                log.warning("feed index %r: the last upkeep stopped midway; removing the files it left", self._name)
                with writes_lock(self._writes_path, exclusive=True):
                    again_if_purged(lambda: clean_up(table))
            yield held

    def step(self, *, wait: bool = True) -> Upkeep:
        """Take the indexes the step they need (recsys.ann.plan: build, refresh, rebuild, drop
        or nothing) and say what was done. Waits for another builder's lock where `wait`, else
        answers Action.BUSY at once."""
        table = self._table()
        if table is None:
            return Upkeep(action=Action.NONE, state=AnnState(rows=0))
        with self.locked(table, wait=wait) as held:
            if not held:
                return Upkeep(action=Action.BUSY, state=ann.state(table))
            return again_if_purged(lambda: ann.upkeep(table, self.policy))

    def start_if_due(self, table: lancedb.table.Table) -> None:
        """Start step() on the background thread where one is due and none runs yet."""
        try:
            due = ann.plan(ann.state(table), self.policy) is not Action.NONE
        except Exception:  # the write is done; the index can wait for the next one
            log.exception("could not read the state of the feed's ANN index")
            return
        if due:
            self._background.start()

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the background step to end; whether none runs now."""
        return self._background.wait(timeout)

    def replace(self, table: lancedb.table.Table, rows: pa.Table) -> Upkeep:
        """Overwrite `table` with `rows`, take the indexes the step they need, then purge (even
        where the step failed: the dropped rows leave the disk); what the step did."""
        with self.locked(table, wait=True):
            table.add(rows, mode="overwrite")
            try:
                return ann.upkeep(table, self.policy)
            finally:
                again_if_purged(lambda: purge(table, rewrite=False))

    def purge_deleted(self, table: lancedb.table.Table) -> None:
        """Purge `table` of the rows deleted from it, the indexes built anew first (_reindex)."""
        with self.locked(table, wait=True):
            again_if_purged(lambda: purge(table, rewrite=True, reindex=lambda: self._reindex(table)))

    def _reindex(self, table: lancedb.table.Table) -> None:
        """Build the ANN index (and its filter indexes) anew over the live rows (dropped instead
        under min_rows, or where the build fails: the purge must not wait for it), so that no
        index file keeps a deleted row's vector or column values; nothing where there is none."""
        now = ann.state(table)
        if now.kind is None and not now.filters:
            return
        if table.count_rows() >= self.policy.min_rows:
            try:
                ann.apply(table, Action.REBUILD, self.policy)
                return
            except Exception:
                log.exception("the feed's ANN index could not be built anew after a delete: dropped, "
                              "searched exactly until the next upkeep builds it")
        ann.apply(table, Action.DROP, self.policy)


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
