"""The feed's vector index: one LanceDB table of posted videos, searched with every filter
applied before the limit: exactly (flat) while it is small, through an ANN index from
AnnPolicy.min_rows rows on (recsys.ann: when it is built, refreshed and dropped; never while
a query waits).

Rows hold the caption's unit vector and the columns the feed filters on (owner, audience,
facets, posted time); never the caption, which is personal data sealed in the event log under
its owner's key. Readers open the table with a zero read-consistency interval, so a FeedIndex
in one process sees what another process wrote at its next query.

Lance keeps every table version, and its deletes only mark rows: so delete() and
replace_all() end by purging, the indexes built anew first where rows were deleted
(recsys.upkeep says why and how, and what removes the files of a build killed midway). The
rows' format and the queries' SQL filters are in recsys.rows.

Must not import api/ or actors/.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

import lancedb
import numpy as np
from lancedb.query import ColumnOrdering

from recsys import ann
from recsys.ann import AnnPolicy, AnnState, Upkeep
from recsys.embeddings import Embedder
from recsys.rows import HIT_COLUMNS, NOTHING, Hit, IndexedVideo, arrow_rows, hits, query_filter, schema, string_list
from recsys.upkeep import TableUpkeep, again_if_purged

__all__ = ["FeedIndex", "Hit", "IndexSchemaError", "IndexedVideo"]

log = logging.getLogger(__name__)
T = TypeVar("T")
# Flat (exact) search reads every vector that passes the filters. Measured here (2 busy cores,
# unfiltered top 100 of clustered unit vectors, 384-d): 10 000 rows flat 11 ms, IVF_HNSW_SQ 7.7 ms
# (recall 0.98, built in 5 s); 100 000 rows flat 205 ms, IVF_HNSW_SQ 21 ms (recall 0.98, built in
# 69 s). So an ANN index pays from about 50 000 posted videos (AnnPolicy.min_rows); recsys.ann
# says why it is IVF_FLAT, and what it measured.


class IndexSchemaError(RuntimeError):
    """The table was written with another schema (an older release's, which stored captions);
    writes are refused until FeedIndex.open_fresh() or replace_all() recreates it."""

    def __init__(self, directory: Path, table: str) -> None:
        super().__init__(f"the feed index table {table!r} in {directory} has an older schema; "
                         "restart the projectors (FeedIndex.open_fresh recreates it) or run `reelworld feed reindex`")


class FeedIndex:
    """Posted videos in the LanceDB table `table` under `directory`, opened (or created) on
    first use. Safe for concurrent readers and one writer in a process; writes from other
    processes are seen at the next read. A missing or empty table answers [] or 0, and so does
    a table with an older schema (logged as a warning) until open_fresh() or replace_all()
    recreates it; upsert() and delete() raise IndexSchemaError on it.

    `ann_policy` says when the table carries an ANN index (recsys.ann.AnnPolicy). Upserts that make
    a step due (a first build, a refresh) start it on a background thread (one at a time;
    across processes one builder at a time, by a lock file beside the table); replace_all()
    and delete() do theirs before they return; nearest() never builds."""

    def __init__(self, directory: str | Path, embedder: Embedder, *, table: str = "feed_videos",
                 ann_policy: AnnPolicy = AnnPolicy()) -> None:
        self.directory = Path(directory)
        self.embedder = embedder
        self.table_name = table
        self.ann_policy = ann_policy
        self._upkeep = TableUpkeep(self.directory, table, ann_policy, lambda: self._open(write=True))
        self._db: lancedb.DBConnection | None = None
        self._table: lancedb.table.Table | None = None
        self._created = False  # this FeedIndex created the table: its rows must be listed again
        self._purge_owed = False  # a delete whose purge failed: the next delete() purges
        self._warned = False
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()

    def _existing(self) -> lancedb.table.Table | None:
        """The table on disk (caller holds _open_lock), or None where there is none."""
        if self._db is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Zero: every read checks for a newer version, so other processes' writes show at once.
            self._db = lancedb.connect(self.directory, read_consistency_interval=timedelta(0))
        try:
            return self._db.open_table(self.table_name)
        except ValueError as missing:
            if "not found" not in str(missing).lower():
                raise
            return None

    def _current(self, table: lancedb.table.Table) -> bool:
        return table.schema.equals(schema(self.embedder.dim))

    def _create(self, *, drop: bool) -> lancedb.table.Table:
        """An empty table (caller holds _open_lock); with `drop`, the old one is removed first,
        every version of it (drop_table deletes the table's directory)."""
        assert self._db is not None
        if drop:
            self._db.drop_table(self.table_name, ignore_missing=True)
        self._created = True
        # exist_ok: another process may create it at the same moment; both then use the one table.
        return self._db.create_table(self.table_name, schema=schema(self.embedder.dim), exist_ok=True)

    def _open(self, *, create: bool = False, write: bool = False) -> lancedb.table.Table | None:
        """The table, opened once; created when `create`, else None while it does not exist.
        None, too, while it has an older schema (readers see an empty index), where writers
        (`write` or `create`) get IndexSchemaError."""
        if self._table is not None:
            return self._table
        if not create and not self.directory.exists():
            return None  # a reader leaves no trace where nothing was ever written
        with self._open_lock:
            if self._table is None:
                table = self._existing()
                if table is not None and not self._current(table):
                    if write or create:
                        raise IndexSchemaError(self.directory, self.table_name)
                    if not self._warned:
                        self._warned = True
                        log.warning("the feed index table %r in %s has an older schema: it reads as empty "
                                    "until FeedIndex.open_fresh() or `reelworld feed reindex` recreates it",
                                    self.table_name, self.directory)
                    return None  # not kept: the next read looks again, in case another process recreated it
                self._table = table if table is not None or not create else self._create(drop=False)
        return self._table

    def _fresh(self) -> lancedb.table.Table:
        """The table, created empty where it is missing or has an older schema (that one dropped,
        with a warning). Caller holds _write_lock."""
        with self._open_lock:
            if self._table is None:
                table = self._existing()
                if table is not None and not self._current(table):
                    log.warning("dropped the feed index table %r in %s: its schema was an older one (%s); "
                                "it is empty now, and every posted video must be indexed again",
                                self.table_name, self.directory, ", ".join(table.schema.names))
                    table = self._create(drop=True)
                self._table = table if table is not None else self._create(drop=False)
            return self._table

    def open_fresh(self) -> bool:
        """Open the table, creating it empty where it is missing or has an older schema (that
        one dropped, every version of it, with a warning). True when this FeedIndex has created
        the table (now or earlier, lazily on a first write, or in replace_all): the caller should
        then list every posted video to be indexed again. Call it once as a writer starts."""
        with self._write_lock:
            self._fresh()
        return self._created

    def _read(self, query: Callable[[lancedb.table.Table], T], empty: T) -> T:
        """`query` run on the table, or `empty` where there is none to read."""
        def run() -> T:
            table = self._open()
            return empty if table is None else query(table)

        return again_if_purged(run)

    def upsert(self, videos: Sequence[IndexedVideo], vectors: np.ndarray | None = None) -> None:
        """Insert `videos`, or replace the rows with their ids. Embeds the texts with the
        embedder when `vectors` is None. Raises ValueError for vectors of the wrong shape, a
        naive posted_at or an unknown audience, IndexSchemaError for a table of an older schema."""
        if not videos:
            return
        if vectors is None:
            vectors = self.embedder.embed([v.text for v in videos])
        rows = arrow_rows(videos, vectors, self.embedder.dim)
        with self._write_lock:
            table = self._open(create=True)
            with self._upkeep.writing():
                again_if_purged(lambda: table.merge_insert("video_id").when_matched_update_all()
                                 .when_not_matched_insert_all().execute(rows))
        if self.ann_policy.background:
            self._upkeep.start_if_due(table)

    def delete(self, video_ids: Collection[str]) -> None:
        """Remove the rows of `video_ids` from the table and from the disk (recsys.upkeep.purge:
        every live row is rewritten; measured on 2 cores, 40 ms at 1 000 rows, 95 ms at 10 000,
        0.9 s at 100 000; with an ANN index, which is built anew with its filter indexes so that
        their files drop the rows' vectors and values too, 4.5 to 6 s in all at 120 000); ids
        not in the index are ignored, and when none is there nothing is written. Raises
        IndexSchemaError for a table of an older schema. Where the purge fails (a write of
        another process conflicted), the error goes up and this FeedIndex's next delete()
        purges, even one that finds nothing to delete."""
        if not video_ids:
            return
        where = f"video_id IN ({string_list(video_ids)})"
        with self._write_lock:
            table = self._open(write=True)
            if table is None:
                return
            if again_if_purged(lambda: table.count_rows(where)):
                with self._upkeep.writing():
                    again_if_purged(lambda: table.delete(where))
                self._purge_owed = True
            if self._purge_owed:
                self._upkeep.purge_deleted(table)
                self._purge_owed = False

    def nearest(self, vector: np.ndarray, *, limit: int, audiences: Collection[str] | None = ("everyone",),
                owners: Collection[str] | None = None, exclude_owners: Collection[str] = (),
                exclude_facets: Collection[str] = (), since: datetime | None = None) -> list[Hit]:
        """Up to `limit` rows passing every filter, most similar to `vector` first. Filters:
        `audiences` and `owners` keep rows whose column is among them (None: no filter; empty:
        nothing passes), `exclude_owners` and `exclude_facets` drop rows with any of them, `since`
        keeps rows posted at or after it. Exact under AnnPolicy.min_rows rows; through the ANN
        index from there (recall@100 against exact: see bench/feed_index.py --ann-rows), with
        the filters still exact. Raises ValueError for a vector of the wrong shape."""
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if query.shape != (self.embedder.dim,):
            raise ValueError(f"expected a query vector of {self.embedder.dim} floats, got shape {query.shape}")
        norm = float(np.linalg.norm(query))
        query = query / norm if norm > 0 else query
        where = query_filter(audiences=audiences, owners=owners, exclude_owners=exclude_owners,
                             exclude_facets=exclude_facets, since=since)
        if where is NOTHING or limit <= 0:
            return []

        def search(table: lancedb.table.Table) -> list[Hit]:
            # Unit vectors: the dot product is the cosine. With no ANN index (under min_rows) the
            # search is exact and the probes mean nothing; with one, rows written since its build
            # are compared flat beside it. (maximum_nprobes 0 would probe every partition.)
            found = (table.search(query, vector_column_name="vector").distance_type(ann.METRIC)
                     .minimum_nprobes(self.ann_policy.nprobes).maximum_nprobes(self.ann_policy.max_nprobes))
            if where is not None:
                found = found.where(where, prefilter=True)
            return hits(found.select([*HIT_COLUMNS, "_distance"]).limit(limit).to_arrow(), query)

        return self._read(search, [])

    def newest(self, *, limit: int, audiences: Collection[str] | None = ("everyone",),
               owners: Collection[str] | None = None, exclude_owners: Collection[str] = (),
               exclude_facets: Collection[str] = (), since: datetime | None = None) -> list[Hit]:
        """Up to `limit` rows passing the filters (as in nearest), the latest posted first."""
        where = query_filter(audiences=audiences, owners=owners, exclude_owners=exclude_owners,
                             exclude_facets=exclude_facets, since=since)
        if where is NOTHING or limit <= 0:
            return []

        def search(table: lancedb.table.Table) -> list[Hit]:
            found = table.search().select(HIT_COLUMNS)
            if where is not None:
                found = found.where(where)
            found = found.order_by([ColumnOrdering(column_name="posted_at", ascending=False),
                                    ColumnOrdering(column_name="video_id")])
            return hits(found.limit(limit).to_arrow(), None)

        return self._read(search, [])

    def get(self, video_ids: Collection[str]) -> dict[str, Hit]:
        """The rows of `video_ids` that are in the index, by id (similarity 0.0)."""
        if not video_ids:
            return {}
        ids = set(video_ids)

        def search(table: lancedb.table.Table) -> dict[str, Hit]:
            found = table.search().select(HIT_COLUMNS).where(f"video_id IN ({string_list(ids)})").limit(len(ids))
            return {hit.video_id: hit for hit in hits(found.to_arrow(), None)}

        return self._read(search, {})

    def ids(self) -> set[str]:
        """The video ids of every row (a scan of that one column)."""
        return self._read(lambda table: set(table.search().select(["video_id"]).to_arrow()
                                            .column("video_id").to_pylist()), set())

    def count(self) -> int:
        """How many videos the index holds."""
        return self._read(lambda table: table.count_rows(), 0)

    def replace_all(self, videos: Sequence[IndexedVideo], vectors: np.ndarray, *,
                    on_ann: Callable[[Upkeep], None] | None = None) -> int:
        """Overwrite the table with exactly `videos` (a new table version: readers see the old
        rows or the new, never a mix), build the ANN index where they are min_rows or more
        (the overwrite drops the old one; until the build commits, queries are exact and
        slower), then remove every older version from the disk. A table of an older schema is
        dropped and created anew first. `on_ann` gets what was done to the ANN index, and in
        how many seconds. Returns the number of rows written."""
        rows = arrow_rows(videos, vectors, self.embedder.dim)
        with self._write_lock:
            done = self._upkeep.replace(self._fresh(), rows)
        if on_ann is not None:
            on_ann(done)
        return rows.num_rows

    def ann_state(self) -> AnnState:
        """The table's ANN index now: its kind (None: searched exactly) and the rows it covers."""
        return self._read(ann.state, AnnState(rows=0))

    def upkeep(self, *, wait: bool = True) -> Upkeep:
        """Take the ANN index the step it needs (recsys.ann.plan: build, refresh, rebuild, drop
        or nothing) and say what was done. Waits for another builder's lock where `wait`, else
        answers Action.BUSY at once. Raises IndexSchemaError for a table of an older schema."""
        return self._upkeep.step(wait=wait)

    def wait_for_upkeep(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the background upkeep to end; whether none runs now."""
        return self._upkeep.wait(timeout)
