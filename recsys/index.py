"""The feed's vector index: one LanceDB table of posted videos, searched exactly (flat), with
every filter applied before the limit.

Rows hold the caption's unit vector and the columns the feed filters on (owner, audience,
facets, posted time). Readers open the table with a zero read-consistency interval, so a
FeedIndex in one process sees what another process wrote at its next query.

Must not import api/ or actors/.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lancedb
import msgspec
import numpy as np
import pyarrow as pa
from lancedb.query import ColumnOrdering

from recsys.embeddings import Embedder

AUDIENCES = ("everyone", "followers", "mutuals")
# Flat (exact) search reads every vector that passes the filters. Measured here (2 busy cores,
# unfiltered top 100 of clustered unit vectors, 384-d): 10 000 rows flat 11 ms, IVF_HNSW_SQ 7.7 ms
# (recall 0.98, built in 5 s); 100 000 rows flat 205 ms, IVF_HNSW_SQ 21 ms (recall 0.98, built in
# 69 s). So an ANN index pays from about 50 000 posted videos; it must then be rebuilt after
# replace_all and optimised as upserts accumulate, and bypass_vector_index() below dropped.


class IndexedVideo(msgspec.Struct, frozen=True, kw_only=True):
    """A posted video as the index stores it; `text` (the caption) is what gets embedded."""

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


_NOTHING = object()  # a filter that no row can pass (an empty `owners` or `audiences`)
_HIT_COLUMNS = ["video_id", "owner_id", "facets", "energy", "audience", "posted_at", "vector"]


def _schema(dim: int) -> pa.Schema:
    return pa.schema([
        pa.field("video_id", pa.string(), nullable=False),
        pa.field("owner_id", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
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
        "text": pa.array([v.text for v in chosen], pa.string()),
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


class FeedIndex:
    """Posted videos in the LanceDB table `table` under `directory`, opened (or created) on
    first use. Safe for concurrent readers and one writer in a process; writes from other
    processes are seen at the next read. A missing or empty table answers [] or 0."""

    def __init__(self, directory: str | Path, embedder: Embedder, *, table: str = "feed_videos") -> None:
        self.directory = Path(directory)
        self.embedder = embedder
        self.table_name = table
        self._db: lancedb.DBConnection | None = None
        self._table: lancedb.table.Table | None = None
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()

    def _open(self, *, create: bool) -> lancedb.table.Table | None:
        """The table, opened once; created when `create`, else None while it does not exist."""
        if self._table is not None:
            return self._table
        if not create and not self.directory.exists():
            return None  # a reader leaves no trace where nothing was ever written
        with self._open_lock:
            if self._table is None:
                if self._db is None:
                    self.directory.mkdir(parents=True, exist_ok=True)
                    # Zero: every read checks for a newer version, so other processes' writes show at once.
                    self._db = lancedb.connect(self.directory, read_consistency_interval=timedelta(0))
                try:
                    self._table = self._db.open_table(self.table_name)
                except ValueError as missing:
                    if "not found" not in str(missing).lower():
                        raise
                    if create:
                        self._table = self._db.create_table(self.table_name, schema=_schema(self.embedder.dim),
                                                            exist_ok=True)
        return self._table

    def upsert(self, videos: Sequence[IndexedVideo], vectors: np.ndarray | None = None) -> None:
        """Insert `videos`, or replace the rows with their ids. Embeds the texts with the
        embedder when `vectors` is None. Raises ValueError for vectors of the wrong shape, a
        naive posted_at or an unknown audience."""
        if not videos:
            return
        if vectors is None:
            vectors = self.embedder.embed([v.text for v in videos])
        rows = _rows(videos, vectors, self.embedder.dim)
        with self._write_lock:
            table = self._open(create=True)
            table.merge_insert("video_id").when_matched_update_all().when_not_matched_insert_all().execute(rows)

    def delete(self, video_ids: Collection[str]) -> None:
        """Remove the rows of `video_ids`; ids not in the index are ignored."""
        if not video_ids:
            return
        with self._write_lock:
            table = self._open(create=False)
            if table is not None:
                table.delete(f"video_id IN ({_string_list(video_ids)})")

    def nearest(self, vector: np.ndarray, *, limit: int, audiences: Collection[str] | None = ("everyone",),
                owners: Collection[str] | None = None, exclude_owners: Collection[str] = (),
                exclude_facets: Collection[str] = (), since: datetime | None = None) -> list[Hit]:
        """Up to `limit` rows passing every filter, most similar to `vector` first. Filters:
        `audiences` and `owners` keep rows whose column is among them (None: no filter; empty:
        nothing passes), `exclude_owners` and `exclude_facets` drop rows with any of them, `since`
        keeps rows posted at or after it. Raises ValueError for a vector of the wrong shape."""
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if query.shape != (self.embedder.dim,):
            raise ValueError(f"expected a query vector of {self.embedder.dim} floats, got shape {query.shape}")
        norm = float(np.linalg.norm(query))
        query = query / norm if norm > 0 else query
        where = _filter(audiences=audiences, owners=owners, exclude_owners=exclude_owners,
                             exclude_facets=exclude_facets, since=since)
        table = self._open(create=False)
        if where is _NOTHING or table is None or limit <= 0:
            return []
        # Unit vectors: the dot product is the cosine. bypass_vector_index keeps the search exact
        # even if someone adds an ANN index to the table later.
        search = table.search(query, vector_column_name="vector").distance_type("dot").bypass_vector_index()
        if where is not None:
            search = search.where(where, prefilter=True)
        return _hits(search.select([*_HIT_COLUMNS, "_distance"]).limit(limit).to_arrow(), query)

    def newest(self, *, limit: int, audiences: Collection[str] | None = ("everyone",),
               owners: Collection[str] | None = None, exclude_owners: Collection[str] = (),
               exclude_facets: Collection[str] = (), since: datetime | None = None) -> list[Hit]:
        """Up to `limit` rows passing the filters (as in nearest), the latest posted first."""
        where = _filter(audiences=audiences, owners=owners, exclude_owners=exclude_owners,
                             exclude_facets=exclude_facets, since=since)
        table = self._open(create=False)
        if where is _NOTHING or table is None or limit <= 0:
            return []
        search = table.search().select(_HIT_COLUMNS)
        if where is not None:
            search = search.where(where)
        search = search.order_by([ColumnOrdering(column_name="posted_at", ascending=False),
                                  ColumnOrdering(column_name="video_id")])
        return _hits(search.limit(limit).to_arrow(), None)

    def get(self, video_ids: Collection[str]) -> dict[str, Hit]:
        """The rows of `video_ids` that are in the index, by id (similarity 0.0)."""
        table = self._open(create=False)
        if not video_ids or table is None:
            return {}
        ids = set(video_ids)
        found = table.search().select(_HIT_COLUMNS).where(f"video_id IN ({_string_list(ids)})").limit(len(ids))
        return {hit.video_id: hit for hit in _hits(found.to_arrow(), None)}

    def count(self) -> int:
        """How many videos the index holds."""
        table = self._open(create=False)
        return 0 if table is None else table.count_rows()

    def replace_all(self, videos: Sequence[IndexedVideo], vectors: np.ndarray) -> int:
        """Overwrite the table with exactly `videos` (a new table version: readers see the old
        rows or the new, never a mix). Returns the number of rows written."""
        rows = _rows(videos, vectors, self.embedder.dim)
        with self._write_lock:
            self._open(create=True).add(rows, mode="overwrite")
        return rows.num_rows
