"""The feed's vector index: one LanceDB table of posted videos, searched with every filter
applied before the limit: exactly (flat) while it is small, through an ANN index from
AnnPolicy.min_rows rows on (recsys.ann: when it is built, refreshed and dropped; never while
a query waits).

Rows hold the caption's unit vector and the columns the feed filters on (owner, audience,
facets, posted time); never the caption, which is personal data sealed in the event log under
its owner's key. Readers open the table with a zero read-consistency interval, so a FeedIndex
in one process sees what another process wrote at its next query.

Lance keeps every table version, and its deletes only mark rows: a deleted row would stay on
disk, readable by checking out an older version, and crypto-shredding the caption would not
reach its vector. So delete() and replace_all() end by purging: the live rows are rewritten
and every older version's files removed (see _purge). An ANN index file, too, keeps the
vectors of rows deleted after it was built: delete() builds it anew before the purge.

Must not import api/ or actors/.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import lancedb
import msgspec
import numpy as np
import pyarrow as pa
from lancedb.query import ColumnOrdering

from events.feed import AUDIENCES
from recsys import ann
from recsys.ann import AnnPolicy, AnnState, Upkeep
from recsys.embeddings import Embedder

log = logging.getLogger(__name__)
T = TypeVar("T")
# Flat (exact) search reads every vector that passes the filters. Measured here (2 busy cores,
# unfiltered top 100 of clustered unit vectors, 384-d): 10 000 rows flat 11 ms, IVF_HNSW_SQ 7.7 ms
# (recall 0.98, built in 5 s); 100 000 rows flat 205 ms, IVF_HNSW_SQ 21 ms (recall 0.98, built in
# 69 s). So an ANN index pays from about 50 000 posted videos (AnnPolicy.min_rows); recsys.ann
# says why it is IVF_FLAT, and what it measured.


class IndexedVideo(msgspec.Struct, frozen=True, kw_only=True):
    """A posted video to index. `text` (the caption) is what gets embedded; the index stores
    its vector and the other fields, never the text."""

    video_id: str
    owner_id: str
    text: str
    facets: tuple[str, ...]  # "kind:value", e.g. "style:anime", "topic:sports"
    energy: float  # 0..1
    audience: str  # one of AUDIENCES
    posted_at: datetime  # UTC, tz-aware


@dataclass(frozen=True)
class Hit:
    """A row found by a query. `similarity` is the cosine with the query vector (0.0 for
    newest() and get()); `vector` is the stored unit vector."""

    video_id: str
    owner_id: str
    facets: tuple[str, ...]
    energy: float
    audience: str
    posted_at: datetime
    similarity: float
    vector: np.ndarray


_ATTEMPTS = 3  # tries of a call that a purge of another process can fail midway (_again_if_purged)
_NOTHING = object()  # a filter that no row can pass (an empty `owners` or `audiences`)
_HIT_COLUMNS = ["video_id", "owner_id", "facets", "energy", "audience", "posted_at", "vector"]


def _schema(dim: int) -> pa.Schema:
    return pa.schema([
        pa.field("video_id", pa.string(), nullable=False),
        pa.field("owner_id", pa.string(), nullable=False),
        pa.field("facets", pa.list_(pa.string()), nullable=False),
        pa.field("energy", pa.float64(), nullable=False),
        pa.field("audience", pa.string(), nullable=False),
        pa.field("posted_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("vector", pa.list_(pa.float32(), dim), nullable=False),
    ])


def sql_string(value: str) -> str:
    """`value` as a SQL string literal for a LanceDB filter: quotes doubled (LanceDB's parser
    reads backslashes literally). Raises ValueError for a non-string or a NUL character."""
    if not isinstance(value, str):
        raise ValueError(f"expected a string in a filter, got {type(value).__name__}")
    if "\x00" in value:
        raise ValueError("a filter value cannot hold a NUL character")
    return "'" + value.replace("'", "''") + "'"


def _string_list(values: Collection[str]) -> str:
    return ", ".join(sorted({sql_string(v) for v in values}))


def _utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (UTC), got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


def _filter(*, audiences: Collection[str] | None, owners: Collection[str] | None, exclude_owners: Collection[str],
            exclude_facets: Collection[str], since: datetime | None) -> str | None | object:
    """The SQL filter for a query: the conditions joined by AND; None when nothing filters,
    `_NOTHING` when no row can pass (an empty `audiences` or `owners`)."""
    if (audiences is not None and not audiences) or (owners is not None and not owners):
        return _NOTHING
    parts = []
    if audiences is not None:
        parts.append(f"audience IN ({_string_list(audiences)})")
    if owners is not None:
        parts.append(f"owner_id IN ({_string_list(owners)})")
    if exclude_owners:
        parts.append(f"owner_id NOT IN ({_string_list(exclude_owners)})")
    if exclude_facets:
        parts.append(f"NOT array_has_any(facets, [{_string_list(exclude_facets)}])")
    if since is not None:
        # An explicit offset: a bare TIMESTAMP literal would be read as naive and compared as such.
        parts.append(f"posted_at >= TIMESTAMP {sql_string(_utc(since, 'since').isoformat())}")
    return " AND ".join(f"({p})" for p in parts) or None


def _rows(videos: Sequence[IndexedVideo], vectors: np.ndarray, dim: int) -> pa.Table:
    """An Arrow table of `videos` and their vectors; a video_id given twice keeps its last row."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.shape != (len(videos), dim):
        raise ValueError(f"expected vectors of shape ({len(videos)}, {dim}), got {vectors.shape}")
    last = {v.video_id: i for i, v in enumerate(videos)}
    keep = sorted(last.values())
    chosen = [videos[i] for i in keep]
    for v in chosen:
        if v.audience not in AUDIENCES:
            raise ValueError(f"video {v.video_id}: audience {v.audience!r} is not one of {', '.join(AUDIENCES)}")
    flat = np.ascontiguousarray(vectors[keep]).reshape(-1)
    return pa.table({
        "video_id": pa.array([v.video_id for v in chosen], pa.string()),
        "owner_id": pa.array([v.owner_id for v in chosen], pa.string()),
        "facets": pa.array([list(v.facets) for v in chosen], pa.list_(pa.string())),
        "energy": pa.array([float(v.energy) for v in chosen], pa.float64()),
        "audience": pa.array([v.audience for v in chosen], pa.string()),
        "posted_at": pa.array([_utc(v.posted_at, f"video {v.video_id}: posted_at") for v in chosen],
                              pa.timestamp("us", tz="UTC")),
        "vector": pa.FixedSizeListArray.from_arrays(pa.array(flat, pa.float32()), dim),
    }, schema=_schema(dim))


def _hits(found: pa.Table, query: np.ndarray | None) -> list[Hit]:
    if found.num_rows == 0:
        return []
    dim = found.schema.field("vector").type.list_size
    vectors = found.column("vector").combine_chunks().flatten().to_numpy().reshape(-1, dim).copy()
    vectors.flags.writeable = False
    similarities = vectors @ query if query is not None else np.zeros(len(vectors), np.float32)
    micros = found.column("posted_at").cast(pa.int64()).to_pylist()
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return [
        Hit(video_id=video_id, owner_id=owner_id, facets=tuple(facets), energy=energy, audience=audience,
            posted_at=epoch + timedelta(microseconds=us), similarity=float(similarity), vector=vector)
        for video_id, owner_id, facets, energy, audience, us, similarity, vector in zip(
            found.column("video_id").to_pylist(), found.column("owner_id").to_pylist(),
            found.column("facets").to_pylist(), found.column("energy").to_pylist(),
            found.column("audience").to_pylist(), micros, similarities, vectors, strict=True)
    ]


class IndexSchemaError(RuntimeError):
    """The table was written with another schema (an older release's, which stored captions);
    writes are refused until FeedIndex.open_fresh() or replace_all() recreates it."""

    def __init__(self, directory: Path, table: str) -> None:
        super().__init__(f"the feed index table {table!r} in {directory} has an older schema; "
                         "restart the projectors (FeedIndex.open_fresh recreates it) or run `reelworld feed reindex`")


def _purge(table: lancedb.table.Table, *, rewrite: bool, reindex: Callable[[], object] | None = None) -> None:
    """Leave on disk only the latest version's live rows. With `rewrite`, first rewrite the data
    files without the rows deleted so far: Lance compacts a lone fragment only past 10 % deleted
    rows (a threshold lancedb does not expose) but always merges neighbouring fragments under its
    target size (1 048 576 rows), so updating one live row in place adds such a neighbour and
    optimize() rewrites every fragment of a table this size. Then remove every older version's
    files. A read or write that another process began on an older version fails; the calls
    here run again (_again_if_purged). `reindex` runs between the two: an ANN index built
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


def _again_if_purged(call: Callable[[], T]) -> T:
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
        self._lock_path = self.directory / f".{table}.upkeep.lock"
        self._background = ann.Background(lambda: self.upkeep(wait=False), f"upkeep-{table}",
                                          lambda done: log.info("feed index %r: %s", table, done.describe(ann_policy)))
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
        return table.schema.equals(_schema(self.embedder.dim))

    def _create(self, *, drop: bool) -> lancedb.table.Table:
        """An empty table (caller holds _open_lock); with `drop`, the old one is removed first,
        every version of it (drop_table deletes the table's directory)."""
        assert self._db is not None
        if drop:
            self._db.drop_table(self.table_name, ignore_missing=True)
        self._created = True
        # exist_ok: another process may create it at the same moment; both then use the one table.
        return self._db.create_table(self.table_name, schema=_schema(self.embedder.dim), exist_ok=True)

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

        return _again_if_purged(run)

    def upsert(self, videos: Sequence[IndexedVideo], vectors: np.ndarray | None = None) -> None:
        """Insert `videos`, or replace the rows with their ids. Embeds the texts with the
        embedder when `vectors` is None. Raises ValueError for vectors of the wrong shape, a
        naive posted_at or an unknown audience, IndexSchemaError for a table of an older schema."""
        if not videos:
            return
        if vectors is None:
            vectors = self.embedder.embed([v.text for v in videos])
        rows = _rows(videos, vectors, self.embedder.dim)
        with self._write_lock:
            table = self._open(create=True)
            _again_if_purged(lambda: table.merge_insert("video_id").when_matched_update_all()
                             .when_not_matched_insert_all().execute(rows))
        if self.ann_policy.background:
            self._upkeep_if_due(table)

    def delete(self, video_ids: Collection[str]) -> None:
        """Remove the rows of `video_ids` from the table and from the disk (see _purge: every
        live row is rewritten; measured on 2 cores, 40 ms at 1 000 rows, 95 ms at 10 000, 0.9 s
        at 100 000; with an ANN index, which is built anew so that its files drop the rows'
        vectors too, 6 s in all at 120 000); ids not in the index are ignored, and
        when none is there nothing is written. Raises IndexSchemaError for a table of an older
        schema. Where the purge fails (a write of another process conflicted), the error goes
        up and this FeedIndex's next delete() purges, even one that finds nothing to delete."""
        if not video_ids:
            return
        where = f"video_id IN ({_string_list(video_ids)})"
        with self._write_lock:
            table = self._open(write=True)
            if table is None:
                return
            if _again_if_purged(lambda: table.count_rows(where)):
                _again_if_purged(lambda: table.delete(where))
                self._purge_owed = True
            if self._purge_owed:
                with ann.upkeep_lock(self._lock_path, wait=True):
                    _again_if_purged(lambda: _purge(table, rewrite=True, reindex=lambda: self._reindex(table)))
                self._purge_owed = False

    def _reindex(self, table: lancedb.table.Table) -> None:
        """Build the ANN index anew over the live rows (dropped instead under min_rows, or
        where the build fails: the purge must not wait for it), so that no index file keeps a
        deleted row's vector; nothing where there is no index."""
        if ann.state(table).kind is None:
            return
        if table.count_rows() >= self.ann_policy.min_rows:
            try:
                ann.apply(table, ann.Action.REBUILD, self.ann_policy)
                return
            except Exception:
                log.exception("the feed's ANN index could not be built anew after a delete: dropped, "
                              "searched exactly until the next upkeep builds it")
        ann.apply(table, ann.Action.DROP, self.ann_policy)

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
        where = _filter(audiences=audiences, owners=owners, exclude_owners=exclude_owners,
                        exclude_facets=exclude_facets, since=since)
        if where is _NOTHING or limit <= 0:
            return []

        def search(table: lancedb.table.Table) -> list[Hit]:
            # Unit vectors: the dot product is the cosine. With no ANN index (under min_rows) the
            # search is exact and the probes mean nothing; with one, rows written since its build
            # are compared flat beside it. (maximum_nprobes 0 would probe every partition.)
            found = (table.search(query, vector_column_name="vector").distance_type(ann.METRIC)
                     .minimum_nprobes(self.ann_policy.nprobes).maximum_nprobes(self.ann_policy.max_nprobes))
            if where is not None:
                found = found.where(where, prefilter=True)
            return _hits(found.select([*_HIT_COLUMNS, "_distance"]).limit(limit).to_arrow(), query)

        return self._read(search, [])

    def newest(self, *, limit: int, audiences: Collection[str] | None = ("everyone",),
               owners: Collection[str] | None = None, exclude_owners: Collection[str] = (),
               exclude_facets: Collection[str] = (), since: datetime | None = None) -> list[Hit]:
        """Up to `limit` rows passing the filters (as in nearest), the latest posted first."""
        where = _filter(audiences=audiences, owners=owners, exclude_owners=exclude_owners,
                        exclude_facets=exclude_facets, since=since)
        if where is _NOTHING or limit <= 0:
            return []

        def search(table: lancedb.table.Table) -> list[Hit]:
            found = table.search().select(_HIT_COLUMNS)
            if where is not None:
                found = found.where(where)
            found = found.order_by([ColumnOrdering(column_name="posted_at", ascending=False),
                                    ColumnOrdering(column_name="video_id")])
            return _hits(found.limit(limit).to_arrow(), None)

        return self._read(search, [])

    def get(self, video_ids: Collection[str]) -> dict[str, Hit]:
        """The rows of `video_ids` that are in the index, by id (similarity 0.0)."""
        if not video_ids:
            return {}
        ids = set(video_ids)

        def search(table: lancedb.table.Table) -> dict[str, Hit]:
            found = table.search().select(_HIT_COLUMNS).where(f"video_id IN ({_string_list(ids)})").limit(len(ids))
            return {hit.video_id: hit for hit in _hits(found.to_arrow(), None)}

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
        rows = _rows(videos, vectors, self.embedder.dim)
        with self._write_lock:
            table = self._fresh()
            with ann.upkeep_lock(self._lock_path, wait=True):
                table.add(rows, mode="overwrite")
                try:
                    done = ann.upkeep(table, self.ann_policy)
                finally:  # the dropped rows leave the disk even where the build failed
                    _again_if_purged(lambda: _purge(table, rewrite=False))
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
        table = self._open(write=True)
        if table is None:
            return Upkeep(action=ann.Action.NONE, state=AnnState(rows=0))
        with ann.upkeep_lock(self._lock_path, wait=wait) as held:
            if not held:
                return Upkeep(action=ann.Action.BUSY, state=ann.state(table))
            return _again_if_purged(lambda: ann.upkeep(table, self.ann_policy))

    def _upkeep_if_due(self, table: lancedb.table.Table) -> None:
        """Start upkeep() on a background thread where a step is due and none runs yet."""
        try:
            due = ann.plan(ann.state(table), self.ann_policy) is not ann.Action.NONE
        except Exception:  # the write is done; the index can wait for the next one
            log.exception("could not read the state of the feed's ANN index")
            return
        if due:
            self._background.start()

    def wait_for_upkeep(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the background upkeep to end; whether none runs now."""
        return self._background.wait(timeout)
